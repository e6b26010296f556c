"""The patient-visibility rule in its two forms: built for one person (visible_patients), and
built once per rule with the person's ids bound (what opening a patient's record uses)."""

from portal.accounts.models import User
from portal.accounts.scope import visible_patient, visible_patients
from portal.audit.pending import take_pending_events
from portal.extensions import db


def test_opening_a_patient_reaches_exactly_whom_the_rule_does_for_every_role(app, make):
    bengaluru, hyderabad = make.city("Bengaluru"), make.city("Hyderabad")
    indiranagar = make.centre(bengaluru, "Indiranagar", slug="blr-indiranagar")
    jayanagar = make.centre(bengaluru, "Jayanagar", slug="blr-jayanagar")
    kondapur = make.centre(hyderabad, "Kondapur", slug="hyd-kondapur")
    here, there = make.therapist(indiranagar), make.therapist(kondapur)
    patients = {
        "indiranagar": make.patient(centre=indiranagar),
        "jayanagar": make.patient(centre=jayanagar),
        "kondapur": make.patient(centre=kondapur),
        "kondapur, treated from indiranagar": make.patient(centre=kondapur),
    }
    make.plan(patients["kondapur, treated from indiranagar"], here, [make.item("GV4")])
    people = {
        "bengaluru desk": make.desk(bengaluru),
        "hyderabad desk": make.desk(hyderabad),
        "indiranagar therapist": here,
        "kondapur therapist": there,
        "admin": make.admin(),
        "patient": patients["indiranagar"],
    }
    reached = {}
    with app.test_request_context():  # the reads are audited, as in a request
        for role, person in people.items():
            opened = {
                name for name, patient in patients.items()
                if visible_patient(person, patient.id) is not None
            }  # fmt: skip
            ids = set(db.session.scalars(visible_patients(person).with_only_columns(User.id)))
            assert opened == {name for name, p in patients.items() if p.id in ids}, role
            reached[role] = opened
        audited = take_pending_events()
    assert reached == {
        "bengaluru desk": {"indiranagar", "jayanagar"},
        "hyderabad desk": {"kondapur", "kondapur, treated from indiranagar"},
        "indiranagar therapist": {"indiranagar", "kondapur, treated from indiranagar"},
        "kondapur therapist": {"kondapur", "kondapur, treated from indiranagar"},
        "admin": set(patients),
        "patient": set(),
    }
    # each opening is recorded (one event per patient here: no one is signed in to tell apart)
    assert {event.patient_id for event in audited} == {p.id for p in patients.values()}
