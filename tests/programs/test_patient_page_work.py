"""What /today and /progress no longer do on every request."""

import pytest

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
