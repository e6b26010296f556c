"""Home visits are found where people look: the menu, the home page and /centres."""


def main_nav(html: str) -> str:
    return html.split('aria-label="Main"')[1].split("</nav>")[0]


def test_the_menu_offers_home_visits_to_visitors_and_patients(client, make, login_as):
    make.city("Bengaluru")
    assert 'href="/home-visit"' in main_nav(client.get("/centres").get_data(as_text=True))
    login_as(make.patient(name="Rohan Kulkarni"))
    assert 'href="/home-visit"' in main_nav(client.get("/centres").get_data(as_text=True))


def test_the_home_page_offers_a_home_visit(client, make):
    make.city("Bengaluru")
    hero = client.get("/").get_data(as_text=True).split('class="hero"')[1].split("</section>")[0]
    assert 'href="/home-visit">Request a home visit</a>' in hero


def test_centres_offer_a_home_visit_per_city_not_the_call_back_form(client, make):
    bengaluru, hyderabad = make.city("Bengaluru"), make.city("Hyderabad")
    make.centre(bengaluru, "Indiranagar")
    make.centre(hyderabad, "Gachibowli", pincode="500032")
    main = client.get("/centres").get_data(as_text=True).split('id="main"')[1].split("</main>")[0]
    assert 'href="/home-visit">Request a home visit</a>' in main
    assert 'href="/home-visit?city=hyderabad">Home visits in Hyderabad</a>' in main
    assert 'href="/contact"' not in main


def test_a_city_link_chooses_that_city_on_the_home_visit_form(client, make):
    make.city("Bengaluru"), make.city("Hyderabad")
    html = client.get("/home-visit?city=hyderabad").get_data(as_text=True)
    assert '<option selected value="hyderabad">' in html or 'value="hyderabad" selected' in html
