"""The languages patients and visitors read the portal in, and how one is chosen.

English is the source language; Hindi, Kannada and Telugu come from the catalogues under
portal/translations (built by `make translations`). Staff pages stay English.
"""

from collections.abc import Iterable
from functools import cache
from types import SimpleNamespace

from babel import Locale
from babel.support import NullTranslations
from flask import Flask, g, has_app_context
from flask.globals import _cv_app  # the application context itself (see _babel_state)
from flask_babel import get_locale, get_translations
from flask_babel.speaklater import LazyString
from jinja2 import TemplateSyntaxError, nodes, pass_eval_context
from jinja2.nodes import EvalContext
from jinja2.visitor import NodeTransformer
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


@cache
def locale_of(code: str) -> Locale:
    """The babel Locale of one of LANGUAGES, parsed once: Flask-Babel parses what its locale
    selector returns on every request, unless it is a Locale already."""
    return Locale.parse(code)


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


# Translated as templates compile ----------------------------------------------------------
# A page's constant strings ("Today", "Log out") come out the same on every render in one
# language, yet each one was a call per render: Jinja's Context.call, the catalogue, Markup.
# portal.templating compiles each template once per language, and puts the translations in as
# it compiles: a constant string becomes part of the template's text.
_TEMPLATE_GETTEXT = frozenset({"_", "gettext"})  # both are _template_gettext (and {% trans %})


def translated_when_compiled(tree: nodes.Template, catalogue: NullTranslations) -> nodes.Template:
    """`tree` (a parsed template) with every `_('…')`, `gettext('…')` and `{% trans %}` of
    one message put in as `catalogue`'s translation, as _template_gettext would write it on
    every render: the text itself when it has no values, formatted as it renders when it has
    (by Markup's % where autoescape is on, so the values are escaped). Plurals stay calls: their
    form depends on the number."""
    _refuse_other_meanings(tree)
    translated = _TranslatedConstants(catalogue).visit(tree)
    translated.set_environment(tree.environment)  # the parser's, on the nodes put in too
    return translated


class _TranslatedConstants(NodeTransformer):
    def __init__(self, catalogue: NullTranslations) -> None:
        self.catalogue = catalogue

    def visit_Call(self, node: nodes.Call) -> nodes.Node:  # noqa: N802  (Jinja dispatches by node class)
        self.generic_visit(node)  # a value may be translated itself: _('…', x=_('…'))
        name, args = node.node, node.args
        if not (
            isinstance(name, nodes.Name)
            and name.name in _TEMPLATE_GETTEXT
            and len(args) == 1
            and isinstance(args[0], nodes.Const)
            and isinstance(args[0].value, str)
            and node.dyn_args is None
            and node.dyn_kwargs is None
        ):
            return node
        text = self.catalogue.ugettext(args[0].value)
        translated: nodes.Expr
        if node.kwargs:
            values = [nodes.Pair(nodes.Const(value.key), value.value) for value in node.kwargs]
            translated = nodes.Mod(
                nodes.MarkSafeIfAutoescape(nodes.Const(text)), nodes.Dict(values)
            )
        else:
            try:
                text = text % {}  # '%%' is a percent sign, as _formatted writes it
            except (KeyError, TypeError, ValueError):
                return node  # a broken message stays a call, failing as it renders
            translated = nodes.MarkSafeIfAutoescape(nodes.Const(text))
        return translated.set_lineno(node.lineno)


def _refuse_other_meanings(tree: nodes.Template) -> None:
    """A template that names something else `_` or `gettext` (a loop variable, a macro's
    argument, an import) would have its calls translated all the same: refused as it compiles."""
    named = [(name.name, name.lineno) for name in tree.find_all(nodes.Name) if name.ctx != "load"]
    named += [(node.target, node.lineno) for node in tree.find_all(nodes.Import)]
    named += [
        (imported if isinstance(imported, str) else imported[-1], node.lineno)
        for node in tree.find_all(nodes.FromImport)
        for imported in node.names
    ]
    for name, lineno in named:
        if name in _TEMPLATE_GETTEXT:
            raise TemplateSyntaxError(
                f"'{name}' is the portal's translation: name this something else", lineno
            )
