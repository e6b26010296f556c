"""Admins keep a centre's details: address, phone, opening hours, online booking."""

from dataclasses import dataclass
from datetime import time

from sqlalchemy import select

from portal.centres.hours import DayHours
from portal.centres.models import Centre, City, OpeningHours
from portal.extensions import db


@dataclass(frozen=True)
class CentreDetails:
    name: str
    street: str
    locality: str
    pincode: str
    phone: str  # E.164
    online_booking: bool
    hours: list[DayHours]  # open days only


def save_centre(centre: Centre, details: CentreDetails) -> None:
    for name in ("name", "street", "locality", "pincode"):
        setattr(centre, name, getattr(details, name).strip())
    centre.phone, centre.online_booking = details.phone, details.online_booking
    _set_opening_hours(centre, {day.weekday: (day.opens, day.closes) for day in details.hours})
    db.session.flush()


def _set_opening_hours(centre: Centre, hours: dict[int, tuple[time, time]]) -> None:
    # Change rows in place: deleting a weekday's row and inserting a new one in the same
    # flush would meet the unique (centre, weekday) constraint.
    existing = {row.weekday: row for row in centre.opening_hours}
    for weekday, row in existing.items():
        if weekday not in hours:
            centre.opening_hours.remove(row)
    for weekday, (opens, closes) in hours.items():
        row = existing.get(weekday) or OpeningHours(weekday=weekday, opens=opens, closes=closes)
        row.opens, row.closes = opens, closes
        if weekday not in existing:
            centre.opening_hours.append(row)


def cities_by_name() -> list[City]:
    return list(db.session.scalars(select(City).order_by(City.name)))
