"""The desk moves and cancels for the patient, also inside the 12 h cut-off, with a reason the
patient is emailed; patients stay bound by the cut-off; changes free the time for others."""

import threading
from datetime import time, timedelta

import pytest
from sqlalchemy import select

from portal.booking.availability import available_slots
from portal.booking.emails import queue_due_reminders
from portal.booking.models import AppointmentStatus, WaitlistEntry
from portal.booking.presenters import slot_value
from portal.db_types import utcnow
from portal.extensions import db
from portal.localtime import local_today
from portal.notifications.models import OutgoingEmail
from tests.booking.conftest import KOLKATA


def _emails(kind=None):
    query = select(OutgoingEmail).order_by(OutgoingEmail.id)
    return db.session.scalars(query.where(OutgoingEmail.kind == kind) if kind else query).all()


def _quarter_hour(hours_ahead: float):
    moment = utcnow() + timedelta(hours=hours_ahead)
    return moment.replace(minute=moment.minute - moment.minute % 15, second=0, microsecond=0)


@pytest.fixture
def night_and_day(make, practice):
    """The practice's therapist works round the clock, so times inside the cut-off are free
    whatever the hour the tests run."""
    make.working_week(practice["therapist"], practice["centre"], starts=time(0), ends=time(23, 59))
    return practice


def _free_times(practice, from_hours=0, until_hours=11, ignore=None):
    """Free starts of the practice's therapist between so many hours from now."""
    today = local_today("Asia/Kolkata")
    slots = available_slots(
        centre=practice["centre"], service=practice["service"],
        therapist_ids=[practice["therapist"].id], first_day=today,
        last_day=today + timedelta(days=2), now=utcnow(), ignore_appointment_id=ignore,
    )  # fmt: skip
    low, high = utcnow() + timedelta(hours=from_hours), utcnow() + timedelta(hours=until_hours)
    return [slot.starts_at for slot in slots if low <= slot.starts_at < high]


def _free_times_inside_cutoff(practice, ignore=None):
    return _free_times(practice, ignore=ignore)


@pytest.fixture
def soon(make, night_and_day, booked):
    """The practice's patient's appointment in about three hours: inside the cut-off."""
    return booked(_quarter_hour(3))


@pytest.fixture
def desk(make, login_as, practice):
    return login_as(make.desk(practice["centre"].city))


def test_the_desk_cancels_inside_the_cut_off_and_the_patient_is_told_why(client, desk, soon):
    page = client.get(f"/desk/appointments/{soon.id}").get_data(as_text=True)
    assert "can no longer change it online, but you can" in page
    assert f'@{slot_value(soon.starts_at)}"' not in page  # moving it to where it is: no
    response = client.post(f"/desk/appointments/{soon.id}/cancel",
                           data={"cancel-reason": "Dr. Hegde is unwell today."})  # fmt: skip
    assert response.status_code == 302
    db.session.refresh(soon)
    assert soon.status is AppointmentStatus.CANCELLED
    [email] = _emails("cancelled")
    assert "Why: Dr. Hegde is unwell today." in email.body
    assert b"METHOD:CANCEL" in email.ics


def test_the_desk_must_give_a_reason(client, desk, practice, soon):
    cancelling = client.post(f"/desk/appointments/{soon.id}/cancel", data={"cancel-reason": " "})
    assert cancelling.status_code == 422
    assert "Give the reason" in cancelling.get_data(as_text=True)
    [start, *_] = _free_times_inside_cutoff(practice, ignore=soon.id)
    slot = f"{soon.therapist_id}@{slot_value(start)}"
    moving = client.post(f"/desk/appointments/{soon.id}/move", data={"move-slot": slot})
    assert moving.status_code == 422
    db.session.refresh(soon)
    assert soon.status is AppointmentStatus.BOOKED and soon.sequence == 0
    assert _emails() == []


def test_the_desk_moves_inside_the_cut_off_with_a_reason(client, desk, practice, soon):
    new_start = _free_times_inside_cutoff(practice, ignore=soon.id)[-1]
    day = new_start.astimezone(KOLKATA).date().isoformat()
    page = client.get(f"/desk/appointments/{soon.id}?day={day}").get_data(as_text=True)
    assert f'value="{practice["therapist"].id}@{slot_value(new_start)}"' in page
    response = client.post(
        f"/desk/appointments/{soon.id}/move?day={day}",
        data={"move-slot": f"{practice['therapist'].id}@{slot_value(new_start)}",
              "move-reason": "The patient asked by phone."},
    )  # fmt: skip
    assert response.status_code == 302
    db.session.refresh(soon)
    assert soon.starts_at == new_start
    [email] = _emails("moved")
    assert "Why: The patient asked by phone." in email.body
    assert "can no longer be changed online: please call us" in email.body
    assert "You can move or cancel it online" not in email.body
    assert email.ics is not None and b"SEQUENCE:1" in email.ics


