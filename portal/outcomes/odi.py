"""The Oswestry Disability Index (ODI 2.1a): ten sections of everyday life, six statements
each, scored 0 (no disability) to 5; the index is the total as a share of the most the
answered sections could score (Fairbank & Pynsent, Spine 2000;25:2940-52).

The statements are ours, in plain words, keeping the meaning and order of the published ones.
They are marked for translation here (N_) and shown translated by the form (outcomes/forms.py).
"""

from collections.abc import Mapping
from dataclasses import dataclass

from portal.languages import N_

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
    Section("pain_intensity", N_("Pain right now"), (
        N_("Right now I have no pain."),
        N_("Right now my pain is very mild."),
        N_("Right now my pain is moderate."),
        N_("Right now my pain is fairly bad."),
        N_("Right now my pain is very bad."),
        N_("Right now my pain is as bad as I can imagine."),
    )),
    Section("personal_care", N_("Washing and dressing"), (
        N_("I wash and dress as usual, and it does not add to my pain."),
        N_("I wash and dress as usual, but it hurts a lot."),
        N_("Washing and dressing hurt, so I do them slowly and carefully."),
        N_("I need a little help, but I do most of it myself."),
        N_("I need help every day with most of it."),
        N_("I cannot dress; washing is hard and I stay in bed."),
    )),
    Section("lifting", N_("Lifting"), (
        N_("I can lift heavy things and it does not add to my pain."),
        N_("I can lift heavy things, but it adds to my pain."),
        N_("Pain stops me lifting heavy things from the floor, but I can if they are at a handy "
        "height, such as on a table."),
        N_("Pain stops me lifting heavy things, but I can lift light or medium things at a handy "
        "height."),
        N_("I can lift only very light things."),
        N_("I cannot lift or carry anything."),
    )),
    Section("walking", N_("Walking"), (
        N_("Pain does not stop me walking as far as I like."),
        N_("Pain stops me walking more than about 1.5 km."),
        N_("Pain stops me walking more than about 800 m."),
        N_("Pain stops me walking more than about 100 m."),
        N_("I can walk only with a stick or crutches."),
        N_("I am in bed most of the time."),
    )),
    Section("sitting", N_("Sitting"), (
        N_("I can sit in any chair for as long as I like."),
        N_("I can sit for as long as I like only in my favourite chair."),
        N_("Pain stops me sitting for more than an hour."),
        N_("Pain stops me sitting for more than half an hour."),
        N_("Pain stops me sitting for more than 10 minutes."),
        N_("Pain stops me sitting at all."),
    )),
    Section("standing", N_("Standing"), (
        N_("I can stand for as long as I like and it does not add to my pain."),
        N_("I can stand for as long as I like, but it adds to my pain."),
        N_("Pain stops me standing for more than an hour."),
        N_("Pain stops me standing for more than half an hour."),
        N_("Pain stops me standing for more than 10 minutes."),
        N_("Pain stops me standing at all."),
    )),
    Section("sleeping", N_("Sleeping"), (
        N_("Pain never wakes me or keeps me awake."),
        N_("Pain now and then disturbs my sleep."),
        N_("Because of pain I sleep less than 6 hours."),
        N_("Because of pain I sleep less than 4 hours."),
        N_("Because of pain I sleep less than 2 hours."),
        N_("Pain stops me sleeping at all."),
    )),
    Section("sex_life", N_("Sex life"), (
        N_("My sex life is as usual and does not add to my pain."),
        N_("My sex life is as usual, but it adds to my pain."),
        N_("My sex life is nearly as usual, but it is very painful."),
        N_("Pain limits my sex life a lot."),
        N_("Because of pain I have almost no sex life."),
        N_("Pain stops any sex life at all."),
    ), optional=True),
    Section("social_life", N_("Social life"), (
        N_("My social life is as usual and does not add to my pain."),
        N_("My social life is as usual, but it makes my pain worse."),
        N_("Pain makes little difference to my social life, apart from more active things such "
        "as sport."),
        N_("Pain limits my social life and I go out less often."),
        N_("Pain limits my social life to my home."),
        N_("Because of pain I have no social life."),
    )),
    Section("travelling", N_("Travelling"), (
        N_("I can travel anywhere and it does not hurt."),
        N_("I can travel anywhere, but it adds to my pain."),
        N_("Pain is bad, but I manage journeys of more than two hours."),
        N_("Pain limits me to journeys of less than an hour."),
        N_("Pain limits me to short, needed journeys of less than 30 minutes."),
        N_("Pain stops me travelling except to get treatment."),
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
