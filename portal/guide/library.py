"""The starting content of the technique library, in the clinic's own words.

Facts (point names, locations, uses, precautions) follow the clinic's reviewed article on
acupressure for back pain; the wording is ours. Diagram positions are in the 200 × 300
drawings under templates/guide/diagrams/.
"""

from portal.guide.diagrams import DiagramView
from portal.guide.models import PointSides

HOW_TO_PRESS = (
    "Sit or lie comfortably. Press with the pad of your thumb or index finger, firmly but "
    "without pain, and move in small slow circles. Breathe slowly and deeply while you press."
)

GENERAL_CAUTION = (
    "Do not press on broken skin, a wound, a varicose vein, a bruise or skin that is red, hot "
    "or swollen. Stop straight away if you feel sharp pain."
)

STARTER_POINTS: list[dict] = [
    {
        "code": "BL23",
        "pinyin_name": "Shenshu",
        "name": "Kidney Shu",
        "meridian": "Bladder 23",
        "summary": "Lower back pain, stiffness and a tired, weak lower back",
        "location": (
            "Put your hands on your waist at the height of your belly button. Find your spine "
            "in the middle, then move two finger-widths out to each side. The point sits in the "
            "thick band of muscle there, one on the left and one on the right."
        ),
        "benefits": (
            "The main point for an aching lower back. Pressing it eases muscle stiffness and "
            "tension right where the pain usually sits, and many people find it helps a back "
            "that feels weak after standing or sitting for long."
        ),
        "how_to": HOW_TO_PRESS
        + " You can reach both sides at once: put your hands on your hips and press with both "
        "thumbs.",
        "sides": PointSides.BOTH,
        "cautions": GENERAL_CAUTION,
        "avoid_in_pregnancy": False,
        "default_hold_seconds": 90,
        "diagram_view": DiagramView.BACK,
        "diagram_x": 84,
        "diagram_y": 163,
    },
    {
        "code": "GB30",
        "pinyin_name": "Huantiao",
        "name": "Jumping Circle",
        "meridian": "Gallbladder 30",
        "summary": "Sciatica and pain that travels from the buttock down the leg",
        "location": (
            "In the middle of the buttock. Find the bony bump at the outer side of your hip, at "
            "the top of the thigh bone, and the base of your spine (the tailbone). The point is "
            "between the two, about a third of the way in from the hip bump."
        ),
        "benefits": (
            "Used for sciatica and for pain that spreads down the back of the leg. Pressing it "
            "helps the deep buttock muscles (the piriformis and gluteals) let go, which can take "
            "pressure off the irritated nerve."
        ),
        "how_to": HOW_TO_PRESS
        + " The muscle here is thick: lying on your back on a tennis ball placed under the point "
        "is an easy way to reach it.",
        "sides": PointSides.BOTH,
        "cautions": GENERAL_CAUTION
        + " If the leg pain comes with numbness, pins and needles or weakness, tell your "
        "physiotherapist before you continue.",
        "avoid_in_pregnancy": False,
        "default_hold_seconds": 90,
        "diagram_view": DiagramView.BACK,
        "diagram_x": 62,
        "diagram_y": 233,
    },
    {
        "code": "BL40",
        "pinyin_name": "Weizhong",
        "name": "Middle of the Crease",
        "meridian": "Bladder 40",
        "summary": "Back pain of any kind, from upper back tension to a chronic lower back ache",
        "location": (
            "Behind your knee, exactly in the middle of the skin crease that forms when you bend "
            "it. Sit with the knee slightly bent so the crease is easy to find."
        ),
        "benefits": (
            "Although it is on the leg, this is one of the most used points for back pain of every "
            "kind, from tension between the shoulder blades to a long-standing ache in the lower "
            "back."
        ),
        "how_to": HOW_TO_PRESS
        + " Use gentle pressure here: the back of the knee has nerves and blood vessels close "
        "to the skin.",
        "sides": PointSides.BOTH,
        "cautions": GENERAL_CAUTION
        + " Be especially gentle if you have varicose veins behind the knee, and skip the point "
        "if the back of the knee is swollen.",
        "avoid_in_pregnancy": False,
        "default_hold_seconds": 60,
        "diagram_view": DiagramView.LEGS_BACK,
        "diagram_x": 65,
        "diagram_y": 102.5,
    },
    {
        "code": "KI3",
        "pinyin_name": "Taixi",
        "name": "Great Ravine",
        "meridian": "Kidney 3",
        "summary": "Long-standing back pain that comes with tiredness or weakness",
        "location": (
            "On the inside of your ankle, in the hollow between the ankle bone and the Achilles "
            "tendon at the back of the heel."
        ),
        "benefits": (
            "Chosen for chronic back pain that comes with fatigue or a feeling of weakness. In "
            "traditional practice it is thought to build up the body's reserves that support the "
            "spine."
        ),
        "how_to": HOW_TO_PRESS
        + " Sit with one foot resting on the opposite knee so the inside of the ankle faces "
        "you.",
        "sides": PointSides.BOTH,
        "cautions": GENERAL_CAUTION,
        "avoid_in_pregnancy": False,
        "default_hold_seconds": 60,
        "diagram_view": DiagramView.ANKLE_INNER,
        "diagram_x": 121,
        "diagram_y": 234,
    },
    {
        "code": "BL60",
        "pinyin_name": "Kunlun",
        "name": "Kunlun Mountains",
        "meridian": "Bladder 60",
        "summary": "Sudden stiffness and spasms in the back, neck and shoulders",
        "location": (
            "On the outside of your ankle, in the hollow between the outer ankle bone and the "
            "Achilles tendon."
        ),
        "benefits": (
            "Used for acute back spasms and sudden stiffness in the back, neck and shoulders, "
            "especially pain that feels sharp and sits in one spot."
        ),
        "how_to": HOW_TO_PRESS,
        "sides": PointSides.BOTH,
        "cautions": GENERAL_CAUTION
        + " Do not use this point if you are pregnant or might be: traditional practice avoids "
        "it in pregnancy because it is thought to be able to bring on labour.",
        "avoid_in_pregnancy": True,
        "default_hold_seconds": 60,
        "diagram_view": DiagramView.ANKLE_OUTER,
        "diagram_x": 78,
        "diagram_y": 242,
    },
    {
        "code": "GV4",
        "pinyin_name": "Mingmen",
        "name": "Gate of Life",
        "meridian": "Governing Vessel 4",
        "summary": "Overall back strength and a lower back that tires easily",
        "location": (
            "On the spine itself, at waist level. Run a finger down the middle of your back to "
            "waist height: the point is in the small dip below the bony knob of the second lumbar "
            "vertebra, roughly opposite your belly button."
        ),
        "benefits": (
            "Called the \u201cGate of Life\u201d, it is used to strengthen the whole back, for "
            "lower back pain, and for general vitality."
        ),
        "how_to": HOW_TO_PRESS
        + " There is only one GV4, on the midline, so press it once rather than on each side.",
        "sides": PointSides.MIDLINE,
        "cautions": GENERAL_CAUTION
        + " Press beside the bone, not hard on it, and never on a spine that has recently been "
        "injured.",
        "avoid_in_pregnancy": False,
        "default_hold_seconds": 90,
        "diagram_view": DiagramView.BACK,
        "diagram_x": 100,
        "diagram_y": 163,
    },
]
