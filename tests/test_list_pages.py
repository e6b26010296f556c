"""Every staff list shows one bounded page: its SQL statements and its HTML do not grow with
the table, page 2 continues page 1 without overlap or gap, and the filters survive paging."""

import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.audit.services import logged_actions
from portal.booking.models import Appointment
from portal.contact.models import CallbackRequest, CallbackStatus, PreferredTime
from portal.db_types import utcnow
from portal.extensions import db
from portal.home_visits.models import HomeVisitRequest
from portal.localtime import local_today
from portal.notifications.models import OutgoingEmail
from portal.privacy.models import ErasureRequest, ErasureStatus
from tests.test_query_counts import statements_for

FEW, MANY = 10, 500
MAX_HTML = 200_000


def _callbacks(city, count, status=CallbackStatus.NEW, start=0):
    first = utcnow() - timedelta(days=count + start + 1)
    db.session.add_all(
        CallbackRequest(
            name=f"Caller {start + n:04d}",
            phone="+919845677102",
            city_id=city.id,
            preferred_time=PreferredTime.MORNING,
            message="Lower back pain for two weeks.",
            consent_at=first,
            status=status,
            created_at=first + timedelta(hours=n),
        )  # fmt: skip
        for n in range(count)
    )
    db.session.commit()


def _audit_events(actor, count, start=0):
    first = utcnow() - timedelta(days=2)
    db.session.add_all(
        AuditEvent(
            at=first + timedelta(seconds=start + n),
            action="patient_viewed",
            actor_id=actor.id,
            patient_id=start + n,
            record_type="User",
            record_id=start + n,
            ip="10.0.0.1",
            user_agent="Mozilla/5.0",
            details="therapist.patient",
        )  # fmt: skip
        for n in range(count)
    )
    db.session.commit()


def _visit_requests(city, count, start=0):
    today = local_today("Asia/Kolkata")
    db.session.add_all(
        HomeVisitRequest(
            name=f"Visitor {start + n:04d}",
            phone="+919845677102",
            address="12 CMH Road",
            pincode="560038",
            city_id=city.id,
            earliest_date=today,
            latest_date=today + timedelta(days=7),
            preferred_time=PreferredTime.MORNING,
            reason="Cannot travel after knee surgery.",
            created_at=utcnow() - timedelta(days=1) + timedelta(seconds=start + n),
        )  # fmt: skip
        for n in range(count)
    )
    db.session.commit()


def _therapists(make, centre, count, start=0):
    for n in range(count):
        make.therapist(centre, name=f"Staff Member {start + n:04d}")


def _undeliverable_emails(count, start=0):
    given_up = utcnow() - timedelta(days=1)
    db.session.add_all(
        OutgoingEmail(
            kind="booked",
            to_email=f"patient{start + n}@example.com",
            subject=f"Notice {start + n:04d}",
            body="Your appointment is booked.",
            attempts=8,
            last_error="550 mailbox unavailable",
            undeliverable_at=given_up + timedelta(seconds=start + n),
        )  # fmt: skip
        for n in range(count)
    )
    db.session.commit()


def _erasure_requests(make, count, start=0):
    patient = make.patient()
    asked = utcnow() - timedelta(days=3)
    db.session.add_all(
        ErasureRequest(
            patient_id=patient.id,
            requested_at=asked + timedelta(seconds=start + n),
            due_at=asked + timedelta(days=30),
            status=ErasureStatus.DONE,
            outcome=f"Outcome {start + n:04d}",
        )  # fmt: skip
        for n in range(count)
    )
    db.session.commit()


def _patients(make, centre, count, start=0):
    for n in range(count):
        make.patient(name=f"Meera Patient {start + n:04d}", centre=centre)


def _week_of_appointments(make, centre, count, start=0):
    """`count` appointments this week across five new therapists, none overlapping."""
    service = make.service("follow-up")
    therapists = [make.therapist(centre) for _ in range(5)]
    patients = [make.patient(centre=centre) for _ in range(5)]
    monday = local_today("Asia/Kolkata") - timedelta(days=local_today("Asia/Kolkata").weekday())
    zone = ZoneInfo("Asia/Kolkata")
    step = service.duration + timedelta(minutes=service.buffer_minutes + 1)
    for n in range(count):
        therapist_n, slot = n % 5, n // 5
        day, in_day = monday + timedelta(days=slot % 7), slot // 7
        starts = datetime.combine(day, time(6), zone).astimezone(UTC) + in_day * step
        db.session.add(
            Appointment(
                patient_id=patients[(therapist_n + slot) % 5].id,
                therapist_id=therapists[therapist_n].id,
                centre_id=centre.id,
                service_id=service.id,
                starts_at=starts,
                ends_at=starts + service.duration,
                buffer_minutes=service.buffer_minutes,
            )  # fmt: skip
        )
    db.session.commit()
    return monday


