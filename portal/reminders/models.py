"""A patient's daily practice reminder: the time they chose (or none), and the last local day
already settled, which is what makes a day's reminder go out at most once."""

from datetime import date, datetime, time

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from portal.db_types import UtcDateTime, utcnow
from portal.extensions import Model


class PracticeReminderSetting(Model):
    """One row per patient who ever chose a reminder. Turning it off keeps the row (remind_at
    None), so a day already reminded stays settled if they turn it on again the same day."""

    __tablename__ = "practice_reminders"

    patient_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    # A wall-clock time in the patient's centre's zone (what /today calls their day).
    remind_at: Mapped[time | None]
    chosen_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # The latest local day whose reminder was sent, or found not needed. The worker claims a
    # day by moving it forward with a conditional UPDATE: of two workers, one wins.
    settled_until: Mapped[date | None]
