import pytest

from portal.programs.queries import local_date


@pytest.fixture
def today():
    return local_date("Asia/Kolkata")


@pytest.fixture
def clinic(make):
    """A Bengaluru centre with a therapist, and a patient of that centre who is screened."""
    centre = make.centre(make.city("Bengaluru"), "Indiranagar", slug="blr-indiranagar")
    therapist = make.therapist(centre, name="Dr. Arjun Hegde")
    patient = make.patient(name="Rohan Kulkarni", centre=centre)
    make.screening(patient)
    return {"centre": centre, "therapist": therapist, "patient": patient}


@pytest.fixture
def plan(make, clinic):
    """BL23 twice a day, GV4 once, the bridge once: four occurrences every day."""
    return make.plan(
        clinic["patient"],
        clinic["therapist"],
        [make.item("BL23", times_per_day=2), make.item("GV4"), make.item("BRIDGE")],
    )


@pytest.fixture
def items(plan):
    return {item.technique.code: item for item in plan.program.versions[-1].items}