@pytest.fixture
def blr(make):
    city = make.city("Bengaluru")
    return {"city": city, "centre": make.centre(city, "Indiranagar", slug="blr-indiranagar")}


def _measure(client, url):
    statements = statements_for(client, url)
    return statements, len(client.get(url).data)


LISTS = {
    "inbox": ("desk", "/desk/", lambda make, blr, n, s: _callbacks(blr["city"], n, start=s)),
    "inbox_closed": (
        "desk",
        "/desk/?status=closed",
        lambda make, blr, n, s: _callbacks(blr["city"], n, CallbackStatus.CLOSED, start=s),
    ),
    "audit": ("admin", "/admin/audit/", None),
    "home_visits": (
        "desk",
        "/desk/home-visits",
        lambda make, blr, n, s: _visit_requests(blr["city"], n, start=s),
    ),
    "desk_patient_search": (
        "desk",
        "/desk/patients?q=Meera",
        lambda make, blr, n, s: _patients(make, blr["centre"], n, start=s),
    ),
    "therapist_patient_search": (
        "therapist",
        "/therapist/patients?q=Meera",
        lambda make, blr, n, s: _patients(make, blr["centre"], n, start=s),
    ),
    "staff": (
        "admin",
        "/admin/staff",
        lambda make, blr, n, s: _therapists(make, blr["centre"], n, start=s),
    ),
    "rota": (
        "desk",
        "/rota/",
        lambda make, blr, n, s: _therapists(make, blr["centre"], n, start=s),
    ),
    "emails": ("admin", "/admin/emails", lambda make, blr, n, s: _undeliverable_emails(n, start=s)),
    "erasures": (
        "admin",
        "/admin/erasure-requests",
        lambda make, blr, n, s: _erasure_requests(make, n, start=s),
    ),
}


def _staff(make, blr, role):
    if role == "desk":
        return make.desk(blr["city"])
    if role == "therapist":
        return make.therapist(blr["centre"])
    return make.admin()


@pytest.mark.parametrize("name", list(LISTS))
def test_a_list_page_costs_the_same_for_10_or_500_rows(client, make, login_as, blr, name):
    role, url, add = LISTS[name]
    staff = login_as(_staff(make, blr, role))
    add = add or (lambda make, blr, n, s: _audit_events(staff, n, start=s))
    add(make, blr, FEW, 0)
    few, _ = _measure(client, url)
    add(make, blr, MANY - FEW, FEW)
    many, size = _measure(client, url)
    assert many == few, url
    assert size <= MAX_HTML, (url, size)


def test_the_desk_week_stays_small_and_fixed_in_queries(client, make, login_as, blr):
    login_as(make.desk(blr["city"]))
    monday = _week_of_appointments(make, blr["centre"], FEW)
    url = f"/schedule?day={monday.isoformat()}&view=week"
    few, _ = _measure(client, url)
    _week_of_appointments(make, blr["centre"], MANY - FEW, start=FEW)
    many, size = _measure(client, url)
    assert many == few
    assert size <= MAX_HTML


def _names(html: str, prefix: str) -> list[str]:
    return re.findall(rf"{prefix} \d{{4}}", html)


@pytest.mark.parametrize(
    ("url", "prefix", "add", "size", "role"),
    [
        ("/desk/", "Caller", "callbacks", 25, "desk"),
        ("/desk/home-visits", "Visitor", "visits", 25, "desk"),
        ("/desk/patients?q=Meera", "Meera Patient", "patients", 30, "desk"),
        ("/therapist/patients?q=Meera", "Meera Patient", "patients", 50, "therapist"),
        ("/admin/staff", "Staff Member", "therapists", 50, "admin"),
        ("/rota/", "Staff Member", "therapists", 50, "desk"),
        ("/admin/emails", "Notice", "emails", 25, "admin"),
        ("/admin/erasure-requests", "Outcome", "erasures", 50, "admin"),
    ],
)
def test_page_two_continues_page_one(client, make, login_as, blr, url, prefix, add, size, role):
    login_as(_staff(make, blr, role))
    total = size + 7
    {
        "callbacks": lambda: _callbacks(blr["city"], total),
        "visits": lambda: _visit_requests(blr["city"], total),
        "patients": lambda: _patients(make, blr["centre"], total),
        "therapists": lambda: _therapists(make, blr["centre"], total),
        "emails": lambda: _undeliverable_emails(total),
        "erasures": lambda: _erasure_requests(make, total),
    }[add]()
    first = client.get(url).get_data(as_text=True)
    joiner = "&" if "?" in url else "?"
    second = client.get(f"{url}{joiner}page=2").get_data(as_text=True)
    shown = _names(first, prefix) + _names(second, prefix)
    assert len(set(_names(first, prefix))) == size
    assert sorted(set(shown)) == [f"{prefix} {n:04d}" for n in range(total)]  # no gap, no overlap
    assert 'rel="next"' in first and 'rel="next"' not in second
    assert 'rel="prev"' in second and 'rel="prev"' not in first


