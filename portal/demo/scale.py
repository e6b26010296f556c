"""Chain-sized data: what to make for a network of centres with a year of history.

Pure: given the sizes, a seed and the reference rows already in the database (centres,
templates, services), it yields the rows to insert, table by table in foreign-key order, with
their ids. The same arguments always give the same rows. Writing them is scale_load.py's job.

The rows keep every rule the product keeps: a log names the technique of its item, is due on
its weekday and is within the item's times a day; appointments fall in working hours and never
overlap for a therapist (one per hour block) or a patient (one per day), so PostgreSQL's
exclusion constraints accept them.
"""

import random
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from portal.demo.data import CITIES, WEEKDAYS_8_TO_8

LOG_BATCH = 20_000
BOOKING_HORIZON_DAYS = 28  # appointments are booked this far ahead of today
DESKS_PER_CITY = 2
EMAIL_DOMAIN = "scale.test"

# The chain grows beyond the demo's seven centres with these, in the order they opened.
MORE_CENTRES = {
    "bengaluru": [
        ("blr-hsr-layout", "HSR Layout", "No. 1187, 24th Main Road, Sector 2", "560102"),
        ("blr-malleshwaram", "Malleshwaram", "No. 64, Sampige Road, 8th Cross", "560003"),
        ("blr-jp-nagar", "JP Nagar", "No. 351, 15th Cross, 2nd Phase", "560078"),
        ("blr-hebbal", "Hebbal", "No. 9, Bellary Road, near Esteem Mall", "560024"),
        ("blr-marathahalli", "Marathahalli", "No. 88, Outer Ring Road, Kadubeesanahalli", "560037"),
        ("blr-electronic-city", "Electronic City", "No. 17, Neeladri Road, Phase 1", "560100"),
        ("blr-yelahanka", "Yelahanka", "No. 226, 4th Main, New Town", "560064"),
    ],
    "hyderabad": [
        ("hyd-madhapur", "Madhapur", "Plot 42, Ayyappa Society Main Road", "500081"),
        ("hyd-kondapur", "Kondapur", "Plot 7, Botanical Garden Road", "500084"),
        ("hyd-begumpet", "Begumpet", "1-10-39, Prakash Nagar", "500016"),
        ("hyd-secunderabad", "Secunderabad", "9-1-127, Sarojini Devi Road", "500003"),
        ("hyd-kukatpally", "Kukatpally", "Plot 25, KPHB Colony, 6th Phase", "500072"),
        ("hyd-miyapur", "Miyapur", "Survey No. 114, Allwyn Colony Road", "500049"),
    ],
}  # fmt: skip


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


CITY_PHONE_PREFIX = {"bengaluru": "+91804", "hyderabad": "+91402"}  # landline series

FIRST_NAMES = _words(
    "Aarav Aditi Akash Ananya Anil Anitha Arjun Bhavana Chaitanya Deepa Divya Ganesh Girish "
    "Harini Harsha Jyothi Karthik Kavya Keerthi Kiran Lakshmi Madhu Mahesh Manjunath Meghana "
    "Naveen Nandini Pavan Pooja Prakash Pranav Priya Raghav Rajesh Ramya Ravi Revathi Sahana "
    "Sai Sandeep Shilpa Shreya Sindhu Srinivas Sunil Swathi Tejas Uma Varun Vidya Vinay Yamini "
    "Farhan Imran Ayesha Sana Joseph Mary Thomas Priyanka Suresh Venkatesh Padma Rekha"
)
LAST_NAMES = _words(
    "Rao Reddy Gowda Hegde Shetty Naidu Kulkarni Iyer Iyengar Nair Menon Bhat Kamath Pai "
    "Murthy Prasad Sharma Varma Chowdary Goud Yadav Patil Desai Joshi Krishnan Subramanian "
    "Raju Achar Kini Nayak Khan Siddiqui Hussain D'Souza Fernandes Thomas Mathew Sastry"
)
# Indian mobile series (all valid for phonenumbers' "IN" metadata).
MOBILE_PREFIXES = ("98450", "98860", "99005", "97407", "94482", "98490", "99590", "98663")

