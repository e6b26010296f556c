import pytest

from tests.browser.conftest import serious_accessibility_violations

PUBLIC_PAGES = [
    "/",
    "/guide",
    "/guide/BL23",
    "/guide/KI3",
    "/centres",
    "/contact",
    "/contact/thanks",
    "/login",
    "/register",
    "/privacy",
    "/no-such-page",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_have_no_serious_accessibility_violations(page, seeded, path):
    page.goto(path)
    assert serious_accessibility_violations(page) == []


def test_forms_with_errors_stay_accessible(page, seeded):
    page.goto("/contact")
    page.get_by_role("button", name="Request a call-back").click()
    assert page.locator(".invalid-feedback").count() >= 4
    assert serious_accessibility_violations(page) == []


@pytest.mark.parametrize(("email", "path"), [("desk.blr@demo.test", "/desk/"),
                                             ("patient@demo.test", "/today")])  # fmt: skip
def test_signed_in_pages_have_no_serious_accessibility_violations(page, seeded, email, path):
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("demo-password")
    page.get_by_role("button", name="Log in").click()
    page.goto(path)
    assert serious_accessibility_violations(page) == []
