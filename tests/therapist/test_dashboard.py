import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import delete, select

from portal.accounts.models import RoleGrant
from portal.accounts.roles import Role
from portal.audit.models import AuditEvent
from portal.db_types import utcnow
from portal.extensions import db
from portal.programs.models import PracticeLog
from portal.safety.models import FlagKind, SafetyFlag
from portal.therapist.dashboard import (
    _count_statement,
    _open_flags_of,
    _page_statement,
    _plans_of,
    dashboard_page,
)


def _practise(patient, item, day, before, after=2):
    db.session.add(
        PracticeLog(
            patient_id=patient.id,
            item_id=item.id,
            occurrence_date=day,
            occurrence_index=1,
            pain_before=before,
            pain_after=after,
        )  # fmt: skip
    )
    db.session.commit()


def _flag(patient, kind=FlagKind.SHARP_PAIN):
    flag = SafetyFlag(patient_id=patient.id, kind=kind, details="Stopped BL23 (sharp pain).")
    db.session.add(flag)
    db.session.commit()
    return flag


def test_patients_are_sorted_by_who_needs_attention(client, make, login_as, clinic, today):
    therapist, centre = clinic["therapist"], clinic["centre"]
    start = today - timedelta(days=6)
    people = {
        name: make.patient(name=name, centre=centre)
        for name in ("Asha On-Track", "Bala Flagged", "Chitra Rising", "Dev Quiet")
    }
    for name, patient in people.items():
        plan = make.plan(patient, therapist, [make.item("GV4")], start)
        item = plan.program.versions[0].items[0]
        if name != "Dev Quiet":
            for back in range(7):
                pain = 3 + (6 - back) // 2 if name == "Chitra Rising" else 3
                _practise(patient, item, today - timedelta(days=back), pain)
    _flag(people["Bala Flagged"])
    login_as(therapist)
    html = client.get("/therapist/").get_data(as_text=True)
    order = [html.index(name) for name in
             ("Bala Flagged", "Chitra Rising", "Dev Quiet", "Asha On-Track")]  # fmt: skip
    assert order == sorted(order)
    assert "Sharp pain, " in html  # a flag says its kind (and when: see the red flag tests)
    assert "Pain up from 3 to 6 this week" in html
    assert "No practice logged yet" in html
    assert "On track: 100% in the last 7 days" in html


def test_a_flag_is_acknowledged_with_a_note(client, login_as, clinic, plan):
    flag = _flag(clinic["patient"])
    login_as(clinic["therapist"])
    url = f"/therapist/flags/{flag.id}/acknowledge"
    refused = client.post(url, data={"note": ""}, follow_redirects=True)
    assert "Write a short note" in refused.get_data(as_text=True)
    db.session.refresh(flag)
    assert flag.acknowledged_at is None
    client.post(url, data={"note": "Called Rohan; reduced the hold to 60 s."})
    db.session.refresh(flag)
    assert flag.acknowledged_by_id == clinic["therapist"].id
    assert flag.acknowledgement_note == "Called Rohan; reduced the hold to 60 s."
    page = client.get(f"/therapist/patients/{clinic['patient'].id}").get_data(as_text=True)
    assert "Acknowledged by Dr. Arjun Hegde" in page
    assert "attention-safety_flag" not in client.get("/therapist/").get_data(as_text=True)


def test_a_flag_acknowledged_once_keeps_its_first_note(client, make, login_as, clinic, plan):
    flag = _flag(clinic["patient"])
    colleague = make.therapist(name="Dr. Kavya Rao", centre=clinic["centre"])
    login_as(clinic["therapist"])
    url = f"/therapist/flags/{flag.id}/acknowledge"
    client.post(url, data={"note": "Called Rohan; reduced the hold to 60 s."})
    login_as(colleague)
    again = client.post(url, data={"note": "Seen too."}, follow_redirects=True)
    assert "That flag was already acknowledged." in again.get_data(as_text=True)
    db.session.refresh(flag)
    assert flag.acknowledged_by_id == clinic["therapist"].id
    assert flag.acknowledgement_note == "Called Rohan; reduced the hold to 60 s."


def test_the_patient_page_lists_open_flags_before_acknowledged_ones(client, login_as, clinic):
    patient, now = clinic["patient"], utcnow()
    older_open = SafetyFlag(
        patient_id=patient.id, kind=FlagKind.SHARP_PAIN, details="Stopped GV4 (sharp pain).",
        raised_at=now - timedelta(days=3),
    )  # fmt: skip
    newer_seen = SafetyFlag(
        patient_id=patient.id, kind=FlagKind.SHARP_PAIN, details="Stopped LI4 (sharp pain).",
        raised_at=now - timedelta(hours=2), acknowledged_at=now - timedelta(hours=1),
        acknowledged_by_id=clinic["therapist"].id, acknowledgement_note="Called; resting.",
    )  # fmt: skip
    db.session.add_all([older_open, newer_seen])
    db.session.commit()
    login_as(clinic["therapist"])
    page = client.get(f"/therapist/patients/{patient.id}").get_data(as_text=True)
    assert page.index("Stopped GV4") < page.index("Stopped LI4")


