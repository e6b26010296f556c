"""Everything the portal holds about one patient, as plain data (for JSON and the summary)."""

from sqlalchemy import select

from portal.accounts.models import User
from portal.booking.models import Appointment, WaitlistEntry
from portal.contact.models import CallbackRequest
from portal.extensions import db
from portal.home_visits.models import HomeVisitRequest
from portal.programs.models import PracticeLog
from portal.programs.queries import load_plans, load_psfs
from portal.safety.models import SafetyFlag, SafetyScreening


def _iso(value):
    return value.isoformat() if value is not None else None


def patient_export(patient: User) -> dict:
    screening = db.session.get(SafetyScreening, patient.id)
    return {
        "account": {
            "name": patient.name,
            "email": patient.email,
            "phone": patient.phone,
            "registered_at": _iso(patient.created_at),
            "privacy_consent_at": _iso(patient.patient_profile.privacy_consent_at)
            if patient.patient_profile else None,
        },
        "safety_screening": None if screening is None else {
            "pregnancy": screening.pregnancy.value,
            "high_blood_pressure": screening.high_blood_pressure,
            "skin_problems": screening.skin_problems,
            "answered_at": _iso(screening.answered_at),
        },
        "plans": [_plan(plan) for plan in load_plans([patient.id])],
        "practice_logs": [
            {"item_id": log.item_id, "date": _iso(log.occurrence_date),
             "occurrence": log.occurrence_index, "pain_before": log.pain_before,
             "pain_after": log.pain_after, "note": log.note, "completed_at": _iso(log.completed_at)}
            for log in _all(PracticeLog, PracticeLog.patient_id == patient.id)
        ],
        "safety_flags": [
            {"kind": flag.kind.value, "details": flag.details, "raised_at": _iso(flag.raised_at),
             "acknowledged_at": _iso(flag.acknowledged_at)}
            for flag in _all(SafetyFlag, SafetyFlag.patient_id == patient.id)
        ],
        "psfs": [
            {"date": _iso(a.taken_on), "scores": [{"activity": s.activity, "score": s.score}
                                                   for s in a.scores]}
            for a in load_psfs(patient.id)
        ],
        "appointments": [
            {"starts_at": _iso(a.starts_at), "ends_at": _iso(a.ends_at), "status": a.status.value,
             "service": a.service.name, "therapist": a.therapist.name,
             "place": a.home_address or (a.centre.name if a.centre else None)}
            for a in _all(Appointment, Appointment.patient_id == patient.id)
        ],
        "waitlist": [
            {"from": _iso(w.earliest_date), "until": _iso(w.latest_date),
             "centre_id": w.centre_id, "service_id": w.service_id}
            for w in _all(WaitlistEntry, WaitlistEntry.patient_id == patient.id)
        ],
        "call_back_requests": [
            {"name": c.name, "phone": c.phone, "message": c.message,
             "created_at": _iso(c.created_at), "status": c.status.value}
            for c in _all(CallbackRequest, CallbackRequest.requested_by_id == patient.id)
        ],
        "home_visit_requests": [
            {"address": h.address, "pincode": h.pincode, "reason": h.reason,
             "status": h.status.value, "created_at": _iso(h.created_at)}
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


def _all(model, condition):
    return db.session.scalars(select(model).where(condition)).all()
