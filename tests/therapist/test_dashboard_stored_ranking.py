"""A therapist's dashboard ranks from patient_attention's copies of each patient's centre and
name: every patient has rows, the copies follow a change of name, centre or patient role made
through the portal, and a page is ranked from users and profiles instead whenever the rows
might leave a visible patient off (or show someone who is no patient)."""

from datetime import timedelta

import pytest
from sqlalchemy import delete, select, update

from portal.accounts.models import RoleGrant
from portal.accounts.roles import Role
from portal.extensions import db
from portal.privacy.erasure import carry_out_due_erasures, request_erasure
from portal.programs.attention import Urgency
from portal.programs.models import PatientAttention
from portal.therapist import dashboard
from portal.therapist.dashboard import dashboard_page
from tests.therapist.test_dashboard import _flag


@pytest.fixture
def ranked_from_users(monkeypatch):
    """How many times a page was ranked from users and profiles (the general statement)."""
    calls = []
    general = dashboard._page_statement

    def counted(rule):
        calls.append(rule)
        return general(rule)

    monkeypatch.setattr(dashboard, "_page_statement", counted)
    return calls


@pytest.fixture
def world(make, clinic, today):
    """A therapist's centre with patients in every state, and one they treat elsewhere."""
    therapist, centre = clinic["therapist"], clinic["centre"]
    flagged = make.patient(name="Bala Flagged", centre=centre)
    make.plan(flagged, therapist, [make.item("GV4")], today - timedelta(days=20))
    _flag(flagged)
    quiet = make.patient(name="Dev Quiet", centre=centre)
    make.plan(quiet, therapist, [make.item("GV4")], today - timedelta(days=20))
    unplanned = make.patient(name="Asha Unplanned", centre=centre)  # no plan, no flag
    other = make.centre(make.city("Hyderabad"), "Kondapur", slug="hyd-kondapur")
    visiting = make.patient(name="Jaya Visiting", centre=other)
    make.plan(visiting, therapist, [make.item("GV4")], today - timedelta(days=3))
    make.patient(name="Imran Kondapur", centre=other)  # not theirs to see
    return {
        "therapist": therapist, "patient": clinic["patient"], "flagged": flagged,
        "quiet": quiet, "unplanned": unplanned, "visiting": visiting, "other": other,
    }  # fmt: skip


def _listing(app, therapist, today):
    with app.test_request_context():
        page = dashboard_page(therapist, today)
    return [(row.name, row.attention.urgency) for row in page.rows], page.total


def _take_the_patient_role_by_hand(patient):
    """Past the portal: its rows are not rewritten."""
    db.session.execute(
        delete(RoleGrant).where(RoleGrant.user_id == patient.id, RoleGrant.role == Role.PATIENT)
    )


def _rows_of(patient):
    return db.session.execute(
        select(PatientAttention.centre_id, PatientAttention.name).where(
            PatientAttention.patient_id == patient.id
        )
    ).all()


def test_the_stored_ranking_is_the_ranking_from_users_and_profiles(
    app, world, today, ranked_from_users, monkeypatch
):
    stored = _listing(app, world["therapist"], today)
    assert ranked_from_users == []  # every visible patient's rows are there: not needed
    names = [name for name, _urgency in stored[0]]
    assert names == [
        "Bala Flagged",
        "Dev Quiet",
        "Jaya Visiting",
        "Asha Unplanned",
        "Rohan Kulkarni",
    ]
    assert stored[0][0][1] is Urgency.SAFETY_FLAG and stored[1] == 5

    monkeypatch.setattr(dashboard, "_complete", lambda _rows: False)
    assert _listing(app, world["therapist"], today) == stored
    assert ranked_from_users == ["therapist"]


@pytest.mark.parametrize("who", ["unplanned", "flagged", "visiting"])
def test_a_patient_whose_rows_are_missing_is_still_listed(
    app, world, today, ranked_from_users, who
):
    """Rows deleted past the portal (by hand, a bulk load before its refresh)."""
    expected = _listing(app, world["therapist"], today)
    db.session.execute(delete(PatientAttention).where(PatientAttention.patient_id == world[who].id))
    db.session.commit()
    names, total = _listing(app, world["therapist"], today)
    assert total == expected[1]
    assert {name for name, _urgency in names} == {name for name, _urgency in expected[0]}
    assert ranked_from_users == ["therapist"]


def test_rows_the_previous_release_wrote_without_centre_and_name_are_not_trusted(
    app, world, today, ranked_from_users
):
    expected = _listing(app, world["therapist"], today)
    db.session.execute(
        update(PatientAttention)
        .where(PatientAttention.patient_id == world["quiet"].id)
        .values(centre_id=None, name=None)
    )
    db.session.commit()
    assert _listing(app, world["therapist"], today) == expected
    assert ranked_from_users == ["therapist"]


def test_every_new_patient_has_rows_with_their_centre_and_name(make, world):
    newcomer = make.patient(name="Neha Newcomer", centre=world["other"])
    assert _rows_of(newcomer) == [(world["other"].id, "Neha Newcomer")]
    assert _rows_of(world["unplanned"]) == [(world["patient"].patient_profile.primary_centre_id,
                                              "Asha Unplanned")]  # fmt: skip


