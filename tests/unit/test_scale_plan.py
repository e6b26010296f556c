"""The chain-sized data generator's rules, without a database: same arguments, same rows;
rows that keep the product's rules."""

from collections import defaultdict
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import phonenumbers
import pytest

from portal.demo.data import CITIES
from portal.demo.scale import (
    CentreRef,
    ChainSize,
    ItemRef,
    Reference,
    ServiceRef,
    TemplateRef,
    chain_centres,
    plan_chain,
)
from portal.programs.starter_templates import STARTER_TEMPLATES

TODAY = date(2026, 12, 2)
KOLKATA = ZoneInfo("Asia/Kolkata")
SMALL = ChainSize(centres=2, therapists=5, patients=60, days=60, appointments=400, callbacks=50)


def _reference(**overrides) -> Reference:
    codes = {item["code"] for template in STARTER_TEMPLATES for item in template["items"]}
    technique_ids = {code: number for number, code in enumerate(sorted(codes), start=1)}
    templates = [
        TemplateRef(
            template["name"],
            tuple(
                ItemRef(
                    technique_id=technique_ids[item["code"]],
                    position=position,
                    hold_seconds=item["hold_seconds"],
                    side=item["side"].value,
                    sets=item.get("sets"),
                    reps=item.get("reps"),
                    times_per_day=item["times_per_day"],
                    weekdays_mask=item["weekdays_mask"],
                    patient_note=item["patient_note"],
                )  # fmt: skip
                for position, item in enumerate(template["items"], start=1)
            ),
        )
        for template in STARTER_TEMPLATES
    ]
    fields = {
        "centres": [
            CentreRef(1, "blr-indiranagar", 1, "bengaluru", "Asia/Kolkata"),
            CentreRef(5, "hyd-jubilee-hills", 2, "hyderabad", "Asia/Kolkata"),
        ],
        "templates": templates,
        "services": [ServiceRef(1, 30, 0), ServiceRef(2, 45, 0)],
        "password_hash": "$argon2id$fixed",
        "today": TODAY,
    }
    return Reference(**(fields | overrides))


def _tables(size=SMALL, **overrides) -> dict[str, list[dict]]:
    tables = defaultdict(list)
    for table, rows in plan_chain(size, _reference(**overrides)):
        tables[table].extend(rows)
    return tables


def test_same_arguments_make_the_same_rows_and_another_seed_other_rows():
    assert _tables() == _tables()
    assert _tables() != _tables(ChainSize(**{**SMALL.__dict__, "seed": 2}))


def test_the_sizes_asked_for():
    tables = _tables()
    roles = [grant["role"] for grant in tables["role_grants"]]
    assert roles.count("therapist") == 5
    assert roles.count("patient") == 60
    assert roles.count("desk") == 4  # two per city
    assert len(tables["treatment_plans"]) == 60
    assert len(tables["appointments"]) == 400
    assert len(tables["callback_requests"]) == 50
    assert tables["practice_logs"]


def test_ids_start_after_the_rows_already_there():
    tables = _tables(first_ids={"users": 500, "practice_logs": 10_000})
    assert min(user["id"] for user in tables["users"]) == 500
    assert min(log["id"] for log in tables["practice_logs"]) == 10_000


def test_no_two_appointments_of_a_therapist_or_a_patient_overlap():
    booked = _tables()["appointments"]
    for person in ("therapist_id", "patient_id"):
        by_person = defaultdict(list)
        for row in booked:
            by_person[row[person]].append((row["starts_at"], row["ends_at"]))
        for times in by_person.values():
            times.sort()
            assert all(end <= later for (_, end), (later, _) in zip(times, times[1:], strict=False))


def test_appointments_fall_in_the_working_hours_and_are_booked_only_ahead():
    tables = _tables()
    hours = defaultdict(list)
    for row in tables["working_hours"]:
        hours[row["therapist_id"]].append(row)
    for row in tables["appointments"]:
        local = row["starts_at"].astimezone(KOLKATA)
        end = row["ends_at"].astimezone(KOLKATA)
        assert any(
            block["weekday"] == local.weekday()
            and block["starts"] <= local.time()
            and end.time() <= block["ends"]
            for block in hours[row["therapist_id"]]
        )
        if row["status"] == "booked":
            assert local.date() >= TODAY


def test_logs_follow_the_program_in_force_on_their_day():
    tables = _tables()
    items = {item["id"]: item for item in tables["program_items"]}
    versions = {version["id"]: version for version in tables["program_versions"]}
    plan_of_program = {p["id"]: p["plan_id"] for p in tables["home_programs"]}
    plans = {plan["id"]: plan for plan in tables["treatment_plans"]}
    later_versions = defaultdict(list)
    for version in tables["program_versions"]:
        later_versions[version["program_id"]].append(version)
    seen = set()
    for log in tables["practice_logs"]:
        item = items[log["item_id"]]
        version = versions[item["version_id"]]
        plan = plans[plan_of_program[version["program_id"]]]
        assert log["technique_id"] == item["technique_id"]
        assert log["patient_id"] == plan["patient_id"]
        assert 1 <= log["occurrence_index"] <= item["times_per_day"]
        assert item["weekdays_mask"] & (1 << log["occurrence_date"].weekday())
        day = log["occurrence_date"]
        in_force = max(
            (v for v in later_versions[version["program_id"]] if v["effective_from"] <= day),
            key=lambda v: v["effective_from"],
        )
        assert in_force["id"] == version["id"]
        assert plan["start_date"] <= day < TODAY
        key = (log["patient_id"], log["technique_id"], day, log["occurrence_index"])
        assert key not in seen
        seen.add(key)
        for pain in (log["pain_before"], log["pain_after"]):
            assert pain is None or 0 <= pain <= 10


def test_people_look_like_the_two_cities():
    tables = _tables()
    phones = [user["phone"] for user in tables["users"]]
    phones += [callback["phone"] for callback in tables["callback_requests"]]
    for phone in phones:
        assert phonenumbers.is_valid_number(phonenumbers.parse(phone, "IN")), phone
    emails = [user["email"] for user in tables["users"]]
    assert len(set(emails)) == len(emails)
    assert all(email.endswith("@scale.test") for email in emails)


def test_the_network_alternates_cities_and_has_valid_centres():
    network = chain_centres()
    assert len(network) == 20
    assert [city for city, _ in network[:4]] == ["bengaluru", "hyderabad"] * 2
    slugs = [centre["slug"] for _, centre in network]
    assert len(set(slugs)) == len(slugs)
    demo = {centre["slug"] for city in CITIES for centre in city["centres"]}
    assert demo <= set(slugs)
    for _, centre in network:
        assert len(centre["pincode"]) == 6
        assert phonenumbers.is_valid_number(phonenumbers.parse(centre["phone"], "IN"))


def test_more_appointments_than_working_hours_hold_are_capped():
    tables = _tables(ChainSize(**{**SMALL.__dict__, "days": 1, "appointments": 10**6}))
    assert 0 < len(tables["appointments"]) < 10**6


def test_missing_reference_data_is_refused():
    with pytest.raises(ValueError, match="reference data"):
        list(plan_chain(SMALL, _reference(templates=[])))


def test_history_spans_the_days_asked_for():
    tables = _tables()
    starts = [plan["start_date"] for plan in tables["treatment_plans"]]
    assert min(starts) >= TODAY - timedelta(days=SMALL.days)
    assert max(starts) < TODAY
