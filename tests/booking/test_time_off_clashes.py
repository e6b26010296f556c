"""Time off over booked appointments: listed, and saved only once each one is decided."""

import pytest
from sqlalchemy import select

from portal.booking.models import AppointmentStatus, TimeOff
from portal.extensions import db
from portal.notifications.models import OutgoingEmail
from tests.booking.conftest import KOLKATA


@pytest.fixture
def desk(make, login_as, practice):
    return login_as(make.desk(practice["centre"].city))


@pytest.fixture
def morning(make, practice, booked, upcoming_at):
    """Two booked appointments tomorrow morning, and the form for time off over them."""
    other = make.patient(name="Meera Nair", centre=practice["centre"])
    first, second = booked(upcoming_at(10)), booked(upcoming_at(11), patient=other)
    day = upcoming_at(9).astimezone(KOLKATA).date()
    form = {"starts_at": f"{day}T09:00", "ends_at": f"{day}T13:00", "reason": "Conference"}
    url = f"/rota/{practice['therapist'].id}/time-off"
    return {"first": first, "second": second, "form": form, "url": url}


def _time_off():
    return db.session.scalars(select(TimeOff)).all()


def _cancel_emails():
    return db.session.scalars(select(OutgoingEmail).where(OutgoingEmail.kind == "cancelled")).all()


def _statuses(*appointments):
    for appointment in appointments:
        db.session.refresh(appointment)
    return [appointment.status for appointment in appointments]


def test_clashing_appointments_are_listed_and_nothing_is_saved(client, desk, morning):
    response = client.post(morning["url"], data=morning["form"])
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "clashes with 2 booked appointments" in html
    assert "Rohan Kulkarni, " in html and "Meera Nair, " in html
    assert f'name="clash-{morning["first"].id}" id="clash-{morning["first"].id}-cancel"' in html
    assert 'value="Conference"' in html  # what was typed is kept
    assert _time_off() == []
    assert _statuses(morning["first"], morning["second"]) == [AppointmentStatus.BOOKED] * 2


def test_keeping_one_to_move_it_first_saves_nothing(client, desk, morning):
    first, second = morning["first"], morning["second"]
    decided = {**morning["form"], f"clash-{first.id}": "cancel", f"clash-{second.id}": "keep"}
    response = client.post(morning["url"], data=decided)
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert f'href="/desk/appointments/{second.id}"' in html
    assert _time_off() == []
    assert _statuses(first, second) == [AppointmentStatus.BOOKED] * 2  # all or nothing
    assert _cancel_emails() == []


def test_one_left_undecided_is_pointed_out(client, desk, morning):
    first, second = morning["first"], morning["second"]
    response = client.post(morning["url"], data={**morning["form"], f"clash-{first.id}": "cancel"})
    assert response.status_code == 409
    assert "Choose what to do with this one." in response.get_data(as_text=True)
    assert _time_off() == []
    assert _statuses(first, second) == [AppointmentStatus.BOOKED] * 2


def test_cancelling_each_saves_the_time_off_and_tells_the_patients(client, desk, morning):
    first, second = morning["first"], morning["second"]
    decided = {**morning["form"], f"clash-{first.id}": "cancel", f"clash-{second.id}": "cancel"}
    response = client.post(morning["url"], data=decided, follow_redirects=True)
    assert "Cancelled and told: Rohan Kulkarni, Meera Nair." in response.get_data(as_text=True)
    assert len(_time_off()) == 1
    assert _statuses(first, second) == [AppointmentStatus.CANCELLED] * 2
    emails = _cancel_emails()
    assert sorted(e.to_email for e in emails) == sorted([first.patient.email, second.patient.email])
    assert all("is not available at that time" in email.body for email in emails)
    assert all("Conference" not in email.body for email in emails)  # the desk's note stays in


def test_cancel_all_in_one_choice(client, desk, morning):
    response = client.post(morning["url"], data={**morning["form"], "all": "cancel"})
    assert response.status_code == 302
    assert len(_time_off()) == 1
    assert _statuses(morning["first"], morning["second"]) == [AppointmentStatus.CANCELLED] * 2


def test_an_appointment_booked_after_the_list_was_shown_is_not_cancelled_unasked(
    client, desk, morning, booked, upcoming_at, make, practice
):
    first, second = morning["first"], morning["second"]
    late = booked(upcoming_at(12), patient=make.patient(name="Zoya Khan"))
    decided = {**morning["form"], f"clash-{first.id}": "cancel", f"clash-{second.id}": "cancel"}
    response = client.post(morning["url"], data=decided)
    assert response.status_code == 409
    assert "Zoya Khan" in response.get_data(as_text=True)
    assert _time_off() == []
    assert _statuses(first, second, late) == [AppointmentStatus.BOOKED] * 3
