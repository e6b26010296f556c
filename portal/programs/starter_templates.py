"""The program templates therapists start from: copied into a patient's program, then edited."""

from portal.guide.dose import Side
from portal.weekdays import EVERY_DAY, weekdays_to_mask

MON_WED_FRI = weekdays_to_mask([0, 2, 4])


def _point(code, hold, side=Side.BOTH, times=2, days=EVERY_DAY, note=None):
    return {"code": code, "hold_seconds": hold, "side": side, "times_per_day": times,
            "weekdays_mask": days, "patient_note": note}  # fmt: skip


def _exercise(code, sets, reps, hold, side=Side.NONE, times=1, days=EVERY_DAY, note=None):
    return {"code": code, "sets": sets, "reps": reps, "hold_seconds": hold, "side": side,
            "times_per_day": times, "weekdays_mask": days, "patient_note": note}  # fmt: skip


STARTER_TEMPLATES = [
    {
        "name": "Lower back pain \u2014 starter",
        "description": "Gentle points and movements for a stiff, aching lower back in the first "
        "weeks of care.",
        "items": [
            _point("BL23", 90, note="Morning and evening: both thumbs at once is easiest."),
            _point("GV4", 90, Side.NONE, times=1),
            _point("BL40", 60, times=1),
            _exercise("PELVIC-TILT", 2, 10, 10),
            _exercise("KNEE-TO-CHEST", 1, 3, 20, Side.BOTH),
            _exercise("BRIDGE", 2, 10, 10, days=MON_WED_FRI),
        ],
    },
    {
        "name": "Sciatica",
        "description": "For pain that travels from the buttock down the leg: releases the deep "
        "buttock muscles without straining the nerve.",
        "items": [
            _point("GB30", 90),
            _point("BL40", 60, times=1),
            _point("BL60", 60, times=1),
            _exercise("PIRIFORMIS-STRETCH", 1, 3, 30, Side.BOTH, times=2),
            _exercise("KNEE-TO-CHEST", 1, 3, 20, Side.BOTH),
            _exercise("PRONE-PRESS-UP", 1, 10, 10, note="Only as far as is comfortable."),
        ],
    },
    {
        "name": "Chronic weakness",
        "description": "For long-standing back pain with tiredness: steady strength work with "
        "supporting points.",
        "items": [
            _point("KI3", 60),
            _point("BL23", 90, times=1),
            _point("GV4", 90, Side.NONE, times=1),
            _exercise("CAT-COW", 1, 10, 10),
            _exercise("BIRD-DOG", 2, 8, 10, Side.BOTH, days=MON_WED_FRI),
            _exercise("BRIDGE", 2, 10, 10, days=MON_WED_FRI),
        ],
    },
]
