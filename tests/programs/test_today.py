from datetime import timedelta

from portal.weekdays import weekdays_to_mask


def test_today_lists_due_items_with_dose_sentences_and_pictures(client, login_as, clinic, plan):
    login_as(clinic["patient"])
    html = client.get("/today").get_data(as_text=True)
    assert "0 of 4 done" in html
    assert "BL23 Shenshu" in html
    assert "Press firmly in small circles for 90 seconds on each side, twice a day." in html
    assert "Press firmly in small circles for 90 seconds, once a day." in html  # GV4, midline
    assert "2 sets of 10, holding each for 10 seconds, once a day." in html
    assert "with BL23 marked" in html
    assert 'aria-label="Bridge: the position"' in html
    assert "complements your physiotherapy" in html


def test_items_appear_only_on_their_weekdays(client, make, login_as, clinic, today):
    other_days = weekdays_to_mask(day for day in range(7) if day != today.weekday())
    start = today - timedelta(days=3)
    make.plan(
        clinic["patient"], clinic["therapist"], [make.item("GV4", weekdays_mask=other_days)], start
    )
    login_as(clinic["patient"])
    html = client.get("/today").get_data(as_text=True)
    assert "GV4 Mingmen" not in html
    assert "Nothing is planned for this day" in html
    yesterday = (today - timedelta(days=1)).isoformat()
    assert "GV4 Mingmen" in client.get(f"/today?date={yesterday}").get_data(as_text=True)


def test_a_patient_without_a_program_is_told_what_comes(client, make, login_as):
    login_as(make.patient())
    assert "No home program yet" in client.get("/today").get_data(as_text=True)


def test_a_new_patients_first_today_asks_for_the_screening_and_offers_to_book(
    client, make, login_as
):
    login_as(make.patient())
    html = client.get("/today").get_data(as_text=True)
    prompt = html.split('id="screening-prompt"')[1].split("</div>")[0]
    assert 'href="/safety/screening"' in prompt
    first_steps = html.split('id="first-steps"')[1]
    assert 'href="/book">Book a consultation</a>' in first_steps
    assert 'href="/home-visit">Request a home visit</a>' in first_steps


def test_a_screened_patient_without_a_program_is_not_asked_again(client, make, login_as):
    patient = make.patient()
    make.screening(patient)
    login_as(patient)
    html = client.get("/today").get_data(as_text=True)
    assert 'id="screening-prompt"' not in html and 'id="first-steps"' in html


def test_back_fill_is_allowed_for_seven_days_only(client, login_as, clinic, plan, today):
    login_as(clinic["patient"])
    week_ago = (today - timedelta(days=7)).isoformat()
    assert client.get(f"/today?date={week_ago}").status_code in (200,)
    for bad in (today - timedelta(days=8), today + timedelta(days=1)):
        response = client.get(f"/today?date={bad.isoformat()}")
        assert response.status_code == 302
        assert response.headers["Location"] == "/today"
    assert client.get("/today?date=not-a-date").status_code == 302


def test_an_unscreened_patient_is_asked_before_acupressure(client, make, login_as, clinic):
    patient = make.patient(centre=clinic["centre"])
    make.plan(patient, clinic["therapist"], [make.item("BL23"), make.item("BRIDGE")])
    login_as(patient)
    html = client.get("/today").get_data(as_text=True)
    assert "Before your first acupressure session" in html
    assert "Answer the safety questions before your first acupressure session." in html


def test_other_roles_may_not_open_today(client, make, login_as):
    login_as(make.therapist())
    assert client.get("/today").status_code == 403
