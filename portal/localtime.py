"""Showing UTC instants in a city's local time."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo


def to_local(moment: datetime, timezone: str) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("naive datetime: the domain stores aware UTC instants")
    return moment.astimezone(ZoneInfo(timezone))


def local_date(timezone: str, now: datetime | None = None) -> date:
    """The city's date now (or at `now`): what "today" means for its people."""
    return (now or datetime.now(UTC)).astimezone(ZoneInfo(timezone)).date()


def format_local(moment: datetime, timezone: str) -> str:
    """'Mon 23 Nov 2026, 4:05 pm' in the given IANA timezone."""
    return describe_local(to_local(moment, timezone))


def describe_local(local: datetime) -> str:
    """'Mon 23 Nov 2026, 4:05 pm' for a moment already in local time (e.g. read back from an
    ISO string with its offset)."""
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    return f"{local:%a} {local.day} {local:%b %Y}, {hour}:{local.minute:02d} {suffix}"


def describe_age(moment: datetime, now: datetime | None = None) -> str:
    """How long ago, roughly: 'just now', '25 min ago', '3 h ago', '2 days ago'."""
    seconds = ((now or datetime.now(UTC)) - moment).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    days = int(seconds // 86400)
    return "1 day ago" if days == 1 else f"{days} days ago"


def describe_when(moment: datetime, timezone: str, now: datetime) -> str:
    """When something happened, in the city's local time, as a glance reads it:
    '11:42 today', '18:05 yesterday', '28 Nov, 09:10', '28 Dec 2025, 09:10'."""
    local = to_local(moment, timezone)
    today = to_local(now, timezone).date()
    clock = f"{local:%H:%M}"
    if local.date() == today:
        return f"{clock} today"
    if local.date() == today - timedelta(days=1):
        return f"{clock} yesterday"
    day = f"{local.day} {local:%b}" if local.year == today.year else f"{local.day} {local:%b %Y}"
    return f"{day}, {clock}"


def format_local_date(moment: datetime, timezone: str) -> str:
    """'2 Dec 2026': the city's local date of an instant."""
    local = to_local(moment, timezone)
    return f"{local.day} {local:%b %Y}"
