"""The guided timer keeps time by the clock, so a locked or throttled phone cannot stretch a hold.

The page's clock is Playwright's fake one, paused: `set_system_time` moves the time without
firing a single timer (what a locked phone does to a page), and `run_for` fires only the
timers of the span it covers. The wake lock, vibration and Web Audio are stubbed to record what
the timer asks of them.
"""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from babel.support import Translations
from playwright.sync_api import expect

from portal.guide.dose import Side
from portal.languages import TRANSLATED
from tests.browser.conftest import log_in, serious_accessibility_violations
from tests.factories import PASSWORD

TRANSLATIONS = Path(__file__).resolve().parents[2] / "portal" / "translations"

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)  # the fake time at which Start is pressed
ONE_REDRAW = 250  # ms: one redraw of the display, never enough to count a second

PHONE_STUBS = Path(__file__).with_name("phone_stubs.js")


@pytest.fixture
def practice(make, clinic):
    """The patient's practice pages: BL23 held 90 s on each side, and a pelvic tilt of two sets
    of two 10 s holds."""
    plan = make.plan(
        clinic["patient"],
        clinic["therapist"],
        [
            make.item("BL23", side=Side.BOTH, hold_seconds=90),
            make.item("PELVIC-TILT", side=Side.NONE, sets=2, reps=2, hold_seconds=10),
        ],
    )
    bl23, tilt = plan.program.versions[-1].items
    return {
        "email": clinic["patient"].email,
        "BL23": f"/today/practice/{bl23.id}",
        "PELVIC-TILT": f"/today/practice/{tilt.id}",
    }


@pytest.fixture
def phone(page, practice):
    """A logged-in patient's phone, its clock paused just before `START`."""
    page.add_init_script(path=PHONE_STUBS)
    log_in(page, practice["email"], PASSWORD)
    page.clock.install(time=START - timedelta(minutes=5))
    page.clock.pause_at(START)
    return page


def _open_timer(page, url, name="Guided timer"):
    page.goto(url)
    timer = page.get_by_role("region", name=name)
    expect(timer).to_be_visible()
    return timer


def _after(seconds: float) -> datetime:
    return START + timedelta(seconds=seconds)


def _jump_to(page, seconds: float) -> None:
    """The phone wakes `seconds` after Start; the timer has had no tick since it slept."""
    page.clock.set_system_time(_after(seconds))
    page.clock.run_for(ONE_REDRAW)


def _cues(page) -> dict:
    return page.evaluate("window.__cues")


def test_the_countdown_follows_the_clock_when_it_jumps(phone, practice):
    timer = _open_timer(phone, practice["BL23"])
    clock = timer.locator("[data-timer=clock]")
    timer.get_by_role("button", name="Start").click()
    expect(timer.locator("[data-timer=phase]")).to_have_text("Press: left side")
    expect(clock).to_have_text("90")

    _jump_to(phone, 60)  # a tick-counting timer would have counted one second: 89

    expect(clock).to_have_text("30")
    expect(timer.locator("[data-timer=phase]")).to_have_text("Press: left side")


def test_a_jump_past_a_hold_moves_on_to_the_right_side_and_then_to_done(phone, practice):
    timer = _open_timer(phone, practice["BL23"])
    phase = timer.locator("[data-timer=phase]")
    timer.get_by_role("button", name="Start").click()

    _jump_to(phone, 100)
    expect(phase).to_have_text("Switch to the right side")
    expect(timer.locator("[data-timer=clock]")).to_have_text("80")
    assert _cues(phone)["vibrations"] == [200]
    assert _cues(phone)["tones"] == [660]

    _jump_to(phone, 60 * 60)  # an hour later: done once, no replay of the missed seconds
    expect(phase).to_have_text("Well done. How is your pain now?")
    expect(timer.locator("[data-timer=clock]")).to_have_text("✓")
    expect(timer.get_by_role("button", name="Start again")).to_be_visible()
    expect(phone.locator('input[name="pain_after"]').first).to_be_focused()
    assert _cues(phone)["vibrations"] == [200, [200, 100, 200]]
    assert _cues(phone)["tones"] == [660, 660, 880]

    phone.clock.run_for(10_000)
    assert len(_cues(phone)["vibrations"]) == 2  # done is called out once


def test_an_exercise_jumps_to_the_right_set_and_repetition(phone, practice):
    timer = _open_timer(phone, practice["PELVIC-TILT"])
    timer.get_by_role("button", name="Start").click()
    expect(timer.locator("[data-timer=step]")).to_have_text("Set 1 of 2 · repetition 1 of 2")

    # Hold 10 s, relax 3 s, hold 10 s: set 2 starts at 23 s and holds until 33 s.
    _jump_to(phone, 30)

    expect(timer.locator("[data-timer=phase]")).to_have_text("Hold")
    expect(timer.locator("[data-timer=step]")).to_have_text("Set 2 of 2 · repetition 1 of 2")
    expect(timer.locator("[data-timer=clock]")).to_have_text("3")
    assert _cues(phone)["vibrations"] == []  # no side to switch to