CONDITIONS = {
    "Lower back pain \u2014 starter": (
        "Non-specific low back pain after long hours at a desk",
        "Acute low back strain after lifting",
        "Mechanical low back pain, worse in the mornings",
    ),
    "Sciatica": (
        "Left-sided sciatica, L5 distribution",
        "Right-sided sciatica after a long drive",
        "Piriformis syndrome with buttock pain",
    ),
    "Chronic weakness": (
        "Chronic low back pain with fatigue",
        "Deconditioning after a long illness",
        "Chronic back pain with poor core endurance",
    ),
}
GOALS = (
    "Sit through a working day without pain above 3/10; walk 30 minutes daily.",
    "Commute by two-wheeler without pain; sleep through the night.",
    "Lift a child or a grocery bag without a twinge; return to yoga class.",
    "Stand and cook for an hour; climb the stairs at home without stopping.",
)
CALLBACK_MESSAGES = (
    "Lower back pain for two weeks, worse when I sit at work.",
    "My father (71) has knee pain; do you do home visits?",
    "Sciatica down my left leg, would like a consultation this week.",
    "Stiff neck and shoulders from long hours on the laptop.",
    "Sprained my ankle playing badminton, still swollen after ten days.",
    "Post-surgery rehab after a knee replacement, doctor referred me.",
    None,
)
PREFERRED_TIMES = ("morning", "afternoon", "evening", "any")
# A working week: two blocks a day, inside every centre's opening hours.
WORKING_PATTERNS = (
    ((range(6), time(9), time(13)), (range(6), time(14), time(18))),
    ((range(5), time(10), time(14)), (range(5), time(15), time(19)), ([5], time(9), time(13))),
)


@dataclass(frozen=True)
class ChainSize:
    centres: int = 20
    therapists: int = 150
    patients: int = 20_000
    days: int = 365  # of history: practice logs, appointments, call-backs
    appointments: int = 200_000
    callbacks: int = 10_000
    seed: int = 1


@dataclass(frozen=True)
class CentreRef:
    id: int
    slug: str
    city_id: int
    city_slug: str
    timezone: str


@dataclass(frozen=True)
class ItemRef:
    """A template item: a technique and its dose, copied into each patient's program."""

    technique_id: int
    position: int
    hold_seconds: int
    side: str
    sets: int | None
    reps: int | None
    times_per_day: int
    weekdays_mask: int
    patient_note: str | None


@dataclass(frozen=True)
class TemplateRef:
    name: str
    items: tuple[ItemRef, ...]


@dataclass(frozen=True)
class ServiceRef:
    id: int
    duration_minutes: int
    buffer_minutes: int


@dataclass(frozen=True)
class Reference:
    """What the database already holds and the generator builds on."""

    centres: Sequence[CentreRef]  # in the order staff are spread over them
    templates: Sequence[TemplateRef]
    services: Sequence[ServiceRef]  # outpatient ones
    password_hash: str
    today: date
    first_ids: dict[str, int] = field(default_factory=dict)  # table → next free id


def chain_centres() -> list[tuple[str, dict]]:
    """(city slug, centre data) of the whole network, the two cities alternating, so the
    first n centres of any n spread over both."""
    per_city = {
        city["slug"]: [centre["slug"] for centre in city["centres"]]
        + [_centre_data(*row)["slug"] for row in MORE_CENTRES[city["slug"]]]
        for city in CITIES
    }
    data = {row[0]: _centre_data(*row) for rows in MORE_CENTRES.values() for row in rows} | {
        centre["slug"]: centre for city in CITIES for centre in city["centres"]
    }
    order = []
    for position in range(max(len(slugs) for slugs in per_city.values())):
        for city_slug, slugs in per_city.items():
            if position < len(slugs):
                order.append((city_slug, data[slugs[position]]))
    return order


def _centre_data(slug: str, name: str, street: str, pincode: str) -> dict:
    city_slug = "bengaluru" if slug.startswith("blr") else "hyderabad"
    digits = f"{sum(map(ord, slug)) * 7919 % 10**7:07d}"
    return {
        "slug": slug,
        "name": name,
        "street": street,
        "locality": name,
        "pincode": pincode,
        "phone": CITY_PHONE_PREFIX[city_slug] + digits,
        "hours": WEEKDAYS_8_TO_8,
    }