def test_a_change_of_name_or_centre_rewrites_the_copies(app, world, today, ranked_from_users):
    quiet = world["quiet"]
    quiet.name = "Dev Aaronson"  # now first among the not-following
    db.session.commit()
    assert {name for _centre, name in _rows_of(quiet)} == {"Dev Aaronson"}
    world["visiting"].patient_profile.primary_centre_id = world[
        "patient"
    ].patient_profile.primary_centre_id
    db.session.commit()
    assert {centre for centre, _name in _rows_of(world["visiting"])} == {
        world["patient"].patient_profile.primary_centre_id
    }
    names, total = _listing(app, world["therapist"], today)
    assert [name for name, _urgency in names][:2] == ["Bala Flagged", "Dev Aaronson"]
    assert total == 5 and ranked_from_users == []


def test_a_staff_members_new_name_writes_no_rows(world):
    therapist = world["therapist"]
    therapist.name = "Dr. Arjun H."
    db.session.commit()
    assert _rows_of(therapist) == []


def test_a_patient_role_taken_away_takes_the_rows_with_it(app, world, today, ranked_from_users):
    grant = db.session.scalar(
        select(RoleGrant).where(
            RoleGrant.user_id == world["quiet"].id, RoleGrant.role == Role.PATIENT
        )
    )
    db.session.delete(grant)
    db.session.commit()
    assert _rows_of(world["quiet"]) == []
    names, total = _listing(app, world["therapist"], today)
    assert "Dev Quiet" not in {name for name, _urgency in names} and total == 4


def test_the_nightly_refresh_drops_the_rows_of_a_role_taken_away_by_hand(runner, world):
    _take_the_patient_role_by_hand(world["flagged"])
    db.session.commit()
    assert _rows_of(world["flagged"]) != []  # past the portal: nobody noticed
    result = runner.invoke(args=["refresh-attention"])
    assert result.exit_code == 0, result.output
    db.session.rollback()
    assert _rows_of(world["flagged"]) == []
    assert _rows_of(world["unplanned"]) != []


def test_an_erased_patients_rows_keep_no_name(world, today):
    unplanned = world["unplanned"]
    request = request_erasure(unplanned)
    db.session.commit()
    assert carry_out_due_erasures(now=request.due_at) == 1
    assert {name for _centre, name in _rows_of(unplanned)} == {f"Erased patient {unplanned.id}"}


# An admin's dashboard: every patient, ranked from the rows alone while they hold them all.

EVERY_PATIENT = [
    "Bala Flagged",
    "Dev Quiet",
    "Jaya Visiting",
    "Asha Unplanned",
    "Imran Kondapur",
    "Rohan Kulkarni",
]


def test_an_admins_stored_ranking_is_the_ranking_from_users(
    app, make, world, today, ranked_from_users, monkeypatch
):
    admin = make.admin()
    stored = _listing(app, admin, today)
    assert ranked_from_users == []
    assert [name for name, _urgency in stored[0]] == EVERY_PATIENT
    assert stored[0][0][1] is Urgency.SAFETY_FLAG and stored[1] == 6

    monkeypatch.setattr(dashboard, "_all_stored", lambda _rows: False)
    assert _listing(app, admin, today) == stored
    assert ranked_from_users == ["everyone"]


@pytest.mark.parametrize("who", ["unplanned", "flagged", "visiting"])
def test_a_patient_without_rows_is_still_on_the_admins_list(
    app, make, world, today, ranked_from_users, who
):
    db.session.execute(delete(PatientAttention).where(PatientAttention.patient_id == world[who].id))
    db.session.commit()
    names, total = _listing(app, make.admin(), today)
    assert sorted(name for name, _urgency in names) == sorted(EVERY_PATIENT) and total == 6
    assert ranked_from_users == ["everyone"]


def test_an_admin_is_not_ranked_from_rows_without_names(app, make, world, today, ranked_from_users):
    db.session.execute(
        update(PatientAttention)
        .where(PatientAttention.patient_id == world["quiet"].id)
        .values(centre_id=None, name=None)
    )
    db.session.commit()
    names, _total = _listing(app, make.admin(), today)
    assert [name for name, _urgency in names] == EVERY_PATIENT
    assert ranked_from_users == ["everyone"]


def test_an_admin_sees_no_one_whose_patient_role_went_by_hand(
    app, make, world, today, ranked_from_users
):
    """The rows outlive a role taken away past the portal (until the nightly refresh)."""
    _take_the_patient_role_by_hand(world["quiet"])
    db.session.commit()
    names, total = _listing(app, make.admin(), today)
    assert "Dev Quiet" not in {name for name, _urgency in names} and total == 5
    assert ranked_from_users == ["everyone"]


def test_a_stale_row_does_not_stand_in_for_a_missing_one(
    app, make, world, today, ranked_from_users
):
    """As many rows as patients, but one is no patient's and a patient has none."""
    _take_the_patient_role_by_hand(world["quiet"])
    db.session.execute(
        delete(PatientAttention).where(PatientAttention.patient_id == world["unplanned"].id)
    )
    db.session.commit()
    names, total = _listing(app, make.admin(), today)
    assert sorted(name for name, _urgency in names) == sorted(
        name for name in EVERY_PATIENT if name != "Dev Quiet"
    )
    assert total == 5 and ranked_from_users == ["everyone"]
