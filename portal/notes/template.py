"""The back-pain examination template of a treatment note, written once: its fields (range of
movement, straight-leg raise, neurological screen L4–S1, red-flag questions), how a note
stores what was found (a flat dict, blanks left out) and how it reads back as rows.

Pure: the form, the checks and the note page are all built from FIELDS.
"""

from dataclasses import dataclass

Choices = tuple[tuple[str, str], ...]

ROM_GRADES: Choices = (
    ("full", "Full"),
    ("three_quarters", "¾ range"),
    ("half", "½ range"),
    ("quarter", "¼ range"),
    ("nil", "Nil"),
)
SLR_RESULTS: Choices = (("negative", "Negative"), ("positive", "Positive"))
NEURO_FINDINGS: Choices = (("normal", "Normal"), ("reduced", "Reduced"), ("absent", "Absent"))
RED_FLAG_ANSWERS: Choices = (("no", "No"), ("yes", "Yes"))

MOVEMENTS = (
    ("flexion", "Flexion"),
    ("extension", "Extension"),
    ("side_flexion_left", "Side flexion left"),
    ("side_flexion_right", "Side flexion right"),
)
SIDES = (("left", "Left"), ("right", "Right"))
LEVELS = ("L4", "L5", "S1")
# What each level is tested by, as a therapist reads it next to the level.
NEURO_TESTS = (
    ("myotome", "Myotomes",
     {"L4": "ankle dorsiflexion", "L5": "great toe extension", "S1": "ankle plantarflexion"}),
    ("dermatome", "Dermatomes",
     {"L4": "medial shin", "L5": "dorsum of foot", "S1": "lateral foot"}),
    ("reflex", "Reflexes", {"L4": "knee", "L5": "medial hamstring", "S1": "ankle"}),
)  # fmt: skip
RED_FLAGS = (
    ("saddle", "Numbness in the saddle area"),
    ("bladder_bowel", "New bladder or bowel trouble"),
    ("leg_weakness", "Worsening leg weakness"),
    ("fever", "Fever or feeling unwell with back pain"),
    ("injury", "A recent fall or injury"),
    ("cancer", "History of cancer or unexplained weight loss"),
    ("night_pain", "Constant pain at night"),
)


@dataclass(frozen=True)
class ExamField:
    key: str  # the form field's name and the key in the note's findings
    label: str
    group: str  # "rom", "slr", "neuro", "red_flag"
    choices: Choices = ()  # a choice field; none: a whole number from low to high
    low: int = 0
    high: int = 0

    @property
    def is_number(self) -> bool:
        return not self.choices


def _fields() -> tuple[ExamField, ...]:
    fields = []
    for key, label in MOVEMENTS:
        fields.append(ExamField(f"rom_{key}_grade", f"{label}: range", "rom", ROM_GRADES))
        fields.append(ExamField(f"rom_{key}_degrees", f"{label}: degrees", "rom", low=0, high=120))
    for side, label in SIDES:
        fields.append(
            ExamField(f"slr_{side}_angle", f"{label} SLR: angle (°)", "slr", low=0, high=110)
        )
        fields.append(ExamField(f"slr_{side}_result", f"{label} SLR: result", "slr", SLR_RESULTS))
    for test, label, by_level in NEURO_TESTS:
        for level in LEVELS:
            for side, side_label in SIDES:
                fields.append(ExamField(
                    f"neuro_{test}_{level}_{side}",
                    f"{label} {level} ({by_level[level]}), {side_label.lower()}",
                    "neuro", NEURO_FINDINGS,
                ))  # fmt: skip
    for key, label in RED_FLAGS:
        fields.append(ExamField(f"red_flag_{key}", label, "red_flag", RED_FLAG_ANSWERS))
    return tuple(fields)


FIELDS = _fields()
BY_KEY = {field.key: field for field in FIELDS}


def clean_findings(values: dict[str, object]) -> tuple[dict[str, str | int], dict[str, str]]:
    """(findings, errors): the template's values kept (blanks dropped), and a message for each
    value that is not one of its field's choices or out of its range. Unknown keys are ignored."""
    findings: dict[str, str | int] = {}
    errors: dict[str, str] = {}
    for field in FIELDS:
        value = values.get(field.key)
        if value is None or value == "":
            continue
        if field.is_number:
            if isinstance(value, bool) or not isinstance(value, int):
                errors[field.key] = "Enter a whole number."
            elif not field.low <= value <= field.high:
                errors[field.key] = f"Enter a number from {field.low} to {field.high}."
            else:
                findings[field.key] = value
        elif value in dict(field.choices):
            findings[field.key] = str(value)
        else:
            errors[field.key] = "Choose one of the options."
    return findings, errors


def red_flags_reported(findings: dict[str, str | int]) -> list[str]:
    """The red-flag questions the patient answered yes to, by their wording."""
    return [label for key, label in RED_FLAGS if findings.get(f"red_flag_{key}") == "yes"]


def has_examination(findings: dict[str, str | int]) -> bool:
    """Whether anything objective was recorded in the template (red flags are history)."""
    return any(BY_KEY[key].group != "red_flag" for key in findings if key in BY_KEY)


def shown(key: str, findings: dict[str, str | int]) -> str:
    """A finding as people read it ("½ range", "45°", "Reduced"); "–" when not recorded."""
    value = findings.get(key)
    if value is None:
        return "–"
    field = BY_KEY[key]
    if field.is_number:
        return f"{value}°"
    return dict(field.choices).get(str(value), str(value))
