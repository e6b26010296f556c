"""Demo data that looks like the clinic's real Bengaluru and Hyderabad network."""

from datetime import time
from typing import Any

from portal.accounts.roles import Role

DEMO_PASSWORD = "demo-password"  # noqa: S105  (published in the README on purpose)

WEEKDAYS_8_TO_8 = {day: (time(8, 0), time(20, 0)) for day in range(6)}
SUNDAY_MORNING = {6: (time(9, 0), time(13, 0))}

CITIES: list[dict[str, Any]] = [
    {
        "slug": "bengaluru",
        "name": "Bengaluru",
        "timezone": "Asia/Kolkata",
        "pincodes": {
            "560038": "Indiranagar",
            "560008": "HAL 2nd Stage",
            "560034": "Koramangala",
            "560095": "Koramangala 6th Block",
            "560011": "Jayanagar",
            "560041": "Jayanagar 9th Block",
            "560066": "Whitefield",
            "560037": "Marathahalli",
            "560102": "HSR Layout",
        },
        "centres": [
            {
                "slug": "blr-indiranagar",
                "name": "Indiranagar",
                "street": "No. 612, 12th Main Road, HAL 2nd Stage",
                "locality": "Indiranagar",
                "pincode": "560038",
                "phone": "+918041126530",
                "hours": WEEKDAYS_8_TO_8 | SUNDAY_MORNING,
            },
            {
                "slug": "blr-koramangala",
                "name": "Koramangala",
                "street": "No. 44, 80 Feet Road, 4th Block",
                "locality": "Koramangala",
                "pincode": "560034",
                "phone": "+918041537781",
                "hours": WEEKDAYS_8_TO_8,
            },
            {
                "slug": "blr-jayanagar",
                "name": "Jayanagar",
                "street": "No. 27, 11th Main Road, 4th Block",
                "locality": "Jayanagar",
                "pincode": "560011",
                "phone": "+918026634412",
                "hours": {day: (time(7, 30), time(19, 30)) for day in range(6)},
            },
            {
                "slug": "blr-whitefield",
                "name": "Whitefield",
                "street": "Plot 9, ITPL Main Road, near Kundalahalli Gate",
                "locality": "Whitefield",
                "pincode": "560066",
                "phone": "+918049651208",
                "hours": {day: (time(9, 0), time(20, 30)) for day in range(6)} | SUNDAY_MORNING,
                "online_booking": False,  # newly opened: bookings by phone for now
            },
        ],
    },
    {
        "slug": "hyderabad",
        "name": "Hyderabad",
        "timezone": "Asia/Kolkata",
        "pincodes": {
            "500033": "Jubilee Hills",
            "500034": "Banjara Hills",
            "500032": "Gachibowli",
            "500081": "Madhapur / HITEC City",
            "500084": "Kondapur",
            "500016": "Begumpet",
            "500003": "Secunderabad",
        },
        "centres": [
            {
                "slug": "hyd-jubilee-hills",
                "name": "Jubilee Hills",
                "street": "Plot 1247, Road No. 36",
                "locality": "Jubilee Hills",
                "pincode": "500033",
                "phone": "+914023554190",
                "hours": WEEKDAYS_8_TO_8 | SUNDAY_MORNING,
            },
            {
                "slug": "hyd-banjara-hills",
                "name": "Banjara Hills",
                "street": "8-2-293, Road No. 12",
                "locality": "Banjara Hills",
                "pincode": "500034",
                "phone": "+914023398852",
                "hours": WEEKDAYS_8_TO_8,
            },
            {
                "slug": "hyd-gachibowli",
                "name": "Gachibowli",
                "street": "Survey No. 91, Old Mumbai Highway, opposite DLF Cyber City",
                "locality": "Gachibowli",
                "pincode": "500032",
                "phone": "+914029880316",
                "hours": {day: (time(8, 30), time(20, 0)) for day in range(6)},
            },
        ],
    },
]

ACCOUNTS: list[dict[str, Any]] = [
    {
        "email": "admin@demo.test",
        "name": "Kavitha Rao",
        "role": Role.ADMIN,
        "phone": "+919845021337",
    },
    {
        "email": "desk.blr@demo.test",
        "name": "Meera Nair",
        "role": Role.DESK,
        "phone": "+919880412256",
        "city": "bengaluru",
    },
    {
        "email": "desk.hyd@demo.test",
        "name": "Sravani Reddy",
        "role": Role.DESK,
        "phone": "+919849067731",
        "city": "hyderabad",
    },
    {
        "email": "therapist.blr@demo.test",
        "name": "Dr. Arjun Hegde (PT)",
        "role": Role.THERAPIST,
        "phone": "+919742118845",
        "centre": "blr-indiranagar",
        "does_home_visits": True,
    },
    {
        "email": "therapist.hyd@demo.test",
        "name": "Dr. Farah Siddiqui (PT)",
        "role": Role.THERAPIST,
        "phone": "+919703345528",
        "centre": "hyd-jubilee-hills",
        "does_home_visits": True,
    },
    {
        "email": "patient@demo.test",
        "name": "Rohan Kulkarni",
        "role": Role.PATIENT,
        "phone": "+919886754210",
        "centre": "blr-indiranagar",
    },
    {
        "email": "kavya.menon@demo.test",
        "name": "Dr. Kavya Menon (PT)",
        "role": Role.THERAPIST,
        "phone": "+919901457720",
        "centre": "blr-indiranagar",
    },
    # More patients, so a therapist's dashboard has someone to sort.
    {
        "email": "anita.desai@demo.test",
        "name": "Anita Desai",
        "role": Role.PATIENT,
        "phone": "+919845330917",
        "centre": "blr-indiranagar",
    },
    {
        "email": "suresh.babu@demo.test",
        "name": "Suresh Babu",
        "role": Role.PATIENT,
        "phone": "+919740062285",
        "centre": "blr-indiranagar",
    },
    {
        "email": "zoya.khan@demo.test",
        "name": "Zoya Khan",
        "role": Role.PATIENT,
        "phone": "+919866104473",
        "centre": "hyd-jubilee-hills",
    },
]

CALLBACKS = [
    {
        "name": "Lakshmi Iyer",
        "phone": "+919845677102",
        "city": "bengaluru",
        "preferred_time": "morning",
        "message": "My mother (68) has had lower back pain for two weeks. Do you do home visits "
        "in Jayanagar?",
    },
    {
        "name": "Vikram Shetty",
        "phone": "+919902218834",
        "city": "bengaluru",
        "preferred_time": "evening",
        "message": "Desk job, stiff back every evening.",
    },
    {
        "name": "Anjali Rao",
        "phone": "+919959012347",
        "city": "hyderabad",
        "preferred_time": "afternoon",
        "message": "Sciatica on the left side, would like a consultation in Gachibowli.",
    },
]
