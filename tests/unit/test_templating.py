"""The portal's Jinja environment: template globals whose keys compare natively, with
Jinja's meaning unchanged."""

from collections import ChainMap

from flask import Flask
from flask.templating import Environment
from jinja2 import DictLoader

from portal.templating import PortalEnvironment, TemplateGlobals


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
