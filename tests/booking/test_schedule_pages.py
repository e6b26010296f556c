"""The staff schedule at a city's size: a page of therapists at a time, narrowed by centre or
therapist, the day's totals over every page, a fixed number of statements."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.booking.schedule import THERAPISTS_PER_PAGE
from portal.extensions import db
from tests.test_query_counts import statements_for

MAX_HTML = 200_000


@pytest.fixture
def crowded(make, practice, upcoming_at):
    """Tomorrow: twelve more Indiranagar therapists (Dr. T01 … Dr. T12) with one patient each,
    and one in Koramangala; `per_therapist` more appointments each on request."""
    centre = practice["centre"]
    koramangala = make.centre(centre.city, "Koramangala", slug="blr-koramangala")
    therapists = [make.therapist(centre, name=f"Dr. T{n:02d}") for n in range(1, 13)]
    patients = [make.patient(name=f"Patient P{n:02d}") for n in range(1, 13)]
    for therapist, patient in zip(therapists, patients, strict=True):
        make.appointment(patient, therapist, centre, practice["service"], upcoming_at(9))
    elsewhere = make.therapist(koramangala, name="Dr. Kora")
    make.appointment(make.patient(name="Kora Patient"), elsewhere, koramangala,
                     practice["service"], upcoming_at(9))  # fmt: skip

    def add(per_therapist):
        for therapist, patient in zip(therapists, patients, strict=True):
            for n in range(1, per_therapist + 1):
                make.appointment(patient, therapist, centre, practice["service"],
                                 upcoming_at(9) + n * timedelta(minutes=45))  # fmt: skip

    day = (upcoming_at(9) + timedelta(hours=6)).date().isoformat()
    return {"therapists": therapists, "koramangala": koramangala, "elsewhere": elsewhere,
            "day": day, "add": add}  # fmt: skip


def _names(html, prefix):
    return re.findall(rf"{prefix}\d\d", html)


def test_the_desk_day_pages_through_therapists_by_name(client, make, login_as, practice, crowded):
    login_as(make.desk(practice["centre"].city))
    first = client.get(f"/schedule?day={crowded['day']}").get_data(as_text=True)
    # Dr. Arjun Hegde (no appointment that day) is not listed; Dr. Kora comes first
    assert "Dr. Arjun Hegde" not in first and "Dr. Kora" in first
    assert _names(first, "Dr. T") == [f"Dr. T{n:02d}" for n in range(1, THERAPISTS_PER_PAGE)]
    assert "13 appointments" in first  # the whole day, not only this page
    assert "Therapists 1–10, by name." in first
    next_link = re.search(r'rel="next" href="([^"]+)"', first).group(1).replace("&amp;", "&")
    assert f"day={crowded['day']}" in next_link and "page=2" in next_link
    second = client.get(next_link).get_data(as_text=True)
    assert _names(second, "Dr. T") == ["Dr. T10", "Dr. T11", "Dr. T12"]
    assert "Dr. Kora" not in second
    assert 'rel="next"' not in second and 'rel="prev"' in second


def test_only_the_patients_shown_are_audited_as_read(client, make, login_as, practice, crowded):
    desk = login_as(make.desk(practice["centre"].city))
    client.get(f"/schedule?day={crowded['day']}")
    read = db.session.scalars(
        select(AuditEvent.patient_id).where(
            AuditEvent.actor_id == desk.id, AuditEvent.action == "schedule_viewed"
        )
    ).all()
    assert len(read) == THERAPISTS_PER_PAGE  # one patient each, the 10 therapists shown


def test_the_desk_narrows_to_a_centre_or_a_therapist(client, make, login_as, practice, crowded):
    login_as(make.desk(practice["centre"].city))
    koramangala = crowded["koramangala"]
    day = client.get(f"/schedule?day={crowded['day']}&centre={koramangala.id}").get_data(
        as_text=True
    )
    assert "Dr. Kora" in day and not _names(day, "Dr. T")
    assert "1 appointment<" in day
    assert f'<option value="{koramangala.id}" selected>Koramangala</option>' in day
    t12 = crowded["therapists"][-1]
    week = client.get(f"/schedule?day={crowded['day']}&view=week&therapist={t12.id}")
    html = week.get_data(as_text=True)
    assert set(_names(html, "Dr. T")) == {"Dr. T12"} and "Patient P12" not in html
    assert f'href="/schedule?day={crowded["day"]}&amp;therapist={t12.id}"' in html  # the day
    assert "Only Dr. T12" in html and "all therapists</a>" in html
    # the filters stay on the way to other weeks and to the day view
    assert f"therapist={t12.id}" in re.search(r'href="([^"]+)">← Earlier', html).group(1)
    assert f"therapist={t12.id}" in re.search(r'href="([^"]+)">Day view', html).group(1)


def test_the_week_counts_each_therapists_days_and_reads_no_patient(
    client, make, login_as, practice, crowded
):
    desk = login_as(make.desk(practice["centre"].city))
    crowded["add"](2)
    t01 = crowded["therapists"][0]
    html = client.get(f"/schedule?day={crowded['day']}&view=week").get_data(as_text=True)
    to_day = f'href="/schedule?day={crowded["day"]}&amp;therapist={t01.id}">'
    weekday = date.fromisoformat(crowded["day"]).strftime("%a")  # the link's own day
    assert re.search(re.escape(to_day) + weekday + r" 3<", html)  # 1 + 2 added
    assert re.search(r'badge text-bg-light">37<', html)  # 13 + 12 × 2, that day, every page
    assert "Patient P01" not in html
    read = db.session.scalars(
        select(AuditEvent.id).where(
            AuditEvent.actor_id == desk.id, AuditEvent.action == "schedule_viewed"
        )
    ).all()
    assert read == []


def test_a_filter_never_reaches_beyond_what_the_staff_may_see(
    client, make, login_as, practice, crowded, upcoming_at
):
    hyderabad = make.centre(make.city("Hyderabad"), "Jubilee Hills", slug="hyd-jh")
    far = make.therapist(hyderabad, name="Dr. Farah Siddiqui")
    make.appointment(make.patient(name="Zoya Khan"), far, hyderabad, practice["service"],
                     upcoming_at(12))  # fmt: skip
    login_as(make.desk(practice["centre"].city))
    for narrow in (f"centre={hyderabad.id}", f"therapist={far.id}"):
        html = client.get(f"/schedule?day={crowded['day']}&{narrow}").get_data(as_text=True)
        assert "Zoya Khan" not in html and "Dr. Farah" not in html
        assert "No appointments." in html


def test_a_therapist_has_no_centre_filter_and_sees_only_their_own(
    client, login_as, practice, crowded
):
    login_as(crowded["therapists"][0])
    html = client.get(f"/schedule?day={crowded['day']}").get_data(as_text=True)
    assert set(_names(html, "Dr. T")) == {"Dr. T01"} and "Patient P02" not in html
    assert 'name="centre"' not in html


@pytest.mark.parametrize("view", ["", "&view=week"])
def test_the_schedule_costs_the_same_for_1_or_many_appointments(
    client, make, login_as, practice, crowded, view
):
    login_as(make.desk(practice["centre"].city))
    url = f"/schedule?day={crowded['day']}{view}"
    few = statements_for(client, url)
    crowded["add"](8)
    for n in range(15):  # more therapists than pages hold, and still the same
        other = make.therapist(practice["centre"], name=f"Dr. U{n:02d}")
        make.appointment(make.patient(), other, practice["centre"], practice["service"],
                         crowded_start(crowded))  # fmt: skip
    many = statements_for(client, url)
    assert many == few
    assert len(client.get(url).data) <= MAX_HTML


def crowded_start(crowded):
    from datetime import UTC, datetime, time
    from zoneinfo import ZoneInfo

    day = datetime.fromisoformat(crowded["day"]).date()
    return datetime.combine(day, time(16), ZoneInfo("Asia/Kolkata")).astimezone(UTC)
