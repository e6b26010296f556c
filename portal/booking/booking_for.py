"""Whom the desk is booking for: the patient it chose (desk pages set it), kept in the session
until the booking is made or the desk stops; the booking pages and the page banner read it."""

BOOKING_FOR = "booking_for_patient"  # the session key: the chosen patient's id
