from datetime import timedelta

from sqlalchemy import select

from portal.booking.models import WaitlistEntry
from portal.extensions import db
from portal.notifications.models import OutgoingEmail
from tests.booking.conftest import KOLKATA


def _join(client, day_from, day_until, therapist="any"):
    return client.post(
        "/book/blr-indiranagar/follow-up/waitlist",
        data={"from": day_from.isoformat(), "until": day_until.isoformat(),
              "therapist": str(therapist)},
    )  # fmt: skip


def test_a_cancellation_offers_the_slot_to_the_first_waiting_patient(
    client, make, login_as, practice, booked, upcoming_at
):
    day = upcoming_at(11).astimezone(KOLKATA).date()
    first, second = make.patient(name="Asha"), make.patient(name="Bala")
    for patient in (first, second):
        login_as(patient)
        assert _join(client, day, day + timedelta(days=3)).status_code == 302
        client.post("/logout")
    appointment = booked(upcoming_at(11))
    login_as(practice["patient"])
    client.post(f"/appointments/{appointment.id}/cancel")
    offers = db.session.scalars(
        select(OutgoingEmail).where(OutgoingEmail.kind == "waitlist_offer")
    ).all()
    assert [offer.to_email for offer in offers] == [first.email]
    assert "/book/blr-indiranagar/follow-up/confirm?start=" in offers[0].body
    assert "(Bengaluru time)" in offers[0].body
    entries = db.session.scalars(select(WaitlistEntry).order_by(WaitlistEntry.id)).all()
    assert entries[0].notified_at is not None
    assert entries[1].notified_at is None


def test_nobody_waiting_for_that_day_is_told_nothing(
    client, make, login_as, practice, booked, upcoming_at
):
    login_as(make.patient())
    later = upcoming_at(11).astimezone(KOLKATA).date() + timedelta(days=5)
    _join(client, later, later + timedelta(days=2))
    client.post("/logout")
    appointment = booked(upcoming_at(11))
    login_as(practice["patient"])
    client.post(f"/appointments/{appointment.id}/cancel")
    kinds = [e.kind for e in db.session.scalars(select(OutgoingEmail))]
    assert "waitlist_offer" not in kinds


def test_bad_dates_are_refused_and_a_patient_can_leave(client, login_as, practice, upcoming_at):
    login_as(practice["patient"])
    day = upcoming_at(11).astimezone(KOLKATA).date()
    _join(client, day + timedelta(days=3), day)
    assert db.session.scalars(select(WaitlistEntry)).all() == []
    _join(client, day, day + timedelta(days=3))
    [entry] = db.session.scalars(select(WaitlistEntry)).all()
    assert "Leave the waitlist" in client.get("/appointments").get_data(as_text=True)
    client.post(f"/waitlist/{entry.id}/leave")
    db.session.refresh(entry)
    assert entry.left_at is not None


def test_someone_elses_waitlist_entry_is_not_found(client, make, login_as, practice, upcoming_at):
    login_as(practice["patient"])
    day = upcoming_at(11).astimezone(KOLKATA).date()
    _join(client, day, day)
    [entry] = db.session.scalars(select(WaitlistEntry)).all()
    client.post("/logout")
    login_as(make.patient())
    assert client.post(f"/waitlist/{entry.id}/leave").status_code == 404


def test_the_waitlist_is_offered_only_to_those_who_may_join_it(client, make, login_as, practice):
    def offered() -> bool:
        page = client.get("/book/blr-indiranagar/follow-up/").get_data(as_text=True)
        return "Join the waitlist" in page

    assert offered()  # a visitor is asked to log in when they join
    login_as(practice["patient"])
    assert offered()
    for staff in (make.desk(practice["centre"].city), practice["therapist"], make.admin()):
        client.post("/logout")
        login_as(staff)
        assert not offered(), staff.roles
