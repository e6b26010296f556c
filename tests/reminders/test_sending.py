"""The worker's round: one email at the patient's local time when practice is left to do,
never twice a day, never when there is nothing to ask of them."""

from datetime import time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from portal.accounts.models import User
from portal.extensions import db
from portal.notifications.mail import build_message
from portal.notifications.services import queue_plain_email
from portal.privacy.erasure import request_erasure
from portal.programs.models import PlanStatus
from portal.programs.services import record_practice
from portal.reminders import services
from portal.reminders.models import PracticeReminderSetting
from portal.reminders.services import choose_reminder_time, send_due_practice_reminders
from portal.reminders.tokens import patient_id_for_token
from portal.safety.models import FlagKind
from portal.safety.services import raise_flag
from tests.emails import emails_to
from tests.reminders.conftest import at_local, set_reminder

KIND = "practice_reminder"


def _run(now):
    result = send_due_practice_reminders(now)
    db.session.commit()
    return result


def _reminders(patient):
    return emails_to(patient.email, KIND)


def _do_everything(patient, items, day):
    for item in items.values():
        for index in range(1, item.times_per_day + 1):
            record_practice(patient=patient, item=item, occurrence_date=day,
                            occurrence_index=index, pain_before=3, pain_after=2,
                            note=None)  # fmt: skip
    db.session.commit()


def test_nothing_before_the_chosen_time_then_one_email(reminded, today):
    assert _run(at_local(today, 7, 29)).sent == 0
    assert _reminders(reminded) == []
    assert _run(at_local(today, 7, 30)).sent == 1
    assert len(_reminders(reminded)) == 1


def test_a_late_round_still_sends_the_days_reminder_once(reminded, today):
    """The worker was down at 7:30: the round at 1 pm sends it, the next ones do not."""
    assert _run(at_local(today, 13)).sent == 1
    assert _run(at_local(today, 13, 5)).sent == 0
    assert _run(at_local(today, 23, 55)).sent == 0
    assert len(_reminders(reminded)) == 1


def test_two_rounds_the_same_day_send_one_and_the_next_day_another(reminded, today):
    _run(at_local(today, 7, 30))
    _run(at_local(today, 7, 35))
    assert len(_reminders(reminded)) == 1
    _run(at_local(today + timedelta(days=1), 7, 30))
    assert len(_reminders(reminded)) == 2


def test_all_done_nothing_sent_and_the_day_is_settled(reminded, items, today):
    _do_everything(reminded, items, today)
    result = _run(at_local(today, 8))
    assert (result.sent, result.not_needed) == (0, 1)
    assert _reminders(reminded) == []
    setting = db.session.get(PracticeReminderSetting, reminded.id)
    assert setting.settled_until == today


def test_only_what_is_left_is_listed(reminded, items, today):
    record_practice(patient=reminded, item=items["GV4"], occurrence_date=today,
                    occurrence_index=1, pain_before=3, pain_after=2, note=None)  # fmt: skip
    db.session.commit()
    _run(at_local(today, 8))
    [email] = _reminders(reminded)
    assert "BL23 Shenshu" in email.body and "Bridge" in email.body
    assert "GV4" not in email.body


def test_no_time_chosen_no_email(clinic, plan, today):
    set_reminder(clinic["patient"], remind_at=None)
    assert _run(at_local(today, 21)).sent == 0


def test_a_completed_plan_sends_nothing(reminded, plan, today):
    plan.status = PlanStatus.COMPLETED
    db.session.commit()
    assert _run(at_local(today, 8)).sent == 0
    assert _reminders(reminded) == []


def test_a_plan_that_ended_yesterday_sends_nothing(make, clinic, today):
    make.plan(clinic["patient"], clinic["therapist"], [make.item("BRIDGE")],
              start=today - timedelta(days=10), end_date=today - timedelta(days=1))  # fmt: skip
    set_reminder(clinic["patient"])
    assert _run(at_local(today, 8)).sent == 0


def test_an_inactive_account_gets_nothing(reminded, today):
    db.session.execute(update(User).where(User.id == reminded.id).values(active=False))
    db.session.commit()
    assert _run(at_local(today, 8)).sent == 0


def test_a_pending_erasure_stops_reminders(reminded, today):
    request_erasure(reminded)
    db.session.commit()
    assert _run(at_local(today, 8)).sent == 0
    assert _reminders(reminded) == []


def test_a_sharp_pain_stop_leaves_the_technique_out(reminded, items, today):
    raise_flag(reminded, FlagKind.SHARP_PAIN, "Stopped BL23.", item=items["BL23"])
    db.session.commit()
    _run(at_local(today, 8))
    [email] = _reminders(reminded)
    assert "BL23" not in email.body and "Bridge" in email.body


def test_stopped_with_nothing_else_left_no_email(make, clinic, today):
    plan = make.plan(clinic["patient"], clinic["therapist"], [make.item("BL23")])
    raise_flag(clinic["patient"], FlagKind.SHARP_PAIN, "Stopped.",
               item=plan.program.versions[-1].items[0])  # fmt: skip
    set_reminder(clinic["patient"])
    assert _run(at_local(today, 8)).sent == 0


def test_an_open_red_flag_holds_every_reminder(reminded, today):
    raise_flag(reminded, FlagKind.RED_FLAG, "Red-flag symptoms reported: fever.")
    db.session.commit()
    assert _run(at_local(today, 8)).sent == 0
    assert _reminders(reminded) == []


