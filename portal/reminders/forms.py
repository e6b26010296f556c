from datetime import time

from wtforms import SelectField
from wtforms.fields.choices import SelectChoice

from portal.forms import PortalForm
from portal.localtime import clock
from portal.reminders.rules import reminder_times

NO_REMINDER = ""


def _choices() -> list[SelectChoice]:
    times = [SelectChoice(f"{at:%H:%M}", clock(at)) for at in reminder_times()]
    return [SelectChoice(NO_REMINDER, "No reminder"), *times]


class ReminderForm(PortalForm):
    remind_at = SelectField(
        "Remind me every day at",
        choices=_choices(),
        invalid_choice_message="Choose a time from the list, or “No reminder”.",
    )

    def chosen_time(self) -> time | None:
        value = self.remind_at.data
        return time.fromisoformat(value) if value else None
