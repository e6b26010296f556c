from datetime import time


def test_centres_are_listed_by_city_with_address_phone_and_hours(client, make):
    bengaluru = make.city("Bengaluru")
    hyderabad = make.city("Hyderabad")
    make.centre(
        bengaluru,
        "Koramangala",
        street="No. 44, 80 Feet Road, 4th Block",
        pincode="560034",
        phone="+918041537781",
        hours={day: (time(8), time(20)) for day in range(6)},
    )
    make.centre(hyderabad, "Gachibowli", phone="+914029880316", pincode="500032")
    html = client.get("/centres").get_data(as_text=True).split('id="main"')[1]
    assert html.index("Bengaluru") < html.index("Koramangala") < html.index("Hyderabad")
    assert html.index("Hyderabad") < html.index("Gachibowli")
    assert "No. 44, 80 Feet Road, 4th Block" in html
    assert 'href="tel:+918041537781"' in html and "+91 80 4153 7781" in html
    assert "Mon–Sat 8:00 am – 8:00 pm" in html and "Sun closed" in html


def test_demo_network_has_several_centres_in_each_city(client, seeded):
    html = client.get("/centres").get_data(as_text=True)
    for centre in ("Indiranagar", "Koramangala", "Jayanagar", "Whitefield", "Jubilee Hills",
                   "Banjara Hills", "Gachibowli"):  # fmt: skip
        assert centre in html
