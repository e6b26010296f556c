"""Which language a page is in, and dates and times in each language (no app)."""

from datetime import UTC, date, datetime, time

import pytest

from portal.languages import best_browser_language, choose_language
from portal.localtime import clock, day, day_and_clock


def _choose(**overrides):
    choices = {"is_staff": False, "account_choice": None, "cookie_choice": None}
    return choose_language(**({"browser_choice": None} | choices | overrides))


def test_account_beats_cookie_beats_browser():
    assert _choose(account_choice="te", cookie_choice="hi", browser_choice="kn") == "te"
    assert _choose(cookie_choice="hi", browser_choice="kn") == "hi"
    assert _choose(browser_choice="kn") == "kn"
    assert _choose() == "en"


def test_an_unsupported_stored_choice_is_skipped():
    assert _choose(account_choice="fr", cookie_choice="xx", browser_choice="te") == "te"


def test_staff_always_get_english():
    assert (
        _choose(is_staff=True, account_choice="hi", cookie_choice="kn", browser_choice="te") == "en"
    )


@pytest.mark.parametrize(
    ("accepted", "expected"),
    [
        ([("hi-IN", 1.0), ("en", 0.8)], "hi"),
        ([("fr", 1.0), ("KN", 0.5)], "kn"),
        ([("en", 0.3), ("te", 0.9)], "te"),  # by quality, not by order
        ([("te", 0.0), ("fr", 1.0)], None),  # q=0 means "not this one"
        ([], None),
    ],
)
def test_best_browser_language(accepted, expected):
    assert best_browser_language(accepted) == expected


def test_english_keeps_the_sites_own_styles():
    assert day(date(2026, 12, 2), "short") == "Wed 02 Dec"
    assert clock(time(21, 5)) == "9:05 pm"
    assert day_and_clock(datetime(2026, 12, 2, 10, 35, tzinfo=UTC), "Asia/Kolkata") == (
        "Wed 2 Dec 2026, 4:05 pm"
    )


@pytest.mark.parametrize(
    ("language", "month", "weekday"),
    [("hi", "दिसंबर", "बुध"), ("kn", "ಡಿಸೆಂಬರ್", "ಬುಧ"), ("te", "డిసెంబర్", "బుధ")],
)
def test_other_languages_name_months_and_weekdays_in_their_own_words(language, month, weekday):
    written = day(date(2026, 12, 2), "long", language)
    assert month in written and weekday in written and "2" in written
    assert "December" not in written


def test_other_languages_keep_the_local_time_and_the_year():
    written = day_and_clock(
        datetime(2026, 12, 2, 10, 35, tzinfo=UTC), "Asia/Kolkata", language="te"
    )
    assert "4:05" in written and "2026" in written and "డిసెం" in written
    assert (
        day_and_clock(
            datetime(2026, 12, 2, 10, 35, tzinfo=UTC), "Asia/Kolkata", year=False, language="hi"
        ).count("2026")
        == 0
    )
