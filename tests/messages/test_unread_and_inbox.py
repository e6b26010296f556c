"""Unread counts in the navigation (read at sign-in; none for visitors and desk), and the
therapist's inbox: unread first, then the latest; paged; a fixed number of statements."""

import re
from datetime import timedelta

import pytest

from portal.accounts.roles import Role
from portal.db_types import utcnow
from portal.extensions import db
from portal.messages.views import INBOX_PAGE_SIZE
from tests.test_query_counts import counted_statements, statements_for


def _badge(page: str) -> int | None:
    found = re.search(r'class="badge rounded-pill nav-count" data-unread="(\d+)"', page)
    return int(found.group(1)) if found else None


def test_the_patients_count_goes_up_with_replies_and_down_once_read(client, login_as, world, send):
    login_as(world["patient_a"])
    assert _badge(client.get("/today").get_data(as_text=True)) is None
    send(world["plan"], world["therapist_a"], "First reply.")
    send(world["plan"], world["therapist_a"], "Second reply.")
    send(world["plan"], world["patient_a"], "My own message is never unread for me.")
    send(world["plan_b"], world["colleague"], "Meant for Meera, not for Rohan.")
    assert _badge(client.get("/today").get_data(as_text=True)) == 2
    client.get(f"/messages/{world['plan'].id}")
    assert _badge(client.get("/today").get_data(as_text=True)) is None


def test_the_therapists_count_is_of_their_patients_messages(client, login_as, world, send):
    send(world["plan"], world["patient_a"], "From Rohan.")
    send(world["plan"], world["therapist_a"], "My reply is never unread for me.")
    send(world["plan_b"], world["patient_b"], "From Meera, whom Dr. Hegde does not treat.")
    login_as(world["therapist_a"])
    assert _badge(client.get("/therapist/").get_data(as_text=True)) == 1
    client.post("/logout")
    login_as(world["colleague"])  # treats Meera; Rohan's message is not hers to count
    assert _badge(client.get("/therapist/").get_data(as_text=True)) == 1


def test_one_therapist_reading_clears_it_for_the_care_team(client, login_as, make, world, send):
    """read_at is per message: a patient's message read by any treating therapist is read."""
    second = make.plan(world["patient_a"], world["colleague"], condition="Neck stiffness")
    send(world["plan"], world["patient_a"])
    login_as(world["colleague"])  # now treats Rohan too (a plan of hers)
    assert _badge(client.get("/therapist/").get_data(as_text=True)) == 1
    client.get(f"/therapist/messages/{world['plan'].id}")
    assert _badge(client.get("/therapist/").get_data(as_text=True)) is None
    assert second.id  # her own plan's thread is empty


def _message_statements(client, url) -> list[str]:
    """The statements that read messages, but for the sign-in (which reads a patient's count)."""
    with counted_statements() as statements:
        assert client.get(url).status_code == 200
    return [s for s in statements if "messages" in s and "login_sessions" not in s]


@pytest.mark.parametrize(("who", "url", "expected"), [
    ("patient_a", "/today", 0), ("therapist_a", "/therapist/", 0),
    ("desk", "/desk/", 0), ("admin", "/desk/", 0), (None, "/", 0),
])  # fmt: skip
def test_the_navigation_count_costs_one_statement_or_none(
    client, login_as, world, send, who, url, expected
):
    """A patient's count and a therapist's come with the sign-in statement; the desk and
    admins have no threads, visitors no count."""
    send(world["plan"], world["patient_a"])
    if who:
        login_as(world[who])
    assert len(_message_statements(client, url)) == expected


def test_a_therapist_session_from_before_the_staff_values_counts_on_its_own(
    client, login_as, world, send
):
    """An older cookie (no workplace hint) is read without the staff's values: the count
    then costs a statement of its own, right all the same, and the next page is back to none."""
    send(world["plan"], world["patient_a"], "From Rohan.")
    login_as(world["therapist_a"])
    with client.session_transaction() as session:
        del session["placed"]
    assert len(_message_statements(client, "/therapist/")) == 1
    assert _badge(client.get("/therapist/").get_data(as_text=True)) == 1
    assert _message_statements(client, "/therapist/") == []


def test_the_thread_just_read_is_not_counted_on_its_own_page(client, login_as, world, send):
    """The count read at sign-in is out of date once the page marks the thread read."""
    send(world["plan"], world["therapist_a"], "First reply.")
    send(world["plan_b"], world["colleague"], "Meant for Meera.")
    login_as(world["patient_a"])
    assert _badge(client.get("/today").get_data(as_text=True)) == 1
    assert _badge(client.get(f"/messages/{world['plan'].id}").get_data(as_text=True)) is None


def test_a_patient_who_is_also_staff_counts_both_sides(client, login_as, make, world, send):
    """A therapist treated by a colleague: what patients wrote to them, and what their own
    therapist wrote to them, in one count."""
    own_care = make.plan(world["therapist_a"], world["colleague"], condition="Neck stiffness")
    send(world["plan"], world["patient_a"], "From Rohan, to Dr. Hegde.")
    send(own_care, world["colleague"], "To Dr. Hegde, as a patient.")
    world["therapist_a"].grant(Role.PATIENT)
    db.session.commit()
    login_as(world["therapist_a"])
    assert _badge(client.get("/therapist/").get_data(as_text=True)) == 2


def test_the_inbox_puts_unread_threads_first_then_the_latest(client, login_as, make, world, send):
    centre, therapist = world["plan"].centre, world["therapist_a"]
    names = ["Anita Desai", "Suresh Babu", "Zoya Khan"]
    plans = {name: make.plan(make.patient(name=name, centre=centre), therapist) for name in names}
    earlier = utcnow() - timedelta(hours=3)
    # Anita wrote first and is still unread; Suresh's thread is read, but has the latest
    # message; Zoya wrote last and is unread.
    send(plans["Anita Desai"], plans["Anita Desai"].patient, "Anita asks", sent_at=earlier)
    send(plans["Suresh Babu"], plans["Suresh Babu"].patient, "Suresh asks", read_at=utcnow())
    send(plans["Zoya Khan"], plans["Zoya Khan"].patient, "Zoya asks")
    send(plans["Suresh Babu"], therapist, "Replied to Suresh")
    login_as(therapist)
    page = client.get("/therapist/messages").get_data(as_text=True)
    order = sorted(names, key=page.index)
    assert order == ["Zoya Khan", "Anita Desai", "Suresh Babu"]
    assert "Rohan Kulkarni" not in page  # a thread without messages is not in the inbox


def _patients_writing(make, centre, therapist, send, count):
    for _ in range(count):
        plan = make.plan(make.patient(centre=centre), therapist)
        send(plan, plan.patient, "A question about my program.")


def test_the_inbox_is_paged_and_its_statements_do_not_grow(client, login_as, make, world, send):
    centre, therapist = world["plan"].centre, world["therapist_a"]
    _patients_writing(make, centre, therapist, send, 3)
    login_as(therapist)
    few = statements_for(client, "/therapist/messages")
    _patients_writing(make, centre, therapist, send, INBOX_PAGE_SIZE + 5)
    many = statements_for(client, "/therapist/messages")
    assert many == few
    first = client.get("/therapist/messages").get_data(as_text=True)
    second = client.get("/therapist/messages?page=2").get_data(as_text=True)
    rows = re.compile(r'href="/therapist/messages/(\d+)"')
    on_first, on_second = set(rows.findall(first)), set(rows.findall(second))
    assert len(on_first) == INBOX_PAGE_SIZE and len(on_second) == 8
    assert not on_first & on_second
    assert 'rel="next"' in first and 'rel="next"' not in second
