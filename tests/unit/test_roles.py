import pytest

from portal.accounts.roles import Role, home_endpoint, may_enter, refusal_status
from portal.presentation import navigation_for


@pytest.mark.parametrize(
    ("held", "allowed", "expected"),
    [
        ({Role.PATIENT}, [Role.PATIENT], True),
        ({Role.PATIENT}, [Role.DESK, Role.ADMIN], False),
        ({Role.DESK}, [Role.DESK, Role.ADMIN], True),
        ({Role.THERAPIST, Role.DESK}, [Role.DESK], True),
        ({Role.THERAPIST}, [Role.ADMIN], False),
        (set(), [Role.PATIENT], False),
    ],
)
def test_may_enter_needs_one_of_the_allowed_roles(held, allowed, expected):
    assert may_enter(frozenset(held), allowed) is expected


@pytest.mark.parametrize(
    ("held", "endpoint"),
    [
        ({Role.PATIENT}, "programs.today"),
        ({Role.DESK}, "desk.inbox"),
        ({Role.ADMIN}, "desk.inbox"),
        ({Role.THERAPIST}, "therapist.dashboard"),
        ({Role.PATIENT, Role.DESK}, "desk.inbox"),  # staff who are also patients start at work
        (set(), "public.index"),
    ],
)
def test_each_role_has_a_home(held, endpoint):
    assert home_endpoint(frozenset(held)) == endpoint


def test_navigation_changes_with_the_role():
    visitor = [item.endpoint for item in navigation_for(frozenset())]
    patient = [item.endpoint for item in navigation_for({Role.PATIENT})]
    desk_admin = [item.endpoint for item in navigation_for({Role.DESK, Role.ADMIN})]
    assert "programs.today" not in visitor
    assert "desk.inbox" not in visitor
    assert patient[0] == "programs.today"
    assert desk_admin.count("desk.inbox") == 1
    assert "guide.index" in visitor and "guide.index" in patient
    assert "centres.index" not in desk_admin  # staff menus keep to their work
    assert "guide.index" in desk_admin


@pytest.mark.parametrize(
    ("url_arguments", "status"),
    [
        ({"patient_id": 6}, 404),
        ({"therapist_id": 4, "hours_id": 2}, 404),
        ({}, 403),
        ({"centre_slug": "blr-indiranagar", "service_slug": "follow-up"}, 403),
    ],
)
def test_a_refused_url_with_an_id_is_not_found(url_arguments, status):
    assert refusal_status(url_arguments) == status
