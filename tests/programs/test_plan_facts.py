"""/today's plans as values (plan_facts) say what the models (load_plans) say."""

from dataclasses import fields
from datetime import date, timedelta

from portal.extensions import db
from portal.guide.models import TechniqueFacts
from portal.programs.models import PlanStatus
from portal.programs.plan_facts import plan_facts
from portal.programs.queries import load_plans
from portal.programs.services import publish_version
from tests.programs.test_plan_schedules import _unpublished_plan

TECHNIQUE = [field.name for field in fields(TechniqueFacts)] + [
    "is_acupressure",  # and what TechniqueTraits work out from the columns
    "title",
    "default_side",
    "illustration",
]
ITEM = [
    "id",
    "technique_id",
    "hold_seconds",
    "side",
    "sets",
    "reps",
    "times_per_day",
    "weekdays_mask",
    "patient_note",
    "safety_confirmed_at",
    "confirmer_name",
    "timezone",
]


def _shape(plans) -> list:
    """Everything /today reads of the plans, models or values alike."""
    return [
        (
            (plan.id, plan.status, plan.start_date, plan.end_date, plan.centre_id, plan.timezone),
            None
            if plan.program is None
            else [
                (
                    (version.id, version.number, version.effective_from),
                    [
                        (
                            tuple(getattr(item, name) for name in ITEM),
                            tuple(getattr(item.technique, name) for name in TECHNIQUE),
                        )
                        for item in version.items
                    ],
                )
                for version in plan.program.versions
            ],
        )
        for plan in plans
    ]


def test_the_values_hold_what_the_models_hold(make, clinic, today):
    patient, therapist = clinic["patient"], clinic["therapist"]
    hyderabad = make.centre(make.city("Hyderabad"), "Banjara Hills", slug="hyd-banjara-hills")
    finished = make.plan(
        patient, therapist, [make.item("GV4")], today - timedelta(days=90),
        end_date=today - timedelta(days=40),
    )  # fmt: skip
    finished.status = PlanStatus.COMPLETED
    cancelled = make.plan(patient, therapist, [make.item("BL23")], today - timedelta(days=80))
    cancelled.status = PlanStatus.CANCELLED
    current = make.plan(
        patient,
        make.therapist(hyderabad, name="Dr. Farah Siddiqui"),
        [make.item("BL23", times_per_day=2, patient_note="Sit on a firm chair"), make.item("GV4")],
        today - timedelta(days=30),
    )
    current.centre_id = hyderabad.id
    publish_version(
        current.program,
        [
            make.item("BRIDGE", sets=2, reps=8),
            make.item("BL60", safety_confirmed=True),  # its confirmer is named on the card
            make.item("BL23", weekdays_mask=0b0010101),
        ],
        today - timedelta(days=3),
        therapist,
    )
    _unpublished_plan(patient, therapist, today - timedelta(days=5))  # a program, no version
    make.plan(make.patient(name="Kavya Reddy"), therapist, [make.item("GV4")], today)
    db.session.commit()
    patient_id = patient.id
    db.session.expunge_all()

    models = load_plans([patient_id], with_therapists=False)
    values = plan_facts(patient_id, date.min)  # every version: none is replaced that early

    assert _shape(values) == _shape(models)
    assert [len(plan.program.versions) for plan in values if plan.program] == [1, 2, 0]
    confirmed = [item for item in values[1].program.versions[1].items if item.confirmer_name]
    assert [item.technique.code for item in confirmed] == ["BL60"]
    assert confirmed[0].confirmer_name == "Dr. Arjun Hegde"
    assert {plan.timezone for plan in values} == {"Asia/Kolkata"}


def test_a_patient_without_plans_has_none(make):
    assert plan_facts(make.patient(name="Imran Khan").id, date.min) == []
