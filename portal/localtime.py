"""Local time, in one place: an area's time zone, its date today, and times as people read them.

Instants are stored in UTC (aware datetimes) and shown in the zone of the centre or city they
belong to. Every date or time a person reads is written by `day`, `clock` or `day_and_clock`
(templates get them as filters), so "9:15 am" is spelt one way everywhere.
"""

from datetime import UTC, date, datetime, time, timedelta
from typing import Literal, Protocol
from zoneinfo import ZoneInfo

from babel.dates import format_skeleton

from portal.db_types import utcnow

Zone = ZoneInfo | str  # a zone, or its IANA name ("Asia/Kolkata")


class _City(Protocol):
    @property
    def timezone(self) -> str: ...


class _Centre(Protocol):
    @property
    def city(self) -> _City: ...


class _DeskProfile(Protocol):
    @property
    def city(self) -> _City: ...


class _TherapistProfile(Protocol):
    @property
    def centre(self) -> _Centre: ...


class _Staff(Protocol):
    @property
    def desk_profile(self) -> _DeskProfile | None: ...

    @property
    def therapist_profile(self) -> _TherapistProfile | None: ...


def as_zone(zone: Zone) -> ZoneInfo:
    return zone if isinstance(zone, ZoneInfo) else ZoneInfo(zone)


def city_zone(city: _City) -> ZoneInfo:
    return ZoneInfo(city.timezone)


def centre_zone(centre: _Centre) -> ZoneInfo:
    return city_zone(centre.city)


def staff_zone(staff: _Staff, default: Zone) -> ZoneInfo:
    """Where a member of staff works: the desk's city, the therapist's centre; else (an admin,
    who works across cities) `default`."""
    if staff.desk_profile is not None:
        return city_zone(staff.desk_profile.city)
    if staff.therapist_profile is not None:
        return centre_zone(staff.therapist_profile.centre)
    return as_zone(default)


def to_local(moment: datetime, zone: Zone) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("naive datetime: the domain stores aware UTC instants")
    return moment.astimezone(as_zone(zone))


def local_today(zone: Zone, now: datetime | None = None) -> date:
    """The area's date at `now` (default: this instant): the clinic's today, not the server's."""
    return to_local(now or utcnow(), zone).date()


def earliest_today(now: datetime | None = None) -> date:
    """The earliest local date anywhere at `now` (default: this instant): local dates run at
    most a day behind the UTC date (no zone is more than 12 hours behind it)."""
    return (now or utcnow()).astimezone(UTC).date() - timedelta(days=1)


DayStyle = Literal[
    "weekday",  # Wednesday
    "weekday_short",  # Wed
    "month_short",  # Dec
    "day_month",  # 02 Dec
    "date",  # 02 Dec 2026
    "short",  # Wed 02 Dec
    "weekday_day",  # Wed 02
    "long",  # Wednesday 02 December
    "long_year",  # Wednesday 02 December 2026
    "brief",  # 2 Dec
    "brief_year",  # 2 Dec 2026
    "short_year",  # Wed 02 Dec 2026
]
# The same styles for the other languages, as CLDR skeletons (each language orders them).
_SKELETON = {
    "weekday": "EEEE",
    "weekday_short": "EEE",
    "month_short": "MMM",
    "day_month": "dMMM",
    "date": "yMMMd",
    "short": "MMMEd",
    "short_year": "yMMMEd",
    "weekday_day": "Ed",
    "long": "MMMMEEEEd",
    "long_year": "yMMMMEEEEd",
    "brief": "dMMM",
    "brief_year": "yMMMd",
}
_STRFTIME = {
    "weekday": "%A",
    "weekday_short": "%a",
    "month_short": "%b",
    "day_month": "%d %b",
    "date": "%d %b %Y",
    "short": "%a %d %b",
    "weekday_day": "%a %d",
    "long": "%A %d %B",
    "long_year": "%A %d %B %Y",
    "short_year": "%a %d %b %Y",
}


def day(value: date, style: DayStyle = "date", language: str = "en") -> str:
    """A calendar day as people read it, in one of the site's styles (see DayStyle), in
    `language` (another language's own order and month names, from CLDR)."""
    if isinstance(value, datetime):
        raise TypeError("day() takes a date: convert an instant with to_local(...).date()")
    if language != "en":
        return format_skeleton(_SKELETON[style], value, locale=language)
    if style == "brief":
        return f"{value.day} {value:%b}"
    if style == "brief_year":
        return f"{value.day} {value:%b %Y}"
    return value.strftime(_STRFTIME[style])


def clock(
    moment: time | datetime, style: Literal["12h", "24h"] = "12h", language: str = "en"
) -> str:
    """A local wall-clock time: '9:15 am', '12:00 pm', '12:30 am'; or '09:15' (24h, the rota's
    and the glance lists'). Another language writes the 12-hour time its own way."""
    if style == "24h":
        return f"{moment.hour:02d}:{moment.minute:02d}"
    if language != "en":
        return format_skeleton("hm", moment, locale=language)
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d} {'am' if moment.hour < 12 else 'pm'}"


def day_and_clock(
    moment: datetime, zone: Zone | None = None, *, year: bool = True, language: str = "en"
) -> str:
    """'Mon 23 Nov 2026, 4:05 pm' (or 'Mon 23 Nov, 4:05 pm' without the year) in `zone`; with
    no zone, in the moment's own offset (e.g. read back from an ISO string)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: the domain stores aware UTC instants")
    local = moment if zone is None else to_local(moment, zone)
    if language != "en":
        dated = day(local.date(), "short_year" if year else "short", language)
        return f"{dated}, {clock(local, language=language)}"
    dated = f"{local:%a} {day(local.date(), 'brief_year' if year else 'brief')}"
    return f"{dated}, {clock(local)}"


def describe_age(moment: datetime, now: datetime | None = None) -> str:
    """How long ago, roughly: 'just now', '25 min ago', '3 h ago', '2 days ago'."""
    seconds = ((now or utcnow()) - moment).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    days = int(seconds // 86400)
    return "1 day ago" if days == 1 else f"{days} days ago"


def describe_when(moment: datetime, zone: Zone, now: datetime) -> str:
    """When something happened, in the area's local time, as a glance reads it:
    '11:42 today', '18:05 yesterday', '28 Nov, 09:10', '28 Dec 2025, 09:10'."""
    local = to_local(moment, zone)
    today = to_local(now, zone).date()
    at = clock(local, "24h")
    if local.date() == today:
        return f"{at} today"
    if local.date() == today - timedelta(days=1):
        return f"{at} yesterday"
    return f"{day(local.date(), 'brief' if local.year == today.year else 'brief_year')}, {at}"
