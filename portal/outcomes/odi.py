"""The Oswestry Disability Index (ODI 2.1a): ten sections of everyday life, six statements
each, scored 0 (no disability) to 5; the index is the total as a share of the most the
answered sections could score (Fairbank & Pynsent, Spine 2000;25:2940-52).

The statements are ours, in plain words, keeping the meaning and order of the published ones.
"""

from collections.abc import Mapping
from dataclasses import dataclass

STATEMENTS_PER_SECTION = 6
MAX_PER_SECTION = STATEMENTS_PER_SECTION - 1

# Fairbank & Pynsent leave a missed section out of the denominator but set no limit on how
# many may be missed. Ours: a score needs at least eight of the ten sections (at most two
# left out, e.g. sex life and one other); with fewer, the answers say too little to compare.
MIN_SECTIONS_ANSWERED = 8


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    statements: tuple[str, ...]
    optional: bool = False


SECTIONS: tuple[Section, ...] = (
    Section("pain_intensity", "Pain right now", (
        "Right now I have no pain.",
        "Right now my pain is very mild.",
        "Right now my pain is moderate.",
        "Right now my pain is fairly bad.",
        "Right now my pain is very bad.",
        "Right now my pain is as bad as I can imagine.",
    )),
    Section("personal_care", "Washing and dressing", (
        "I wash and dress as usual, and it does not add to my pain.",
        "I wash and dress as usual, but it hurts a lot.",
        "Washing and dressing hurt, so I do them slowly and carefully.",
        "I need a little help, but I do most of it myself.",
        "I need help every day with most of it.",
        "I cannot dress; washing is hard and I stay in bed.",
    )),
    Section("lifting", "Lifting", (
        "I can lift heavy things and it does not add to my pain.",
        "I can lift heavy things, but it adds to my pain.",
        "Pain stops me lifting heavy things from the floor, but I can if they are at a handy "
        "height, such as on a table.",
        "Pain stops me lifting heavy things, but I can lift light or medium things at a handy "
        "height.",
        "I can lift only very light things.",
        "I cannot lift or carry anything.",
    )),
    Section("walking", "Walking", (
        "Pain does not stop me walking as far as I like.",
        "Pain stops me walking more than about 1.5 km.",
        "Pain stops me walking more than about 800 m.",
        "Pain stops me walking more than about 100 m.",
        "I can walk only with a stick or crutches.",
        "I am in bed most of the time.",
    )),
    Section("sitting", "Sitting", (
        "I can sit in any chair for as long as I like.",
        "I can sit for as long as I like only in my favourite chair.",
        "Pain stops me sitting for more than an hour.",
        "Pain stops me sitting for more than half an hour.",
        "Pain stops me sitting for more than 10 minutes.",
        "Pain stops me sitting at all.",
    )),
    Section("standing", "Standing", (
        "I can stand for as long as I like and it does not add to my pain.",
        "I can stand for as long as I like, but it adds to my pain.",
        "Pain stops me standing for more than an hour.",
        "Pain stops me standing for more than half an hour.",
        "Pain stops me standing for more than 10 minutes.",
        "Pain stops me standing at all.",
    )),
    Section("sleeping", "Sleeping", (
        "Pain never wakes me or keeps me awake.",
        "Pain now and then disturbs my sleep.",
        "Because of pain I sleep less than 6 hours.",
        "Because of pain I sleep less than 4 hours.",
        "Because of pain I sleep less than 2 hours.",
        "Pain stops me sleeping at all.",
    )),
    Section("sex_life", "Sex life", (
        "My sex life is as usual and does not add to my pain.",
        "My sex life is as usual, but it adds to my pain.",
        "My sex life is nearly as usual, but it is very painful.",
        "Pain limits my sex life a lot.",
        "Because of pain I have almost no sex life.",
        "Pain stops any sex life at all.",
    ), optional=True),
    Section("social_life", "Social life", (
        "My social life is as usual and does not add to my pain.",
        "My social life is as usual, but it makes my pain worse.",
        "Pain makes little difference to my social life, apart from more active things such "
        "as sport.",
        "Pain limits my social life and I go out less often.",
        "Pain limits my social life to my home.",
        "Because of pain I have no social life.",
    )),
    Section("travelling", "Travelling", (
        "I can travel anywhere and it does not hurt.",
        "I can travel anywhere, but it adds to my pain.",
        "Pain is bad, but I manage journeys of more than two hours.",
        "Pain limits me to journeys of less than an hour.",
        "Pain limits me to short, needed journeys of less than 30 minutes.",
        "Pain stops me travelling except to get treatment.",
    )),
)  # fmt: skip

SECTION_KEYS = tuple(section.key for section in SECTIONS)


@dataclass(frozen=True)
class OdiScore:
    percent: float  # 0 (no disability) to 100
    answered: int

    @property
    def rounded(self) -> int:
        return round(self.percent)


def odi_score(answers: Mapping[str, int | None]) -> OdiScore | None:
    """The index from each section's statement (0–5, None when left out), or None when too
    few sections were answered to give one.

    Raises ValueError for an unknown section or a score outside 0–5: a bug, not an answer."""
    unknown = set(answers) - set(SECTION_KEYS)
    if unknown:
        raise ValueError(f"not ODI sections: {sorted(unknown)}")
    given = [score for score in answers.values() if score is not None]
    if any(not 0 <= score <= MAX_PER_SECTION for score in given):
        raise ValueError(f"an ODI section scores 0 to {MAX_PER_SECTION}: {given}")
    if len(given) < MIN_SECTIONS_ANSWERED:
        return None
    return OdiScore(sum(given) / (MAX_PER_SECTION * len(given)) * 100, len(given))
