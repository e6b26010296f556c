"""Imports every feature's models, so the mapper registry and Alembic see the whole schema."""

from portal.accounts.models import DeskProfile, PatientProfile, RoleGrant, TherapistProfile, User
from portal.audit.models import AuditEvent
from portal.booking.models import Appointment, Service, TimeOff, WaitlistEntry, WorkingHours
from portal.centres.models import Centre, City, OpeningHours, ServiceablePincode
from portal.contact.models import CallbackRequest
from portal.guide.models import Technique
from portal.home_visits.models import HomeVisitRequest
from portal.messages.models import Message
from portal.notes.models import NoteAddendum, TreatmentNote
from portal.notifications.models import OutgoingEmail
from portal.outcomes.models import DischargeOutcome, DischargeSummary, OdiResponse
from portal.privacy.models import ErasureRequest
from portal.programs.models import (
    HomeProgram,
    PracticeLog,
    ProgramItem,
    ProgramTemplate,
    ProgramTemplateItem,
    ProgramVersion,
    PsfsAssessment,
    PsfsScore,
    TreatmentPlan,
)
from portal.reminders.models import PracticeReminderSetting
from portal.safety.models import SafetyFlag, SafetyScreening

__all__ = [
    "AuditEvent",
    "Appointment",
    "Service",
    "TimeOff",
    "WorkingHours",
    "CallbackRequest",
    "DischargeOutcome",
    "DischargeSummary",
    "HomeProgram",
    "HomeVisitRequest",
    "Message",
    "NoteAddendum",
    "OdiResponse",
    "PracticeLog",
    "PracticeReminderSetting",
    "ProgramItem",
    "ProgramTemplate",
    "ProgramTemplateItem",
    "ProgramVersion",
    "PsfsAssessment",
    "PsfsScore",
    "SafetyFlag",
    "SafetyScreening",
    "TreatmentNote",
    "TreatmentPlan",
    "Centre",
    "City",
    "DeskProfile",
    "ErasureRequest",
    "OpeningHours",
    "OutgoingEmail",
    "PatientProfile",
    "RoleGrant",
    "ServiceablePincode",
    "Technique",
    "TherapistProfile",
    "User",
    "WaitlistEntry",
]
