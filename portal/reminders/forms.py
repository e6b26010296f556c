from datetime import time

from wtforms import SelectField
from wtforms.fields.choices import SelectChoice

from portal.forms import PortalForm
from portal.languages import current_language
from portal.languages import gettext as _
from portal.languages import lazy_gettext as _l
from portal.localtime import clock
from portal.reminders.rules import reminder_times

NO_REMINDER = ""


def _choices() -> list[SelectChoice]:
    """Every time offered, after "No reminder", as the reader's language writes it."""
    language = current_language()
    times = [SelectChoice(f"{at:%H:%M}", clock(at, language=language)) for at in reminder_times()]
    return [SelectChoice(NO_REMINDER, _("No reminder")), *times]


class ReminderForm(PortalForm):
    remind_at = SelectField(
        _l("Remind me every day at"),
        invalid_choice_message=_l("Choose a time from the list, or “No reminder”."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.remind_at.choices = _choices()

    def chosen_time(self) -> time | None:
        value = self.remind_at.data
        return time.fromisoformat(value) if value else None
