"""The time step: the day strip marks the days with a free time, the page shows one day."""

import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from portal.booking.models import TimeOff
from portal.extensions import db
from portal.localtime import local_today

KOLKATA = ZoneInfo("Asia/Kolkata")
URL = "/book/blr-indiranagar/follow-up/"


def _off(therapist, first, last):
    """Time off from the start of local day `first` to the end of local day `last`."""
    db.session.add(TimeOff(
        therapist_id=therapist.id,
        starts_at=datetime.combine(first, time(0), KOLKATA).astimezone(UTC),
        ends_at=datetime.combine(last + timedelta(days=1), time(0), KOLKATA).astimezone(UTC),
    ))  # fmt: skip
    db.session.commit()


def _chips(html):
    """{day of month: open?} from the day strip."""
    strip = html.split('class="day-strip', 1)[1].split("</nav>", 1)[0]
    chips = re.findall(r'<(a|span) class="day-chip[^"]*".*?day-number">(\d+)<', strip, re.S)
    return {int(number): tag == "a" for tag, number in chips}


def test_a_day_without_a_free_time_is_closed_and_the_first_open_day_is_shown(client, practice):
    today = local_today("Asia/Kolkata")
    _off(practice["therapist"], today, today + timedelta(days=1))
    html = client.get(URL).get_data(as_text=True)
    chips = _chips(html)
    assert len(chips) == 14
    assert not chips[today.day] and not chips[(today + timedelta(days=1)).day]
    assert chips[(today + timedelta(days=2)).day]
    shown = today + timedelta(days=2)
    assert f'<h2 class="h5">{shown.strftime("%A %d %B")}</h2>' in html
    assert ">9:00 am<" in html


def test_a_chosen_closed_day_says_so_and_a_day_out_of_range_falls_back(client, practice):
    today = local_today("Asia/Kolkata")
    closed = today + timedelta(days=5)
    _off(practice["therapist"], closed, closed)
    html = client.get(f"{URL}?day={closed.isoformat()}").get_data(as_text=True)
    assert "No free times on this day." in html
    assert not _chips(html)[closed.day]
    beyond = today + timedelta(days=14)  # the strip shows 14 days from today
    fallback = client.get(f"{URL}?day={beyond.isoformat()}").get_data(as_text=True)
    assert beyond.strftime("%A %d %B") not in fallback
    assert 'aria-current="date"' in fallback
