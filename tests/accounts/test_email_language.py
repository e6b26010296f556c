"""Emails asked for signed out (a password reset, a sign-up) are in the account's stored
language, else in the language of the page they were asked from."""

from portal.extensions import db
from tests.emails import emails_to

HINDI_PAGE = {"Accept-Language": "hi"}


def test_a_reset_for_an_account_follows_its_stored_language_over_the_page(client, make):
    patient = make.patient(email="asha@example.test", name="Asha Rao")
    patient.language = "kn"
    db.session.commit()
    client.post("/reset-password", data={"email": "asha@example.test"}, headers=HINDI_PAGE)
    [email] = emails_to("asha@example.test", "password_reset")
    assert email.subject == "ನಿಮ್ಮ Sthira Physio ಪಾಸ್‌ವರ್ಡ್ ಮರುಹೊಂದಿಸಿ"
    assert email.body.startswith("ಆತ್ಮೀಯ Asha Rao,\n\nಹೊಸ ಪಾಸ್‌ವರ್ಡ್ ಆಯ್ಕೆಮಾಡಲು")


def test_a_reset_for_an_unknown_email_is_in_the_pages_language(client):
    client.post("/reset-password", data={"email": "nobody@example.test"}, headers=HINDI_PAGE)
    [email] = emails_to("nobody@example.test", "password_reset")
    assert email.subject == "अपना Sthira Physio पासवर्ड रीसेट करें"
    assert email.body.startswith("नमस्ते,")
    assert "/register" in email.body  # the link survives the translation


def test_a_sign_up_from_a_telugu_page_is_answered_in_telugu_with_its_link(client):
    data = {"name": "Priya Menon", "email": "priya@example.com", "phone": "98450 12345",
            "privacy_consent": "y"}  # fmt: skip
    client.post("/register", data=data, headers={"Accept-Language": "te"})
    [email] = emails_to("priya@example.com", "sign_up")
    assert email.subject == "మీ Sthira Physio ఖాతా"
    assert email.body.startswith("ప్రియమైన Priya Menon,\n\nమీ ఖాతా సృష్టిని పూర్తి చేయడానికి")
    assert "/register/confirm/" in email.body
