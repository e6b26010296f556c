"""The "Book the course" page, shared by the therapist's plan page and the desk: the settings
(service, weekdays, preferred time, how many, from when), the proposal with each clash and its
alternatives, and the confirm that books them all or none.

The areas above (therapist, desk) check who may book for which plan and hand over a `Course`;
this module knows nothing of plans beyond that.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol

from flask import flash, redirect, render_template, request
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response
from wtforms import DateField, IntegerField, SelectField, SelectMultipleField, TimeField, widgets
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange, ValidationError

from portal.accounts.models import User
from portal.accounts.services import has_real_email
from portal.audit.services import audit
from portal.booking.availability import course_diary
from portal.booking.models import Appointment, AppointmentSeries, AppointmentStatus, Service
from portal.booking.presenters import slot_value, when
from portal.booking.series import (
    MAX_SESSIONS,
    CourseDiary,
    CourseRequest,
    ProposedSession,
    course_days,
    nearest_free,
    propose,
    weekdays_for,
)
from portal.booking.services import CourseBooking, SeriesClash, book_series, outpatient_services
from portal.centres.models import Centre
from portal.db_types import utcnow
from portal.extensions import db
from portal.forms import PortalForm
from portal.localtime import centre_zone, day, local_today, to_local
from portal.phone import display_phone
from portal.request_values import near
from portal.weekdays import WEEKDAY_NAMES

DEFAULT_TIME = time(10)
TAKEN = "That time was just taken: choose another below. Nothing has been booked yet."
PATIENT_BUSY = "The patient has just been booked elsewhere then: choose another time."


class _Plan(Protocol):
    """A treatment plan as this page reads it (booking does not import programs)."""

    id: int
    condition: str
    patient: User
    therapist: User
    centre: Centre
    sessions_planned: int
    session_frequency: str
    start_date: date

    @property
    def is_active(self) -> bool: ...


@dataclass(frozen=True)
class Course:
    """What the areas above hand over: a plan's course, and where the page goes back to."""

    plan_id: int
    title: str  # the plan's condition
    patient: User
    therapist: User
    centre: Centre
    sessions_planned: int
    frequency: str
    start_date: date
    back_url: str
    active: bool = True

    @classmethod
    def of_plan(cls, plan: _Plan, back_url: str) -> "Course":
        return cls(plan.id, plan.condition, plan.patient, plan.therapist, plan.centre,
                   plan.sessions_planned, plan.session_frequency, plan.start_date, back_url,
                   plan.is_active)  # fmt: skip


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class CourseForm(PortalForm):
    service = SelectField("Service")
    weekdays = MultiCheckboxField(
        "Weekdays", choices=[SelectChoice(str(n), name) for n, name in enumerate(WEEKDAY_NAMES)]
    )
    preferred_time = TimeField(
        "Preferred time", validators=[InputRequired("Give a time, e.g. 10:00.")]
    )
    sessions = IntegerField(
        "Sessions",
        validators=[
            InputRequired("How many sessions?"),
            NumberRange(1, MAX_SESSIONS, f"From 1 to {MAX_SESSIONS} sessions."),
        ],
    )
    first_day = DateField("From", validators=[InputRequired("Give the first day.")])

    def validate_weekdays(self, field) -> None:
        if not field.data:
            raise ValidationError("Choose at least one weekday.")

    today: date  # the centre's, set by the page

    def validate_first_day(self, field) -> None:
        if field.data and field.data < self.today:
            raise ValidationError("Choose today or a later day.")
        if field.data and field.data > self.today + timedelta(days=365):
            raise ValidationError("Choose a day within the next year.")

    def course_request(self) -> CourseRequest:
        return CourseRequest(
            weekdays=frozenset(int(d) for d in self.weekdays.data or []),
            preferred=self.preferred_time.data,
            sessions=self.sessions.data,
            first_day=self.first_day.data,
        )


class SettingsForm(CourseForm):
    class Meta:
        csrf = False  # a GET: proposing changes nothing


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    checked: bool


@dataclass(frozen=True)
class Row:
    number: int
    day: str  # the session's day, 'Mon 7 Dec'
    wanted: str  # its preferred time, '10:00 am'
    clash: str | None  # why that time is not free
    options: list[Option]
    error: str | None = None

    @property
    def name(self) -> str:
        return f"session-{self.number}"


def course_page(course: Course) -> Response | tuple[str, int]:
    """GET: the settings, and the proposal once they are given. POST: book the course."""
    if not course.active:
        flash("This plan is not active: reopen it before booking its course.", "warning")
        return redirect(course.back_url)
    services = {service.slug: service for service in outpatient_services()}
    if request.method == "POST":
        return _confirm(course, services)
    form = SettingsForm(request.args if "service" in request.args else None)
    _choices(form, services, course)
    if "service" not in request.args:
        _defaults(form, course)
        return _render(course, form, None, [])
    if not form.validate():
        return _render(course, form, None, [], status=422)
    service = services[form.service.data]
    diary = _diary(course, service, form.course_request())
    rows = [_row(session, diary, form, None) for session in propose(form.course_request(), diary)]
    return _render(course, form, service, rows)


