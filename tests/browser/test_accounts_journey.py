import re

from playwright.sync_api import expect

from tests.browser.conftest import log_in, log_out, see_what_the_server_wrote
from tests.emails import link_in_last_email


def test_a_patient_registers_by_email_logs_out_and_logs_in_again(page, seeded, screenshot):
    page.goto("/register")
    screenshot("register")
    page.get_by_label("Full name").fill("Priya Menon")
    page.get_by_label("Email").fill("priya.menon@example.com")
    page.get_by_label("Mobile number").fill("12345")
    page.get_by_label(re.compile("I have read the privacy notice")).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("#phone-error")).to_contain_text("too short")
    expect(page.get_by_label("Full name")).to_have_value("Priya Menon")
    screenshot("register-errors")

    page.get_by_label("Mobile number").fill("98450 12345")
    page.get_by_label(re.compile("I have read the privacy notice")).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    expect(page.get_by_text("priya.menon@example.com")).to_be_visible()
    screenshot("register-check-email")

    see_what_the_server_wrote()
    page.goto(link_in_last_email("priya.menon@example.com", "sign_up"))
    expect(page.get_by_role("heading", name="Choose your password")).to_be_visible()
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_label("Password again").fill("short")
    page.get_by_role("button", name="Create my account").click()
    expect(page.locator("#password-error")).to_have_text("Use at least 10 characters.")
    screenshot("register-choose-password-errors")

    page.get_by_label("Password", exact=True).fill("my back feels better")
    page.get_by_label("Password again").fill("my back feels better")
    page.get_by_role("button", name="Create my account").click()
    expect(page).to_have_url(re.compile(r"/today$"))
    expect(page.get_by_text("Welcome, Priya Menon. Your account is ready.")).to_be_visible()
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


def test_cookies_copied_before_logout_open_nothing_after(page, browser, base_url, seeded):
    page.goto("/login")
    page.get_by_label("Email").fill("patient@demo.test")
    page.get_by_label("Password").fill("demo-password")
    page.get_by_label("Keep me logged in on this device").check()
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/today$"))
    copied = page.context.cookies()
    assert {"session", "remember_token"} <= {cookie["name"] for cookie in copied}

    elsewhere = browser.new_context(base_url=base_url)
    try:
        elsewhere.add_cookies(copied)
        thief = elsewhere.new_page()
        thief.goto("/today")
        expect(thief).to_have_url(re.compile(r"/today$"))  # the copy works until logout

        log_out(page)
        thief.goto("/account")
        expect(thief).to_have_url(re.compile(r"/login\?next="))
        thief.context.clear_cookies()
        thief.context.add_cookies([c for c in copied if c["name"] == "remember_token"])
        thief.goto("/today")
        expect(thief).to_have_url(re.compile(r"/login\?next="))
    finally:
        elsewhere.close()


def test_the_account_page_lists_devices_and_logs_out_everywhere(page, seeded, screenshot):
    log_in(page, "patient@demo.test")
    page.goto("/account")
    expect(page.get_by_text("This device")).to_be_visible()
    screenshot("account-devices")
    page.get_by_role("button", name="Log out everywhere").click()
    expect(page.get_by_text("You have logged out on every device")).to_be_visible()
    page.goto("/today")
    expect(page).to_have_url(re.compile(r"/login\?next="))
