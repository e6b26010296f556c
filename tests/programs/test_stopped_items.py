"""After 'Sharp pain — stop' the technique stays stopped until the therapist acknowledges it."""

import threading

from sqlalchemy import select

from portal.extensions import db
from portal.programs.models import PracticeLog
from portal.programs.services import publish_version
from portal.safety.models import SafetyFlag
from tests.factories import PASSWORD

PAIN = {"pain_before": "6", "pain_after": "3"}


def _stop(client, item):
    response = client.post(f"/today/practice/{item.id}/stop", data={})
    assert response.headers["Location"] == "/safety/stopped"
    return db.session.scalars(select(SafetyFlag)).one()


def _start_links(client, item) -> int:
    return client.get("/today").get_data(as_text=True).count(f"/today/practice/{item.id}?")


def test_a_stopped_item_cannot_be_started_by_page_or_url(client, login_as, clinic, items):
    login_as(clinic["patient"])
    assert _start_links(client, items["BL23"]) == 2
    _stop(client, items["BL23"])

    today = client.get("/today").get_data(as_text=True)
    assert "Stopped after sharp pain" in today
    assert _start_links(client, items["BL23"]) == 0
    assert _start_links(client, items["GV4"]) == 1  # the other items go on

    url = f"/today/practice/{items['BL23'].id}"
    refused = client.get(url + "?n=2")
    assert refused.status_code == 403
    assert "BL23 Shenshu is stopped for now" in refused.get_data(as_text=True)
    assert client.post(url, data={**PAIN, "occurrence_index": "1"}).status_code == 403
    assert db.session.scalars(select(PracticeLog)).all() == []


def test_stopping_a_stopped_item_again_shows_the_stopped_page_and_adds_no_flag(
    client, login_as, clinic, items
):
    login_as(clinic["patient"])
    _stop(client, items["BL23"])
    again = client.post(f"/today/practice/{items['BL23'].id}/stop", data={})
    assert again.status_code == 200
    assert "BL23 Shenshu is stopped for now" in again.get_data(as_text=True)
    assert len(db.session.scalars(select(SafetyFlag)).all()) == 1


def test_a_double_tap_on_stop_records_one_flag(app, clinic, items):
    """Four stops sent at once (a double tap, a retry): one flag; each gets the stopped page."""
    url = f"/today/practice/{items['BL23'].id}/stop"
    clients = [app.test_client() for _ in range(4)]
    for each in clients:
        each.post("/login", data={"email": clinic["patient"].email, "password": PASSWORD})
    barrier = threading.Barrier(len(clients), timeout=60)
    statuses = []

    def tap(each) -> None:
        with app.app_context():
            barrier.wait()
            statuses.append(each.post(url, data={}).status_code)
            db.session.remove()

    threads = [threading.Thread(target=tap, args=(each,)) for each in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    db.session.rollback()  # see what the threads wrote
    assert sorted(statuses) == [200, 200, 200, 302]
    assert len(db.session.scalars(select(SafetyFlag)).all()) == 1


def test_today_counts_a_stopped_item_only_for_what_was_done_before_the_stop(
    client, login_as, clinic, items
):
    login_as(clinic["patient"])
    client.post(f"/today/practice/{items['BL23'].id}", data={**PAIN, "occurrence_index": "1"})
    assert 'id="done-summary">1 of 4 done' in client.get("/today").get_data(as_text=True)
    _stop(client, items["BL23"])  # its second session is not asked for any more
    today = client.get("/today").get_data(as_text=True)
    assert 'id="done-summary">1 of 3 done' in today
    assert 'value="1" max="3"' in today


def test_the_therapists_acknowledgement_lifts_the_stop(client, auth, login_as, clinic, items):
    login_as(clinic["patient"])
    flag = _stop(client, items["BL23"])
    auth.logout()
    login_as(clinic["therapist"])
    acknowledged = client.post(f"/therapist/flags/{flag.id}/acknowledge", data={"note": "Called"})
    assert acknowledged.status_code == 302
    auth.logout()

    login_as(clinic["patient"])
    assert "Stopped after sharp pain" not in client.get("/today").get_data(as_text=True)
    assert _start_links(client, items["BL23"]) == 2
    url = f"/today/practice/{items['BL23'].id}"
    assert client.get(url).status_code == 200
    assert client.post(url, data=PAIN).status_code == 302
    assert len(db.session.scalars(select(PracticeLog)).all()) == 1


def test_a_new_version_with_the_technique_keeps_it_stopped(client, make, login_as, clinic, plan):
    login_as(clinic["patient"])
    first = {item.technique.code: item for item in plan.program.versions[-1].items}
    _stop(client, first["BL23"])
    # The therapist publishes a version for another reason (a longer hold on GV4).
    drafts = [make.item("BL23", times_per_day=2), make.item("GV4", hold_seconds=120)]
    version = publish_version(plan.program, drafts, plan.start_date, clinic["therapist"])
    second = {item.technique.code: item for item in version.items}

    assert client.get(f"/today/practice/{second['BL23'].id}").status_code == 403
    assert _start_links(client, second["BL23"]) == 0
    assert client.get(f"/today/practice/{second['GV4'].id}").status_code == 200


def test_the_stopped_page_gives_the_centres_phone(client, login_as, clinic, items):
    login_as(clinic["patient"])
    _stop(client, items["BL23"])
    for page in ("/safety/stopped", f"/today/practice/{items['BL23'].id}"):
        html = client.get(page).get_data(as_text=True)
        assert '<a class="btn btn-outline-primary btn-lg" href="tel:+918041126530">' in html
        assert "+91 80 4112 6530</a>" in html


def test_the_program_editor_says_which_technique_is_stopped(
    client, auth, login_as, clinic, items, plan
):
    login_as(clinic["patient"])
    _stop(client, items["BL23"])
    auth.logout()
    login_as(clinic["therapist"])
    html = client.get(f"/therapist/plans/{plan.id}/program").get_data(as_text=True)
    rows = html.split('class="card shadow-sm mb-3 program-row')[1:]
    stopped = ["Stopped by Rohan Kulkarni after sharp pain" in row for row in rows]
    assert stopped == [True, False, False]  # BL23, GV4, the bridge
