"""The portal's Jinja environment: template globals whose keys compare natively, with
Jinja's meaning unchanged."""

from collections import ChainMap

import pytest
from flask import Flask
from flask.templating import Environment
from jinja2 import DictLoader

from portal.templating import PortalEnvironment, TemplateGlobals, TemplatesByLanguage


def test_the_keys_are_both_maps_keys():
    own, shared = {"title": "Today", "site": "ours"}, {"site": "clinic", "url_for": len}
    keys = TemplateGlobals(own, shared).keys()
    assert keys == set(ChainMap(own, shared).keys()) == {"title", "site", "url_for"}
    assert isinstance(keys, set)


def environment(kind: type[Environment]) -> Environment:
    return kind(
        Flask(__name__),
        loader=DictLoader(
            {
                "macros.html": "{% macro hello() %}{{ greeting }}, {{ site }}{% endmacro %}",
                "page.html": '{% from "macros.html" import hello %}{{ hello() }} ({{ site }})',
            }
        ),
    )


def test_globals_mean_what_they_mean_in_flasks_own_environment():
    pages = []
    for kind in (PortalEnvironment, Environment):
        env = environment(kind)
        env.globals.update(greeting="Namaste", site="the clinic")
        page = env.get_template("page.html", globals={"site": "Indiranagar"})
        assert page.globals["site"] == "Indiranagar"
        assert env.globals["site"] == "the clinic"  # not written through
        pages.append(page.render())
    # An imported template sees the environment's globals, not the importer's own.
    assert pages == ["Namaste, the clinic (Indiranagar)"] * 2


def test_the_template_cache_is_bounded_and_kept_per_language():
    """An unbounded cache (a plain dict) would hold one language's templates for all."""
    with pytest.raises(ValueError, match="bounded"):
        PortalEnvironment(Flask(__name__), cache_size=-1)
    assert PortalEnvironment(Flask(__name__), cache_size=0).cache is None
    assert isinstance(PortalEnvironment(Flask(__name__)).cache, TemplatesByLanguage)