@dataclass
class _Patient:
    id: int
    therapist_id: int
    start: date
    end: date  # last day they practise
    keeper: bool  # goes on practising after the course
    adherence: float
    versions: list[tuple[date, list[dict]]]  # (effective from, program item rows)


class _Ids:
    def __init__(self, first: dict[str, int]) -> None:
        self._next = dict(first)

    def __call__(self, table: str) -> int:
        value = self._next.get(table, 1)
        self._next[table] = value + 1
        return value


def plan_chain(size: ChainSize, ref: Reference) -> Iterator[tuple[str, list[dict]]]:
    """(table name, rows) in an order that satisfies every foreign key."""
    if not ref.centres or not ref.templates or not ref.services:
        raise ValueError("the reference data (centres, templates, services) is missing")
    rng = random.Random(size.seed)  # noqa: S311  (test data, not secrets)
    ids = _Ids(ref.first_ids)
    maker = _Maker(size, ref, rng, ids)
    therapists = maker.therapists()
    yield from maker.flush()
    maker.desks()
    yield from maker.flush()
    patients = maker.patients(therapists)
    yield from maker.flush()
    yield from _practice_logs(size, ref, ids, patients)
    yield from maker.flags(patients)
    yield from maker.appointments(therapists, patients)
    yield from maker.callbacks()


