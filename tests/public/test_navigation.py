"""The navigation base.html writes: made once per roles, language and mount point, and
always in the page's language, with links under the portal's mount point."""

import re

from flask import render_template

from portal.accounts.roles import Role
from portal.presentation import navigation_links

NAV = re.compile(r'<ul class="navbar-nav me-auto">(.*?)</ul>', re.S)


def navigation_of(html: str) -> list[tuple[str, str]]:
    """(href, label) of each item of the page's main navigation."""
    items = re.findall(r'href="([^"]+)">([^<]+)', NAV.search(html).group(1))
    return [(href, label.strip()) for href, label in items]


def test_the_navigation_follows_the_pages_language(client):
    english = navigation_of(client.get("/guide").get_data(as_text=True))
    hindi = navigation_of(
        client.get("/guide", headers={"Accept-Language": "hi"}).get_data(as_text=True)
    )
    assert ("/guide", "Acupressure guide") in english
    assert ("/guide", "एक्यूप्रेशर गाइड") in hindi
    assert navigation_of(client.get("/guide").get_data(as_text=True)) == english


def test_the_navigation_links_under_the_mount_point(app):
    for script_root in ("", "/portal", ""):
        with app.test_request_context("/", base_url=f"http://clinic.test{script_root}/"):
            links = navigation_links({Role.PATIENT})
            html = render_template("public/privacy.html")
        assert ("Today", f"{script_root}/today") in [(link.label, link.url) for link in links]
        assert (f"{script_root}/today", "Today") not in navigation_of(html)  # a visitor's page
        assert (f"{script_root}/guide", "Acupressure guide") in navigation_of(html)
