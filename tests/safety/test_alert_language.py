"""Staff alerts stay English: a red flag raised from a Kannada page reaches the therapist in
English, the flag named as staff read it."""

from sqlalchemy import select

from portal.extensions import db
from portal.notifications.models import OutgoingEmail


def test_a_kannada_patients_red_flag_alerts_the_therapist_in_english(
    client, login_as, clinic, plan
):
    clinic["patient"].language = "kn"
    db.session.commit()
    login_as(clinic["patient"])
    client.post("/safety/symptoms", data={"saddle_numbness": "y"})
    [email] = db.session.scalars(select(OutgoingEmail)).all()
    assert email.subject == "Urgent: red flag reported by Rohan Kulkarni"
    assert "reported a red flag on" in email.body
    assert "numbness in the saddle area" in email.body
    assert "(Bengaluru time)" in email.body
