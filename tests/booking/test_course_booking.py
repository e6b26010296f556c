"""Booking a plan's course at once (issue 13, item 1): who may, the proposal with its clashes
and alternatives, all or none at confirm, one email with one .ics, and cancelling one session
or the rest of the course."""

import re
from datetime import UTC, datetime, time, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from portal.booking.models import Appointment, AppointmentSeries, AppointmentStatus
from portal.booking.presenters import slot_value
from portal.booking.services import CourseBooking, SeriesClash, book_series
from portal.desk.services import register_phoned_patient
from portal.extensions import db
from portal.localtime import local_today
from portal.notifications.models import OutgoingEmail
from portal.programs.models import PlanStatus
from tests.booking.conftest import KOLKATA
from tests.emails import emails_to

MON, THU = 0, 3


def _first_monday():
    """A Monday a week or more ahead: every session is beyond the lead time and cut-off."""
    today = local_today("Asia/Kolkata")
    return today + timedelta(days=7 + (7 - today.weekday()) % 7)


def _at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), KOLKATA).astimezone(UTC)


def _course_days(first=None, count=6):
    """Mon and Thu, from the first Monday."""
    first = first or _first_monday()
    days = []
    for week in range(count):
        days += [first + timedelta(weeks=week), first + timedelta(weeks=week, days=3)]
    return days[:count]


@pytest.fixture
def world(make, practice):
    """The practice (Indiranagar, Dr. Arjun Hegde 9–6 every day, Rohan Kulkarni), Rohan's
    plan with Dr. Hegde; a colleague of the same centre who does not treat Rohan; the desks
    of Bengaluru and Hyderabad; another patient."""
    therapist, patient, centre = practice["therapist"], practice["patient"], practice["centre"]
    plan = make.plan(patient, therapist, sessions_planned=6, session_frequency="Twice a week")
    colleague = make.therapist(centre, name="Dr. Kavya Reddy")
    hyderabad = make.city("Hyderabad")
    return {
        **practice,
        "plan": plan,
        "colleague": colleague,
        "desk": make.desk(centre.city, name="Meera (desk)"),
        "desk_other": make.desk(hyderabad, name="Farhan (desk)"),
        "other_patient": make.patient(name="Anita Desai", centre=centre),
    }


def _settings(first=None, sessions=6, preferred="10:00", weekdays=(MON, THU)):
    return {
        "service": "follow-up",
        "weekdays": [str(d) for d in weekdays],
        "preferred_time": preferred,
        "sessions": str(sessions),
        "first_day": (first or _first_monday()).isoformat(),
    }


def _picks(starts):
    return {f"session-{n}": slot_value(start) for n, start in enumerate(starts, 1)}


def _therapist_url(world):
    return f"/therapist/plans/{world['plan'].id}/course"


def _desk_url(world):
    return f"/desk/plans/{world['plan'].id}/course"


def _booked_count():
    db.session.expire_all()
    return db.session.scalar(
        select(func.count())
        .select_from(Appointment)
        .where(Appointment.status == AppointmentStatus.BOOKED)
    )


# The page and the proposal


def test_the_page_starts_from_the_plan(client, login_as, world):
    login_as(world["therapist"])
    page = client.get(_therapist_url(world)).get_data(as_text=True)
    assert "Book the course for Rohan Kulkarni" in page
    assert 'name="sessions" required type="number" value="6"' in page
    # "Twice a week" starts from Monday and Thursday.
    checked = re.findall(r'<input checked class="form-check-input" id="weekdays-(\d)"', page)
    assert checked == ["0", "3"]


def test_the_proposal_lists_each_session_at_the_preferred_time(client, login_as, world):
    login_as(world["therapist"])
    response = client.get(_therapist_url(world), query_string=_settings())
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for n, day in enumerate(_course_days(), 1):
        assert f'name="session-{n}"' in page
        assert f'value="{slot_value(_at(day, 10))}" checked' in page
    assert "Every time is free." in page
    assert "Book all 6 sessions" in page


