"""The migrations are the schema: they build it from nothing, take it back down, and agree
with the models."""

import os
import threading
import time

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from portal.app import create_app
from portal.db_types import compared_with_models
from portal.extensions import db
from tests.conftest import TEST_SETTINGS, temporary_postgres_database


@pytest.fixture
def empty_database_url(tmp_path):
    configured = os.environ.get("DATABASE_URL", "")
    if not configured.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    with temporary_postgres_database(configured, "portal_migrations") as url:
        yield url


def _tables(engine) -> set[str]:
    return set(inspect(engine).get_table_names()) - {"alembic_version"}


# "contains" search on patients: PostgreSQL's pg_trgm GIN indexes; SQLite has none.
TRIGRAM_INDEXES = {"ix_users_name_trgm", "ix_users_email_trgm", "ix_users_phone_trgm"}


def _trigram_indexes(engine) -> set[str]:
    return {index["name"] for index in inspect(engine).get_indexes("users")} & TRIGRAM_INDEXES


def _constraints_survive_the_migrations() -> None:
    """SQLite rebuilds tables to alter them: the CHECK constraints must come through."""
    exercise_without_sets = text(
        "INSERT INTO techniques (kind, code, name, summary, benefits, how_to, cautions, "
        "avoid_in_pregnancy, default_hold_seconds, sort_order, archived) VALUES ('exercise', "
        "'X', 'X', 'X', 'X', 'X', 'X', false, 10, 0, false)"
    )
    point_held_too_long = text(
        "INSERT INTO techniques (kind, code, name, summary, location, benefits, how_to, sides, "
        "cautions, avoid_in_pregnancy, default_hold_seconds, diagram_view, diagram_x, diagram_y, "
        "sort_order, archived) VALUES ('acupressure', 'Y', 'Y', 'Y', 'Y', 'Y', 'Y', 'both', 'Y', "
        "false, 900, 'back', 10, 10, 0, false)"
    )
    for statement in (exercise_without_sets, point_held_too_long):
        with pytest.raises(IntegrityError), db.engine.begin() as connection:
            connection.execute(statement)


def test_upgrade_to_head_and_down_to_base_and_up_again(empty_database_url):
    app = create_app({**TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade()
        assert _tables(db.engine) == set(db.metadata.tables)
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"include_object": compared_with_models}
            )
            drift = compare_metadata(context, db.metadata)
        assert drift == []
        assert _trigram_indexes(db.engine) == (
            TRIGRAM_INDEXES if db.engine.dialect.name == "postgresql" else set()
        )
        _constraints_survive_the_migrations()
        downgrade(revision="base")
        assert _tables(db.engine) == set()
        upgrade()
        assert _tables(db.engine) == set(db.metadata.tables)
        db.engine.dispose()


