from datetime import time

import pytest
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.centres.models import Centre
from portal.extensions import db

CLOSED = {f"{edge}_{day}": "" for day in range(7) for edge in ("opens", "closes")}


@pytest.fixture
def indiranagar(make):
    centre = make.centre(make.city("Bengaluru"), "Indiranagar", slug="blr-indiranagar")
    therapist = make.therapist(centre)
    make.working_week(therapist, centre)
    make.service("follow-up")
    return centre


def _form(**fields):
    weekdays = {f"opens_{day}": "09:00" for day in range(5)} | {
        f"closes_{day}": "19:30" for day in range(5)
    }
    return {**CLOSED, **weekdays, "name": "Indiranagar", "street": "No. 7, 100 Feet Road",
            "locality": "HAL 2nd Stage", "pincode": "560038", "phone": "080 4112 6531",
            "online_booking": "y", **fields}  # fmt: skip


def _centre(centre_id: int) -> Centre:
    db.session.rollback()
    return db.session.get(Centre, centre_id)


def test_admin_edits_address_phone_and_opening_hours(client, make, login_as, indiranagar):
    login_as(make.admin())
    response = client.post(
        f"/admin/centres/{indiranagar.id}", data=_form(opens_6="10:00", closes_6="14:00")
    )
    assert response.headers["Location"] == "/admin/centres"
    centre = _centre(indiranagar.id)
    assert centre.address == "No. 7, 100 Feet Road, HAL 2nd Stage, Bengaluru 560038"
    assert centre.phone == "+918041126531"
    assert [(row.weekday, row.opens, row.closes) for row in centre.opening_hours] == [
        *[(day, time(9), time(19, 30)) for day in range(5)], (6, time(10), time(14)),
    ]  # fmt: skip
    assert centre.opening_hours_summary == [
        "Mon–Fri 9:00 am – 7:30 pm", "Sat closed", "Sun 10:00 am – 2:00 pm",
    ]  # fmt: skip
    assert "Mon–Fri 9:00 am – 7:30 pm" in client.get("/centres").get_data(as_text=True)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "centre_updated"))
    assert event.record_id == indiranagar.id and "Sat closed" in event.details


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"opens_2": "20:00", "closes_2": "09:00"}, "closes_2", "must open before it closes"),
        ({"closes_3": ""}, "closes_3", "Give both times"),
        ({"pincode": "5600"}, "pincode", "6 digits"),
        ({"phone": "12"}, "phone", "phone"),
    ],
)
def test_a_refused_centre_form_says_why_and_keeps_what_was_typed(
    client, make, login_as, indiranagar, changes, field, message
):
    login_as(make.admin())
    response = client.post(f"/admin/centres/{indiranagar.id}", data=_form(**changes))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error"' in html and message in html
    assert 'value="No. 7, 100 Feet Road"' in html
    assert _centre(indiranagar.id).street != "No. 7, 100 Feet Road"  # nothing half-saved


def test_online_booking_off_takes_the_centre_off_book(client, make, login_as, indiranagar):
    offered = 'href="/book/blr-indiranagar/'
    assert offered in client.get("/book").get_data(as_text=True)
    login_as(make.admin())
    client.post(f"/admin/centres/{indiranagar.id}", data=_form(online_booking=""))
    assert _centre(indiranagar.id).online_booking is False
    client.post("/logout")

    assert offered not in client.get("/book").get_data(as_text=True)
    assert client.get("/book/blr-indiranagar/").status_code == 404
    assert client.get("/book/blr-indiranagar/follow-up/").status_code == 404
    login_as(make.patient())
    assert client.get("/book/blr-indiranagar/").status_code == 404
    client.post("/logout")
    # The desk still books there for someone who phones.
    login_as(make.desk(indiranagar.city))
    assert offered in client.get("/book").get_data(as_text=True)
    assert client.get("/book/blr-indiranagar/").status_code == 200


def test_only_admins_edit_centres(client, make, login_as, indiranagar):
    login_as(make.desk(indiranagar.city))
    assert client.get("/admin/centres").status_code == 403
    assert client.get(f"/admin/centres/{indiranagar.id}").status_code == 404
