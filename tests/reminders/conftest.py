from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from portal.extensions import db
from portal.reminders.models import PracticeReminderSetting

KOLKATA = ZoneInfo("Asia/Kolkata")


def at_local(day: date, hour: int, minute: int = 0, zone=KOLKATA) -> datetime:
    """The UTC instant of a wall-clock time on a local day."""
    return datetime.combine(day, time(hour, minute), zone).astimezone(UTC)


def set_reminder(patient, remind_at=time(7, 30), settled_until=None) -> PracticeReminderSetting:
    setting = PracticeReminderSetting(
        patient_id=patient.id, remind_at=remind_at, settled_until=settled_until
    )
    db.session.add(setting)
    db.session.commit()
    return setting


@pytest.fixture
def reminded(clinic, plan):
    """Rohan (BL23 twice, GV4 and the bridge every day) asked for a reminder at 7:30 am."""
    set_reminder(clinic["patient"])
    return clinic["patient"]