def test_the_patients_centre_zone_decides_the_time(make, today):
    london = make.city("London", timezone="Europe/London", slug="london")
    centre = make.centre(london, "Marylebone")
    therapist = make.therapist(centre)
    patient = make.patient(name="Priya Nair", centre=centre)
    make.screening(patient)
    make.plan(patient, therapist, [make.item("BRIDGE")], start=today - timedelta(days=3))
    set_reminder(patient, remind_at=time(7, 30))
    # 7:30 am in Kolkata is 2 am in London: not yet.
    assert _run(at_local(today, 7, 30)).sent == 0
    london_morning = at_local(today, 7, 30, zone=ZoneInfo(london.timezone))
    assert _run(london_morning).sent == 1
    assert _run(london_morning + timedelta(hours=2)).sent == 0


def test_the_email_lists_names_links_to_today_and_unsubscribes_in_one_click(app, reminded, today):
    _run(at_local(today, 7, 30))
    [email] = _reminders(reminded)
    assert email.subject == "Your home practice today: 3 still to do"
    body = email.body
    assert "Dear Rohan Kulkarni," in body
    for name in ("BL23 Shenshu", "GV4 Mingmen", "Bridge"):
        assert f"  - {name}" in body
    assert "seconds" not in body and "press" not in body.lower()  # names only, no dose
    assert "7:30 am (Bengaluru time)" in body
    assert "Open today's practice: http://127.0.0.1:5000/today" in body
    assert "http://127.0.0.1:5000/account/reminder" in body
    assert email.unsubscribe_url in body
    token = email.unsubscribe_url.rsplit("/", 1)[1]
    assert email.unsubscribe_url.startswith("http://127.0.0.1:5000/reminders/off/")
    assert patient_id_for_token(token) == reminded.id
    written = bytes(build_message(email, app.config["MAIL_DEFAULT_SENDER"]))
    # As mail apps read it: one plain line each, not RFC 2047 encoded words.
    assert f"List-Unsubscribe: <{email.unsubscribe_url}>\n".encode() in written
    assert b"List-Unsubscribe-Post: List-Unsubscribe=One-Click\n" in written


def test_links_use_the_configured_portal_address(app, monkeypatch, reminded, today):
    monkeypatch.setitem(app.config, "PORTAL_URL", "https://portal.sthira.example")
    _run(at_local(today, 7, 30))
    [email] = _reminders(reminded)
    assert "https://portal.sthira.example/today" in email.body
    assert email.unsubscribe_url.startswith("https://portal.sthira.example/reminders/off/")


def test_other_emails_carry_no_unsubscribe_header(app):
    email = queue_plain_email(kind="reset", to_email="a@example.test", subject="s", body="b")
    assert "List-Unsubscribe" not in build_message(email, "care@sthira.test")


def test_a_failure_leaves_the_day_to_the_next_round_and_others_still_get_theirs(
    make, clinic, reminded, today, monkeypatch
):
    other = make.patient(name="Meera Iyer", centre=clinic["centre"])
    make.plan(other, clinic["therapist"], [make.item("BRIDGE")])
    set_reminder(other)
    queue = services.queue_practice_reminder

    def fails_for_rohan(patient, *args):
        if patient.id == reminded.id:
            raise RuntimeError("mail layer down")
        return queue(patient, *args)

    monkeypatch.setattr(services, "queue_practice_reminder", fails_for_rohan)
    assert _run(at_local(today, 7, 30)).sent == 1
    assert len(_reminders(other)) == 1
    assert db.session.get(PracticeReminderSetting, reminded.id).settled_until is None
    monkeypatch.undo()
    assert _run(at_local(today, 7, 35)).sent == 1
    assert len(_reminders(reminded)) == 1


def test_a_time_chosen_after_it_passed_today_waits_for_tomorrow(clinic, plan, today):
    choose_reminder_time(clinic["patient"], time(7, 30), now=at_local(today, 9))
    db.session.commit()
    assert _run(at_local(today, 9, 5)).sent == 0
    assert _run(at_local(today + timedelta(days=1), 7, 30)).sent == 1


def test_a_time_chosen_before_it_comes_is_for_today(clinic, plan, today):
    choose_reminder_time(clinic["patient"], time(7, 30), now=at_local(today, 6))
    db.session.commit()
    assert _run(at_local(today, 7, 30)).sent == 1


def test_changing_the_time_after_todays_reminder_sends_no_second(reminded, today):
    _run(at_local(today, 7, 30))
    choose_reminder_time(reminded, time(18, 0), now=at_local(today, 9))
    db.session.commit()
    assert _run(at_local(today, 18, 0)).sent == 0
    assert len(_reminders(reminded)) == 1


def test_a_day_is_claimed_by_one_caller_only(reminded, today):
    """The database's word, whatever the callers read before: of two claims, one wins."""
    assert services.claim_day(reminded.id, today)
    assert not services.claim_day(reminded.id, today)
    assert not services.claim_day(reminded.id, today - timedelta(days=1))
    assert services.claim_day(reminded.id, today + timedelta(days=1))


def test_a_turned_off_reminder_cannot_be_claimed(clinic, today):
    set_reminder(clinic["patient"], remind_at=None)
    assert not services.claim_day(clinic["patient"].id, today)


def test_the_demo_patient_has_a_reminder(seeded):
    patient = db.session.scalars(select(User).where(User.email == "patient@demo.test")).one()
    assert db.session.get(PracticeReminderSetting, patient.id).remind_at == time(7, 30)
