"""Demo care data: templates, plans with programs, a fortnight of practice and a few flags, so
the therapist's dashboard and the patient's progress look like a real week at the clinic."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from portal.accounts.models import User
from portal.extensions import db
from portal.guide.exercise_library import STARTER_EXERCISES
from portal.guide.models import Technique, TechniqueKind
from portal.outcomes.odi import SECTION_KEYS
from portal.outcomes.services import record_odi
from portal.programs.models import PracticeLog, ProgramTemplate, ProgramTemplateItem, TreatmentPlan
from portal.programs.queries import items_in_force, load_plans
from portal.programs.schedule import ScheduledItem, occurrences_due
from portal.programs.services import create_plan, drafts_from_items, publish_version, record_psfs
from portal.programs.starter_templates import STARTER_TEMPLATES
from portal.reminders.models import PracticeReminderSetting
from portal.safety.models import FlagKind, SafetyFlag, SafetyScreening
from portal.safety.rules import Pregnancy

KOLKATA = ZoneInfo("Asia/Kolkata")
# The demo patient asked for a practice reminder before work: once the worker runs after
# 7:30 am, today's (with what is still to do) lands in instance/outbox.
DEMO_REMINDER = ("patient@demo.test", time(7, 30))

# (patient email, therapist email, template, condition, days since start, how they follow it)
DEMO_PLANS = [
    ("patient@demo.test", "therapist.blr@demo.test", "Lower back pain \u2014 starter",
     "Non-specific low back pain after long hours at a desk", 30, "steady"),
    ("anita.desai@demo.test", "therapist.blr@demo.test", "Sciatica",
     "Left-sided sciatica, L5 distribution", 9, "sharp_pain"),
    ("suresh.babu@demo.test", "therapist.blr@demo.test", "Chronic weakness",
     "Chronic low back pain with fatigue", 20, "drifting"),
    ("zoya.khan@demo.test", "therapist.hyd@demo.test", "Lower back pain \u2014 starter",
     "Acute low back strain after lifting", 6, "steady"),
]  # fmt: skip


def ensure_exercises() -> None:
    existing = set(db.session.scalars(select(Technique.code)))
    for order, exercise in enumerate(STARTER_EXERCISES, start=100):
        if exercise["code"] not in existing:
            db.session.add(Technique(kind=TechniqueKind.EXERCISE, sort_order=order, **exercise))
    db.session.commit()


def ensure_templates() -> None:
    techniques = {t.code: t for t in db.session.scalars(select(Technique))}
    known = set(db.session.scalars(select(ProgramTemplate.name)))
    for data in STARTER_TEMPLATES:
        if data["name"] in known:
            continue
        template = ProgramTemplate(name=data["name"], description=data["description"])
        template.items = [
            ProgramTemplateItem(
                position=position,
                technique=techniques[item["code"]],
                **{key: value for key, value in item.items() if key != "code"},
            )
            for position, item in enumerate(data["items"], start=1)
        ]
        db.session.add(template)
    db.session.commit()


def ensure_demo_care(today: date) -> None:
    for patient_email, therapist_email, template_name, condition, age, habit in DEMO_PLANS:
        patient = _user(patient_email)
        if db.session.scalar(
            select(TreatmentPlan.id).where(TreatmentPlan.patient_id == patient.id)
        ):
            continue
        therapist = _user(therapist_email)
        template = db.session.execute(
            select(ProgramTemplate).where(ProgramTemplate.name == template_name)
        ).scalar_one()
        start = today - timedelta(days=age)
        plan = create_plan(
            patient=patient, therapist=therapist, condition=condition,
            goals="Sit through a working day without pain above 3/10; walk 30 minutes daily.",
            sessions_planned=8, session_frequency="Twice a week", start_date=start,
            end_date=start + timedelta(weeks=6),
        )  # fmt: skip
        db.session.add(
            SafetyScreening(
                patient_id=patient.id, pregnancy=Pregnancy.NO, high_blood_pressure=False,
                skin_problems=False, answered_at=_at(start, 9),
            )
        )  # fmt: skip
        db.session.commit()
        publish_version(plan.home_program(), drafts_from_items(template.items), start, therapist)
        _practise(patient, today, habit)
        if patient_email in MEASURED:
            _measure(patient, start, today)


# The demo patient's outcome measures at the start and after 4 weeks, so /progress and the
# therapist's record chart them: the ODI from 42 % to 24 %, PSFS average from 3.5 to 6.5.
MEASURED = {"patient@demo.test"}

ODI_AT_START = dict(zip(SECTION_KEYS, (3, 2, 2, 1, 3, 2, 2, None, 2, 2), strict=True))
ODI_AFTER_4_WEEKS = dict(zip(SECTION_KEYS, (2, 1, 1, 1, 2, 1, 1, None, 1, 1), strict=True))
PSFS_ACTIVITIES = ("Sitting through a working day", "Bending to pick things up")


def _measure(patient: User, start: date, today: date) -> None:
    record_odi(patient.id, start, ODI_AT_START)
    record_psfs(patient, start, list(zip(PSFS_ACTIVITIES, (3, 4), strict=True)))
    if (four_weeks := start + timedelta(weeks=4)) <= today:
        record_odi(patient.id, four_weeks, ODI_AFTER_4_WEEKS)
        record_psfs(patient, four_weeks, list(zip(PSFS_ACTIVITIES, (6, 7), strict=True)))
    db.session.commit()


def _practise(patient: User, today: date, habit: str) -> None:
    [plan] = load_plans([patient.id])
    day = plan.start_date
    while day < today:
        items = items_in_force(plan, day)
        scheduled = [ScheduledItem(i.id, i.weekdays_mask, i.times_per_day) for i in items]
        for occurrence in occurrences_due(scheduled, day):
            days_in = (day - plan.start_date).days
            if _skips(habit, days_in, occurrence.item_id + occurrence.index, today - day):
                continue
            pain = max(1, 6 - days_in // 3) if habit != "sharp_pain" else 5 + days_in % 3
            db.session.add(
                PracticeLog(
                    patient_id=patient.id,
                    item_id=occurrence.item_id,
                    occurrence_date=day,
                    occurrence_index=occurrence.index,
                    completed_at=_at(day, 8 + (occurrence.index - 1) * 11),  # 8 am, 7 pm
                    pain_before=min(pain, 10),
                    pain_after=max(0, pain - 2),
                )
            )
        day += timedelta(days=1)
    if habit == "sharp_pain":
        yesterday = today - timedelta(days=1)
        gb30 = next(i for i in items_in_force(plan, yesterday) if i.technique.code == "GB30")
        db.session.add(
            SafetyFlag(
                patient_id=patient.id,
                kind=FlagKind.SHARP_PAIN,
                details=f"Stopped GB30 Huantiao because of sharp pain ({yesterday:%d %b %Y}).",
                item=gb30,  # so GB30 shows as stopped on her /today until it is acknowledged
                raised_at=_at(yesterday, 19),
            )
        )
    db.session.commit()


def _skips(habit: str, days_in: int, seed: int, ago: timedelta) -> bool:
    """Deterministic gaps: steady patients miss now and then; drifting ones stopped lately."""
    if habit == "drifting":
        return ago.days <= 5 or seed % 3 == 0
    return (days_in * 7 + seed) % 9 == 0


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour % 24), KOLKATA).astimezone(UTC)


def _user(email: str) -> User:
    return db.session.execute(select(User).where(User.email == email)).scalar_one()


def ensure_demo_reminder() -> None:
    email, remind_at = DEMO_REMINDER
    patient = _user(email)
    if db.session.get(PracticeReminderSetting, patient.id) is None:
        db.session.add(PracticeReminderSetting(patient_id=patient.id, remind_at=remind_at))
        db.session.commit()
