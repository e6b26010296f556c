"""Names and free text are stored and shown without invisible control and bidi characters:
a right-to-left override in a name would reverse it, and what follows it, on staff pages."""

from sqlalchemy import select

from portal.accounts.models import User
from portal.contact.models import CallbackRequest
from portal.extensions import db

RLO, ZERO_WIDTH = "\u202e", "\u200b"


def test_a_call_back_request_is_stored_and_shown_without_invisible_characters(
    client, make, login_as
):
    city = make.city("Bengaluru")
    response = client.post(
        "/contact",
        data={
            "name": f"Lakshmi {RLO}ryI",
            "phone": "098456 77102",
            "city": "bengaluru",
            "preferred_time": "evening",
            "message": f"Back pain{ZERO_WIDTH} since Monday.\r\nWorse{RLO} at night.",
            "consent": "y",
        },
    )
    assert response.status_code == 302
    [callback] = db.session.scalars(select(CallbackRequest)).all()
    assert callback.name == "Lakshmi ryI"
    assert callback.message == "Back pain since Monday.\nWorse at night."
    login_as(make.desk(city))
    inbox = client.get("/desk/").get_data(as_text=True)
    assert "Lakshmi ryI" in inbox and RLO not in inbox


def test_a_patient_the_desk_registers_is_stored_without_invisible_characters(
    client, make, login_as
):
    city = make.city("Bengaluru")
    centre = make.centre(city, "Indiranagar", slug="blr-indiranagar")
    login_as(make.desk(city))
    response = client.post(
        "/desk/patients/new",
        data={"name": f"Kavya {RLO}oaR{ZERO_WIDTH}", "phone": "98450 77123", "email": "",
              "centre": str(centre.id)},
    )  # fmt: skip
    assert response.status_code == 302
    assert db.session.scalar(select(User.name).where(User.phone == "+919845077123")) == (
        "Kavya oaR"
    )
