"""The "a message is waiting" email: the patient's in their language, the therapist's in
English, even when a Kannada-reading patient's page sent it."""

from portal.extensions import db
from tests.emails import emails_to


def test_a_kannada_patients_message_emails_the_therapist_in_english(client, login_as, world):
    world["patient_a"].language = "kn"
    db.session.commit()
    login_as(world["patient_a"])
    client.post(f"/messages/{world['plan'].id}", data={"body": "Is BL23 fine twice a day?"})
    [email] = emails_to(world["therapist_a"].email, "message_waiting")
    assert email.subject == "A new message is waiting for you in the Sthira Physio portal"
    assert email.body.startswith(f"Dear {world['therapist_a'].name},")


def test_the_therapists_reply_emails_a_telugu_patient_in_telugu(client, login_as, world, send):
    world["patient_a"].language = "te"
    db.session.commit()
    send(world["plan"], world["patient_a"])
    login_as(world["therapist_a"])
    client.post(f"/therapist/messages/{world['plan'].id}", data={"body": "Yes, twice a day."})
    [email] = emails_to(world["patient_a"].email, "message_waiting")
    assert email.subject == "Sthira Physio పోర్టల్‌లో మీ కోసం ఒక కొత్త సందేశం ఉంది"
    assert email.body.startswith(f"ప్రియమైన {world['patient_a'].name},")
    # The emergency advice keeps its number, in the patient's language.
    assert "ఇప్పుడే అత్యవసర విభాగానికి వెళ్ళండి లేదా 112 కి కాల్ చేయండి." in email.body