def test_an_occurrence_logged_under_two_versions_is_kept_once_by_the_upgrade(
    empty_database_url,
):
    from portal.db_types import utcnow
    from portal.programs.services import publish_version
    from tests.factories import Factories

    app = create_app({**TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade()
        make = Factories()
        centre = make.centre(make.city("Bengaluru"), "Indiranagar")
        therapist, patient = make.therapist(centre), make.patient(centre=centre)
        plan = make.plan(patient, therapist, [make.item("GV4")])
        second = publish_version(plan.program, [make.item("GV4")], plan.start_date, therapist)
        db.session.commit()  # the service flushes; its caller commits
        ids = [plan.program.versions[0].items[0].id, second.items[0].id]
        gv4, patient_id, day = second.items[0].technique_id, patient.id, plan.start_date
        db.session.remove()

        downgrade(revision="b72bf628ecc8")  # logs keyed by item: both versions took GV4
        logs = db.metadata.tables["practice_logs"]
        with db.engine.begin() as connection:
            for item_id in ids:
                connection.execute(
                    logs.insert().values(
                        patient_id=patient_id,
                        item_id=item_id,
                        occurrence_date=day,
                        occurrence_index=1,
                        completed_at=utcnow(),
                    )  # fmt: skip
                )
        upgrade()
        with db.engine.connect() as connection:
            kept = connection.execute(text("SELECT item_id, technique_id FROM practice_logs"))
            assert kept.all() == [(ids[0], gv4)]
        db.engine.dispose()


def test_the_upgrade_fills_the_dashboards_ranking_rows(empty_database_url):
    from portal.localtime import local_today
    from portal.programs.models import PracticeLog
    from portal.safety.models import SafetyFlag
    from tests.factories import Factories

    app = create_app({**TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade()
        make = Factories()
        centre = make.centre(make.city("Bengaluru"), "Indiranagar")
        therapist = make.therapist(centre)
        with_plan, flagged = make.patient(centre=centre), make.patient(centre=centre)
        plan = make.plan(with_plan, therapist, [make.item("GV4")], local_today("Asia/Kolkata"))
        db.session.add(SafetyFlag(patient_id=flagged.id, kind="sharp_pain", details="Sharp."))
        item = plan.program.versions[-1].items[0]
        db.session.add(
            PracticeLog(patient_id=with_plan.id, item_id=item.id, technique_id=item.technique_id,
                        occurrence_date=local_today("Asia/Kolkata"), occurrence_index=1,
                        pain_before=6)
        )  # fmt: skip
        db.session.commit()
        rows = (
            "SELECT patient_id, starts_on, ends_on, urgency, latest_pain, pain_a_week_ago,"
            " due_in_window, done_in_window, last_log, has_program"
            " FROM patient_attention ORDER BY 1, 2"
        )
        with db.engine.connect() as connection:
            written = connection.execute(text(rows)).all()
        assert {row[0] for row in written} == {with_plan.id, flagged.id}
        assert all(row.has_program is not None and row.due_in_window is not None for row in written)
        assert 6 in {row.latest_pain for row in written}  # the log's pain, in the window
        db.session.remove()

        # From before the table: the same rows, filled by the upgrade.
        downgrade(revision="a5f7f5228ee5-1")
        assert "patient_attention" not in _tables(db.engine)
        upgrade()
        with db.engine.connect() as connection:
            assert connection.execute(text(rows)).all() == written
        # From before the rows held signals: kept as they were (the previous release may be
        # writing them), the signals NULL until `flask refresh-attention` writes them.
        downgrade(revision="7d1f0b6a2c54-1")
        upgrade()
        with db.engine.connect() as connection:
            kept = connection.execute(text(rows)).all()
        assert [row[:4] for row in kept] == [row[:4] for row in written]
        assert {row.has_program for row in kept} == {None}
        result = app.test_cli_runner().invoke(args=["refresh-attention"])
        assert result.exit_code == 0, result.output
        with db.engine.connect() as connection:
            assert connection.execute(text(rows)).all() == written

        # From before the rows held centres and names, a patient without a plan or a flag had
        # none: the copies are filled in, and that patient gets an open run, on track.
        unplanned = make.patient(name="Usha Unplanned", centre=centre)
        unplanned_id, centre_id = unplanned.id, centre.id
        whom = "SELECT patient_id, centre_id, name, urgency FROM patient_attention ORDER BY 1, 2"
        with db.engine.connect() as connection:
            copied = connection.execute(text(whom)).all()
        db.session.remove()
        downgrade(revision="2b9d4e7a1c30-1")
        with db.engine.begin() as connection:  # as the previous release left them
            connection.execute(text("DELETE FROM patient_attention WHERE patient_id = :id"),
                               {"id": unplanned_id})  # fmt: skip
        upgrade()
        with db.engine.connect() as connection:
            assert connection.execute(text(whom)).all() == copied
            assert (unplanned_id, centre_id, "Usha Unplanned", 4) in copied
        db.engine.dispose()


# Whom a therapist treats is counted by triggers on these tables (migration 3c5e8f1a9b27); on
# SQLite a later migration that rebuilds either table would drop them without a word.
CARE_TRIGGERS = {
    f"{name}_{table}"
    for table in ("treatment_plans", "appointments")
    for name in ("count_care", "count_care_removed", "count_care_moved")
}
# PostgreSQL's TRUNCATE fires no row trigger: one per statement counts the pairs again.
CARE_RECOUNTS = {"recount_care_treatment_plans", "recount_care_appointments"}


def _care_triggers(engine) -> set[str]:
    listed = (
        "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
        if engine.dialect.name == "postgresql"
        else "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    )
    with engine.connect() as connection:
        return {name for name in connection.scalars(text(listed)) if "count_care" in name}


def test_the_upgrade_counts_the_pairs_there_are_even_while_one_is_written(empty_database_url):
    """Upgrading beside the previous release: the pairs its rows make are counted, and on
    PostgreSQL a write in flight when the upgrade starts (an appointment moved to a colleague)
    is counted too, not lost between the count and the triggers."""
    from datetime import timedelta

    from portal.db_types import utcnow
    from tests.care_rows import pairs_in_the_rows, stored_pairs
    from tests.factories import Factories

    app = create_app({**TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade()
        expected_triggers = CARE_TRIGGERS | (
            CARE_RECOUNTS if db.engine.dialect.name == "postgresql" else set()
        )
        assert _care_triggers(db.engine) == expected_triggers
        make = Factories()
        centre = make.centre(make.city("Bengaluru"), "Indiranagar")
        therapist, colleague = make.therapist(centre), make.therapist(centre)
        patient = make.patient(centre=centre)
        make.plan(patient, therapist, [make.item("GV4")])
        when = utcnow() + timedelta(days=1)
        moved = make.appointment(patient, therapist, centre, make.service(), when).id
        make.appointment(patient, colleague, centre, make.service(), when + timedelta(days=1))
        ids = therapist.id, colleague.id, patient.id
        db.session.remove()
        downgrade(revision="ad67d49247cb")
        assert _care_triggers(db.engine) == set()

        with db.engine.connect() as previous_release:
            previous_release.execute(
                text("UPDATE appointments SET therapist_id = :colleague WHERE id = :id"),
                {"colleague": colleague.id, "id": moved},
            )
            if db.engine.dialect.name == "postgresql":
                failures: list[BaseException] = []
                upgrading = threading.Thread(target=_upgrade_in, args=(app, failures))
                upgrading.start()
                time.sleep(0.5)  # the upgrade has begun, and waits for the write
                previous_release.commit()
                upgrading.join(60)
                assert not upgrading.is_alive()
                assert failures == []
            else:  # one writer at a time: the write is done before the upgrade writes
                previous_release.commit()
                upgrade()
        therapist_id, colleague_id, patient_id = ids
        assert stored_pairs() == pairs_in_the_rows()
        assert stored_pairs() == {
            (therapist_id, patient_id): (1, 0),
            (colleague_id, patient_id): (0, 2),
        }
        assert _care_triggers(db.engine) == expected_triggers
        db.session.remove()
        db.engine.dispose()


def _upgrade_in(app, failures: list[BaseException]) -> None:
    try:
        with app.app_context():
            upgrade()
    except BaseException as failure:  # noqa: BLE001 (reported by the test's thread)
        failures.append(failure)
