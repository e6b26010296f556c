"""Dose sentences, weekdays and opening hours in the patient's language: whole phrases from
the catalogue, plurals that follow the number, and the numbers themselves unchanged."""

from contextlib import contextmanager
from datetime import time

import pytest
from flask_babel import force_locale

from portal.centres.hours import DayHours, summarise_opening_hours
from portal.guide.dose import (
    Side,
    acupressure_dose_sentence,
    duration_phrase,
    exercise_dose_sentence,
    times_per_day_phrase,
)
from portal.programs.presenters import dose_of
from portal.weekdays import WEEKDAYS_ONLY, weekdays_to_mask


@contextmanager
def speaking(app, language):
    with app.test_request_context(), force_locale(language):
        yield


@pytest.mark.parametrize(
    ("seconds", "phrase"),
    [(60, "1 నిమిషం"), (120, "2 నిమిషాలు"), (90, "90 సెకన్లు"), (45, "45 సెకన్లు")],
)
def test_telugu_durations_take_the_plural_their_number_needs(app, seconds, phrase):
    with speaking(app, "te"):
        assert duration_phrase(seconds) == phrase


def test_a_hindi_dose_for_one_side_on_some_days(app):
    with speaking(app, "hi"):
        sentence = acupressure_dose_sentence(60, Side.LEFT, 1, weekdays_to_mask([0, 2, 4]))
    assert sentence == (
        "बाईं तरफ़ 1 मिनट तक छोटे गोल घेरों में मज़बूती से दबाएँ, हर सोमवार, बुधवार और शुक्रवार, दिन में एक बार।"
    )


def test_a_kannada_exercise_dose_counts_its_sets(app):
    with speaking(app, "kn"):
        one = exercise_dose_sentence(1, 3, 30, Side.BOTH, 2, WEEKDAYS_ONLY)
        two = exercise_dose_sentence(2, 10, 10, Side.NONE, times_per_day=1)
    assert one == (
        "ಪ್ರತಿ ಬದಿಯಲ್ಲಿ 3 ಬಾರಿಯ 1 ಸೆಟ್, ಪ್ರತಿ ಬಾರಿ 30 ಸೆಕೆಂಡು ಹಿಡಿದಿಡಿ, ಸೋಮವಾರದಿಂದ ಶುಕ್ರವಾರದವರೆಗೆ, ದಿನಕ್ಕೆ ಎರಡು ಬಾರಿ."
    )
    assert two == "10 ಬಾರಿಯ 2 ಸೆಟ್‌ಗಳು, ಪ್ರತಿ ಬಾರಿ 10 ಸೆಕೆಂಡು ಹಿಡಿದಿಡಿ, ದಿನಕ್ಕೆ ಒಮ್ಮೆ."


def test_a_number_of_times_a_day_beyond_three_is_written_with_its_number(app):
    with speaking(app, "te"):
        assert times_per_day_phrase(4) == "రోజుకు 4 సార్లు"
        assert times_per_day_phrase(2) == "రోజుకు రెండుసార్లు"


def test_opening_hours_in_kannada_name_the_days_and_times_in_kannada(app):
    days = [DayHours(day, time(8), time(20)) for day in range(6)]
    with speaking(app, "kn"):
        assert summarise_opening_hours(days) == ["ಸೋಮ–ಶನಿ 8:00 AM – 8:00 PM", "ಭಾನು ಮುಚ್ಚಿರುತ್ತದೆ"]


def test_english_is_unchanged_inside_a_request(app):
    with speaking(app, "en"):
        assert (
            acupressure_dose_sentence(90, Side.BOTH, times_per_day=2)
            == "Press firmly in small circles for 90 seconds on each side, twice a day."
        )


def test_an_items_dose_is_written_in_each_readers_language(app, items):
    """dose_of keeps each sentence it writes: the same numbers, asked for in another
    language, are written again in that one."""
    item = items["BL23"]
    sentences = {}
    for language in ("en", "hi", "en", "te"):
        with speaking(app, language):
            sentences.setdefault(language, set()).add(dose_of(item))
    assert sentences["en"] == {
        acupressure_dose_sentence(item.hold_seconds, item.side, item.times_per_day)
    }
    with speaking(app, "hi"):
        assert sentences["hi"] == {
            acupressure_dose_sentence(item.hold_seconds, item.side, item.times_per_day)
        }
    assert len({*sentences["en"], *sentences["hi"], *sentences["te"]}) == 3
