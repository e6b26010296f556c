"""`flask seed-scale` at a small size: the rows it writes, again the same, accepted by every
constraint, and pages that work on them. tests/unit/test_scale_plan.py checks the rules."""

from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased

from portal.accounts.models import RoleGrant, User
from portal.accounts.roles import Role
from portal.booking.models import Appointment, AppointmentStatus
from portal.contact.models import CallbackRequest
from portal.demo.data import DEMO_PASSWORD
from portal.extensions import db
from portal.localtime import local_today
from portal.programs.models import PlanStatus, PracticeLog, TreatmentPlan
from tests.conftest import empty_all_tables

SMALL = [
    "seed-scale", "--centres", "2", "--therapists", "5", "--patients", "50", "--days", "30",
    "--appointments", "300", "--callbacks", "40", "--today", "2026-12-02",
]  # fmt: skip


def _seed(runner, *extra: str):
    result = runner.invoke(args=[*SMALL, *extra])
    assert result.exit_code == 0, result.output
    return result


def _all_rows() -> dict[str, list[tuple]]:
    return {
        table.name: [
            tuple(row)
            for row in db.session.execute(select(table).order_by(*table.primary_key.columns)).all()
        ]
        for table in db.metadata.sorted_tables
    }


def _count(model_or_column, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model_or_column).where(*where))


def test_it_makes_what_was_asked_and_says_so(runner):
    result = _seed(runner)
    patients = _count(RoleGrant, RoleGrant.role == Role.PATIENT)
    assert patients == 50
    assert _count(RoleGrant, RoleGrant.role == Role.THERAPIST) == 5
    assert _count(Appointment) == 300
    assert _count(CallbackRequest) == 40
    assert _count(TreatmentPlan) == 50
    logs = _count(PracticeLog)
    assert logs > 50 * 5
    assert f"{logs:,}  practice_logs" in result.output
    assert "300  appointments" in result.output
    assert DEMO_PASSWORD in result.output
    first_patient = db.session.scalar(
        select(User.email).join(RoleGrant).where(RoleGrant.role == Role.PATIENT).order_by(User.id)
    )
    assert f"patient    {first_patient}" in result.output


def test_same_arguments_make_identical_rows(runner):
    _seed(runner)
    first = _all_rows()
    db.session.remove()
    empty_all_tables()
    _seed(runner)
    assert _all_rows() == first


def test_it_refuses_a_database_with_patients_unless_appending(runner):
    _seed(runner)
    refused = runner.invoke(args=SMALL)
    assert refused.exit_code != 0
    assert "--append" in refused.output
    assert _count(RoleGrant, RoleGrant.role == Role.PATIENT) == 50
    _seed(runner, "--append", "--seed", "2")
    assert _count(RoleGrant, RoleGrant.role == Role.PATIENT) == 100
    assert _no_overlapping_booked_appointments()


def test_booked_appointments_never_overlap(runner):
    _seed(runner)
    assert _count(Appointment, Appointment.status == AppointmentStatus.BOOKED) > 0
    assert _no_overlapping_booked_appointments()


def _no_overlapping_booked_appointments() -> bool:
    """What PostgreSQL's exclusion constraints forbid, asked of either database."""
    other = aliased(Appointment)
    for column in ("therapist_id", "patient_id"):
        clash = select(Appointment.id).join(
            other,
            and_(
                getattr(other, column) == getattr(Appointment, column),
                other.id != Appointment.id,
                other.starts_at < Appointment.ends_at,
                Appointment.starts_at < other.ends_at,
                other.status == AppointmentStatus.BOOKED,
            ),
        )
        if db.session.scalar(clash.where(Appointment.status == AppointmentStatus.BOOKED).limit(1)):
            return False
    return True


def test_generated_people_can_log_in_and_use_their_pages(runner, client, auth):
    _seed(runner, "--today", _today_iso())
    patient = db.session.scalar(
        select(User)
        .join(TreatmentPlan, TreatmentPlan.patient_id == User.id)
        .where(TreatmentPlan.status == PlanStatus.ACTIVE)
        .order_by(User.id)
        .limit(1)
    )
    therapist = _first_with_role(Role.THERAPIST)
    desk = _first_with_role(Role.DESK)
    for user, pages in [
        (patient, ["/today", "/progress", "/book/blr-indiranagar/follow-up/"]),
        (therapist, ["/therapist/", f"/therapist/patients/{patient.id}"]),
        (desk, ["/schedule?view=week", "/desk/?status=closed"]),
    ]:
        assert auth.login(user.email, DEMO_PASSWORD).status_code == 302, user.email
        for page in pages:
            assert client.get(page).status_code == 200, (user.email, page)
        auth.logout()


def _first_with_role(role: Role) -> User:
    return db.session.scalar(
        select(User).join(RoleGrant).where(RoleGrant.role == role).order_by(User.id).limit(1)
    )


def _today_iso() -> str:
    return f"{local_today('Asia/Kolkata'):%Y-%m-%d}"
