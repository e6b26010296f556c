import pytest

from tests.factories import PASSWORD


def test_login_page_renders(client):
    assert client.get("/login").status_code == 200


@pytest.mark.parametrize(
    ("role", "home"),
    [("patient", "/today"), ("desk", "/desk/"), ("admin", "/desk/"), ("therapist", "/therapist/")],
)
def test_each_role_lands_on_its_home(client, make, auth, role, home):
    user = getattr(make, role)()
    response = auth.login(user.email, PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"] == home


def test_email_is_matched_whatever_its_case(make, auth):
    make.patient(email="rohan@example.com")
    assert auth.login("  ROHAN@Example.com ", PASSWORD).status_code == 302


def test_wrong_password_says_so_without_telling_which_part(make, auth):
    make.patient(email="rohan@example.com")
    wrong_password = auth.login("rohan@example.com", "not the password")
    unknown_email = auth.login("nobody@example.com", PASSWORD)
    for response in (wrong_password, unknown_email):
        assert response.status_code == 422
        assert "don&#39;t match an account" in response.get_data(as_text=True)


def test_inactive_accounts_cannot_log_in(make, auth):
    from portal.extensions import db

    user = make.patient(email="left@example.com")
    user.active = False
    db.session.commit()
    assert auth.login("left@example.com", PASSWORD).status_code == 422


def test_next_is_followed_only_within_the_site(client, make):
    user = make.patient()
    ours = client.post("/login?next=/guide/GV4", data={"email": user.email, "password": PASSWORD})
    assert ours.headers["Location"] == "/guide/GV4"
    client.post("/logout")
    theirs = client.post(
        "/login?next=https://evil.example/", data={"email": user.email, "password": PASSWORD}
    )
    assert theirs.headers["Location"] == "/today"


def test_protected_page_sends_a_visitor_to_login_and_back(client, make):
    redirect = client.get("/today")
    assert redirect.status_code == 302
    assert redirect.headers["Location"].startswith("/login?next=")
    user = make.patient()
    response = client.post(
        redirect.headers["Location"], data={"email": user.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/today"


def test_login_starts_a_fresh_session(client, make):
    user = make.patient()
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    with client.session_transaction() as session:
        assert "planted" not in session
        user_id, key = session["_user_id"].split(":")
    assert user_id == str(user.id)
    assert len(key) >= 40  # a random key of this login, not a guessable number


def test_logout_needs_a_post_and_ends_the_session(client, make, login_as):
    login_as(make.patient())
    confirm = client.get("/logout")
    assert confirm.status_code == 200
    assert client.get("/today").status_code == 200  # a GET alone logs nobody out
    assert client.post("/logout").headers["Location"] == "/"
    assert client.get("/today").status_code == 302


def test_session_cookie_is_hardened(client, make):
    user = make.patient()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
