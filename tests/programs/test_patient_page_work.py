"""What /today and /progress no longer do on every request."""

import pytest
from sqlalchemy import event

from portal.extensions import db
from tests.test_query_counts import _clinic, _patient_with_history, counted_statements


@pytest.mark.parametrize("url", ["/today", "/progress"])
def test_only_the_signed_in_persons_roles_are_read(client, make, login_as, url):
    centre, therapist = _clinic(make)
    login_as(_patient_with_history(make, centre, therapist, ["GV4"], days=3))
    db.session.expunge_all()  # as in production: the therapist is not already in the session
    with counted_statements() as statements:
        assert client.get(url).status_code == 200
    # Read with the session's user, in the same statement: never the therapist's as well.
    assert sum("role_grants" in statement for statement in statements) == 1
    assert "login_sessions" in next(s for s in statements if "role_grants" in s)


@pytest.mark.parametrize("url", ["/today", "/progress"])
def test_the_plans_therapist_is_left_out_where_no_page_names_them(client, make, login_as, url):
    centre, therapist = _clinic(make)
    login_as(_patient_with_history(make, centre, therapist, ["GV4"], days=3))
    db.session.expunge_all()
    with counted_statements() as statements:
        assert client.get(url).status_code == 200
    plans = next(s for s in statements if "FROM treatment_plans" in s)
    # (A confirmer's name may be joined: it is shown on the card.)
    assert "= treatment_plans.therapist_id" not in plans


def test_the_printed_program_names_the_therapist_in_one_query_with_the_plans(
    client, make, login_as
):
    centre, therapist = _clinic(make)
    login_as(_patient_with_history(make, centre, therapist, ["GV4", "BRIDGE"], days=3))
    name = therapist.name
    db.session.expunge_all()
    with counted_statements() as statements:
        html = client.get("/program/print").get_data(as_text=True)
    assert f"physiotherapist {name}" in html
    plans = next(s for s in statements if "FROM treatment_plans" in s)
    assert "users" in plans  # the therapist joined, not fetched afterwards


@pytest.mark.parametrize("url", ["/today", "/privacy"])
def test_no_statement_of_a_patients_page_is_rewritten_as_it_runs(client, make, login_as, url):
    """A value written into a statement's text as it runs (an expanding IN list, a literal
    separator) makes SQLAlchemy redo the text on every request, where a bound value reuses
    the statement compiled once. The sign-in statement runs on every page."""
    centre, therapist = _clinic(make)
    login_as(_patient_with_history(make, centre, therapist, ["GV4"], days=3))
    rewritten = []

    def note(_conn, _cursor, statement, _parameters, context, _executemany) -> None:
        compiled = context.compiled
        if compiled is not None and (
            compiled.literal_execute_params or compiled.post_compile_params
        ):
            rewritten.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    assert rewritten == []
