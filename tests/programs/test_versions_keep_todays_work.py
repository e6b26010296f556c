"""A program version published mid-day keeps what the patient already did that day."""

import threading

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.programs.models import PracticeLog
from portal.programs.services import publish_version

PAIN = {"pain_before": "5", "pain_after": "2"}


def _log_count() -> int:
    return db.session.scalar(select(func.count()).select_from(PracticeLog))


@pytest.fixture
def version_2(make, clinic, plan):
    """The same three techniques (BL23 now held longer), published from today."""
    drafts = [
        make.item("BL23", times_per_day=2, hold_seconds=60),
        make.item("GV4"),
        make.item("BRIDGE"),
    ]
    version = publish_version(plan.program, drafts, plan.start_date, clinic["therapist"])
    db.session.commit()  # the service flushes; its caller commits
    return {item.technique.code: item for item in version.items}


def test_done_under_version_1_is_done_under_version_2(client, login_as, clinic, items, make):
    login_as(clinic["patient"])
    assert client.post(f"/today/practice/{items['GV4'].id}", data=PAIN).status_code == 302
    plan = items["GV4"].version.program.plan
    drafts = [make.item("BL23", times_per_day=2), make.item("GV4"), make.item("BRIDGE")]
    version = publish_version(plan.program, drafts, plan.start_date, clinic["therapist"])
    gv4 = next(item for item in version.items if item.technique.code == "GV4")

    today = client.get("/today").get_data(as_text=True)
    assert "1 of 4 done" in today
    assert f"/today/practice/{gv4.id}?" not in today  # no Start: it is done
    again = client.post(f"/today/practice/{gv4.id}", data=PAIN, follow_redirects=True)
    assert "That was already logged." in again.get_data(as_text=True)
    assert _log_count() == 1


def test_the_database_refuses_a_second_log_of_an_occurrence_under_another_version(
    clinic, items, version_2, today
):
    first = PracticeLog(
        patient_id=clinic["patient"].id, item_id=items["GV4"].id,
        occurrence_date=today, occurrence_index=1,
    )  # fmt: skip
    db.session.add(first)
    db.session.commit()
    db.session.add(
        PracticeLog(
            patient_id=clinic["patient"].id,
            item_id=version_2["GV4"].id,
            occurrence_date=today,
            occurrence_index=1,
        )  # fmt: skip
    )
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    assert _log_count() == 1


def test_the_log_names_the_technique_of_its_item_whatever_the_caller_says(clinic, items, today):
    log = PracticeLog(
        patient_id=clinic["patient"].id, item_id=items["GV4"].id,
        technique_id=items["BL23"].technique_id, occurrence_date=today, occurrence_index=1,
    )  # fmt: skip
    db.session.add(log)
    db.session.commit()
    assert log.technique_id == items["GV4"].technique_id


def test_two_versions_completed_at_once_make_one_log(app, clinic, items, version_2):
    """Two tabs, one on each version, press Done together: one log, and no error page."""
    patient_email = clinic["patient"].email
    urls = [f"/today/practice/{items['BRIDGE'].id}", f"/today/practice/{version_2['BRIDGE'].id}"]
    statuses: list[int] = []
    ready = threading.Barrier(len(urls))

    def complete(url: str) -> None:
        with app.test_client() as client:
            client.post(
                "/login", data={"email": patient_email, "password": "correct horse battery"}
            )
            ready.wait()
            statuses.append(client.post(url, data=PAIN).status_code)

    threads = [threading.Thread(target=complete, args=(url,)) for url in urls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert statuses == [302, 302]
    db.session.rollback()
    assert _log_count() == 1


def test_completing_again_under_the_new_version_returns_the_first_log(
    clinic, items, version_2, today
):
    from portal.programs.services import record_practice

    def complete(item, pain_after):
        return record_practice(
            patient=clinic["patient"], item=item, occurrence_date=today, occurrence_index=1,
            pain_before=5, pain_after=pain_after, note=None,
        )  # fmt: skip

    first, created = complete(items["GV4"], 2)
    again, created_again = complete(version_2["GV4"], 0)
    assert (created, created_again) == (True, False)
    assert (again.id, again.pain_after) == (first.id, 2)
