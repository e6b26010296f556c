import pytest

from portal.accounts.roles import Role


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
    for url in ("/therapist/", f"/therapist/patients/{clinic['patient'].id}"):
        assert client.get(url).status_code == 403


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
