"""The reminder setting (patients only) and the unsubscribe link (no sign-in: the signed
token is the proof)."""

import time as time_module
from datetime import time, timedelta

import pytest
from itsdangerous import URLSafeTimedSerializer

from portal.accounts.reset import reset_token
from portal.extensions import db
from portal.privacy.erasure import carry_out_due_erasures, request_erasure
from portal.reminders.models import PracticeReminderSetting
from portal.reminders.tokens import unsubscribe_token
from tests.reminders.conftest import set_reminder


def _setting(patient) -> PracticeReminderSetting | None:
    db.session.expire_all()
    return db.session.get(PracticeReminderSetting, patient.id)


def test_the_page_offers_every_half_hour_in_the_centres_time(client, login_as, clinic):
    login_as(clinic["patient"])
    page = client.get("/account/reminder").get_data(as_text=True)
    assert '<label class="form-label" for="remind_at">Remind me every day at</label>' in page
    assert '<option value="">No reminder</option><option value="05:00">5:00 am</option>' in page
    assert '<option value="07:30">7:30 am</option>' in page
    assert '<option value="22:00">10:00 pm</option>' in page
    assert "Bengaluru time" in page


def test_choosing_a_time_saves_it_and_shows_it(client, login_as, clinic):
    login_as(clinic["patient"])
    response = client.post("/account/reminder", data={"remind_at": "18:30"})
    assert response.headers["Location"] == "/account/reminder"
    assert _setting(clinic["patient"]).remind_at == time(18, 30)
    page = client.get("/account/reminder").get_data(as_text=True)
    assert "Saved: a reminder at 6:30 pm" in page
    assert '<option selected value="18:30">6:30 pm</option>' in page
    assert "Every day at 6:30 pm" in page


def test_choosing_no_reminder_turns_it_off(client, login_as, clinic):
    set_reminder(clinic["patient"])
    login_as(clinic["patient"])
    client.post("/account/reminder", data={"remind_at": ""})
    assert _setting(clinic["patient"]).remind_at is None
    assert "Reminders are off" in client.get("/account/reminder").get_data(as_text=True)


@pytest.mark.parametrize("value", ["07:15", "25:00", "7:30", "tomorrow", "03:00"])
def test_a_time_not_offered_is_refused_next_to_the_field(client, login_as, clinic, value):
    set_reminder(clinic["patient"], remind_at=time(8))
    login_as(clinic["patient"])
    response = client.post("/account/reminder", data={"remind_at": value})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="remind_at-error"' in page
    assert "Choose a time from the list" in page
    assert _setting(clinic["patient"]).remind_at == time(8)  # nothing saved


@pytest.mark.parametrize(
    ("remind_at", "settled", "expected"),
    [
        (time(23, 59), False, "Next reminder: today at 11:59 pm"),
        (time(0, 0), False, "Next reminder: within the next few minutes"),
        (time(0, 0), True, "Next reminder: tomorrow at 12:00 am"),
    ],
)
def test_the_page_says_when_the_next_reminder_may_go(
    client, login_as, clinic, today, remind_at, settled, expected
):
    set_reminder(clinic["patient"], remind_at=remind_at, settled_until=today if settled else None)
    login_as(clinic["patient"])
    assert expected in client.get("/account/reminder").get_data(as_text=True)


@pytest.mark.parametrize("role", ["therapist", "desk", "admin"])
def test_staff_have_no_reminder_page(client, login_as, make, role):
    staff = getattr(make, role)()
    login_as(staff)
    assert client.get("/account/reminder").status_code == 403
    assert client.post("/account/reminder", data={"remind_at": "07:30"}).status_code == 403
    assert db.session.get(PracticeReminderSetting, staff.id) is None


def test_a_visitor_is_asked_to_log_in(client):
    response = client.get("/account/reminder")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_each_patient_sets_only_their_own(client, login_as, make, clinic):
    other = make.patient(name="Meera Iyer", centre=clinic["centre"])
    set_reminder(other, remind_at=time(9))
    login_as(clinic["patient"])
    client.post("/account/reminder", data={"remind_at": "06:00"})
    assert _setting(other).remind_at == time(9)
    assert _setting(clinic["patient"]).remind_at == time(6)


# The unsubscribe link.