def _confirm(course: Course, services: dict[str, Service]):
    form = CourseForm()
    _choices(form, services, course)
    if not form.validate_on_submit():
        return _render(course, form, None, [], status=422)
    service, wanted = services[form.service.data], form.course_request()
    diary = _diary(course, service, wanted)
    sessions = propose(wanted, diary)
    picks = [_picked(session) for session in sessions]
    errors = _pick_errors(picks, diary)
    status = 422 if any(pick is None for pick in picks) else 409
    if not errors:
        starts = [pick for pick in picks if pick is not None]
        try:
            series = book_series(CourseBooking(course.patient, course.therapist.id,
                                               course.centre, service, starts, current_user,
                                               course.plan_id))  # fmt: skip
        except SeriesClash as clash:
            errors = {clash.index: PATIENT_BUSY if clash.patient_busy else TAKEN}
        else:
            return _booked(course, series, starts)
    rows = [_row(s, diary, form, picks[i], errors.get(i), picks) for i, s in enumerate(sessions)]
    return _render(course, form, service, rows, status=status)


def _picked(session: ProposedSession) -> datetime | None:
    raw = request.form.get(f"session-{session.number}", "")
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None or not near(moment.date(), session.wanted.date()):
        return None
    return moment.astimezone(UTC)


def _pick_errors(picks: Sequence[datetime | None], diary: CourseDiary) -> dict[int, str]:
    """Each pick missing, or no longer free (checked against the others picked too)."""
    errors = {}
    for index, pick in enumerate(picks):
        if pick is None:
            errors[index] = "Choose a time for this session."
            continue
        others = [other for n, other in enumerate(picks) if n != index and other is not None]
        reason = diary.why_not(pick, others)
        if reason is not None:
            errors[index] = f"{_when(pick, diary)} is not free any more: {reason.value}."
    return errors


def _booked(course: Course, series: AppointmentSeries, starts: list[datetime]) -> Response:
    audit("course_booked", patient_id=course.patient.id, record=series,
          details=f"{len(starts)} sessions")  # fmt: skip
    zone = centre_zone(course.centre)
    first, last = min(starts), max(starts)
    hears = (
        f"{course.patient.name} has been emailed every date in one message."
        if has_real_email(course.patient)
        else f"{course.patient.name} has no email: please phone them on "
        f"{display_phone(course.patient.phone)}."
    )
    flash(f"Booked {len(starts)} sessions with {course.therapist.name}, "
          f"{when(first, zone)} to {when(last, zone)}. {hears}", "success")  # fmt: skip
    return redirect(course.back_url)


def _choices(form: CourseForm, services: dict[str, Service], course: Course) -> None:
    form.today = local_today(centre_zone(course.centre))
    form.service.choices = [
        SelectChoice(slug, f"{service.name} ({service.duration_minutes} min)")
        for slug, service in services.items()
    ]


def _defaults(form: CourseForm, course: Course) -> None:
    """Start from the plan: its sessions and frequency, from tomorrow (or the plan's start),
    at the time of the patient's last visit, the shortest visit (a follow-up)."""
    slugs = [choice.value for choice in form.service.choices or []]
    form.service.data = slugs[-1] if slugs else None
    form.weekdays.data = [str(d) for d in sorted(weekdays_for(course.frequency))]
    form.preferred_time.data = _usual_time(course) or DEFAULT_TIME
    form.sessions.data = min(max(course.sessions_planned, 1), MAX_SESSIONS)
    tomorrow = local_today(centre_zone(course.centre)) + timedelta(days=1)
    form.first_day.data = max(course.start_date, tomorrow)


def _usual_time(course: Course) -> time | None:
    last = db.session.scalar(
        select(Appointment.starts_at)
        .where(
            Appointment.patient_id == course.patient.id,
            Appointment.status != AppointmentStatus.CANCELLED,
        )
        .order_by(Appointment.starts_at.desc())
        .limit(1)
    )
    return None if last is None else to_local(last, centre_zone(course.centre)).time()


def _diary(course: Course, service: Service, wanted: CourseRequest) -> CourseDiary:
    days = course_days(wanted)
    return course_diary(
        centre=course.centre,
        service=service,
        therapist_id=course.therapist.id,
        patient_id=course.patient.id,
        first_day=days[0] if days else wanted.first_day,
        last_day=days[-1] if days else wanted.first_day,
        now=utcnow(),
    )


def _row(session, diary, form, picked, error=None, picks=()) -> Row:
    """A session as the page shows it: the proposed time, or the clash and its alternatives;
    what was picked stays picked."""
    starts = [session.proposed] if session.proposed else list(session.alternatives)
    if error and picked is not None:  # picked, but not free: offer what is free around it
        others = [p for p in picks if p is not None and p != picked]
        starts = nearest_free(picked, form.preferred_time.data, diary, others)
    elif picked is not None and picked not in starts:
        starts.append(picked)
    checked = picked if picked is not None and not error else None
    if checked is None and session.proposed and not error:
        checked = session.proposed
    options = [Option(slot_value(start), _when(start, diary), start == checked) for start in starts]
    return Row(
        number=session.number,
        day=_day(to_local(session.wanted, diary.therapist.zone).date()),
        wanted=_when(session.wanted, diary),
        clash=session.clash.value if session.clash else None,
        options=options,
        error=error,
    )


def _day(local: date) -> str:
    return f"{day(local, 'weekday_short')} {day(local, 'brief')}"  # 'Mon 4 Jan', as the times


def _when(moment: datetime, diary: CourseDiary) -> str:
    return when(moment, diary.therapist.zone)


def _render(course: Course, form, service, rows: list[Row], status: int = 200):
    return render_template(
        "booking/course.html",
        course=course,
        form=form,
        service=service,
        rows=rows,
        clashes=sum(1 for row in rows if row.clash or row.error),
    ), status