def test_a_clash_is_shown_with_its_reason_and_alternatives(client, login_as, world, booked):
    second = _course_days()[1]
    booked(_at(second, 10), patient=world["other_patient"])
    login_as(world["therapist"])
    page = client.get(_therapist_url(world), query_string=_settings()).get_data(as_text=True)
    assert "1 of 6 needs another time" in page
    assert "the therapist has another appointment" in page
    # Nearest free the same day, nothing preselected for the clash.
    for n, (hour, minute) in enumerate(((9, 30), (10, 30), (9, 15)), 1):
        slot = slot_value(_at(second, hour, minute))
        assert f'name="session-2" id="session-2-{n}" value="{slot}">' in page
    assert f'value="{slot_value(_at(second, 10))}"' not in page


def test_settings_that_make_no_sense_come_back_with_a_message(client, login_as, world):
    login_as(world["therapist"])
    response = client.get(
        _therapist_url(world), query_string={**_settings(sessions=0), "weekdays": []}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Choose at least one weekday." in page
    assert "From 1 to 30 sessions." in page
    assert 'name="preferred_time" required type="time" value="10:00"' in page  # nothing typed lost


# Confirming


def test_confirm_books_every_session_in_one_series_and_sends_one_email(client, login_as, world):
    login_as(world["therapist"])
    starts = [_at(day, 10) for day in _course_days()]
    response = client.post(_therapist_url(world), data={**_settings(), **_picks(starts)})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/therapist/plans/{world['plan'].id}"
    series = db.session.scalars(select(AppointmentSeries)).one()
    assert series.plan_id == world["plan"].id
    assert series.booked_by_id == world["therapist"].id
    assert [a.starts_at for a in series.appointments] == starts
    assert {a.therapist_id for a in series.appointments} == {world["therapist"].id}
    (email,) = emails_to(world["patient"].email)
    assert email.kind == "series_booked"
    assert email.subject.startswith("Your course of 6 sessions is booked")
    for n, day in enumerate(_course_days(), 1):
        assert f"  {n}. {day:%a} {day.day:02d} {day:%b}, 10:00 am" in email.body
    assert "(Bengaluru time)" in email.body
    events = Calendar.from_ical(email.ics).walk("VEVENT")
    assert [e.decoded("dtstart") for e in events] == starts
    assert len({str(e["uid"]) for e in events}) == 6
    assert Calendar.from_ical(email.ics)["method"] == "REQUEST"
    plan_page = client.get(f"/therapist/plans/{world['plan'].id}").get_data(as_text=True)
    assert plan_page.count("10:00 am</li>") == 6


def test_a_picked_alternative_is_booked(client, login_as, world, booked):
    days = _course_days()
    booked(_at(days[1], 10), patient=world["other_patient"])
    login_as(world["therapist"])
    starts = [_at(day, 10) for day in days]
    starts[1] = _at(days[1], 10, 30)
    response = client.post(_therapist_url(world), data={**_settings(), **_picks(starts)})
    assert response.status_code == 302
    assert _at(days[1], 10, 30) in [a.starts_at for a in db.session.scalars(select(Appointment))]


def test_a_time_taken_since_the_proposal_books_nothing_and_keeps_the_choices(
    client, login_as, world, booked
):
    days = _course_days()
    starts = [_at(day, 10) for day in days]
    starts[0] = _at(days[0], 11)  # an alternative the therapist chose
    booked(_at(days[3], 10, 15), patient=world["other_patient"])  # meanwhile, at the desk
    login_as(world["therapist"])
    response = client.post(_therapist_url(world), data={**_settings(), **_picks(starts)})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert _booked_count() == 1  # only the desk's
    assert db.session.scalar(select(func.count()).select_from(AppointmentSeries)) == 0
    assert emails_to(world["patient"].email) == []
    assert 'id="session-4-error"' in page
    assert "is not free any more: the therapist has another appointment." in page
    assert f'value="{slot_value(starts[0])}" checked' in page  # the choice is kept
    assert f'value="{slot_value(starts[5])}" checked' in page


def test_a_clash_found_by_the_booking_itself_books_nothing(app, make, world, booked):
    """Past the page's check, the booking's own check (the one single bookings use) refuses
    the fourth session, and the first three are undone with it."""
    days = _course_days()
    booked(_at(days[3], 10), patient=world["other_patient"])
    course = CourseBooking(world["patient"], world["therapist"].id, world["centre"],
                           world["service"], [_at(d, 10) for d in days], world["therapist"],
                           world["plan"].id)  # fmt: skip
    with pytest.raises(SeriesClash) as raised:
        book_series(course)
    assert raised.value.index == 3
    assert _booked_count() == 1


def test_a_missing_choice_is_asked_for(client, login_as, world):
    login_as(world["therapist"])
    starts = [_at(day, 10) for day in _course_days()]
    data = {**_settings(), **_picks(starts)}
    del data["session-3"]
    response = client.post(_therapist_url(world), data=data)
    assert response.status_code == 422
    assert "Choose a time for this session." in response.get_data(as_text=True)
    assert _booked_count() == 0


def test_two_picks_at_one_time_are_refused(client, login_as, world):
    login_as(world["therapist"])
    starts = [_at(day, 10) for day in _course_days()]
    starts[1] = starts[0]
    response = client.post(_therapist_url(world), data={**_settings(), **_picks(starts)})
    assert response.status_code == 409
    assert "another session of this course is then" in response.get_data(as_text=True)
    assert _booked_count() == 0


def test_a_plan_that_is_not_active_books_no_course(client, login_as, world):
    world["plan"].status = PlanStatus.COMPLETED
    db.session.commit()
    login_as(world["therapist"])
    starts = [_at(day, 10) for day in _course_days()]
    response = client.post(_therapist_url(world), data={**_settings(), **_picks(starts)})
    assert response.status_code == 302
    assert _booked_count() == 0


# Who may


@pytest.mark.parametrize(
    ("who", "url", "status"),
    [
        ("therapist", _therapist_url, 200),
        ("colleague", _therapist_url, 404),  # sees the centre's patient, does not treat him
        ("desk", _therapist_url, 404),
        ("patient", _therapist_url, 404),
        ("desk", _desk_url, 200),
        ("desk_other", _desk_url, 404),
        ("therapist", _desk_url, 404),
        ("patient", _desk_url, 404),
        ("other_patient", _desk_url, 404),
    ],
)
def test_who_may_open_the_course_page(client, login_as, world, who, url, status):
    login_as(world[who])
    assert client.get(url(world)).status_code == status


@pytest.mark.parametrize("url", [_therapist_url, _desk_url])
def test_a_visitor_is_asked_to_log_in(client, world, url):
    response = client.get(url(world))
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize(
    ("who", "url"),
    [("colleague", _therapist_url), ("desk_other", _desk_url), ("patient", _desk_url),
     ("patient", _therapist_url), (None, _desk_url)],
)  # fmt: skip
def test_no_one_else_can_book_it(client, login_as, world, who, url):
    if who:
        login_as(world[who])
    starts = [_at(day, 10) for day in _course_days()]
    response = client.post(url(world), data={**_settings(), **_picks(starts)})
    assert response.status_code in (302, 404)
    assert _booked_count() == 0


def test_a_therapist_who_treats_the_patient_by_appointment_may_book(client, login_as, world, make):
    colleague = world["colleague"]
    make.appointment(world["patient"], colleague, world["centre"], world["service"],
                     _at(local_today("Asia/Kolkata") + timedelta(days=2), 9))  # fmt: skip
    login_as(colleague)
    assert client.get(_therapist_url(world)).status_code == 200


def test_the_desk_books_from_its_patient_search(client, login_as, world):
    login_as(world["desk"])
    search = client.get("/desk/patients", query_string={"q": "Rohan"}).get_data(as_text=True)
    assert f'href="/desk/plans/{world["plan"].id}/course">Book the course: Low back pain' in search
    starts = [_at(day, 10) for day in _course_days()]
    response = client.post(_desk_url(world), data={**_settings(), **_picks(starts)})
    assert response.status_code == 302
    series = db.session.scalars(select(AppointmentSeries)).one()
    assert series.booked_by_id == world["desk"].id
    assert len(series.appointments) == 6


# Cancelling one session or the rest


@pytest.fixture
def course(app, world):
    starts = [_at(day, 10) for day in _course_days()]
    series = book_series(CourseBooking(world["patient"], world["therapist"].id, world["centre"],
                                       world["service"], starts, world["therapist"],
                                       world["plan"].id))  # fmt: skip
    return list(series.appointments)


def _statuses(sessions):
    db.session.expire_all()
    return [db.session.get(Appointment, s.id).status.value for s in sessions]


def test_the_patient_cancels_one_session(client, login_as, world, course):
    login_as(world["patient"])
    page = client.get(f"/appointments/{course[2].id}/cancel").get_data(as_text=True)
    assert "Cancel only this session" in page
    assert "Cancel this and the rest of the course (4 sessions)" in page
    client.post(f"/appointments/{course[2].id}/cancel")
    assert _statuses(course) == ["booked"] * 2 + ["cancelled"] + ["booked"] * 3
    assert [e.kind for e in emails_to(world["patient"].email)] == ["series_booked", "cancelled"]


def test_the_patient_cancels_the_rest_of_the_course(client, login_as, world, course):
    login_as(world["patient"])
    client.post(f"/appointments/{course[2].id}/cancel", data={"rest": "1"})
    assert _statuses(course) == ["booked"] * 2 + ["cancelled"] * 4
    email = emails_to(world["patient"].email)[-1]
    assert email.kind == "series_cancelled"
    assert email.subject.startswith("4 sessions of your course are cancelled")
    calendar = Calendar.from_ical(email.ics)
    assert calendar["method"] == "CANCEL"
    uids = [str(e["uid"]) for e in calendar.walk("VEVENT")]
    assert uids == [a.uid for a in course[2:]]
    assert all(str(e["status"]) == "CANCELLED" for e in calendar.walk("VEVENT"))


def test_the_patient_cannot_cancel_the_rest_inside_the_cut_off(client, login_as, world, course):
    first = course[0]
    first.starts_at = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(hours=6)
    first.ends_at = first.starts_at + timedelta(minutes=30)
    db.session.commit()
    login_as(world["patient"])
    response = client.post(f"/appointments/{first.id}/cancel", data={"rest": "1"})
    assert response.status_code == 302
    assert _statuses(course) == ["booked"] * 6


def test_another_patient_cannot_cancel_the_course(client, login_as, world, course):
    login_as(world["other_patient"])
    response = client.post(f"/appointments/{course[0].id}/cancel", data={"rest": "1"})
    assert response.status_code == 404
    assert _statuses(course) == ["booked"] * 6


def test_the_desk_cancels_the_rest_of_the_course_with_a_reason(client, login_as, world, course):
    login_as(world["desk"])
    page = client.get(f"/desk/appointments/{course[4].id}").get_data(as_text=True)
    assert "Cancel this and the rest of the course (2 sessions)" in page
    client.post(
        f"/desk/appointments/{course[4].id}/cancel",
        data={"cancel-reason": "Dr. Hegde is away that fortnight", "rest": "1"},
    )
    assert _statuses(course) == ["booked"] * 4 + ["cancelled"] * 2
    email = emails_to(world["patient"].email)[-1]
    assert email.kind == "series_cancelled"
    assert "Why: Dr. Hegde is away that fortnight" in email.body


def test_the_other_citys_desk_cannot_cancel_the_course(client, login_as, world, course):
    login_as(world["desk_other"])
    response = client.post(
        f"/desk/appointments/{course[0].id}/cancel", data={"cancel-reason": "x", "rest": "1"}
    )
    assert response.status_code == 404
    assert _statuses(course) == ["booked"] * 6


def test_a_patient_without_email_is_to_be_phoned(client, login_as, world, make):
    """The desk registered him by phone: no email goes out, the desk is told to phone."""
    phoned = register_phoned_patient("Ramesh Gowda", "+919845561290", None, world["centre"])
    db.session.commit()
    plan = make.plan(phoned, world["therapist"])
    login_as(world["desk"])
    starts = [_at(day, 10) for day in _course_days()]
    data = {**_settings(), **_picks(starts)}
    response = client.post(f"/desk/plans/{plan.id}/course", data=data, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Ramesh Gowda has no email: please phone them on" in page
    assert db.session.scalar(select(func.count()).select_from(OutgoingEmail)) == 0
    assert _booked_count() == 6
