"""The Jinja environment the portal's templates run in: Flask's, with each template compiled
once per language, its constant strings translated as it compiles, and globals that are
quicker to compare.

- Translated as compiled: a page's constant strings ("Today", "Log out") were a call each on
  every render (Jinja's Context.call, the catalogue, Markup), about forty on a patient's day.
  The template cache keeps one compiled template per language (TemplatesByLanguage), and
  each is compiled with its translations put in (portal.languages.translated_when_compiled).
- Globals: every `{% import %}` and `{% from … import %}` compares the importing template's
  globals with the imported one's keys. Jinja keeps a template's globals in a ChainMap (its
  own over the environment's), whose keys view does that comparison in Python, key by key:
  24 µs an import, and a patient's day imports three templates of macros. As a set, the
  comparison is native.
"""

from collections import ChainMap
from collections.abc import MutableMapping
from typing import Any

from flask.templating import Environment
from jinja2 import nodes
from jinja2.utils import LRUCache

from portal.languages import LANGUAGES, current_language, translated_when_compiled, translations


class TemplateGlobals(ChainMap):
    def keys(self) -> set[str]:  # type: ignore[override]  # a set: what Jinja compares with
        return set().union(*self.maps)


class TemplatesByLanguage(LRUCache):
    """Jinja's cache of compiled templates, with the language being written in each key: a
    template compiled in Hindi has Hindi in its text. Jinja asks for a template, and stores
    the one it compiled, within one response (in one language): through get() and [], the
    only ways it reads and writes the cache."""

    def __getitem__(self, key: Any) -> Any:
        return super().__getitem__((key, current_language()))

    def __setitem__(self, key: Any, value: Any) -> None:
        super().__setitem__((key, current_language()), value)


class PortalEnvironment(Environment):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.cache is not None:  # (None: no cache, each template compiled as it is asked for)
            capacity = getattr(self.cache, "capacity", None)  # a bounded cache's (a dict has none)
            if capacity is None:
                raise ValueError("the portal's templates need a bounded cache (cache_size > 0)")
            self.cache = TemplatesByLanguage(capacity * len(LANGUAGES))  # type: ignore[assignment]  # as Jinja makes its own

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        # Every template is parsed here, whether loaded by name or made from a string; the
        # catalogue is that of the language being written, which keys the cache.
        return translated_when_compiled(super()._parse(source, name, filename), translations())

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return TemplateGlobals({} if d is None else d, self.globals)
