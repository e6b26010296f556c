import re

from playwright.sync_api import expect
from sqlalchemy import select

from portal.contact.models import CallbackRequest
from portal.extensions import db


def test_visitor_reads_the_guide_then_asks_for_a_call_back(page, seeded, screenshot):
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Acupressure guide"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("six points")
    expect(page.locator(".point-card")).to_have_count(6)
    expect(page.locator(".point-card svg[role=img]")).to_have_count(6)
    screenshot("guide")

    page.get_by_role("link", name="Shenshu").click()
    expect(page).to_have_url(re.compile(r"/guide/BL23$"))
    expect(
        page.get_by_role("img", name="The back, seen from behind, with BL23 marked")
    ).to_be_visible()
    expect(page.locator(".point-marker")).to_have_count(2)
    expect(
        page.get_by_text("Press firmly in small circles for 90 seconds on each side.")
    ).to_be_visible()
    screenshot("guide-bl23")

    page.get_by_role("link", name="Call me back").first.click()
    page.get_by_label("Your name").fill("Lakshmi Iyer")
    page.get_by_label("Phone number").fill("98456 771")
    page.get_by_label("City").select_option(label="Bengaluru")
    page.get_by_label("Evening (4 pm – 7 pm)").check()
    page.get_by_label("How can we help? (optional)").fill("Lower back pain for two weeks.")
    page.get_by_label(re.compile("I agree that the clinic may call me")).check()
    page.get_by_role("button", name="Request a call-back").click()

    phone_error = page.locator("#phone-error")
    expect(phone_error).to_have_text("A mobile number in India has 10 digits; this one has 8.")
    expect(page.get_by_label("Phone number")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Your name")).to_have_value("Lakshmi Iyer")
    expect(page.get_by_label("City")).to_have_value("bengaluru")
    expect(page.get_by_label("Evening (4 pm – 7 pm)")).to_be_checked()
    expect(page.get_by_label("How can we help? (optional)")).to_have_value(
        "Lower back pain for two weeks."
    )
    screenshot("contact-bad-phone")

    page.get_by_label("Phone number").fill("98456 77102")
    page.get_by_label(re.compile("I agree that the clinic may call me")).check()
    page.get_by_role("button", name="Request a call-back").click()
    expect(page.get_by_role("heading", name="Thank you, we'll call you")).to_be_visible()
    expect(page.get_by_text("+91 98456 77102")).to_be_visible()
    screenshot("contact-thanks")

    stored = db.session.scalar(
        select(CallbackRequest).where(CallbackRequest.name == "Lakshmi Iyer")
    )
    assert stored.phone == "+919845677102"
    assert stored.city.name == "Bengaluru"


def test_the_call_back_form_works_with_the_keyboard_alone(page, seeded):
    page.goto("/contact")
    page.get_by_label("Your name").focus()
    page.keyboard.type("Vikram Shetty")
    page.keyboard.press("Tab")
    page.keyboard.type("99022 18834")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # the first city after "Choose your city"
    page.keyboard.press("Tab")  # into the time-of-day radios, on the chosen "Any time"
    page.keyboard.press("ArrowUp")  # → Evening
    page.keyboard.press("Tab")
    page.keyboard.type("Stiff back after work.")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # consent
    page.keyboard.press("Tab")  # the honeypot is skipped: focus lands on the button
    expect(page.get_by_role("button", name="Request a call-back")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Thank you, we'll call you")).to_be_visible()
    stored = db.session.scalar(
        select(CallbackRequest).where(CallbackRequest.name == "Vikram Shetty")
    )
    assert stored.preferred_time.value == "evening"
    assert stored.city.name == "Bengaluru"


def test_the_menu_opens_on_a_phone(page, seeded):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    centres = page.get_by_role("navigation", name="Main").get_by_role("link", name="Centres")
    expect(centres).to_be_hidden()
    page.get_by_role("button", name="Open menu").click()
    expect(centres).to_be_visible()
    page.wait_for_selector("#main-nav.show:not(.collapsing)")  # the opening animation is over
    centres.click()
    expect(page).to_have_url(re.compile(r"/centres$"))
    expect(page.get_by_role("heading", name="Our centres")).to_be_visible()
