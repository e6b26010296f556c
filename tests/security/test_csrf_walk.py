"""Every route that changes something refuses a request without a CSRF token: found by walking
the URL map, so a new route (or a `csrf.exempt` added in a hurry) cannot slip past.

The other tests switch the check off (TEST_SETTINGS); here an app of its own has it on.
"""

import pytest
from werkzeug.routing import IntegerConverter, Rule, UUIDConverter

from portal.app import create_app
from portal.extensions import csrf
from tests.conftest import TEST_SETTINGS

CHANGING_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# The only exemptions, each with its reason: a link whose signed token is the proof.
SIGNED_LINKS = {
    # RFC 8058 one-click unsubscribe: mail apps POST "List-Unsubscribe=One-Click" with no form
    # token; the token in the URL, signed with the app's secret, names the patient (made-up or
    # tampered ones are refused: tests/reminders/test_reminder_pages.py).
    "/reminders/off/<unsubscribe_token>",
}


def changing_rules(app) -> list[tuple[Rule, str]]:
    return sorted(
        ((rule, method) for rule in app.url_map.iter_rules()
         for method in sorted((rule.methods or set()) & CHANGING_METHODS)),
        key=lambda pair: (pair[0].rule, pair[1]),
    )  # fmt: skip


def dummy_url(app, rule: Rule, method: str) -> str:
    """The rule's URL with a made-up value for each argument (id 1, slug "x")."""
    values = {}
    for name, converter in rule._converters.items():
        if isinstance(converter, IntegerConverter):
            values[name] = 1
        elif isinstance(converter, UUIDConverter):
            values[name] = "00000000-0000-0000-0000-000000000001"
        else:
            values[name] = "x"
    with app.test_request_context():
        return app.url_map.bind("localhost").build(rule.endpoint, values, method=method)


@pytest.fixture
def csrf_app(database_url, outbox_dir):
    return create_app(
        {
            **TEST_SETTINGS,
            "WTF_CSRF_ENABLED": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "MAIL_OUTBOX_DIR": outbox_dir,
        }  # fmt: skip
    )


def test_the_check_is_on_for_every_changing_method(csrf_app):
    assert csrf_app.config["WTF_CSRF_CHECK_DEFAULT"] is True
    assert csrf_app.config["WTF_CSRF_METHODS"] >= CHANGING_METHODS
    assert len(changing_rules(csrf_app)) >= 40  # the walk sees the whole portal


def test_no_route_that_changes_something_is_exempt(csrf_app):
    exempt = []
    for rule, _method in changing_rules(csrf_app):
        view = csrf_app.view_functions[rule.endpoint]
        blueprint = csrf_app.blueprints.get(rule.endpoint.rpartition(".")[0])
        if f"{view.__module__}.{view.__name__}" in csrf._exempt_views or (
            blueprint is not None and blueprint in csrf._exempt_blueprints
        ):
            exempt.append(rule.rule)
    assert sorted(exempt) == sorted(SIGNED_LINKS)


def test_every_changing_route_refuses_a_request_without_a_token(app, csrf_app):
    # Anonymous on purpose: CSRFProtect checks in before_request, ahead of routing's view,
    # login_required and any lookup of the made-up ids, so nothing else may answer first.
    client = csrf_app.test_client()
    not_refused = []
    for rule, method in changing_rules(csrf_app):
        url = dummy_url(csrf_app, rule, method)
        response = client.open(url, method=method, data={"anything": "1"})
        if rule.rule in SIGNED_LINKS:
            if response.status_code != 404:  # the made-up token refused instead
                not_refused.append(f"{method} {url} -> {response.status_code}")
            continue
        if response.status_code != 400 or b"This form has expired" not in response.data:
            not_refused.append(f"{method} {url} -> {response.status_code}")
    assert not_refused == []
