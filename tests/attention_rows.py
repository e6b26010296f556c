"""A patient's stored ranking rows (patient_attention) and what a from-scratch recomputation
of their history gives, in one shape, for tests to compare."""

from sqlalchemy import select

from portal.extensions import db
from portal.programs.attention import Urgency, attention_spans
from portal.programs.attention_summary import (
    STORED_SIGNAL_COLUMNS,
    first_day_asked,
    load_histories,
    stored_signals_of,
)
from portal.programs.models import PatientAttention


def stored(patient):
    """(first day, last day, urgency, signals) of each stored run."""
    rows = db.session.execute(
        select(
            PatientAttention.starts_on,
            PatientAttention.ends_on,
            PatientAttention.urgency,
            *STORED_SIGNAL_COLUMNS,
        )
        .where(PatientAttention.patient_id == patient.id)
        .order_by(PatientAttention.starts_on)
    )
    return [
        (starts_on, ends_on, Urgency(urgency), stored_signals_of(signals))
        for starts_on, ends_on, urgency, *signals in rows
    ]


def from_scratch(patient):
    start = first_day_asked()
    history = load_histories([patient.id], start)[patient.id]
    return [(s.starts_on, s.ends_on, s.urgency, s.signals) for s in attention_spans(history, start)]
