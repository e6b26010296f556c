"""The patient's care pages in Hindi, Kannada and Telugu: /today and practice, the safety pages,
the questionnaires and the verdicts on /progress. What staff read stays English."""

import re
from datetime import timedelta

from flask_babel import force_locale
from sqlalchemy import select

from portal.extensions import db
from portal.localtime import day, to_local
from portal.outcomes.mcid import ODI, PAIN, verdict_sentence
from portal.outcomes.odi import SECTION_KEYS
from portal.outcomes.services import record_odi
from portal.safety.models import SafetyFlag
from tests.therapist.test_override_caution import confirmed_bl60  # noqa: F401  (a fixture)


def _page(client, url, language):
    client.set_cookie("lang", language)
    response = client.get(url)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'<html lang="{language}">' in html
    return html


def test_today_counts_and_start_buttons_in_telugu(client, login_as, clinic, items):
    login_as(clinic["patient"])
    html = _page(client, "/today", "te")
    assert "4 లో 0 పూర్తయ్యాయి" in html  # "0 of 4 done", the numbers in their places
    assert "ప్రారంభించండి (2 లో 1)" in html  # BL23's first of two sessions
    assert "of 4 done" not in html and ">Start" not in html


def test_a_practice_error_stands_next_to_its_field_in_hindi(client, login_as, clinic, items):
    login_as(clinic["patient"])
    client.set_cookie("lang", "hi")
    response = client.post(
        f"/today/practice/{items['GV4'].id}", data={"pain_after": "3", "note": ""}
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    error = re.search(r'id="pain_before-error">([^<]*)<', html).group(1)
    assert error == "0 (कोई दर्द नहीं) से 10 (सबसे तेज़ दर्द) तक कोई एक अंक दबाएँ।"
    assert "शुरू करने से पहले दर्द" in html  # the field's legend


def test_red_flags_asked_in_kannada_reach_the_therapist_in_english(client, make, login_as):
    login_as(make.patient())
    form = _page(client, "/safety/symptoms", "kn")
    assert "ತೊಡೆಸಂದು, ಪೃಷ್ಠ ಅಥವಾ ಒಳತೊಡೆಗಳ ಸುತ್ತ ಜೋಮು ಅಥವಾ ಜುಮ್ಮೆನಿಸುವಿಕೆ" in form
    response = client.post("/safety/symptoms", data={"saddle_numbness": "y"})
    assert response.headers["Location"] == "/safety/urgent"
    urgent = _page(client, "/safety/urgent", "kn")
    assert "ದಯವಿಟ್ಟು ಈಗಲೇ ತುರ್ತು ವೈದ್ಯಕೀಯ ಚಿಕಿತ್ಸೆ ಪಡೆಯಿರಿ" in urgent
    assert 'href="tel:112">112</a>' in urgent
    [flag] = db.session.scalars(select(SafetyFlag)).all()
    assert "numbness or tingling around your groin" in flag.details


def test_a_stop_is_recorded_in_english_and_explained_in_telugu(client, login_as, clinic, items):
    login_as(clinic["patient"])
    client.set_cookie("lang", "te")
    client.post(f"/today/practice/{items['BRIDGE'].id}/stop", data={})
    [flag] = db.session.scalars(select(SafetyFlag)).all()
    assert flag.details.startswith("Stopped ") and "because of sharp pain" in flag.details
    stopped = _page(client, "/safety/stopped", "te")
    assert "ఆపడం ద్వారా మీరు సరైన పని చేశారు" in stopped
    assert "మీ కేంద్రానికి కాల్ చేయండి" in stopped


def test_a_therapists_override_reads_in_the_patients_language_with_its_date(
    client,
    auth,
    login_as,
    confirmed_bl60,  # noqa: F811
):
    auth.logout()  # the therapist who confirmed it
    login_as(confirmed_bl60["patient"])
    html = _page(client, "/today", "te")
    confirmed = to_local(confirmed_bl60["item"].safety_confirmed_at, "Asia/Kolkata").date()
    on = day(confirmed, "brief_year", "te")
    assert f"ఇవి ఉన్నప్పటికీ Dr. Arjun Hegde {on} న నిర్ధారించారు: గర్భవతి" in html


def test_the_odi_in_kannada_and_its_verdict_in_hindi(client, login_as, clinic, plan, today):
    patient = login_as(clinic["patient"])
    form = _page(client, "/progress/odi", "kn")
    assert "ಈಗ ನನ್ನ ನೋವು ತುಂಬಾ ಸೌಮ್ಯವಾಗಿದೆ." in form  # "Right now my pain is very mild."
    assert "Right now" not in form
    record_odi(patient.id, today - timedelta(days=2), dict.fromkeys(SECTION_KEYS, 3))  # 60 %
    client.set_cookie("lang", "hi")
    saved = client.post(
        "/progress/odi", data=dict.fromkeys(SECTION_KEYS, "1"), follow_redirects=True
    ).get_data(as_text=True)
    assert "सहेजा गया: आपका स्कोर 20 % है।" in saved
    assert (
        "शुरुआत की तुलना में 40 अंक बेहतर (60 → 20)। यह 10 अंक के उस बदलाव तक पहुँचता है "
        "जिसे असली सुधार माना जाता है (Ostelo et al., Spine 2008)।"
    ) in saved


def test_verdicts_take_the_plural_of_each_language_and_stay_english_by_default(app):
    with force_locale("kn"):
        assert verdict_sentence(PAIN, 5, 4).startswith("ಆರಂಭಕ್ಕಿಂತ 1 ಅಂಕ ಸುಧಾರಿಸಿದೆ (5 → 4).")
        assert verdict_sentence(ODI, 30, 42).startswith("ಆರಂಭಕ್ಕಿಂತ 12 ಅಂಕಗಳು ಹದಗೆಟ್ಟಿದೆ (30 → 42).")
    assert verdict_sentence(PAIN, 5, 4).startswith("1 point better since the start (5 → 4).")


def test_psfs_errors_are_ours_and_said_once_in_telugu(client, login_as, clinic):
    login_as(clinic["patient"])
    client.set_cookie("lang", "te")
    response = client.post("/progress/psfs", data={"activity_1": "నడక" * 61, "score_1": "ఐదు"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    score_error = re.search(r'id="score_1-error">([^<]*)<', html).group(1)
    assert score_error == "0 నుండి 10 వరకు స్కోరు ఇవ్వండి."  # not WTForms' English, not twice
    activity_error = re.search(r'id="activity_1-error">([^<]*)<', html).group(1)
    assert "120" in activity_error and "characters" not in activity_error
