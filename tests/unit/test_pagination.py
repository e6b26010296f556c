import pytest

from portal.pagination import MAX_PAGE, page_bounds, page_from_rows, page_number


@pytest.mark.parametrize(
    ("raw", "number"),
    [(None, 1), ("", 1), ("1", 1), ("3", 3), ("0", 1), ("-2", 1), ("x", 1), ("¹", 1), ("²5", 1),
     ("9999999", 1), (str(MAX_PAGE + 5), MAX_PAGE)],
)  # fmt: skip
def test_page_number_reads_the_url_quietly(raw, number):
    assert page_number(raw) == number


def test_bounds_fetch_one_row_past_the_page():
    assert page_bounds(1, 25) == (0, 26)
    assert page_bounds(3, 25) == (50, 26)


def test_a_row_past_the_page_means_a_next_page_and_is_not_shown():
    page = page_from_rows(list(range(26)), 1, 25)
    assert page.items == list(range(25))
    assert page.has_next and not page.has_previous


def test_the_last_page_has_no_next():
    page = page_from_rows([1, 2], 4, 25)
    assert page.items == [1, 2]
    assert not page.has_next and page.has_previous
