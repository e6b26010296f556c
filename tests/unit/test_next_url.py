import pytest

from portal.accounts.redirects import is_safe_next


@pytest.mark.parametrize("target", ["/today", "/guide/BL23", "/desk/?status=new", "/"])
def test_paths_on_our_site_are_followed(target):
    assert is_safe_next(target)


@pytest.mark.parametrize(
    "target",
    [
        None,
        "",
        "https://evil.example/",
        "//evil.example/path",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "today",
        "/\tevil",
        "http:/evil.example",
    ],
)
def test_anything_that_could_leave_the_site_is_ignored(target):
    assert not is_safe_next(target)