def test_another_citys_desk_finds_nothing(client, make, login_as, practice, soon):
    login_as(make.desk(make.city("Hyderabad")))
    assert client.get(f"/desk/appointments/{soon.id}").status_code == 404
    assert client.post(f"/desk/appointments/{soon.id}/cancel",
                       data={"cancel-reason": "x"}).status_code == 404  # fmt: skip
    assert client.post(f"/desk/appointments/{soon.id}/move",
                       data={"move-reason": "x"}).status_code == 404  # fmt: skip
    db.session.refresh(soon)
    assert soon.status is AppointmentStatus.BOOKED


def test_a_patient_cannot_move_inside_the_cut_off(client, login_as, practice, soon):
    login_as(practice["patient"])
    new_start = _free_times_inside_cutoff(practice, ignore=soon.id)[-1]
    assert client.get(f"/appointments/{soon.id}/reschedule").headers["Location"] == (
        "/appointments"
    )
    url = "/book/blr-indiranagar/follow-up/confirm"
    response = client.post(url, data={"start": slot_value(new_start), "reschedule": soon.id},
                           follow_redirects=True)  # fmt: skip
    assert "too late to move this appointment online" in response.get_data(as_text=True)
    db.session.refresh(soon)
    assert soon.sequence == 0 and _emails() == []


def test_the_confirm_page_says_a_time_inside_the_cut_off_cannot_be_changed_online(
    client, login_as, practice, night_and_day, upcoming_at
):
    login_as(practice["patient"])
    inside = _free_times_inside_cutoff(practice)[0]
    page = client.get(f"/book/blr-indiranagar/follow-up/confirm?start={slot_value(inside)}")
    html = page.get_data(as_text=True)
    assert "it cannot be moved or cancelled online" in html
    assert "You can cancel or move it online" not in html
    assert 'href="tel:+918041126530"' in html
    later = client.get(
        f"/book/blr-indiranagar/follow-up/confirm?start={slot_value(upcoming_at(15, days=2))}"
    )
    assert "You can cancel or move it online until 12 hours" in later.get_data(as_text=True)
    assert "cannot be moved or cancelled online" not in later.get_data(as_text=True)


def test_a_moved_appointment_is_reminded_again_once(
    client, login_as, practice, night_and_day, booked
):
    appointment = booked(_free_times(practice, 14, 18)[0])
    assert queue_due_reminders() == 1
    login_as(practice["patient"])
    new_start = _free_times(practice, 19, 23, ignore=appointment.id)[0]
    client.post("/book/blr-indiranagar/follow-up/confirm",
                data={"start": slot_value(new_start), "reschedule": appointment.id})  # fmt: skip
    db.session.refresh(appointment)
    assert appointment.starts_at == new_start
    assert queue_due_reminders() == 1
    assert queue_due_reminders() == 0
    reminders = _emails("reminder")
    assert len(reminders) == 2
    assert b"SEQUENCE:1" in reminders[-1].ics


def test_a_moved_appointments_old_time_is_offered_to_the_waitlist(
    client, make, login_as, practice, booked, upcoming_at
):
    appointment = booked(upcoming_at(11))
    waiting = make.patient(name="Asha")
    day = upcoming_at(11).astimezone(KOLKATA).date()
    db.session.add(WaitlistEntry(patient_id=waiting.id, centre_id=practice["centre"].id,
                                 service_id=practice["service"].id, earliest_date=day,
                                 latest_date=day))  # fmt: skip
    db.session.commit()
    login_as(practice["patient"])
    moved = {"start": slot_value(upcoming_at(15)), "reschedule": appointment.id}
    client.post("/book/blr-indiranagar/follow-up/confirm", data=moved)
    [offer] = _emails("waitlist_offer")
    assert offer.to_email == waiting.email
    assert f"start={slot_value(upcoming_at(11))}" in offer.body.replace("%3A", ":")


def test_cancelling_twice_sends_one_email(client, login_as, practice, booked, upcoming_at):
    appointment = booked(upcoming_at(15))
    login_as(practice["patient"])
    client.post(f"/appointments/{appointment.id}/cancel")
    again = client.post(f"/appointments/{appointment.id}/cancel", follow_redirects=True)
    assert "not booked any more" in again.get_data(as_text=True)
    assert len(_emails("cancelled")) == 1
    db.session.refresh(appointment)
    assert appointment.sequence == 1


def test_two_cancels_at_once_send_one_email(app, practice, booked, upcoming_at):
    from portal.booking.models import Appointment
    from portal.booking.services import cancel

    appointment_id = booked(upcoming_at(15)).id
    barrier = threading.Barrier(2, timeout=60)
    outcomes = []

    def run():
        with app.app_context():
            appointment = db.session.get(Appointment, appointment_id)
            barrier.wait()
            outcomes.append(cancel(appointment, reason="Asked twice"))
            db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    db.session.rollback()
    assert sorted(outcomes) == [False, True]
    assert len(_emails("cancelled")) == 1