def test_the_link_asks_once_then_one_click_turns_reminders_off_without_signing_in(client, clinic):
    set_reminder(clinic["patient"])
    url = f"/reminders/off/{unsubscribe_token(clinic['patient'].id)}"
    page = client.get(url)
    assert page.status_code == 200
    assert "Stop the reminders" in page.get_data(as_text=True)
    assert _setting(clinic["patient"]).remind_at == time(7, 30)  # a visit changes nothing
    done = client.post(url)
    assert done.status_code == 200
    assert "Done: we will not email you practice reminders any more" in done.get_data(as_text=True)
    assert _setting(clinic["patient"]).remind_at is None


def test_a_mail_apps_one_click_post_works_without_a_form_token(app, clinic):
    set_reminder(clinic["patient"])
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = app.test_client().post(
            f"/reminders/off/{unsubscribe_token(clinic['patient'].id)}",
            data={"List-Unsubscribe": "One-Click"},
        )
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 200
    assert _setting(clinic["patient"]).remind_at is None


def test_using_the_link_again_says_they_are_already_off(client, clinic):
    set_reminder(clinic["patient"])
    url = f"/reminders/off/{unsubscribe_token(clinic['patient'].id)}"
    client.post(url)
    again = client.post(url)
    assert again.status_code == 200
    assert "They were already off" in again.get_data(as_text=True)
    assert "There is nothing more to do" in client.get(url).get_data(as_text=True)
    assert _setting(clinic["patient"]).remind_at is None


def test_a_tampered_link_changes_nothing(client, make, clinic):
    other = make.patient(name="Meera Iyer")
    set_reminder(clinic["patient"])
    set_reminder(other)
    token = unsubscribe_token(clinic["patient"].id)
    # One character of the signature changed, away from its end: the last character of
    # base64 carries bits the decoder ignores, so "…xy" could decode to the same signature.
    tampered = token[:-5] + ("A" if token[-5] != "A" else "B") + token[-4:]
    for bad in (tampered, "not-a-token", _signed_with("another-secret", other.id)):
        for method in ("GET", "POST"):
            response = client.open(f"/reminders/off/{bad}", method=method)
            assert response.status_code == 404
            assert "This link does not work" in response.get_data(as_text=True)
    assert _setting(clinic["patient"]).remind_at == time(7, 30)
    assert _setting(other).remind_at == time(7, 30)


def test_a_reset_link_is_no_unsubscribe_link(client, clinic):
    set_reminder(clinic["patient"])
    response = client.post(f"/reminders/off/{reset_token(clinic['patient'])}")
    assert response.status_code == 404
    assert _setting(clinic["patient"]).remind_at == time(7, 30)


def test_an_expired_link_changes_nothing_and_says_why(client, clinic, monkeypatch):
    set_reminder(clinic["patient"])
    token = unsubscribe_token(clinic["patient"].id)
    in_61_days = time_module.time() + 61 * 24 * 60 * 60
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: in_61_days)
    response = client.post(f"/reminders/off/{token}")
    assert response.status_code == 410
    assert "This link has expired" in response.get_data(as_text=True)
    assert _setting(clinic["patient"]).remind_at == time(7, 30)


def test_a_link_for_someone_who_never_chose_a_reminder_is_not_found(client, clinic):
    response = client.post(f"/reminders/off/{unsubscribe_token(clinic['patient'].id)}")
    assert response.status_code == 404


def _signed_with(secret: str, patient_id: int) -> str:
    return URLSafeTimedSerializer(secret, salt="practice-reminder-off").dumps(
        {"patient": patient_id}
    )


def test_links_are_offered_from_the_account_page_and_today(client, login_as, clinic, plan):
    login_as(clinic["patient"])
    assert 'href="/account/reminder"' in client.get("/account").get_data(as_text=True)
    assert 'href="/account/reminder"' in client.get("/today").get_data(as_text=True)


def test_the_data_export_includes_the_reminder(client, login_as, clinic):
    set_reminder(clinic["patient"], remind_at=time(6, 30))
    login_as(clinic["patient"])
    assert client.get("/account/export.json").get_json()["practice_reminder"] == {
        "daily_at": "06:30"
    }
    assert "Every day at 06:30" in client.get("/account/export").get_data(as_text=True)


def test_erasure_deletes_the_reminder(clinic):
    set_reminder(clinic["patient"])
    erasure = request_erasure(clinic["patient"])
    db.session.commit()
    carry_out_due_erasures(erasure.due_at + timedelta(minutes=1))
    assert _setting(clinic["patient"]) is None
