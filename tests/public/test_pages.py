import pytest

from portal.app import create_app
from tests.conftest import TEST_SETTINGS


@pytest.mark.parametrize(
    "url",
    ["/", "/guide", "/guide/BL23", "/centres", "/contact", "/login", "/register", "/privacy"],
)
def test_public_pages_answer_a_visitor(client, seeded, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.content_type.startswith("text/html")


def test_home_has_the_compact_call_back_form_and_guide_points(client, seeded):
    html = client.get("/").get_data(as_text=True)
    assert 'action="/contact"' in html
    assert 'for="phone"' in html and 'for="city"' in html
    assert "Shenshu" in html


def test_navigation_follows_the_role(client, make, login_as):
    visitor = client.get("/").get_data(as_text=True)
    assert "Log in" in visitor and "Call-backs" not in visitor
    login_as(make.desk())
    desk = client.get("/").get_data(as_text=True)
    assert "Call-backs" in desk and "Log out" in desk and "Log in" not in desk


def test_healthz_reports_a_working_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_reports_an_unreachable_database(tmp_path):
    broken = create_app(
        {**TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/missing/dir/db.sqlite3"}
    )
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "database": "unreachable"}


def test_unknown_page_gets_the_friendly_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "We couldn&#39;t find that page" in response.get_data(as_text=True)


def test_server_errors_show_a_friendly_page_without_details(app, client, monkeypatch):
    def explode():
        raise RuntimeError("secret stack detail")

    monkeypatch.setitem(app.view_functions, "public.privacy", explode)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    response = client.get("/privacy")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    assert "secret stack detail" not in html and "Traceback" not in html


def test_static_bootstrap_is_served_locally(client):
    html = client.get("/privacy").get_data(as_text=True)
    assert "/bootstrap/static/css/bootstrap.min.css" in html
    assert "cdn" not in html.lower()
    assert client.get("/bootstrap/static/css/bootstrap.min.css").status_code == 200


def test_json_clients_get_json_errors(client):
    response = client.get("/no-such-page", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.get_json() == {"status": 404, "error": "We couldn't find that page"}


def test_too_large_a_request_is_refused_politely(client):
    response = client.post("/contact", data={"message": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413
    assert "more than we can accept" in response.get_data(as_text=True)


def test_a_wrong_method_gets_the_portal_page(client):
    response = client.post("/guide")
    assert response.status_code == 405
    assert "That action isn" in response.get_data(as_text=True)
