"""Imports every feature's models, so the mapper registry and Alembic see the whole schema."""

from portal.accounts.models import DeskProfile, PatientProfile, RoleGrant, TherapistProfile, User
from portal.centres.models import Centre, City, OpeningHours, ServiceablePincode
from portal.contact.models import CallbackRequest
from portal.guide.models import Technique

__all__ = [
    "CallbackRequest",
    "Centre",
    "City",
    "DeskProfile",
    "OpeningHours",
    "PatientProfile",
    "RoleGrant",
    "ServiceablePincode",
    "Technique",
    "TherapistProfile",
    "User",
]
