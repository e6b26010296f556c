"""The language switcher and which language a page is in, by who is asking."""

from unittest import mock

import pytest
from flask import render_template_string
from flask_babel import force_locale, get_locale
from jinja2 import ChoiceLoader, DictLoader, Environment, TemplateSyntaxError
from sqlalchemy import select

from portal import languages
from portal.accounts.models import User
from portal.extensions import db
from portal.languages import gettext, lazy_gettext, ngettext

KANNADA_GUIDE = "ಆಕ್ಯುಪ್ರೆಶರ್ ಮಾರ್ಗದರ್ಶಿ"  # the navigation's "Acupressure guide"
HINDI_LOG_IN = "लॉग इन"
TELUGU_LOG_OUT = "లాగ్ అవుట్"


def _page(client, path="/guide", **headers) -> str:
    response = client.get(path, headers=headers)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_visitor_gets_the_browsers_language(client):
    html = _page(client, **{"Accept-Language": "kn-IN,kn;q=0.9,en;q=0.5"})
    assert '<html lang="kn">' in html
    assert KANNADA_GUIDE in html


def test_an_unsupported_browser_language_falls_back_to_english(client):
    html = _page(client, **{"Accept-Language": "fr-FR,de;q=0.8"})
    assert '<html lang="en">' in html
    assert "Acupressure guide" in html


