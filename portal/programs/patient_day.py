"""A patient's day as /today sees it: their plans, their centre's date, their screening and
safety flags, loaded once. The practice pages and the daily reminder (portal/reminders) both
read what is due through it, so they never disagree."""

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from functools import cached_property

from flask import abort

from portal.accounts.models import User
from portal.centres.models import Centre
from portal.localtime import earliest_today, local_today
from portal.programs.plan_facts import AnyPlan, plan_facts
from portal.programs.presenters import DayPage, DueItem, day_page
from portal.programs.queries import (
    LoggedPractice,
    items_in_force,
    load_plans,
    patient_centre,
    patient_timezone,
    safety_and_logs,
)
from portal.programs.schedule import BACKFILL_DAYS
from portal.safety.rules import ScreeningAnswers
from portal.safety.services import safety_facts
from portal.safety.stops import FlagFacts
from portal.weekdays import is_due_on


def first_loggable_day(now: datetime | None) -> date:
    """The earliest day a patient anywhere may log at `now`: a week before their today."""
    return earliest_today(now) - timedelta(days=BACKFILL_DAYS)


class PatientDay:
    """A patient's plans and their centre's 'today' (at `now`, default this instant), loaded
    once; their screening and flags (one statement) when a page asks for them."""

    def __init__(
        self,
        patient: User,
        now: datetime | None = None,
        *,
        with_therapists: bool = False,
        loggable_days_only: bool = False,
        with_programs: bool = True,
    ) -> None:
        self.patient = patient
        # A page about the days a patient may log (/today: today and the week before) reads
        # the plans as values (plan_facts), with only the versions in force on those days:
        # the same rows however long the program's history, and no model objects on the page
        # patients open most. The other pages read the models: only the printed program names
        # the therapist (with_therapists), and a page that shows no program item (/progress)
        # reads none (with_programs=False).
        self.plans: Sequence[AnyPlan] = (
            plan_facts(patient.id, first_loggable_day(now))
            if loggable_days_only
            else load_plans(
                [patient.id], with_therapists=with_therapists, with_programs=with_programs
            )
        )
        self.timezone = patient_timezone(patient, self.plans)
        self.today = local_today(self.timezone, now)

    @cached_property
    def centre(self) -> Centre | None:
        return patient_centre(self.patient, self.plans)

    @cached_property
    def _safety(self) -> tuple[ScreeningAnswers | None, list[FlagFacts]]:
        return safety_facts(self.patient.id)

    @property
    def screening(self) -> ScreeningAnswers | None:
        return self._safety[0]

    @property
    def flags(self) -> list[FlagFacts]:
        return self._safety[1]

    def items_on(self, day: date) -> list[DueItem]:
        return [item for plan in self.plans for item in items_in_force(plan, day)]

    def logs_on(self, day: date) -> list[LoggedPractice]:
        """The sessions logged on `day`, read with the screening and flags (one statement):
        ask for them before the screening, which is then already known."""
        self._safety, logs = safety_and_logs(self.patient.id, day, day)
        return logs

    def page(self, day: date) -> DayPage:
        """The day's cards with what is done of each: what /today shows."""
        logs = self.logs_on(day)
        return day_page(
            day,
            self.today,
            self.items_on(day),
            self.screening,
            logs,
            has_program=any(plan.program and plan.program.versions for plan in self.plans),
            flags=self.flags,
        )

    def item_on(self, item_id: int, day: date):
        """The item if it is in this patient's program on that day; 404 otherwise."""
        found = self.find_item_on(item_id, day)
        if found is None:
            abort(404)
        return found

    def find_item_on(self, item_id: int, day: date):
        """The item if it is in this patient's program on that day, else None.

        A page opened before the therapist published a new version names the old version's
        item: it stands for the same technique in the version now in force."""
        due = [i for i in self.items_on(day) if is_due_on(i.weekdays_mask, day)]
        found = next((item for item in due if item.id == item_id), None)
        if found is None and (earlier := self._any_version_item(item_id)) is not None:
            found = next((item for item in due if item.technique_id == earlier.technique_id), None)
        return found

    def _any_version_item(self, item_id: int):
        versions = [v for plan in self.plans if plan.program for v in plan.program.versions]
        return next((i for version in versions for i in version.items if i.id == item_id), None)
