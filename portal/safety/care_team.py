"""Who treats a patient, as the areas that know it say: safety raises flags and alerts the
treating therapists, but plans live above it (programs), so programs registers a query here
next to its models (as it tells accounts/scope.py whom a therapist treats)."""

from collections.abc import Callable

from sqlalchemy import Select, select, union

from portal.accounts.models import User
from portal.extensions import db

# Each gives the ids of the therapists now treating a patient (by the patient's id).
TreatingTherapists = Callable[[int], Select[int]]
_TREATING: list[TreatingTherapists] = []


def treating(query: TreatingTherapists) -> TreatingTherapists:
    """Register a query of the therapists treating a patient (used as a decorator)."""
    _TREATING.append(query)
    return query


def treating_therapists(patient: User) -> list[User]:
    """The therapists treating the patient (their active plans) who can still log in."""
    if not _TREATING:
        return []
    therapist_ids = union(*(query(patient.id) for query in _TREATING))
    return list(
        db.session.scalars(
            select(User).where(User.id.in_(therapist_ids), User.active.is_(True)).order_by(User.id)
        )
    )
