"""care_relationships as stored, and as the plans and appointments say it must be, in one
shape for tests to compare; and a copy of a row written in SQL, behind the portal's back."""

from sqlalchemy import TextClause, func, select, text

from portal.accounts.models import CareRelationship
from portal.booking.models import Appointment
from portal.extensions import db
from portal.programs.models import TreatmentPlan


def stored_pairs() -> dict[tuple[int, int], tuple[int, int]]:
    rows = db.session.execute(select(CareRelationship)).scalars()
    return {(row.therapist_id, row.patient_id): (row.plans, row.appointments) for row in rows}


def pairs_in_the_rows() -> dict[tuple[int, int], tuple[int, int]]:
    """What the table must hold, counted from the plans and appointments themselves."""
    counted: dict[tuple[int, int], list[int]] = {}
    for position, model in enumerate((TreatmentPlan, Appointment)):
        rows = db.session.execute(
            select(model.therapist_id, model.patient_id, func.count()).group_by(
                model.therapist_id, model.patient_id
            )
        )
        for therapist_id, patient_id, count in rows:
            counted.setdefault((therapist_id, patient_id), [0, 0])[position] = count
    return {pair: (plans, appointments) for pair, (plans, appointments) in counted.items()}


def copy_of_row(table: str, columns: list[str], replaced: dict[str, str]) -> TextClause:
    """INSERT … SELECT of the row with id :id, each column in `replaced` given the SQL there
    instead of its value. A copied appointment must be cancelled (no two booked times of a
    therapist overlap) and need a calendar UID of its own."""
    values = ", ".join(replaced.get(name, name) for name in columns)
    return text(
        f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608 (our own names)
        f"SELECT {values} FROM {table} WHERE id = :id"
    )