def test_another_centres_flag_is_not_found(client, make, login_as, clinic):
    stranger = make.patient(centre=make.centre(make.city("Hyderabad"), slug="hyd-y"))
    flag = _flag(stranger)
    login_as(clinic["therapist"])
    assert (
        client.post(f"/therapist/flags/{flag.id}/acknowledge", data={"note": "x"}).status_code
        == 404
    )
    assert client.post("/therapist/flags/99999/acknowledge", data={"note": "x"}).status_code == 404
    assert db.session.scalar(select(SafetyFlag.acknowledged_at)) is None


def _local_clock(moment) -> str:
    return f"{moment.astimezone(ZoneInfo('Asia/Kolkata')):%H:%M}"


def _red_flag(patient, raised_at):
    flag = SafetyFlag(
        patient_id=patient.id, kind=FlagKind.RED_FLAG, red_flags=["saddle_numbness"],
        details="Red-flag symptoms reported: numbness or tingling around your groin.",
        raised_at=raised_at,
    )  # fmt: skip
    db.session.add(flag)
    db.session.commit()
    return flag


def _rows(html):
    """(name, classes) of each dashboard row, in order."""
    return [
        (match.group(2).strip(), match.group(1))
        for match in re.finditer(
            r'<a class="([^"]*)"\s+href="/therapist/patients/\d+">.*?<p class="fw-semibold mb-0">'
            r"(?:<span[^>]*>Urgent</span>)?([^<]+)</p>",
            html,
            re.S,
        )
    ]


def test_an_urgent_red_flag_stands_above_everything_in_its_own_style(
    client, make, login_as, clinic, today
):
    therapist, centre = clinic["therapist"], clinic["centre"]
    aarav = make.patient(name="Aarav Older-Sharp-Pain", centre=centre)
    _flag(aarav).raised_at = utcnow() - timedelta(days=1)
    db.session.commit()
    rising = make.patient(name="Bina Rising", centre=centre)
    item = make.plan(rising, therapist, [make.item("GV4")]).program.versions[0].items[0]
    _practise(rising, item, today, 9)
    zara = make.patient(name="Zara Red-Flag", centre=centre)
    raised = utcnow()
    _red_flag(zara, raised)
    login_as(therapist)
    html = client.get("/therapist/").get_data(as_text=True)
    rows = _rows(html)
    assert [name for name, _ in rows[:3]] == [
        "Zara Red-Flag", "Aarav Older-Sharp-Pain", "Bina Rising"
    ]  # fmt: skip
    assert "attention-red_flag" in rows[0][1].split()
    assert all("attention-red_flag" not in classes.split() for _, classes in rows[1:])
    expected = f"Red flag: numbness in the saddle area, {_local_clock(raised)} today"
    assert f'<p class="small mb-0 attention-reason">{expected}</p>' in html


def test_the_patient_record_shows_each_flags_kind_and_local_time(
    client, login_as, clinic, plan, today
):
    raised = utcnow()
    _red_flag(clinic["patient"], raised)
    login_as(clinic["therapist"])
    html = client.get(f"/therapist/patients/{clinic['patient'].id}").get_data(as_text=True)
    expected = f"Red flag: numbness in the saddle area, {_local_clock(raised)} today"
    assert expected in html
    assert "safety-flag is-open is-urgent" in html


def _names(html):
    return [name for name, _ in _rows(html)]


def test_the_dashboard_shows_25_patients_a_page_the_most_urgent_first(
    client, make, login_as, clinic
):
    centre = clinic["centre"]
    for number in range(29):
        make.patient(name=f"Patient {number:02}", centre=centre)
    _flag(make.patient(name="Zoya Flagged", centre=centre))  # last by name, first by urgency
    login_as(clinic["therapist"])
    first = client.get("/therapist/").get_data(as_text=True)
    second = client.get("/therapist/?page=2").get_data(as_text=True)
    assert _names(first)[0] == "Zoya Flagged"
    assert len(_names(first)) == 25
    assert "Patients 1–25 of 31" in first
    assert 'rel="next" href="/therapist/?page=2">Show the next 6</a>' in first
    assert len(_names(second)) == 6
    assert 'rel="prev" href="/therapist/">Back to the most urgent</a>' in second
    everyone = _names(first) + _names(second)
    assert sorted(everyone) == sorted({*everyone, "Rohan Kulkarni"})  # each once, no one lost
    assert _names(client.get("/therapist/?page=99").get_data(as_text=True)) == _names(second)


def test_only_the_patients_shown_are_recorded_as_read(client, make, login_as, clinic):
    for number in range(30):
        make.patient(name=f"Patient {number:02}", centre=clinic["centre"])
    login_as(clinic["therapist"])
    client.get("/therapist/")
    listed = db.session.scalars(
        select(AuditEvent.patient_id).where(AuditEvent.action == "patients_listed")
    ).all()
    assert len(listed) == 25


