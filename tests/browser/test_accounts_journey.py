import re

from playwright.sync_api import expect


def test_a_patient_registers_logs_out_and_logs_in_again(page, seeded, screenshot):
    page.goto("/register")
    screenshot("register")
    page.get_by_label("Full name").fill("Priya Menon")
    page.get_by_label("Email").fill("priya.menon@example.com")
    page.get_by_label("Mobile number").fill("98450 12345")
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_label("Password again").fill("short")
    page.get_by_label(re.compile("I have read the privacy notice")).check()
    page.get_by_role("button", name="Create account").click()
    expect(page.locator("#password-error")).to_have_text("Use at least 10 characters.")
    expect(page.get_by_label("Full name")).to_have_value("Priya Menon")
    screenshot("register-errors")

    page.get_by_label("Password", exact=True).fill("my back feels better")
    page.get_by_label("Password again").fill("my back feels better")
    page.get_by_label(re.compile("I have read the privacy notice")).check()
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(re.compile(r"/today$"))
    expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()
    expect(page.get_by_text("No home program yet")).to_be_visible()
    screenshot("today-empty")

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You have logged out.")).to_be_visible()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()

    page.get_by_role("link", name="Log in").click()
    page.get_by_label("Email").fill("Priya.Menon@example.com")
    page.get_by_label("Password").fill("my back feels better")
    screenshot("login")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/today$"))
    expect(page.get_by_text("Signed in as Priya Menon")).to_be_attached()


def test_a_wrong_password_is_refused_in_place(page, seeded):
    page.goto("/login")
    page.get_by_label("Email").fill("patient@demo.test")
    page.get_by_label("Password").fill("not my password")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#password-error")).to_contain_text("don't match an account")
    expect(page.get_by_label("Email")).to_have_value("patient@demo.test")
