"""Creating plans and publishing program versions; recording practice."""

import uuid
from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from portal.accounts.models import User
from portal.db_types import utcnow
from portal.extensions import db
from portal.guide.models import PointSides, Technique
from portal.localtime import day as format_day
from portal.programs.drafts import ItemDraft, TechniqueFacts
from portal.programs.models import (
    DoseColumns,
    HomeProgram,
    PlanStatus,
    PracticeLog,
    ProgramItem,
    ProgramVersion,
    PsfsAssessment,
    PsfsScore,
    TreatmentPlan,
)
from portal.safety.models import SafetyFlag, SafetyScreening
from portal.safety.services import stop_for_sharp_pain
from portal.transactions import serialized


def technique_facts(techniques: Iterable[Technique]) -> dict[int, TechniqueFacts]:
    return {
        technique.id: TechniqueFacts(
            id=technique.id,
            code=technique.code,
            name=technique.name,
            is_acupressure=technique.is_acupressure,
            paired=technique.sides is PointSides.BOTH,
            avoid_in_pregnancy=technique.avoid_in_pregnancy,
            archived=technique.archived,
        )
        for technique in techniques
    }


def drafts_from_items(items: Iterable[DoseColumns]) -> list[ItemDraft]:
    """Editable copies of a template's or a version's items."""
    return [
        ItemDraft(
            technique_id=item.technique_id,
            hold_seconds=item.hold_seconds,
            side=item.side,
            times_per_day=item.times_per_day,
            weekdays_mask=item.weekdays_mask,
            sets=item.sets,
            reps=item.reps,
            patient_note=item.patient_note,
        )
        for item in items
    ]


def screening_of(patient_id: int) -> SafetyScreening | None:
    return db.session.get(SafetyScreening, patient_id)


def create_plan(
    *,
    patient: User,
    therapist: User,
    condition: str,
    goals: str,
    sessions_planned: int,
    session_frequency: str,
    start_date: date,
    end_date: date | None,
) -> TreatmentPlan:
    """A plan with an empty home program; its first version comes from `publish_version`."""
    plan = TreatmentPlan(
        patient=patient,
        therapist=therapist,
        centre_id=therapist.as_therapist().centre_id,
        condition=condition.strip(),
        goals=goals.strip(),
        sessions_planned=sessions_planned,
        session_frequency=session_frequency.strip(),
        start_date=start_date,
        end_date=end_date,
        status=PlanStatus.ACTIVE,
    )
    plan.program = HomeProgram()
    db.session.add(plan)
    db.session.flush()
    return plan


def publish_version(
    program: HomeProgram,
    drafts: Sequence[ItemDraft],
    effective_from: date,
    publisher: User,
) -> ProgramVersion:
    """Add a new version, complete in one transaction: patients see the old one or the new one,
    never half of an edit. Call only with a draft that `review_draft` accepted."""
    latest = db.session.scalar(
        select(func.max(ProgramVersion.number)).where(ProgramVersion.program_id == program.id)
    )
    now = utcnow()
    version = ProgramVersion(
        program=program,
        number=(latest or 0) + 1,
        effective_from=effective_from,
        published_at=now,
        published_by=publisher,
    )
    version.items = [
        ProgramItem(
            position=position,
            technique_id=draft.technique_id,
            hold_seconds=draft.hold_seconds,
            side=draft.side,
            sets=draft.sets,
            reps=draft.reps,
            times_per_day=draft.times_per_day,
            weekdays_mask=draft.weekdays_mask,
            patient_note=(draft.patient_note or "").strip() or None,
            safety_confirmed_at=now if draft.safety_confirmed else None,
            safety_confirmed_by=publisher if draft.safety_confirmed else None,
        )
        for position, draft in enumerate(drafts, start=1)
    ]
    db.session.add(version)
    db.session.flush()
    return version


def record_practice(
    *,
    patient: User,
    item: ProgramItem,
    occurrence_date: date,
    occurrence_index: int,
    pain_before: int | None,
    pain_after: int | None,
    note: str | None,
) -> tuple[PracticeLog, bool]:
    """Log one completed occurrence. Completing it again, under this program version or
    another that lists the same technique, returns the first log: (log, created)."""
    log = PracticeLog(
        patient_id=patient.id,
        item_id=item.id,
        occurrence_date=occurrence_date,
        occurrence_index=occurrence_index,
        pain_before=pain_before,
        pain_after=pain_after,
        note=(note or "").strip() or None,
    )
    technique_id = item.technique_id
    try:
        with serialized():  # a savepoint: a duplicate undoes only this log
            db.session.add(log)
    except IntegrityError:
        # A double tap, a retried request or a second tab: the occurrence key already holds it.
        existing = _existing_log(patient.id, technique_id, occurrence_date, occurrence_index)
        return existing, False
    return log, True


def stop_session(
    patient: User, item: ProgramItem, day: date, client_id: uuid.UUID | None = None
) -> SafetyFlag | None:
    """'Sharp pain — stop' on a session of `day`: the flag the therapist sees (None when the
    technique is stopped already, or this stop from the phone is already recorded). Written
    for the therapist, in English, whatever the patient's language."""
    details = f"Stopped {item.technique.title} because of sharp pain ({format_day(day, 'date')})."
    if client_id is not None:  # queued on the phone: pressed earlier than it arrives
        details += " Sent from the phone when it was back online."
    return stop_for_sharp_pain(patient, item, details, client_id)


def _existing_log(patient_id: int, technique_id: int, day: date, index: int) -> PracticeLog:
    return db.session.execute(
        select(PracticeLog).where(
            PracticeLog.patient_id == patient_id,
            PracticeLog.technique_id == technique_id,
            PracticeLog.occurrence_date == day,
            PracticeLog.occurrence_index == index,
        )
    ).scalar_one()


def record_psfs(
    patient: User, taken_on: date, entries: Sequence[tuple[str, int]]
) -> PsfsAssessment:
    assessment = PsfsAssessment(patient_id=patient.id, taken_on=taken_on)
    assessment.scores = [
        PsfsScore(position=position, activity=activity, score=score)
        for position, (activity, score) in enumerate(entries, start=1)
    ]
    db.session.add(assessment)
    db.session.flush()
    return assessment
