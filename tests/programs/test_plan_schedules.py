"""plan_schedules() reads what is due from a few columns: it must say what schedule_of() says
of the plans load_plans() makes objects of, for every kind of plan a patient can have."""

from datetime import timedelta

from portal.extensions import db
from portal.programs.attention_summary import load_histories
from portal.programs.models import PlanStatus
from portal.programs.queries import PlanSchedule, load_plans, plan_schedules, schedule_of
from portal.programs.services import create_plan, publish_version
from portal.weekdays import EVERY_DAY

MONDAY_AND_THURSDAY = 0b0001001


def _unpublished_plan(patient, therapist, start):
    plan = create_plan(
        patient=patient,
        therapist=therapist,
        condition="Neck pain",
        goals="Drive without pain",
        sessions_planned=4,
        session_frequency="Weekly",
        start_date=start,
        end_date=None,
    )
    db.session.commit()
    return plan


def _alike(schedules: list[PlanSchedule]) -> list[PlanSchedule]:
    """In one order: plans by start, versions by id, items by id (neither reader promises
    an order, and none is needed)."""
    return sorted(
        (
            PlanSchedule(
                each.status,
                each.start_date,
                each.end_date,
                tuple(
                    (start, tuple(sorted(items, key=lambda item: item.item_id)))
                    for start, items in sorted(each.versions, key=lambda v: v[0].version_id)
                ),
            )
            for each in schedules
        ),
        key=lambda each: (each.start_date, each.status.value),
    )


def test_each_patients_schedules_are_schedule_of_their_loaded_plans(make, clinic, today):
    patient, therapist = clinic["patient"], clinic["therapist"]
    plan = make.plan(
        patient,
        therapist,
        [make.item("GV4", times_per_day=2, weekdays_mask=MONDAY_AND_THURSDAY), make.item("BL23")],
        today - timedelta(days=40),
    )
    publish_version(
        plan.program, [make.item("BRIDGE", times_per_day=3)], today - timedelta(days=9), therapist
    )
    publish_version(plan.program, [], today + timedelta(days=5), therapist)  # a pause
    _unpublished_plan(patient, therapist, today - timedelta(days=60))
    cancelled = make.plan(patient, therapist, [make.item("GV4")], today - timedelta(days=3))
    cancelled.status = PlanStatus.CANCELLED
    other = make.patient(name="Lakshmi Reddy", centre=clinic["centre"])
    make.plan(
        other, therapist, [make.item("BL23", weekdays_mask=EVERY_DAY)], today - timedelta(days=7)
    )
    db.session.commit()
    ids = [patient.id, other.id]
    db.session.expunge_all()

    schedules = plan_schedules(ids)

    for patient_id in ids:
        loaded = [schedule_of(each) for each in load_plans([patient_id])]
        assert _alike(schedules[patient_id]) == _alike(loaded)
    mine = _alike(schedules[patient.id])
    assert [len(each.versions) for each in mine] == [0, 3]  # the cancelled plan: left out
    assert [len(items) for _start, items in mine[1].versions] == [2, 1, 0]
    assert plan_schedules([]) == {}


def test_a_plan_with_nothing_published_does_not_hold_the_ranking_rows_back(make, clinic, today):
    """Its dates make nothing due: the day from which a week's dues repeat (and so how far
    the dashboard's rows are worked out) is the published plan's."""
    patient, therapist = clinic["patient"], clinic["therapist"]
    started = today - timedelta(days=30)
    make.plan(patient, therapist, [make.item("GV4")], started)
    _unpublished_plan(patient, therapist, today + timedelta(days=20))

    history = load_histories([patient.id], today)[patient.id]

    assert history.weekly_from == started
    assert history.has_program
