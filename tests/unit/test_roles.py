from types import SimpleNamespace

import pytest

from portal.accounts.roles import Role, home_endpoint, may_enter, refusal_status
from portal.accounts.scope import reach_of
from portal.presentation import NavItem, navigation_for


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


def test_an_item_is_listed_once_and_a_page_under_another_name_is_kept():
    both = navigation_for({Role.THERAPIST, Role.ADMIN})
    assert [item.endpoint for item in both].count("booking.staff_schedule") == 1
    labels = [item.label for item in both if item.endpoint == "therapist.dashboard"]
    assert labels == ["My patients", "Patients"]


class _Untranslatable(str):
    def __eq__(self, other):
        raise AssertionError("a label was compared (and translated) for nothing")

    __hash__ = str.__hash__


def test_building_the_navigation_compares_no_labels_of_other_pages(monkeypatch):
    """Labels are lazy translations: comparing two translates both, on every request."""
    from portal import presentation

    items = {role: tuple(NavItem(_Untranslatable(item.label), item.endpoint) for item in group)
             for role, group in presentation._ROLE_ITEMS.items()}  # fmt: skip
    monkeypatch.setattr(presentation, "_ROLE_ITEMS", items)
    public = tuple(
        NavItem(_Untranslatable(i.label), i.endpoint) for i in presentation._PUBLIC_ITEMS
    )
    monkeypatch.setattr(presentation, "_PUBLIC_ITEMS", public)
    endpoints = [item.endpoint for item in navigation_for({Role.PATIENT})]
    assert endpoints[:2] == ["programs.today", "programs.progress"]


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


def _staff(roles, desk_city=None, therapist_centre=None):
    return SimpleNamespace(
        id=7,
        roles=frozenset(roles),
        desk_profile=None if desk_city is None else SimpleNamespace(city_id=desk_city),
        therapist_profile=(
            None if therapist_centre is None else SimpleNamespace(centre_id=therapist_centre)
        ),
    )


@pytest.mark.parametrize(
    ("staff", "reach"),
    [
        (_staff({Role.ADMIN}), ("everyone", None)),
        (_staff({Role.DESK}, desk_city=2), ("city", 2)),
        (_staff({Role.THERAPIST}, therapist_centre=5), ("therapist", 7)),
        # Staff whose workplace was never set (an account made by hand) see no patient.
        (_staff({Role.DESK}), ("nobody", None)),
        (_staff({Role.THERAPIST}), ("nobody", None)),
        (_staff({Role.PATIENT}, desk_city=2), ("nobody", None)),
    ],
)
def test_whose_rows_a_member_of_staff_reaches(staff, reach):
    assert reach_of(staff) == reach