def test_the_switcher_is_remembered_on_this_browser_and_beats_the_browser(client):
    response = client.post("/language", data={"language": "hi", "next": "/guide"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/guide"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("lang=hi;") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    html = _page(client, **{"Accept-Language": "te"})
    assert '<html lang="hi">' in html and HINDI_LOG_IN in html


def test_the_switcher_shows_every_language_and_marks_the_current_one(client):
    html = _page(client, **{"Accept-Language": "te"})
    for code, name in (("en", "English"), ("hi", "हिन्दी"), ("kn", "ಕನ್ನಡ"), ("te", "తెలుగు")):
        assert f'name="language" value="{code}" lang="{code}"' in html
        assert name in html
    assert (
        'value="te" lang="te"\n                  class="btn btn-sm language-choice active"' in html
    )


def test_a_patients_choice_is_stored_on_the_account_and_beats_the_cookie(client, make, auth):
    patient = make.patient(email="meera@example.test")
    auth.login("meera@example.test")
    client.post("/language", data={"language": "te", "next": "/today"})
    assert db.session.scalar(select(User.language).where(User.id == patient.id)) == "te"
    client.set_cookie("lang", "hi")  # e.g. chosen on this phone before logging in
    assert TELUGU_LOG_OUT in _page(client, "/guide", **{"Accept-Language": "kn"})


def test_staff_pages_stay_english_without_a_switcher(client, make, auth):
    make.therapist(email="hegde@example.test")
    auth.login("hegde@example.test")
    client.set_cookie("lang", "hi")
    html = _page(client, "/guide", **{"Accept-Language": "hi"})
    assert '<html lang="en">' in html
    assert 'name="language"' not in html


def test_staff_choice_is_not_stored(client, make, auth):
    therapist = make.therapist(email="hegde@example.test")
    auth.login("hegde@example.test")
    client.post("/language", data={"language": "kn"})
    assert db.session.scalar(select(User.language).where(User.id == therapist.id)) is None


@pytest.mark.parametrize("language", ["", "fr", "hi-IN", "../en"])
def test_an_unknown_language_is_refused(client, language):
    response = client.post("/language", data={"language": language})
    assert response.status_code == 400
    assert not any(cookie.startswith("lang=") for cookie in response.headers.getlist("Set-Cookie"))


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", None])
def test_the_switcher_never_sends_you_off_the_site(client, target):
    data = {"language": "kn"} | ({"next": target} if target else {})
    response = client.post("/language", data=data)
    assert response.headers["Location"] == "/"


def test_the_switcher_keeps_the_page_and_its_query(client):
    html = _page(client, "/book?centre=1")
    assert 'name="next" value="/book?centre=1"' in html


def test_strings_follow_a_language_forced_for_one_email_and_come_back(app):
    """The request's catalogue is looked up once (portal.languages.translations): a language
    forced for an email within the request still gets its own, and the page's returns."""
    with app.test_request_context("/", headers={"Accept-Language": "hi"}):
        assert gettext("Today") == "आज"
        assert languages.current_language() == "hi"
        with force_locale("te"):
            assert gettext("Today") == "ఈరోజు"
            assert render_template_string("{{ _('Today') }}") == "ఈరోజు"
            assert languages.current_language() == "te"
        assert gettext("Today") == "आज"
        assert languages.current_language() == "hi"
        assert render_template_string("{% trans %}Today{% endtrans %}") == "आज"
        assert str(lazy_gettext("Today")) == "आज"
    with app.app_context():
        assert gettext("Today") == "Today"  # outside a request: English
        assert languages.current_language() == "en"


def test_the_language_is_chosen_once_however_often_a_page_asks(app):
    """A page's date filters ask for the language a hundred times: it is chosen once, then
    read from where Flask-Babel keeps it."""
    with app.test_request_context("/", headers={"Accept-Language": "kn"}):
        with mock.patch("portal.languages.get_locale", wraps=languages.get_locale) as chosen:
            assert {languages.current_language() for _ in range(20)} == {"kn"}
        assert chosen.call_count == 1


def test_the_language_is_parsed_once_per_process(app):
    """Flask-Babel parses what the locale selector returns, unless it is a Locale already."""
    locales = []
    for _ in range(2):
        with app.app_context(), app.test_request_context("/", headers={"Accept-Language": "te"}):
            locales.append(get_locale())
    assert str(locales[0]) == "te"
    assert locales[0] is locales[1]


def test_plural_strings_count_in_the_language_of_the_page(app):
    with app.test_request_context("/", headers={"Accept-Language": "kn"}):
        assert ngettext("%(num)d minute", "%(num)d minutes", 1) == "1 ನಿಮಿಷ"
        assert ngettext("%(num)d minute", "%(num)d minutes", 45) == "45 ನಿಮಿಷಗಳು"


def test_a_response_finds_its_catalogue_once_however_many_strings_it_translates(app):
    """portal.languages.translations() keeps the request's catalogue: Flask-Babel looked it
    up again for every string (a hundred on /today), about a third of a patient page's time."""
    plurals = "{% for n in range(30) %}{{ ngettext('%(num)d minute', '%(num)d minutes', n) }}"
    with (
        app.test_request_context("/", headers={"Accept-Language": "hi"}),
        mock.patch(
            "portal.languages.get_translations", wraps=languages.get_translations
        ) as looked_up,
    ):
        texts = {gettext("Today") for _ in range(30)}
        page = render_template_string(plurals + "{% endfor %}")
    assert texts == {"आज"}
    assert "29 मिनट" in page
    assert looked_up.call_count == 1


TEMPLATE_STRINGS = [
    "{{ _('Today') }}",
    "{{ _('%(done)d of %(due)d done', done=2, due=5) }}",
    "{{ _('For %(name)s', name='<b>Ravi</b>') }}",
    "{{ _('50%% off') }}",
    "{% trans name='<i>Asha</i>' %}For {{ name }}{% endtrans %}",
    "{% trans %}Fully 100% sure{% endtrans %}",
    "{% trans link='/guide?a=1&b=<2>' %}Read the <a href=\"{{ link }}\">guide</a>{% endtrans %}",
    "{{ ngettext('%(num)d minute', '%(num)d minutes', 45) }}",
    "{{ ngettext('%(num)d minute', '%(num)d minutes', 1) }}",
    "{% trans count=3 %}{{ count }} minute{% pluralize %}{{ count }} minutes{% endtrans %}",
    "{% autoescape false %}{{ _('For %(name)s', name='<b>Ravi</b>') }}{% endautoescape %}",
    "{% autoescape false %}{% trans count=2, who='<b>' %}{{ count }} for {{ who }}"
    "{% pluralize %}{{ count }} for all {{ who }}{% endtrans %}{% endautoescape %}",
    "{{ _('Today') | length }} {{ (_('Today') ~ '<') }}",
    "{{ _('For %(name)s', name=_('Today')) }} {{ _('For %(name)s', name='100%') }}",
    "{% set who = '<b>' %}{% trans %}For {{ who }}{% endtrans %}",
]


@pytest.mark.parametrize("language", ["en", "kn"])
@pytest.mark.parametrize("source", TEMPLATE_STRINGS)
def test_template_strings_come_out_as_jinjas_own_i18n_would_write_them(app, language, source):
    """The portal's templates translate in one call per string (portal.languages); the text
    must be what Jinja's newstyle i18n gives: translated, Markup-safe, values escaped, always
    formatted (%% is a percent sign), unescaped where autoescape is off."""
    jinjas = Environment(extensions=["jinja2.ext.i18n"], autoescape=True)
    jinjas.policies["ext.i18n.trimmed"] = True
    jinjas.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda string: languages.translations().ugettext(string),
        ngettext=lambda one, many, num: languages.translations().ungettext(one, many, num),
        newstyle=True,
    )
    with app.test_request_context("/", headers={"Accept-Language": language}):
        assert render_template_string(source) == jinjas.from_string(source).render()


def test_template_strings_are_translated_and_their_values_escaped(app):
    with app.test_request_context("/", headers={"Accept-Language": "hi"}):
        assert render_template_string("{{ _('Today') }}") == "आज"
        assert render_template_string("{{ _('For %(name)s', name='<b>') }}") == "For &lt;b&gt;"
        assert render_template_string("{{ _('50%% off') }}") == "50% off"


# Each template is compiled once per language, with its constant strings translated as it
# compiles (portal.templating, portal.languages.translated_when_compiled).
PAGES = {
    "page.html": "{% extends 'layout.html' %}"
    "{% block body %}{{ _('For %(name)s', name=_('Today')) }}{% endblock %}",
    "layout.html": "<h1>{{ _('Log out') }}</h1>{% block body %}{% endblock %}"
    "{% trans who='<b>' %}For {{ who }}{% endtrans %}",
}


@pytest.fixture
def pages(app, monkeypatch):
    monkeypatch.setattr(
        app.jinja_env, "loader", ChoiceLoader([DictLoader(PAGES), app.jinja_env.loader])
    )
    return app


def _render(app, name: str, language: str) -> str:
    # (an application context of its own: the tests' may hold the previous language)
    with app.app_context(), app.test_request_context("/", headers={"Accept-Language": language}):
        return app.jinja_env.get_template(name).render()


def test_a_template_is_compiled_in_each_language_it_is_shown_in(pages):
    hindi = "<h1>लॉग आउट</h1>For आजFor &lt;b&gt;"
    assert _render(pages, "page.html", "hi") == hindi
    assert _render(pages, "page.html", "en") == "<h1>Log out</h1>For TodayFor &lt;b&gt;"
    telugu = f"<h1>{TELUGU_LOG_OUT}</h1>For ఈరోజుFor &lt;b&gt;"
    assert _render(pages, "page.html", "te") == telugu
    assert _render(pages, "page.html", "hi") == hindi  # each language kept, none replaced


def test_constant_strings_cost_nothing_as_a_page_renders(pages):
    """Compiled, a page's constant strings are text: no call translates them again."""
    _render(pages, "page.html", "kn")
    with mock.patch("portal.languages._formatted", side_effect=AssertionError("translated")):
        page = _render(pages, "page.html", "kn")
    assert page.startswith("<h1>ಲಾಗ್ ಔಟ್</h1>")


def test_a_language_forced_for_an_email_gets_that_languages_template(pages):
    with pages.app_context(), pages.test_request_context("/", headers={"Accept-Language": "hi"}):
        with force_locale("te"):
            email = pages.jinja_env.get_template("page.html").render()
        page = pages.jinja_env.get_template("page.html").render()
    assert email.startswith(f"<h1>{TELUGU_LOG_OUT}</h1>")
    assert page.startswith("<h1>लॉग आउट</h1>")


@pytest.mark.parametrize(
    "source",
    [
        "{% set _ = 1 %}",
        "{% for gettext in [1] %}{% endfor %}",
        "{% macro field(_) %}{% endmacro %}",
        "{% import 'layout.html' as _ %}",
        "{% from 'layout.html' import body as gettext %}",
        "{% with _ = 1 %}{% endwith %}",
    ],
)
def test_a_template_may_not_give_the_translation_another_meaning(app, source):
    """Its calls would be translated all the same as it compiles."""
    with app.test_request_context("/"), pytest.raises(TemplateSyntaxError, match="translation"):
        render_template_string(source)