class _Maker:
    def __init__(self, size: ChainSize, ref: Reference, rng: random.Random, ids: _Ids):
        self.size, self.ref, self.rng, self.ids = size, ref, rng, ids
        self.first_day = ref.today - timedelta(days=size.days)
        self.rows: dict[str, list[dict]] = defaultdict(list)
        self.centres = list(ref.centres[: size.centres])
        self.desk_ids: dict[int, list[int]] = defaultdict(list)  # city id → desk user ids

    def flush(self) -> Iterator[tuple[str, list[dict]]]:
        yield from self.rows.items()
        self.rows = defaultdict(list)

    # People -------------------------------------------------------------------------------

    def _user(self, role: str, name: str, email_hint: str, created: date) -> int:
        user_id = self.ids("users")
        self.rows["users"].append(
            {
                "id": user_id,
                "email": f"{email_hint}.{user_id}@{EMAIL_DOMAIN}".lower().replace("'", ""),
                "name": name,
                "phone": _mobile(self.rng),
                "password_hash": self.ref.password_hash,
                "active": True,
                "created_at": _at(created, 10),
            }
        )  # fmt: skip
        self.rows["role_grants"].append({"user_id": user_id, "role": role})
        return user_id

    def _name(self) -> tuple[str, str]:
        return self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)

    def therapists(self) -> list[tuple[int, CentreRef]]:
        made = []
        for number in range(self.size.therapists):
            centre = self.centres[number % len(self.centres)]
            first, last = self._name()
            user_id = self._user(
                "therapist", f"Dr. {first} {last} (PT)", f"{first}.{last}", self.first_day
            )
            self.rows["therapist_profiles"].append(
                {"user_id": user_id, "centre_id": centre.id, "does_home_visits": number % 4 == 0}
            )
            for weekdays, starts, ends in WORKING_PATTERNS[number % len(WORKING_PATTERNS)]:
                for weekday in weekdays:
                    self.rows["working_hours"].append(
                        {"id": self.ids("working_hours"), "therapist_id": user_id,
                         "centre_id": centre.id, "weekday": weekday, "starts": starts,
                         "ends": ends}
                    )  # fmt: skip
            made.append((user_id, centre))
        return made

    def desks(self) -> None:
        cities = {centre.city_id: centre.city_slug for centre in self.centres}
        for city_id, city_slug in sorted(cities.items()):
            for _ in range(DESKS_PER_CITY):
                first, last = self._name()
                user_id = self._user("desk", f"{first} {last}", f"desk.{city_slug}", self.first_day)
                self.rows["desk_profiles"].append({"user_id": user_id, "city_id": city_id})
                self.desk_ids[city_id].append(user_id)

    def patients(self, therapists: list[tuple[int, CentreRef]]) -> list[_Patient]:
        by_centre: dict[int, list[int]] = defaultdict(list)
        for therapist_id, centre in therapists:
            by_centre[centre.id].append(therapist_id)
        staffed = [centre for centre in self.centres if by_centre[centre.id]]
        made = []
        for number in range(self.size.patients):
            centre = staffed[number % len(staffed)]
            therapist_id = self.rng.choice(by_centre[centre.id])
            start = self.first_day + timedelta(days=self.rng.randrange(self.size.days))
            first, last = self._name()
            user_id = self._user("patient", f"{first} {last}", f"{first}.{last}", start)
            self.rows["patient_profiles"].append(
                {"user_id": user_id, "primary_centre_id": centre.id,
                 "date_of_birth": date(self.ref.today.year - self.rng.randint(18, 80),
                                       self.rng.randint(1, 12), self.rng.randint(1, 28)),
                 "privacy_consent_at": _at(start, 9)}
            )  # fmt: skip
            self.rows["safety_screenings"].append(
                {"patient_id": user_id, "pregnancy": "no", "high_blood_pressure": False,
                 "skin_problems": False, "answered_at": _at(start, 9)}
            )  # fmt: skip
            made.append(self._plan(user_id, therapist_id, centre, start))
        return made

    def _plan(self, patient_id: int, therapist_id: int, centre: CentreRef, start: date):
        rng = self.rng
        template = self.ref.templates[rng.randrange(len(self.ref.templates))]
        keeper = rng.random() < 0.15
        course_end = start + timedelta(weeks=rng.randint(4, 8))
        finished = not keeper and course_end < self.ref.today
        plan_id = self.ids("treatment_plans")
        self.rows["treatment_plans"].append(
            {"id": plan_id, "patient_id": patient_id, "therapist_id": therapist_id,
             "centre_id": centre.id,
             "condition": rng.choice(CONDITIONS.get(template.name, (template.name,))),
             "goals": rng.choice(GOALS), "sessions_planned": rng.choice((6, 8, 10, 12)),
             "session_frequency": rng.choice(("Twice a week", "Once a week", "Three times a week")),
             "start_date": start, "end_date": None if keeper else course_end,
             "status": "completed" if finished else "active", "created_at": _at(start, 10)}
        )  # fmt: skip
        program_id = self.ids("home_programs")
        self.rows["home_programs"].append({"id": program_id, "plan_id": plan_id})
        versions = [(start, self._version(program_id, 1, start, therapist_id, template.items))]
        review = start + timedelta(days=14)
        if rng.random() < 0.4 and review < min(course_end, self.ref.today):
            # The review two weeks in: longer holds, the same techniques.
            harder = [
                ItemRef(**{**item.__dict__, "hold_seconds": min(600, item.hold_seconds + 30)})
                for item in template.items
            ]
            versions.append((review, self._version(program_id, 2, review, therapist_id, harder)))
        return _Patient(
            id=patient_id, therapist_id=therapist_id, start=start,
            end=self.ref.today - timedelta(days=1) if keeper or not finished else course_end,
            keeper=keeper, adherence=rng.uniform(0.45, 0.95), versions=versions,
        )  # fmt: skip

    def _version(self, program_id, number, effective_from, therapist_id, items) -> list[dict]:
        version_id = self.ids("program_versions")
        self.rows["program_versions"].append(
            {"id": version_id, "program_id": program_id, "number": number,
             "effective_from": effective_from, "published_at": _at(effective_from, 11),
             "published_by_id": therapist_id}
        )  # fmt: skip
        rows = [
            {"id": self.ids("program_items"), "version_id": version_id,
             "safety_confirmed_at": None, "safety_confirmed_by_id": None, **item.__dict__}
            for item in items
        ]  # fmt: skip
        self.rows["program_items"].extend(rows)
        return rows

    # Flags, appointments, call-backs -------------------------------------------------------

    def flags(self, patients: list[_Patient]) -> Iterator[tuple[str, list[dict]]]:
        """About 1 in 50 patients had a sharp pain (open in the last fortnight, acknowledged
        before), 1 in 300 a red flag."""
        rows = []
        today = self.ref.today
        for patient in patients:
            roll = self.rng.random()
            if roll >= 0.02 + 1 / 300:
                continue
            day = patient.start + timedelta(
                days=self.rng.randrange(max(1, (patient.end - patient.start).days))
            )
            open_flag = (today - day).days <= 14
            item = self.rng.choice(
                patient.versions[-1][1]
                if day >= patient.versions[-1][0]
                else patient.versions[0][1]
            )
            red = roll < 1 / 300
            rows.append(
                {"id": self.ids("safety_flags"), "patient_id": patient.id,
                 "kind": "red_flag" if red else "sharp_pain",
                 "details": "Red flag reported: numbness in the saddle area." if red
                 else f"Stopped a technique because of sharp pain ({day:%d %b %Y}).",
                 "red_flags": ["saddle_numbness"] if red else None,
                 "item_id": None if red else item["id"], "raised_at": _at(day, 19),
                 "acknowledged_at": None if open_flag else _at(day + timedelta(days=1), 10),
                 "acknowledged_by_id": None if open_flag else patient.therapist_id,
                 "acknowledgement_note": None if open_flag
                 else "Phoned the patient; modified the dose and reviewed at the next visit."}
            )  # fmt: skip
        yield "safety_flags", rows

    def appointments(self, therapists, patients) -> Iterator[tuple[str, list[dict]]]:
        """Hour blocks of the therapists' working weeks, picked at random; at most one
        appointment in a block and one per patient per day, so none overlap."""
        by_therapist: dict[int, list[int]] = defaultdict(list)
        for patient in patients:
            by_therapist[patient.therapist_id].append(patient.id)
        blocks = []  # (therapist id, centre, local start)
        last_day = self.ref.today + timedelta(days=BOOKING_HORIZON_DAYS)
        for number, (therapist_id, centre) in enumerate(therapists):
            if not by_therapist[therapist_id]:
                continue
            pattern = WORKING_PATTERNS[number % len(WORKING_PATTERNS)]
            day = self.first_day
            while day <= last_day:
                for weekdays, opens, closes in pattern:
                    if day.weekday() in weekdays:
                        for hour in range(opens.hour, closes.hour):
                            blocks.append((therapist_id, centre, day, hour))
                day += timedelta(days=1)
        wanted = min(self.size.appointments, len(blocks))
        chosen = sorted(self.rng.sample(range(len(blocks)), wanted))
        busy_days: set[tuple[int, date]] = set()
        rows = []
        now = _at(self.ref.today, 0)
        for index in chosen:
            therapist_id, centre, day, hour = blocks[index]
            patient_id = self._free_patient(by_therapist[therapist_id], day, busy_days)
            if patient_id is None:
                continue
            service = self.rng.choice(self.ref.services)
            starts = datetime.combine(day, time(hour), ZoneInfo(centre.timezone)).astimezone(UTC)
            ends = starts + timedelta(minutes=service.duration_minutes)
            status = self._status(starts < now)
            appointment_id = self.ids("appointments")
            rows.append(
                {"id": appointment_id, "uid": f"scale-{appointment_id}@sthira-physio",
                 "sequence": 0, "patient_id": patient_id, "therapist_id": therapist_id,
                 "centre_id": centre.id, "service_id": service.id, "starts_at": starts,
                 "ends_at": ends, "buffer_minutes": service.buffer_minutes, "status": status,
                 "home_address": None,
                 "created_at": starts - timedelta(days=self.rng.randint(1, 14)),
                 "updated_at": starts - timedelta(days=1),
                 "reminder_sent_at": starts - timedelta(hours=24) if starts < now else None}
            )  # fmt: skip
            if len(rows) == LOG_BATCH:
                yield "appointments", rows
                rows = []
        yield "appointments", rows

    def _free_patient(self, candidates, day, busy_days) -> int | None:
        for _ in range(10):
            patient_id = self.rng.choice(candidates)
            if (patient_id, day) not in busy_days:
                busy_days.add((patient_id, day))
                return patient_id
        return None

    def _status(self, past: bool) -> str:
        roll = self.rng.random()
        if past:
            return "completed" if roll < 0.82 else "cancelled" if roll < 0.95 else "no_show"
        return "booked" if roll < 0.9 else "cancelled"

    def callbacks(self) -> Iterator[tuple[str, list[dict]]]:
        rows = []
        cities = sorted({(c.city_id, c.city_slug) for c in self.centres})
        for _ in range(self.size.callbacks):
            city_id, _slug = self.rng.choice(cities)
            day = self.first_day + timedelta(days=self.rng.randrange(self.size.days + 1))
            created = _at(day, self.rng.randint(8, 21))
            age = (self.ref.today - day).days
            status = self._callback_status(age)
            first, last = self._name()
            rows.append(
                {"id": self.ids("callback_requests"), "name": f"{first} {last}",
                 "phone": _mobile(self.rng),
                 "city_id": city_id, "preferred_time": self.rng.choice(PREFERRED_TIMES),
                 "message": self.rng.choice(CALLBACK_MESSAGES), "consent_at": created,
                 "requested_by_id": None, "status": status, "created_at": created,
                 "status_changed_at": None if status == "new" else created + timedelta(hours=3),
                 "status_changed_by_id": None if status == "new"
                 else self.rng.choice(self.desk_ids[city_id])}
            )  # fmt: skip
        yield "callback_requests", rows

    def _callback_status(self, age_days: int) -> str:
        roll = self.rng.random()
        if age_days <= 3:
            return "new" if roll < 0.5 else "contacted" if roll < 0.8 else "closed"
        return "closed" if roll < 0.9 else "contacted"


