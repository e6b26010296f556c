"""A point confirmed despite the screening keeps saying so, and the screening flag stays open."""

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.localtime import day, to_local
from portal.programs.models import ProgramVersion
from portal.safety.models import FlagKind, SafetyFlag
from tests.therapist.test_program_editor import _form, _row


@pytest.fixture
def confirmed_bl60(client, make, login_as, auth, clinic):
    """A pregnant patient (screening answered in the portal) and BL60 confirmed anyway."""
    patient = make.patient(name="Priya Nair", centre=clinic["centre"])
    plan = make.plan(patient, clinic["therapist"], [make.item("BL23")])
    login_as(patient)
    client.post(
        "/safety/screening",
        data={"pregnancy": "yes", "high_blood_pressure": "no", "skin_problems": "no"},
    )
    auth.logout()
    bl60 = make.technique("BL60")
    login_as(clinic["therapist"])
    row = _row(plan.program.versions[0].items[0])
    confirmed = {**row, "technique_id": str(bl60.id), "hold_seconds": "60", "safety_confirmed": "y"}
    published = client.post(
        f"/therapist/plans/{plan.id}/program", data=_form([row, confirmed], publish="Publish")
    )
    assert published.status_code == 302
    version = db.session.scalars(
        select(ProgramVersion)
        .where(ProgramVersion.program_id == plan.program.id)
        .order_by(ProgramVersion.number.desc())
    ).first()
    item = version.items[1]
    on = day(to_local(item.safety_confirmed_at, "Asia/Kolkata").date(), "brief_year")
    caution = f"Confirmed by Dr. Arjun Hegde on {on} despite: pregnant"
    return {"patient": patient, "plan": plan, "item": item, "caution": caution}


def test_confirming_a_blocked_point_leaves_the_screening_flag_open(confirmed_bl60):
    [flag] = db.session.scalars(
        select(SafetyFlag).where(SafetyFlag.patient_id == confirmed_bl60["patient"].id)
    ).all()
    assert flag.kind is FlagKind.SCREENING
    assert flag.acknowledged_at is None


def test_the_therapists_record_and_plan_show_the_caution(client, confirmed_bl60):
    record = client.get(f"/therapist/patients/{confirmed_bl60['patient'].id}")
    assert f"BL60 Kunlun:</span> {confirmed_bl60['caution']}." in record.get_data(as_text=True)
    plan_page = client.get(f"/therapist/plans/{confirmed_bl60['plan'].id}")
    assert confirmed_bl60["caution"] in plan_page.get_data(as_text=True)


def test_the_patients_card_and_practice_page_show_the_caution(
    client, auth, login_as, confirmed_bl60
):
    auth.logout()
    login_as(confirmed_bl60["patient"])
    today = client.get("/today").get_data(as_text=True)
    assert f'<span class="fw-semibold">Caution:</span> {confirmed_bl60["caution"]}.' in today
    assert today.count("override-caution") == 1  # BL60 only, not BL23
    practice = client.get(f"/today/practice/{confirmed_bl60['item'].id}")
    assert practice.status_code == 200
    assert confirmed_bl60["caution"] in practice.get_data(as_text=True)
