"""The reminder setting and the unsubscribe pages in the patient's language: the times offered
are written the language's way, the page says when the next reminder goes, and a link from an
email opens in the language of the account it came from, without signing in."""

from datetime import time

from portal.reminders.tokens import unsubscribe_token
from tests.languages import speaking
from tests.reminders.conftest import set_reminder


def test_the_setting_page_in_telugu(client, login_as, clinic):
    login_as(speaking(clinic["patient"], "te"))
    page = client.get("/account/reminder").get_data(as_text=True)
    assert '<html lang="te">' in page
    assert "ప్రతిరోజూ ఈ సమయానికి నాకు గుర్తు చేయండి" in page  # "Remind me every day at"
    assert '<option value="">రిమైండర్ వద్దు</option>' in page  # "No reminder"
    assert '<option value="18:30">6:30 PM</option>' in page  # CLDR's Telugu time, not "6:30 pm"
    assert "Bengaluru సమయం. వీటిని ఆపడానికి" in page  # the centre's city keeps its name


def test_saving_a_time_says_so_in_kannada(client, login_as, clinic):
    login_as(speaking(clinic["patient"], "kn"))
    response = client.post("/account/reminder", data={"remind_at": "18:30"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "ಉಳಿಸಲಾಗಿದೆ: ಅಭ್ಯಾಸ ಬಾಕಿ ಇರುವ ದಿನಗಳಲ್ಲಿ 6:30 PM ಕ್ಕೆ ಜ್ಞಾಪನೆ." in page
    assert "ಪ್ರತಿದಿನ 6:30 PM ಕ್ಕೆ" in page  # "Every day at 6:30 PM"


def test_a_time_not_offered_is_refused_in_hindi(client, login_as, clinic):
    login_as(speaking(clinic["patient"], "hi"))
    response = client.post("/account/reminder", data={"remind_at": "07:15"})
    assert response.status_code == 422
    assert "सूची से एक समय चुनें, या “कोई रिमाइंडर नहीं”।" in response.get_data(as_text=True)


def test_the_unsubscribe_link_answers_in_the_accounts_language(client, clinic):
    set_reminder(speaking(clinic["patient"], "kn"), remind_at=time(7, 30))
    url = f"/reminders/off/{unsubscribe_token(clinic['patient'].id)}"
    page = client.get(url, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="kn">' in page
    assert "ಅಭ್ಯಾಸ ಜ್ಞಾಪನೆಗಳನ್ನು ನಿಲ್ಲಿಸಬೇಕೇ?" in page  # "Stop practice reminders?"
    done = client.post(url).get_data(as_text=True)
    assert "ಆಯಿತು: ಇನ್ನು ಮುಂದೆ ನಾವು ನಿಮಗೆ ಅಭ್ಯಾಸ ಜ್ಞಾಪನೆಗಳನ್ನು ಇಮೇಲ್ ಮಾಡುವುದಿಲ್ಲ." in done


def test_an_unsubscribe_link_of_an_account_without_a_choice_follows_the_browser(client, clinic):
    set_reminder(clinic["patient"])
    url = f"/reminders/off/{unsubscribe_token(clinic['patient'].id)}"
    page = client.get(url, headers={"Accept-Language": "hi"}).get_data(as_text=True)
    assert '<html lang="hi">' in page
    assert "अभ्यास रिमाइंडर बंद करें?" in page
