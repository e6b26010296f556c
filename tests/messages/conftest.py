import pytest

from portal.extensions import db
from portal.messages.models import Message


@pytest.fixture
def world(make, clinic, plan):
    """Patient A (Rohan) with a plan from therapist A; patient B of the same centre with a
    plan of his own; a colleague at the same centre who treats neither (she may open their
    records, not their messages); a Hyderabad therapist; the desk; an admin."""
    centre = clinic["centre"]
    patient_b = make.patient(name="Meera Nair", centre=centre)
    colleague = make.therapist(centre, name="Dr. Kavya Rao")
    plan_b = make.plan(patient_b, colleague)
    hyderabad = make.centre(make.city("Hyderabad"), "Jubilee Hills", slug="hyd-jubilee-hills")
    return {
        "patient_a": clinic["patient"],
        "patient_b": patient_b,
        "therapist_a": clinic["therapist"],
        "colleague": colleague,
        "therapist_other": make.therapist(hyderabad, name="Dr. Sana Mirza"),
        "desk": make.desk(centre.city),
        "admin": make.admin(),
        "plan": plan,
        "plan_b": plan_b,
    }


@pytest.fixture
def send():
    """A message written straight into a thread (the setup of a story, not what it checks)."""

    def send(plan, sender, body="How many times a day should I press BL23?", **fields):
        message = Message(plan_id=plan.id, patient_id=plan.patient_id, sender_id=sender.id,
                          body=body, **fields)  # fmt: skip
        db.session.add(message)
        db.session.commit()
        return message

    return send
