"""What an area above booking shows patients under their own appointments (a therapist's
shared summary of a session): it registers a source here, so booking imports none of them."""

from collections.abc import Callable

# Each gives, for some of these appointment ids, a short text the patient may read.
AppointmentText = Callable[[list[int]], dict[int, str]]
_SOURCES: list[AppointmentText] = []


def shown_to_patient(source: AppointmentText) -> AppointmentText:
    """Register a source of texts shown under a patient's appointments (a decorator)."""
    _SOURCES.append(source)
    return source


def texts_for(appointment_ids: list[int]) -> dict[int, list[str]]:
    """Every registered text for these appointments, by appointment id."""
    texts: dict[int, list[str]] = {}
    if not appointment_ids:
        return texts
    for source in _SOURCES:
        for appointment_id, text in source(appointment_ids).items():
            texts.setdefault(appointment_id, []).append(text)
    return texts