def test_the_audit_log_pages_keep_the_filters(client, make, login_as):
    admin = login_as(make.admin())
    _audit_events(admin, 230)
    db.session.add(AuditEvent(at=utcnow(), action="schedule_viewed", actor_id=admin.id))
    db.session.commit()
    first = client.get("/admin/audit/?action=patient_viewed").get_data(as_text=True)
    next_link = re.search(r'href="([^"]+)" rel="next"|rel="next" href="([^"]+)"', first)
    href = (next_link.group(1) or next_link.group(2)).replace("&amp;", "&")
    assert "action=patient_viewed" in href and "page=2" in href
    second = client.get(href).get_data(as_text=True)
    third = client.get(href.replace("page=2", "page=3")).get_data(as_text=True)
    rows = [html.count("<tr>") - 1 for html in (first, second, third)]  # less the header
    assert rows == [100, 100, 30]
    assert "schedule viewed" not in second.split("<tbody>")[1]


def test_the_inbox_pages_keep_the_status_tab(client, make, login_as, blr):
    login_as(make.desk(blr["city"]))
    _callbacks(blr["city"], 30, CallbackStatus.CLOSED)
    _callbacks(blr["city"], 3, start=500)
    first = client.get("/desk/?status=closed").get_data(as_text=True)
    assert "/desk/?status=closed&amp;page=2" in first
    second = client.get("/desk/?status=closed&page=2").get_data(as_text=True)
    assert len(_names(second, "Caller")) == 5 and "Caller 0500" not in second


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99999999999"])
def test_an_absurd_page_number_is_not_an_error(client, make, login_as, blr, page):
    login_as(make.desk(blr["city"]))
    _callbacks(blr["city"], 3)
    assert client.get(f"/desk/?page={page}").status_code == 200


def test_today_draws_each_body_diagram_once_for_every_patient(client, make, login_as):
    from portal.guide.drawing import _drawn

    centre = make.centre(make.city("Bengaluru"), "Indiranagar", slug="blr-indiranagar")
    therapist = make.therapist(centre)
    patients = [make.patient(centre=centre) for _ in range(2)]
    plans = [make.plan(patient, therapist, [make.item("BL23")]) for patient in patients]
    _drawn.cache_clear()
    pages = []
    for patient, plan in zip(patients, plans, strict=True):
        make.screening(patient)
        login_as(patient)
        pages.append((client.get("/today").get_data(as_text=True), plan))
        client.post("/logout")
    for html, plan in pages:
        item_id = plan.program.versions[0].items[0].id
        assert f'aria-labelledby="diagram-BL23-{item_id}-title"' in html
        assert f'id="diagram-BL23-{item_id}-title"' in html and "BL23 marked" in html
    drawn = _drawn.cache_info()
    assert (drawn.misses, drawn.hits) == (1, 1)  # drawn for the first patient, reused after


def test_the_audit_filter_lists_each_logged_action_once_in_order(client, make, login_as):
    admin = login_as(make.admin())
    for action in ["schedule_viewed", "patient_viewed", "appointment_moved_by_desk"] * 3:
        db.session.add(AuditEvent(at=utcnow(), action=action, actor_id=admin.id))
    db.session.commit()
    expected = list(db.session.scalars(select(AuditEvent.action).distinct().order_by("action")))
    assert {"schedule_viewed", "patient_viewed", "appointment_moved_by_desk"} <= set(expected)
    assert logged_actions() == expected
    html = client.get("/admin/audit/").get_data(as_text=True)
    assert re.findall(r'<option value="(\w+)"', html) == expected


def test_today_draws_each_exercise_picture_once_for_every_patient(client, make, login_as):
    from portal.guide.drawing import _pictured

    centre = make.centre(make.city("Bengaluru"), "Indiranagar", slug="blr-indiranagar")
    therapist = make.therapist(centre)
    patients = [make.patient(centre=centre) for _ in range(2)]
    for patient in patients:
        make.plan(patient, therapist, [make.item("BRIDGE")])
    _pictured.cache_clear()
    pages = []
    for patient in patients:
        login_as(patient)
        pages.append(client.get("/today").get_data(as_text=True))
        client.post("/logout")
    for html in pages:
        assert 'class="exercise-picture diagram-thumb"' in html
        assert 'aria-label="Bridge: the position"' in html
        assert "<!--" not in html.split("<main")[1]  # the drawings' source notes stay in the source
    drawn = _pictured.cache_info()
    assert (drawn.misses, drawn.hits) == (1, 1)  # drawn for the first patient, reused after
