from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from portal.accounts.roles import Role
from portal.localtime import local_today

KOLKATA = ZoneInfo("Asia/Kolkata")


@pytest.fixture
def other_centre_patient(make):
    hyderabad = make.city("Hyderabad")
    centre = make.centre(hyderabad, "Jubilee Hills", slug="hyd-jubilee-hills")
    return make.patient(name="Zoya Khan", centre=centre)


def test_therapist_sees_own_centre_patients_and_never_another_centres(
    client, login_as, clinic, other_centre_patient
):
    login_as(clinic["therapist"])
    html = client.get("/therapist/").get_data(as_text=True)
    assert "Rohan Kulkarni" in html
    assert "Zoya Khan" not in html
    assert client.get(f"/therapist/patients/{clinic['patient'].id}").status_code == 200
    assert client.get(f"/therapist/patients/{other_centre_patient.id}").status_code == 404
    assert "Zoya" not in client.get("/therapist/patients?q=zoya").get_data(as_text=True)


def test_a_plan_makes_a_patient_of_another_centre_visible(
    client, make, login_as, clinic, other_centre_patient
):
    make.plan(other_centre_patient, clinic["therapist"], [make.item("GV4")])
    login_as(clinic["therapist"])
    assert client.get(f"/therapist/patients/{other_centre_patient.id}").status_code == 200


def test_admin_sees_every_patient(client, make, login_as, clinic, other_centre_patient):
    login_as(make.admin())
    assert client.get(f"/therapist/patients/{other_centre_patient.id}").status_code == 200
    assert "Zoya Khan" in client.get("/therapist/").get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.PATIENT, Role.DESK])
def test_patients_and_desk_may_not_enter(client, make, login_as, clinic, role):
    login_as(make.user(role, **({"city": make.city()} if role is Role.DESK else {})))
    assert client.get("/therapist/").status_code == 403
    # An id in the URL: the page is "not found", so the id reveals nothing.
    assert client.get(f"/therapist/patients/{clinic['patient'].id}").status_code == 404


def test_someone_elses_plan_id_is_not_found(client, make, login_as, clinic, other_centre_patient):
    hyd_therapist = make.therapist(other_centre_patient.patient_profile.primary_centre)
    plan = make.plan(other_centre_patient, hyd_therapist, [make.item("GV4")])
    login_as(clinic["therapist"])
    for url in (f"/therapist/plans/{plan.id}", f"/therapist/plans/{plan.id}/program",
                f"/therapist/plans/{plan.id}/print", "/therapist/plans/99999"):  # fmt: skip
        assert client.get(url).status_code == 404


def test_search_finds_by_name_phone_and_email(client, make, login_as, clinic):
    make.patient(name="Kiran Shetty", email="kiran@example.com", phone="+919845330917",
                 centre=clinic["centre"])  # fmt: skip
    login_as(clinic["therapist"])
    for term in ("kiran", "33091", "KIRAN@EXAMPLE"):
        assert "Kiran Shetty" in client.get(f"/therapist/patients?q={term}").get_data(as_text=True)
    assert "Kiran Shetty" not in client.get("/therapist/patients?q=rohan").get_data(as_text=True)


# Same city, another centre: Koramangala's patient is not Indiranagar's therapist's to see,
# unless a plan or an appointment links them.


@pytest.fixture
def koramangala_patient(make, clinic):
    koramangala = make.centre(clinic["centre"].city, "Koramangala", slug="blr-koramangala")
    return make.patient(name="Nikhil Bhat", email="nikhil@example.test", centre=koramangala)


def _visibility(client, patient, plan=None) -> dict[str, object]:
    """What an Indiranagar therapist gets for the patient on each staff page."""
    seen = {
        "dashboard": "Nikhil Bhat" in client.get("/therapist/").get_data(as_text=True),
        "list": "Nikhil Bhat" in client.get("/therapist/patients").get_data(as_text=True),
        "search": "Nikhil Bhat"
        in client.get("/therapist/patients?q=nikhil").get_data(as_text=True),
        "record": client.get(f"/therapist/patients/{patient.id}").status_code,
    }
    if plan is not None:
        for page in ("", "/print", "/program"):
            seen[f"plan{page}"] = client.get(f"/therapist/plans/{plan.id}{page}").status_code
    return seen


def test_a_patient_of_another_centre_in_the_same_city_stays_hidden(
    client, make, login_as, clinic, koramangala_patient
):
    koramangala_therapist = make.therapist(koramangala_patient.patient_profile.primary_centre)
    plan = make.plan(koramangala_patient, koramangala_therapist, [make.item("GV4")])
    login_as(clinic["therapist"])
    assert _visibility(client, koramangala_patient, plan) == {
        "dashboard": False, "list": False, "search": False, "record": 404,
        "plan": 404, "plan/print": 404, "plan/program": 404,
    }  # fmt: skip


def test_a_plan_links_a_same_city_patient_of_another_centre(
    client, make, login_as, clinic, koramangala_patient
):
    plan = make.plan(koramangala_patient, clinic["therapist"], [make.item("GV4")])
    login_as(clinic["therapist"])
    assert _visibility(client, koramangala_patient, plan) == {
        "dashboard": True, "list": True, "search": True, "record": 200,
        "plan": 200, "plan/print": 200, "plan/program": 200,
    }  # fmt: skip


def test_an_appointment_links_a_same_city_patient_of_another_centre(
    client, make, login_as, clinic, koramangala_patient
):
    starts = datetime.combine(local_today("Asia/Kolkata") + timedelta(days=1), time(10), KOLKATA)
    make.appointment(koramangala_patient, clinic["therapist"], clinic["centre"],
                     make.service("follow-up"), starts.astimezone(UTC))  # fmt: skip
    login_as(clinic["therapist"])
    seen = _visibility(client, koramangala_patient)
    assert (seen["list"], seen["search"], seen["record"]) == (True, True, 200)
