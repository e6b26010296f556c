import pytest

from portal.contact.models import CallbackStatus
from portal.desk.inbox import _counts_of, _page_of
from portal.extensions import db


@pytest.fixture
def two_cities(make):
    bengaluru, hyderabad = make.city("Bengaluru"), make.city("Hyderabad")
    return {
        "bengaluru": bengaluru,
        "hyderabad": hyderabad,
        "blr_request": make.callback(bengaluru, name="Vikram Shetty"),
        "hyd_request": make.callback(hyderabad, name="Anjali Rao"),
    }


def test_desk_sees_only_its_own_citys_requests(client, make, login_as, two_cities):
    login_as(make.desk(two_cities["bengaluru"]))
    html = client.get("/desk/").get_data(as_text=True)
    assert "Vikram Shetty" in html
    assert "Anjali Rao" not in html
    assert "Bengaluru desk" in html


def test_admin_sees_every_city(client, make, login_as, two_cities):
    login_as(make.admin())
    html = client.get("/desk/").get_data(as_text=True)
    assert "Vikram Shetty" in html and "Anjali Rao" in html


@pytest.mark.parametrize("role", ["patient", "therapist"])
def test_patients_and_therapists_may_not_enter(client, make, login_as, role, two_cities):
    login_as(getattr(make, role)())
    assert client.get("/desk/").status_code == 403


def test_visitors_are_asked_to_log_in(client):
    response = client.get("/desk/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_desk_marks_a_request_contacted_then_closed(client, make, login_as, two_cities):
    desk = login_as(make.desk(two_cities["bengaluru"], name="Meera Nair"))
    request = two_cities["blr_request"]
    url = f"/desk/callbacks/{request.id}/status"
    assert client.post(url, data={"status": "contacted"}).status_code == 302
    db.session.refresh(request)
    assert request.status is CallbackStatus.CONTACTED
    assert request.status_changed_by_id == desk.id
    contacted = client.get("/desk/?status=contacted").get_data(as_text=True)
    assert "Vikram Shetty" in contacted and "Marked contacted by Meera Nair" in contacted
    assert "Vikram Shetty" not in client.get("/desk/").get_data(as_text=True)
    client.post(url, data={"status": "closed"})
    db.session.refresh(request)
    assert request.status is CallbackStatus.CLOSED


def test_a_closed_request_cannot_be_reopened(client, make, login_as, two_cities):
    login_as(make.desk(two_cities["bengaluru"]))
    request = two_cities["blr_request"]
    url = f"/desk/callbacks/{request.id}/status"
    client.post(url, data={"status": "closed"})
    response = client.post(url, data={"status": "new"}, follow_redirects=True)
    db.session.refresh(request)
    assert request.status is CallbackStatus.CLOSED
    assert "cannot be marked new" in response.get_data(as_text=True)


def test_nonsense_status_changes_nothing(client, make, login_as, two_cities):
    login_as(make.desk(two_cities["bengaluru"]))
    request = two_cities["blr_request"]
    client.post(f"/desk/callbacks/{request.id}/status", data={"status": "deleted"})
    db.session.refresh(request)
    assert request.status is CallbackStatus.NEW


def test_another_citys_request_is_not_found(client, make, login_as, two_cities):
    login_as(make.desk(two_cities["bengaluru"]))
    other = two_cities["hyd_request"]
    response = client.post(f"/desk/callbacks/{other.id}/status", data={"status": "closed"})
    assert response.status_code == 404
    db.session.refresh(other)
    assert other.status is CallbackStatus.NEW


def test_inbox_shows_local_time_and_a_dial_link(client, make, login_as, two_cities):
    from datetime import UTC, datetime

    request = two_cities["blr_request"]
    request.created_at = datetime(2026, 11, 23, 10, 35, tzinfo=UTC)
    db.session.commit()
    login_as(make.desk(two_cities["bengaluru"]))
    html = client.get("/desk/").get_data(as_text=True)
    assert "Mon 23 Nov 2026, 4:05 pm" in html
    assert 'href="tel:+919845677102"' in html


def test_status_counts_in_the_tabs(client, make, login_as, two_cities):
    make.callback(two_cities["bengaluru"], status=CallbackStatus.CLOSED)
    login_as(make.desk(two_cities["bengaluru"]))
    html = client.get("/desk/").get_data(as_text=True)
    assert 'New\n          <span class="badge rounded-pill text-bg-light">1</span>' in html
    assert 'Closed\n          <span class="badge rounded-pill text-bg-secondary">1</span>' in html


def test_the_inbox_is_built_once_and_binds_each_desks_city(
    client, make, auth, login_as, two_cities
):
    """Built once per rule, the page and its counts bind the city asking: each desk sees its
    own city's requests and counts after the other's; a second round builds nothing."""
    make.callback(two_cities["hyderabad"], name="Farhan Ali", status=CallbackStatus.CLOSED)
    desks = [make.desk(two_cities["bengaluru"]), make.desk(two_cities["hyderabad"])]
    seen = []
    for _round in range(2):
        for desk in desks:
            auth.logout()
            login_as(desk)
            new = client.get("/desk/").get_data(as_text=True)
            closed = client.get("/desk/?status=closed").get_data(as_text=True)
            seen.append(
                {
                    name
                    for name in ("Vikram Shetty", "Anjali Rao", "Farhan Ali")
                    if name in new or name in closed
                }  # fmt: skip
            )
            assert ('text-bg-secondary">1</span>' in new) is (desk is desks[1])  # closed: 1
        if _round == 0:
            built = _page_of.cache_info().misses, _counts_of.cache_info().misses
    assert seen == [{"Vikram Shetty"}, {"Anjali Rao", "Farhan Ali"}] * 2
    assert (_page_of.cache_info().misses, _counts_of.cache_info().misses) == built