def test_time_spent_paused_does_not_count(phone, practice):
    timer = _open_timer(phone, practice["BL23"])
    clock = timer.locator("[data-timer=clock]")
    timer.get_by_role("button", name="Start").click()
    phone.clock.run_for(10_000)
    expect(clock).to_have_text("80")

    timer.get_by_role("button", name="Pause").click()
    expect(timer.locator("[data-timer=phase]")).to_have_text("Paused")
    _jump_to(phone, 10 + 600)  # ten minutes on pause
    expect(clock).to_have_text("80")

    timer.get_by_role("button", name="Resume").click()
    expect(clock).to_have_text("80")
    expect(timer.locator("[data-timer=phase]")).to_have_text("Press: left side")
    phone.clock.run_for(5_000)
    expect(clock).to_have_text("75")


def test_the_screen_stays_on_while_running_and_again_after_the_phone_is_unlocked(phone, practice):
    timer = _open_timer(phone, practice["BL23"])
    clock = timer.locator("[data-timer=clock]")
    assert _cues(phone)["wakeLocks"] == 0
    timer.get_by_role("button", name="Start").click()
    assert _cues(phone)["wakeLocks"] == 1

    phone.evaluate("__setVisibility('hidden')")
    phone.clock.set_system_time(_after(45))  # locked: not one tick in 45 s
    phone.evaluate("__setVisibility('visible')")

    expect(clock).to_have_text("45")  # caught up on waking, before any tick
    assert _cues(phone)["wakeLocks"] == 2

    timer.get_by_role("button", name="Pause").click()
    assert _cues(phone)["wakeLockReleases"] == 1
    phone.evaluate("__setVisibility('hidden')")
    phone.evaluate("__setVisibility('visible')")
    assert _cues(phone)["wakeLocks"] == 2  # paused: the screen may sleep

    timer.get_by_role("button", name="Resume").click()
    assert _cues(phone)["wakeLocks"] == 3
    _jump_to(phone, 60 * 60)
    expect(timer.locator("[data-timer=phase]")).to_have_text("Well done. How is your pain now?")
    assert _cues(phone)["wakeLockReleases"] == 2


def test_sound_can_be_turned_off_by_keyboard_and_stays_off(phone, practice):
    timer = _open_timer(phone, practice["BL23"])
    sound = timer.get_by_role("switch", name="Sound at “switch sides” and “done”")
    expect(sound).to_be_checked()
    sound.focus()
    phone.keyboard.press("Space")
    expect(sound).not_to_be_checked()

    timer = _open_timer(phone, practice["BL23"])  # another session, another day
    expect(sound).not_to_be_checked()
    timer.get_by_role("button", name="Start").click()
    _jump_to(phone, 100)

    expect(timer.locator("[data-timer=phase]")).to_have_text("Switch to the right side")
    assert _cues(phone)["vibrations"] == [200]  # the buzz stays
    assert _cues(phone)["tones"] == []


def test_where_a_session_stands_is_worked_out_from_the_elapsed_time(phone, practice):
    _open_timer(phone, practice["BL23"])
    stands = phone.evaluate(
        """async () => {
          const { positionAt } = await import("/static/js/timer-clock.js");
          const phases = [{ seconds: 90 }, { seconds: 3 }, { seconds: 90 }];
          return [0, 999, 1000, 89_001, 90_000, 92_999, 93_000, 182_999, 183_000, 10 ** 9]
            .map((ms) => positionAt(phases, ms));
        }"""
    )
    assert [(p["index"], p["remaining"], p["done"]) for p in stands] == [
        (0, 90, False),
        (0, 90, False),
        (0, 89, False),
        (0, 1, False),
        (1, 3, False),
        (1, 1, False),
        (2, 90, False),
        (2, 1, False),
        (3, 0, True),
        (3, 0, True),
    ]


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_timer_speaks_the_patients_language(phone, practice, language):
    catalogue = Translations.load(TRANSLATIONS, [language])
    heading, start, press_left, switch_right = map(
        catalogue.gettext,
        ["Guided timer", "Start", "Press: left side", "Switch to the right side"],
    )
    step = catalogue.gettext("Set %(set)s of %(sets)s · repetition %(rep)s of %(reps)s") % {
        "set": 2, "sets": 2, "rep": 1, "reps": 2,
    }  # fmt: skip
    assert switch_right != "Switch to the right side"

    # No colour transitions: Pause appears under the pointer that pressed Start, and axe could
    # otherwise measure its hover colours halfway (a contrast failure that is not on screen).
    phone.emulate_media(reduced_motion="reduce")
    _open_timer(phone, practice["BL23"])
    phone.locator(f".language-choice[value={language}]").click()  # the patient's choice
    timer = phone.get_by_role("region", name=heading)
    expect(timer).to_be_visible()
    timer.get_by_role("button", name=start).click()
    expect(timer.locator("[data-timer=phase]")).to_have_text(press_left)
    _jump_to(phone, 100)
    expect(timer.locator("[data-timer=phase]")).to_have_text(switch_right)
    phone.clock.resume()  # axe waits on timers of its own
    assert serious_accessibility_violations(phone) == []
    phone.clock.pause_at(_after(600))

    timer = _open_timer(phone, practice["PELVIC-TILT"], heading)
    timer.get_by_role("button", name=start).click()
    _jump_to(phone, 600 + 30)  # 30 s after this Start
    expect(timer.locator("[data-timer=step]")).to_have_text(step)