def test_the_dashboard_stays_small_at_300_flagged_patients(client, make, login_as, clinic):
    for number in range(300):
        patient = make.patient(name=f"Patient {number:03}", centre=clinic["centre"])
        _flag(patient)
        _red_flag(patient, utcnow())
    login_as(clinic["therapist"])
    html = client.get("/therapist/").get_data(as_text=True)
    assert len(_names(html)) == 25
    assert html.count("attention-more") == 25  # each row says both its flags
    assert len(html.encode()) < 200_000


def test_only_the_last_7_days_rank_but_the_last_log_ever_says_how_long_it_has_been(
    client, make, login_as, clinic, today
):
    therapist, centre = clinic["therapist"], clinic["centre"]
    patient = make.patient(name="Esha Lapsed", centre=centre)
    plan = make.plan(patient, therapist, [make.item("GV4")], today - timedelta(days=30))
    item = plan.program.versions[0].items[0]
    _practise(patient, item, today - timedelta(days=10), 9)  # before the window: not "pain 9"
    steady = make.patient(name="Farah Steady", centre=centre)
    item = make.plan(steady, therapist, [make.item("GV4")], today - timedelta(days=30))
    item = item.program.versions[0].items[0]
    for back, pain in ((9, 1), (6, 4), (3, 5), (0, 4)):  # first in the window 4, latest 4
        _practise(steady, item, today - timedelta(days=back), pain)
    login_as(therapist)
    html = client.get("/therapist/").get_data(as_text=True)
    assert "No practice for 10 days" in html
    assert "Pain 9/10" not in html
    assert "Pain up from" not in html
    assert "Did 43% of the program in the last 7 days" in html  # 3 of 7 days


@pytest.mark.parametrize("viewer", ["therapist", "admin"])
def test_only_patient_accounts_are_listed_and_counted(
    app, client, make, login_as, clinic, today, viewer
):
    """The therapist's list looks each visible id up one by one, the admin's joins every
    patient: both leave out an account whose patient role is gone (a profile at the centre
    and a plan with the therapist are not enough)."""
    centre, therapist = clinic["centre"], clinic["therapist"]
    former = make.patient(name="Farid Former", centre=centre)
    make.plan(former, therapist, [make.item("GV4")])
    db.session.execute(
        delete(RoleGrant).where(RoleGrant.user_id == former.id, RoleGrant.role == Role.PATIENT)
    )
    db.session.commit()
    make.patient(name="Gita Current", centre=centre)
    staff = therapist if viewer == "therapist" else make.admin()
    login_as(staff)
    html = client.get("/therapist/").get_data(as_text=True)
    assert "Gita Current" in _names(html)
    assert "Farid Former" not in html
    with app.test_request_context():  # the listing is audited like a request's
        listing = dashboard_page(staff, today)
    assert listing.total == len(listing.rows) == len(_names(html))


def test_the_dashboards_statements_are_built_once_each_therapist_bound_to_their_own(
    client, make, auth, login_as, clinic
):
    """Built once per rule, the ranking binds who is asking: each therapist sees their own
    centre's patients and those they treat elsewhere, and no one else's; the admin, all."""
    here = clinic["therapist"]
    elsewhere = make.centre(make.city("Hyderabad"), "Kondapur", slug="hyd-kondapur")
    there = make.therapist(elsewhere, name="Dr. Sneha Reddy")
    make.patient(name="Imran Kondapur", centre=elsewhere)
    treated_here = make.patient(name="Jaya Visiting", centre=elsewhere)
    make.plan(treated_here, here, [make.item("GV4")])
    _flag(treated_here)  # its line is worded in her plan's time zone: flags and plans are read
    admin = make.admin()
    seen = {}
    for person in (here, there, admin):
        auth.logout()
        login_as(person)
        seen[person.id] = set(_names(client.get("/therapist/").get_data(as_text=True)))
        client.get("/therapist/?page=2")  # beyond the last page: the count, then page 1
    assert seen[here.id] == {"Rohan Kulkarni", "Jaya Visiting"}
    assert seen[there.id] == {"Imran Kondapur", "Jaya Visiting"}
    assert seen[admin.id] >= {"Rohan Kulkarni", "Imran Kondapur", "Jaya Visiting"}
    built = _statements_built()
    for person in (here, there):  # a second round builds nothing
        auth.logout()
        login_as(person)
        assert set(_names(client.get("/therapist/").get_data(as_text=True))) == seen[person.id]
        client.get("/therapist/?page=2")
    assert _statements_built() == built


def _statements_built() -> list[int]:
    statements = (_page_statement, _count_statement, _open_flags_of, _plans_of)
    return [statement.cache_info().misses for statement in statements]


@pytest.mark.parametrize(("who", "named"), [("therapist", "My patients"), ("admin", "Patients")])
def test_the_list_is_named_as_in_the_navigation(client, make, login_as, clinic, who, named):
    """A therapist's own patients; an admin's list is every patient's."""
    login_as(clinic["therapist"] if who == "therapist" else make.admin())
    listing = client.get("/therapist/").get_data(as_text=True)
    assert re.search(r"<h1[^>]*>([^<]*)</h1>", listing).group(1) == named
    record = client.get(f"/therapist/patients/{clinic['patient'].id}").get_data(as_text=True)
    assert f"← {named}</a>" in record
