"""Booking's pages, by audience: patients (patients.py: book, move, cancel; also the desk
booking for a patient), staff (staff.py: schedules, outcomes) and the waitlist (waitlist.py).
Queries and writes live in the booking services; these modules read requests and render."""

from portal.booking.views import patients, staff, waitlist  # noqa: F401  (their routes)
from portal.booking.views.blueprint import blueprint

__all__ = ["blueprint"]
