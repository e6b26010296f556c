"""Everything the portal holds about one patient, as plain data (for JSON and the summary).

Instants are written in the patient's centre's local time, with their UTC offset
("2026-12-02T16:05:00+05:30"): what the portal showed them, and still unambiguous.
"""

from collections.abc import Callable
from datetime import datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.accounts.models import User
from portal.booking.models import Appointment, WaitlistEntry
from portal.contact.models import CallbackRequest
from portal.extensions import db
from portal.home_visits.models import HomeVisitRequest
from portal.localtime import to_local
from portal.messages.models import Message
from portal.outcomes.models import DischargeSummary
from portal.outcomes.services import load_odi
from portal.programs.models import PracticeLog, ProgramItem, TreatmentPlan
from portal.programs.queries import load_plans, load_psfs, patient_city
from portal.reminders.models import PracticeReminderSetting
from portal.safety.models import SafetyFlag, SafetyScreening

LocalTime = Callable[[datetime | None], str | None]


def _iso(value):
    return value.isoformat() if value is not None else None


def patient_export(patient: User) -> dict:
    plans = load_plans([patient.id])
    city = patient_city(patient, plans)
    zone = city.timezone if city is not None else current_app.config["DEFAULT_TIMEZONE"]

    def local(moment: datetime | None) -> str | None:
        return None if moment is None else to_local(moment, zone).isoformat()

    return {
        "times_in": f"{city.name if city else 'Local'} time ({zone})",
        **_records(patient, plans, local),
    }


def _records(patient: User, plans: list[TreatmentPlan], local: LocalTime) -> dict:
    screening = db.session.get(SafetyScreening, patient.id)
    return {
        "account": {
            "name": patient.name,
            "email": patient.email,
            "phone": patient.phone,
            "registered_at": local(patient.created_at),
            "privacy_consent_at": local(patient.patient_profile.privacy_consent_at)
            if patient.patient_profile else None,
        },
        "safety_screening": None if screening is None else {
            "pregnancy": screening.pregnancy.value,
            "high_blood_pressure": screening.high_blood_pressure,
            "skin_problems": screening.skin_problems,
            "answered_at": local(screening.answered_at),
        },
        "practice_reminder": _reminder(db.session.get(PracticeReminderSetting, patient.id)),
        "plans": [_plan(plan) for plan in plans],
        "practice_logs": [
            {"item_id": log.item_id, "item": log.item.technique.title,
             "date": _iso(log.occurrence_date), "occurrence": log.occurrence_index,
             "pain_before": log.pain_before, "pain_after": log.pain_after, "note": log.note,
             "completed_at": local(log.completed_at)}
            for log in _practice_logs(patient.id)
        ],
        "safety_flags": [
            {"kind": flag.kind.value, "details": flag.details, "raised_at": local(flag.raised_at),
             "acknowledged_at": local(flag.acknowledged_at)}
            for flag in _all(SafetyFlag, SafetyFlag.patient_id == patient.id)
        ],
        "psfs": [
            {"date": _iso(a.taken_on), "scores": [{"activity": s.activity, "score": s.score}
                                                   for s in a.scores]}
            for a in load_psfs(patient.id)
        ],
        "oswestry_disability_index": [
            {"date": _iso(r.taken_on), "answers": r.answers(),
             "score_percent": None if (score := r.score()) is None else round(score.percent, 1)}
            for r in load_odi(patient.id)
        ],
        "discharge_summaries": [
            {"plan_id": s.plan_id, "discharged_on": _iso(s.discharged_on),
             "home_advice": s.home_advice, "notes": s.notes,
             "outcomes": [{"measure": o.measure.value, "start": o.start_value,
                           "start_on": _iso(o.start_on), "end": o.end_value,
                           "end_on": _iso(o.end_on)} for o in s.outcomes]}
            for s in _all(DischargeSummary, DischargeSummary.plan_id.in_([p.id for p in plans]))
        ],
        "appointments": [
            {"starts_at": local(a.starts_at), "ends_at": local(a.ends_at), "status": a.status.value,
             "service": a.service.name, "therapist": a.therapist.name,
             "place": a.home_address or (a.centre.name if a.centre else None)}
            for a in _all(Appointment, Appointment.patient_id == patient.id)
        ],
        "messages": [
            {"plan": m.plan.condition, "from": m.sender.name, "body": m.body,
             "sent_at": local(m.sent_at), "read_at": local(m.read_at)}
            for m in _messages(patient.id)
        ],
        "waitlist": [
            {"from": _iso(w.earliest_date), "until": _iso(w.latest_date),
             "centre_id": w.centre_id, "service_id": w.service_id}
            for w in _all(WaitlistEntry, WaitlistEntry.patient_id == patient.id)
        ],
        "call_back_requests": [
            {"name": c.name, "phone": c.phone, "message": c.message,
             "created_at": local(c.created_at), "status": c.status.value}
            for c in _all(CallbackRequest, CallbackRequest.requested_by_id == patient.id)
        ],
        "home_visit_requests": [
            {"address": h.address, "pincode": h.pincode, "reason": h.reason,
             "status": h.status.value, "created_at": local(h.created_at)}
            for h in _all(HomeVisitRequest, HomeVisitRequest.requested_by_id == patient.id)
        ],
    }  # fmt: skip


def _plan(plan) -> dict:
    return {
        "condition": plan.condition,
        "goals": plan.goals,
        "therapist": plan.therapist.name,
        "start_date": _iso(plan.start_date),
        "end_date": _iso(plan.end_date),
        "status": plan.status.value,
        "versions": [
            {"number": version.number, "from": _iso(version.effective_from),
             "items": [{"id": item.id, "technique": item.technique.code,
                        "hold_seconds": item.hold_seconds, "side": item.side.value,
                        "sets": item.sets, "reps": item.reps,
                        "times_per_day": item.times_per_day, "note": item.patient_note}
                       for item in version.items]}
            for version in (plan.program.versions if plan.program else [])
        ],
    }  # fmt: skip


def _reminder(setting: PracticeReminderSetting | None) -> dict | None:
    if setting is None or setting.remind_at is None:
        return None
    return {"daily_at": f"{setting.remind_at:%H:%M}"}


def _practice_logs(patient_id: int) -> list[PracticeLog]:
    return list(
        db.session.scalars(
            select(PracticeLog)
            .where(PracticeLog.patient_id == patient_id)
            .options(joinedload(PracticeLog.item).joinedload(ProgramItem.technique))
            .order_by(PracticeLog.occurrence_date, PracticeLog.completed_at)
        )
    )


def _messages(patient_id: int) -> list[Message]:
    return list(
        db.session.scalars(
            select(Message)
            .where(Message.patient_id == patient_id)
            .options(joinedload(Message.plan), joinedload(Message.sender))
            .order_by(Message.id)
        )
    )


def _all(model, condition):
    return db.session.scalars(select(model).where(condition)).all()
