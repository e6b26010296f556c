"""The account pages in the patient's language: headings, the errors next to each field (from
the forms, the phone check and the password rules), flash messages, and the account page's own
language choice, which is what the patient's emails follow."""

from flask_babel import force_locale
from sqlalchemy import select

from portal.accounts.models import User
from portal.accounts.sessions import device_label
from portal.extensions import db
from tests.languages import speaking


def _html(response) -> str:
    return response.get_data(as_text=True)


def _error_of(html: str, field: str) -> str:
    """The text of the error shown next to `field`."""
    start = html.index(f'id="{field}-error">') + len(f'id="{field}-error">')
    return html[start : html.index("</div>", start)].strip()


def test_the_login_page_is_in_the_browsers_language(client):
    html = _html(client.get("/login", headers={"Accept-Language": "te"}))
    assert '<html lang="te">' in html
    assert "<title>లాగిన్ · " in html
    assert "పాస్‌వర్డ్ మర్చిపోయారా?" in html  # "Forgot your password?"
    assert '<label class="form-label" for="password">పాస్‌వర్డ్</label>' in html
    assert "Forgot your password?" not in html


def test_a_refused_login_says_why_next_to_the_field_in_kannada(client, make):
    make.patient(email="meera@example.test")
    client.set_cookie("lang", "kn")
    response = client.post("/login", data={"email": "meera@example.test", "password": "wrong"})
    assert response.status_code == 422
    html = _html(response)
    assert _error_of(html, "password").startswith("ಈ ಇಮೇಲ್ ಮತ್ತು ಪಾಸ್‌ವರ್ಡ್ ಯಾವುದೇ ಖಾತೆಗೆ ಹೊಂದಿಕೆಯಾಗುತ್ತಿಲ್ಲ")
    assert "1 ಸಮಸ್ಯೆ ಇದೆ" in html  # the error summary: "There is a problem"


def test_registration_errors_are_in_hindi_with_their_numbers(client, make):
    make.centre(make.city("Bengaluru"), "Indiranagar", slug="blr-indiranagar")
    response = client.post(
        "/register",
        data={"name": "", "email": "meera@", "phone": "98450 1234", "centre": ""},
        headers={"Accept-Language": "hi-IN,hi;q=0.9"},
    )
    assert response.status_code == 422
    html = _html(response)
    assert _error_of(html, "name") == "कृपया हमें अपना नाम बताएँ।"
    assert _error_of(html, "email") == "यह ईमेल पता नहीं लगता।"
    # The phone check's own message, with the count it found.
    assert _error_of(html, "phone") == "भारत में मोबाइल नंबर 10 अंकों का होता है; इसमें 9 अंक हैं।"
    assert _error_of(html, "privacy_consent") == "हम आपकी सहमति से ही खाता बना सकते हैं।"
    assert "4 समस्याएँ हैं" in html
    assert "अभी पक्का नहीं" in html  # the centre list's "I'm not sure yet"


def test_a_weak_new_password_is_refused_in_telugu(client, make, login_as):
    patient = login_as(speaking(make.patient(email="ravi@example.test"), "te"))
    response = client.post(
        "/account/password",
        data={"current_password": "correct horse battery", "password": "short",
              "confirm_password": "short"},
    )  # fmt: skip
    assert response.status_code == 422
    html = _html(response)
    assert _error_of(html, "password") == "కనీసం 10 అక్షరాలు ఉపయోగించండి."
    assert "కనీసం 10 అక్షరాలు. ఒక చిన్న వాక్యం బాగా పనిచేస్తుంది." in html  # the hint
    assert patient.language == "te"


def test_after_logging_out_this_browser_keeps_the_patients_language(client, make, login_as):
    login_as(speaking(make.patient(), "kn"))
    response = client.post("/logout", headers={"Accept-Language": "en"})
    assert any(c.startswith("lang=kn;") for c in response.headers.getlist("Set-Cookie"))
    html = _html(client.get("/", headers={"Accept-Language": "en"}))
    assert '<html lang="kn">' in html
    assert "ನೀವು ಲಾಗ್ ಔಟ್ ಆಗಿದ್ದೀರಿ." in html  # "You have logged out."


def test_staff_logging_out_leave_the_browsers_language_alone(client, make, login_as):
    login_as(make.desk())
    response = client.post("/logout", headers={"Accept-Language": "te"})
    assert not any(c.startswith("lang=") for c in response.headers.getlist("Set-Cookie"))


def test_the_account_page_shows_and_saves_the_language_of_the_patients_emails(
    client, make, login_as
):
    patient = login_as(make.patient(email="meera@example.test"))
    html = _html(client.get("/account", headers={"Accept-Language": "en"}))
    assert '<label class="form-label" for="account-language">' in html
    assert '<option value="en" lang="en" selected>English</option>' in html

    response = client.post("/language", data={"language": "kn", "next": "/account"})
    assert response.headers["Location"] == "/account"
    assert db.session.scalar(select(User.language).where(User.id == patient.id)) == "kn"

    client.delete_cookie("lang")  # the account's choice alone, on any browser
    html = _html(client.get("/account", headers={"Accept-Language": "hi"}))
    assert '<html lang="kn">' in html
    assert '<h1 class="h2">ನನ್ನ ಖಾತೆ</h1>' in html  # "My account"
    assert '<option value="kn" lang="kn" selected>ಕನ್ನಡ</option>' in html
    assert '<option value="en" lang="en">English</option>' in html


def test_staff_have_no_language_choice_on_their_account_page(client, make, login_as):
    login_as(make.therapist())
    html = _html(client.get("/account", headers={"Accept-Language": "te"}))
    assert '<html lang="en">' in html
    assert "account-language" not in html


def test_error_pages_are_in_the_visitors_language(client):
    response = client.get("/no-such-page", headers={"Accept-Language": "hi"})
    assert response.status_code == 404
    html = _html(response)
    assert "हमें वह पेज नहीं मिला" in html  # "We couldn't find that page"
    assert "होम पेज पर जाएँ" in html


def test_the_please_log_in_message_is_translated(client):
    response = client.get("/account", headers={"Accept-Language": "te"}, follow_redirects=True)
    assert "ఆ పేజీ చూడటానికి దయచేసి లాగిన్ చేయండి." in _html(response)


def test_the_devices_logged_in_are_named_in_the_patients_language(client, make, login_as):
    login_as(speaking(make.patient(), "te"))
    html = _html(client.get("/account"))
    assert "<strong>తెలియని బ్రౌజర్</strong>" in html  # the test client names no browser
    with force_locale("hi"):
        assert device_label("Chrome on Android") == "Android पर Chrome"
        assert device_label("Firefox") == "Firefox"