def _practice_logs(size, ref, ids, patients) -> Iterator[tuple[str, list[dict]]]:
    """Each patient practises from the plan's start on most days of the course, less as the
    weeks go by; keepers go on until yesterday. A patient's own random stream decides, so the
    logs do not depend on the order anything else was made in."""
    rows = []
    for patient in patients:
        rng = random.Random(size.seed * 1_000_003 + patient.id)  # noqa: S311
        base_pain = rng.randint(4, 8)
        day = patient.start
        while day <= patient.end:
            days_in = (day - patient.start).days
            weeks_in = days_in // 7
            after_course = patient.keeper and days_in > 56
            chance = patient.adherence * (0.4 if after_course else 0.97**weeks_in)
            if rng.random() < chance:
                items = _items_in_force(patient.versions, day)
                pain = max(0, base_pain - weeks_in + rng.randint(-1, 1))
                for item in items:
                    if not item["weekdays_mask"] & (1 << day.weekday()):
                        continue
                    for index in range(1, item["times_per_day"] + 1):
                        if rng.random() > 0.8:
                            continue
                        rated = rng.random() < 0.8
                        rows.append(
                            {"id": ids("practice_logs"), "patient_id": patient.id,
                             "item_id": item["id"], "technique_id": item["technique_id"],
                             "occurrence_date": day, "occurrence_index": index,
                             "completed_at": _at(day, 7 + (index - 1) * 12, rng.randrange(60)),
                             "pain_before": min(10, pain) if rated else None,
                             "pain_after": max(0, min(10, pain) - rng.randint(0, 2))
                             if rated else None,
                             "note": None}
                        )  # fmt: skip
                        if len(rows) == LOG_BATCH:
                            yield "practice_logs", rows
                            rows = []
            day += timedelta(days=1)
    yield "practice_logs", rows


def _items_in_force(versions: list[tuple[date, list[dict]]], day: date) -> list[dict]:
    started = [items for effective_from, items in versions if effective_from <= day]
    return started[-1] if started else []


def _mobile(rng: random.Random) -> str:
    return "+91" + rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**5):05d}"


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    """A local time (Asia/Kolkata: both cities) on `day`, in UTC."""
    return datetime.combine(day, time(hour % 24, minute), ZoneInfo("Asia/Kolkata")).astimezone(UTC)
