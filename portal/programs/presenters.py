"""Ready-made values for the patient's pages: today's items, a practice session, the program."""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import TypeVarTuple

from portal.guide.diagrams import Diagram
from portal.guide.dose import Side, acupressure_dose_sentence, exercise_dose_sentence
from portal.guide.presenters import technique_diagram
from portal.guide.translatable import technique_texts
from portal.languages import current_language
from portal.localtime import day, to_local
from portal.programs.models import ProgramItem
from portal.programs.plan_facts import ItemFacts
from portal.programs.queries import LoggedPractice
from portal.programs.schedule import can_log_on, sessions_logged
from portal.safety.rules import Block, ScreeningAnswers, acupressure_block, override_caution
from portal.safety.stops import FlagFacts, is_stopped
from portal.weekdays import is_due_on

# An item as the cards read it: the model (a program's pages) or its values (/today).
DueItem = ProgramItem | ItemFacts


@dataclass(frozen=True)
class OccurrenceState:
    index: int
    done: bool
    pain_before: int | None = None
    pain_after: int | None = None


@dataclass(frozen=True)
class ItemCard:
    item_id: int
    title: str
    subtitle: str
    is_acupressure: bool
    dose: str
    location: str | None  # how to find the point; None for exercises
    how_to: str
    note: str | None
    cautions: str
    diagram: Diagram | None
    illustration: str | None
    block: Block | None
    caution: str | None  # a therapist's override of the screening, shown for as long as it holds
    stopped: bool  # after 'Sharp pain — stop', until the therapist has looked
    hold_seconds: int
    side: Side
    sets: int | None
    reps: int | None
    occurrences: list[OccurrenceState]

    @property
    def done_count(self) -> int:
        return sum(occurrence.done for occurrence in self.occurrences)

    @property
    def next_occurrence(self) -> int | None:
        return next((o.index for o in self.occurrences if not o.done), None)


def dose_of(item: DueItem) -> str:
    """The one place an item's numbers become the sentence the patient reads."""
    language = current_language()
    if item.technique.is_acupressure:
        return _written(
            language,
            acupressure_dose_sentence,
            item.hold_seconds,
            item.side,
            item.times_per_day,
            item.weekdays_mask,
        )
    if item.sets is None or item.reps is None:
        raise ValueError(f"exercise item {item.id} has no sets or repetitions")
    return _written(
        language,
        exercise_dose_sentence,
        item.sets,
        item.reps,
        item.hold_seconds,
        item.side,
        item.times_per_day,
        item.weekdays_mask,
    )


Numbers = TypeVarTuple("Numbers")


def _written(language: str, sentence: Callable[[*Numbers], str], *numbers: *Numbers) -> str:
    # (typed apart from the cache, whose wrapper takes any arguments: mypy checks the numbers)
    return _kept_sentence(language, sentence, *numbers)


# The same numbers read the same to every patient of a language: kept per process, where a
# day of ten items wrote ten sentences through a dozen translations each (a fiftieth of /today).
@lru_cache(maxsize=1024)
def _kept_sentence(_language: str, sentence: Callable[..., str], *numbers: object) -> str:
    return sentence(*numbers)


def item_block(item: DueItem, screening: ScreeningAnswers | None) -> Block | None:
    if not item.technique.is_acupressure:
        return None
    return acupressure_block(item.technique.avoid_in_pregnancy, screening, item.safety_confirmed_at)


def item_caution(item: DueItem, screening: ScreeningAnswers | None) -> str | None:
    """'Confirmed by Dr … on 2 Dec 2026 despite: pregnant', on the centre's calendar."""
    confirmed_at = item.safety_confirmed_at
    if not item.technique.is_acupressure or confirmed_at is None:
        return None
    return override_caution(
        item.technique.avoid_in_pregnancy,
        screening,
        confirmed_at,
        item.confirmer_name,
        day(to_local(confirmed_at, item.timezone).date(), "brief_year", current_language()),
    )


def item_card(
    item: DueItem,
    screening: ScreeningAnswers | None,
    logs: Iterable[LoggedPractice] = (),
    flags: Iterable[FlagFacts] = (),
) -> ItemCard:
    technique = item.technique
    by_index = sessions_logged(item.technique_id, logs)
    texts = technique_texts(technique)  # starter texts in the patient's language
    return ItemCard(
        item_id=item.id,
        title=texts.title,
        subtitle=texts.summary,
        is_acupressure=technique.is_acupressure,
        dose=dose_of(item),
        location=texts.location,
        how_to=texts.how_to,
        note=item.patient_note,
        cautions=texts.cautions,
        diagram=technique_diagram(technique, item.side) if technique.is_acupressure else None,
        illustration=None if technique.is_acupressure else technique.illustration,
        block=item_block(item, screening),
        caution=item_caution(item, screening),
        stopped=is_stopped(item.technique_id, flags),
        hold_seconds=item.hold_seconds,
        side=item.side,
        sets=item.sets,
        reps=item.reps,
        occurrences=[
            OccurrenceState(
                index,
                index in by_index,
                by_index[index].pain_before if index in by_index else None,
                by_index[index].pain_after if index in by_index else None,
            )
            for index in range(1, item.times_per_day + 1)
        ],
    )


@dataclass(frozen=True)
class DayPage:
    day: date
    today: date
    cards: list[ItemCard]
    needs_screening: bool
    has_program: bool

    @property
    def is_today(self) -> bool:
        return self.day == self.today

    @property
    def previous_day(self) -> date | None:
        earlier = self.day - timedelta(days=1)
        return earlier if can_log_on(earlier, self.today) else None

    @property
    def due(self) -> int:
        # A stopped technique is not asked of the patient until the therapist has looked;
        # what was done of it before the stop still counts.
        return sum(
            card.done_count if card.stopped else len(card.occurrences) for card in self.cards
        )

    @property
    def done(self) -> int:
        return sum(card.done_count for card in self.cards)

    @property
    def still_to_do(self) -> list[ItemCard]:
        """The cards with a session left that the patient may start now: not stopped after
        sharp pain, not held back by the safety screening (what a reminder asks them to do)."""
        return [
            card
            for card in self.cards
            if card.next_occurrence is not None and not card.stopped and card.block is None
        ]


def day_page(
    day: date,
    today: date,
    items: Sequence[DueItem],
    screening: ScreeningAnswers | None,
    logs: Sequence[LoggedPractice],
    has_program: bool,
    flags: Sequence[FlagFacts] = (),
) -> DayPage:
    cards = [
        item_card(item, screening, logs, flags)
        for item in items
        if is_due_on(item.weekdays_mask, day)
    ]
    return DayPage(
        day=day,
        today=today,
        cards=cards,
        # A new patient answers before their first visit too, so the therapist can plan safely.
        needs_screening=screening is None
        and (not has_program or any(card.is_acupressure for card in cards)),
        has_program=has_program,
    )
