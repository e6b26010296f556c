"""The languages patients and visitors read the portal in, and how one is chosen.

English is the source language; Hindi, Kannada and Telugu come from the catalogues under
portal/translations (built by `make translations`). Staff pages stay English.
"""

from collections.abc import Iterable
from types import SimpleNamespace

from babel.support import NullTranslations
from flask import Flask, g, has_app_context
from flask.globals import _cv_app  # the application context itself (see _babel_state)
from flask_babel import get_locale, get_translations
from flask_babel.speaklater import LazyString
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup

# Each language named in itself, as the switcher shows it.
LANGUAGES: dict[str, str] = {
    "en": "English",
    "hi": "हिन्दी",
    "kn": "ಕನ್ನಡ",
    "te": "తెలుగు",
}
DEFAULT_LANGUAGE = "en"
TRANSLATED = tuple(code for code in LANGUAGES if code != DEFAULT_LANGUAGE)
LANGUAGE_COOKIE = "lang"


def supported(code: str | None) -> str | None:
    """`code` if the portal speaks it, else None."""
    return code if code in LANGUAGES else None


def choose_language(
    *,
    is_staff: bool,
    account_choice: str | None,
    cookie_choice: str | None,
    browser_choice: str | None,
) -> str:
    """The language of one response. Staff work in English (their pages are not translated,
    and a half-translated page is worse than none); a patient's stored choice beats the
    switcher's cookie, which beats what the browser asks for."""
    if is_staff:
        return DEFAULT_LANGUAGE
    for choice in (account_choice, cookie_choice, browser_choice):
        if supported(choice):
            return choice  # type: ignore[return-value]  # supported() checked it
    return DEFAULT_LANGUAGE


def best_browser_language(accepted: Iterable[tuple[str, float]]) -> str | None:
    """The first supported language of an Accept-Language list (value, quality), best first;
    'hi-IN' counts as 'hi'."""
    for value, quality in sorted(accepted, key=lambda pair: -pair[1]):
        if quality > 0 and (code := supported(value.split("-")[0].lower())):
            return code
    return None


def current_language() -> str:
    """The language of the response being made (Flask-Babel's choice, or force_locale's);
    English outside an application context."""
    # Read from the slot Flask-Babel keeps it in (and force_locale and refresh() change):
    # get_locale() reaches it through four reads of request-local state, and a page's date
    # filters ask for the language a hundred times.
    locale = getattr(_babel_state(), "babel_locale", None) or get_locale()
    return locale.language if locale else DEFAULT_LANGUAGE


def _babel_state() -> SimpleNamespace | None:
    """Flask-Babel's slot in the application context's g (None outside one, or before
    Flask-Babel made it). Read through the context variable itself: `flask.g` is a proxy that
    costs more than the read, and a page asks a couple of hundred times (every string, every
    date)."""
    context = _cv_app.get(None)
    return None if context is None else getattr(context.g, "_flask_babel", None)


def N_(message: str) -> str:  # noqa: N802  # the name gettext tools look for
    """Marks a message for the catalogues where it is written, kept as English there: for
    plain values (a domain error, a record) translated with gettext where a person reads them."""
    return message


# Translating ------------------------------------------------------------------------------
# Flask-Babel 4 finds the request's catalogue anew for every string: a dozen reads of
# request-local state each time, about a third of a patient page's time (/today asks for a
# hundred strings). `translations()` finds it once and keeps it in the slot Flask-Babel itself
# empties when the language changes (force_locale for an email, refresh), so it follows them.


def translations() -> NullTranslations:
    """The catalogue of the language being written now (English outside an app context)."""
    catalogue = getattr(_babel_state(), "babel_translations", None)
    if catalogue is None:
        catalogue = get_translations()
        if has_app_context():
            g._flask_babel.babel_translations = catalogue  # created by get_translations()
    return catalogue


def gettext(string: str, **variables) -> str:
    """Flask-Babel's gettext, through `translations()`."""
    text = translations().ugettext(string)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, num: int, **variables) -> str:
    """Flask-Babel's ngettext (`num` is a placeholder too), through `translations()`."""
    variables.setdefault("num", num)
    return translations().ungettext(singular, plural, num) % variables


def lazy_gettext(string: str, **variables) -> LazyString:
    """Flask-Babel's lazy_gettext (translated when read), through `translations()`."""
    return LazyString(gettext, string, **variables)


def install_in_templates(app: Flask) -> None:
    """Templates' {% trans %}, _() and ngettext() through `translations()` too."""
    # (a method the i18n extension adds to the environment: Flask-Babel added that extension)
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda string: translations().ugettext(string),
        ngettext=lambda singular, plural, num: translations().ungettext(singular, plural, num),
        newstyle=True,
        pgettext=lambda context, string: translations().upgettext(context, string),
        npgettext=lambda context, singular, plural, num: translations().unpgettext(
            context, singular, plural, num
        ),
    )
    # The extension's newstyle _() is three calls deep (an alias that looks gettext up, its
    # wrapper, the callable above), each through Jinja's Context.call, which inspects what it
    # calls. The same rules in one call: the catalogue's text, Markup where the template
    # autoescapes, always formatted (`%%` is a percent sign), the values escaped.
    app.jinja_env.globals.update(
        _=_template_gettext, gettext=_template_gettext, ngettext=_template_ngettext
    )


@pass_eval_context
def _template_gettext(eval_context: EvalContext, string: str, /, **variables) -> str:
    return _formatted(eval_context, translations().ugettext(string), variables)


@pass_eval_context
def _template_ngettext(
    eval_context: EvalContext, singular: str, plural: str, num: int, /, **variables
) -> str:
    variables.setdefault("num", num)
    return _formatted(eval_context, translations().ungettext(singular, plural, num), variables)


def _formatted(eval_context: EvalContext, text: str, variables: dict) -> str:
    # The catalogues are ours, and may hold markup (a link in a {% trans %} block), as Jinja
    # trusts them: only the values put into them are escaped.
    if not eval_context.autoescape:
        return text % variables
    if not variables:  # most strings: nothing to escape, so str's own formatting (a third of
        return Markup(text % variables)  # noqa: S704  the time Markup's takes; '%%' alike)
    return Markup(text) % variables  # noqa: S704
