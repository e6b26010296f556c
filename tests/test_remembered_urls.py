"""The templates' url_for remembers what it built: the same URLs as Flask's, built once."""

from unittest import mock

from flask import render_template_string, url_for
from werkzeug.routing import MapAdapter

from portal.remembered_urls import remembered_url_for
from portal.static_files import FOLLOW_EDITS


def _rendered(app, source: str, path: str = "/", base_url: str | None = None) -> str:
    with app.test_request_context(path, base_url=base_url):
        return render_template_string(source)


def test_a_link_is_the_url_flask_builds(app):
    with app.test_request_context("/"):
        expected = [
            url_for("programs.today"),
            url_for("programs.practice", item_id=7, n=2, date="2026-12-01"),
            url_for("booking.staff_schedule", day="2026-12-03", view="week", centre=None),
        ]
    html = _rendered(
        app,
        "{{ url_for('programs.today') }}|"
        "{{ url_for('programs.practice', item_id=7, n=2, date='2026-12-01') }}|"
        "{{ url_for('booking.staff_schedule', day='2026-12-03', view='week', centre=None) }}",
    )
    assert html.replace("&amp;", "&").split("|") == expected
    assert expected[1] == "/today/practice/7?n=2&date=2026-12-01"


def test_the_same_link_is_built_once_per_process(app):
    template = "{{ url_for('programs.today') }}{{ url_for('messages.patient_threads') }}"
    _rendered(app, template)  # built and remembered
    with mock.patch.object(MapAdapter, "build", wraps=MapAdapter.build, autospec=True) as build:
        for _ in range(3):
            assert _rendered(app, template) == "/today/messages"
    assert build.call_count == 0
    with mock.patch.object(MapAdapter, "build", wraps=MapAdapter.build, autospec=True) as build:
        _rendered(app, "{{ url_for('programs.practice', item_id=99) }}")  # a new one: built
    assert build.call_count == 1


def test_where_the_portal_is_mounted_is_part_of_the_link(app):
    template = "{{ url_for('programs.today') }}"
    assert _rendered(app, template) == "/today"
    assert _rendered(app, template, base_url="http://localhost/portal/") == "/portal/today"
    assert _rendered(app, template) == "/today"


def test_what_varies_by_more_than_its_values_is_built_every_time(app, tmp_path, monkeypatch):
    """Static files in debug mode (their digest follows an edit), external and relative
    links, lists."""
    monkeypatch.setattr(app, "debug", True)
    monkeypatch.setattr(app, "static_folder", str(tmp_path))
    sheet = tmp_path / "site.css"
    sheet.write_text("body { color: black; }")
    template = "{{ url_for('static', filename='site.css') }}"
    before = _rendered(app, template)
    sheet.write_text("body { color: navy; }")
    assert _rendered(app, template) != before
    external = "{{ url_for('programs.today', _external=True) }}"
    assert _rendered(app, external) == "http://localhost/today"
    assert _rendered(app, external, base_url="https://sthira.example/") == (
        "https://sthira.example/today"
    )
    relative = "{{ url_for('.index') }}"  # the request's blueprint's
    assert _rendered(app, relative, path="/guide") == "/guide"
    assert _rendered(app, relative, path="/centres") == "/centres"
    listed = _rendered(app, "{{ url_for('therapist.dashboard', page=['2']) }}")
    assert listed == "/therapist/?page=2"


def test_a_full_memory_starts_again(app, monkeypatch):
    """Links with ids in them are many: what is remembered stays bounded."""
    monkeypatch.setattr("portal.remembered_urls.REMEMBERED", 2)
    monkeypatch.setitem(app.jinja_env.globals, "url_for", remembered_url_for())
    link = "{{{{ url_for('programs.practice', item_id={}) }}}}"
    for item_id in (1, 2, 3):  # the third finds the memory full: it starts again with it
        _rendered(app, link.format(item_id))
    with mock.patch.object(MapAdapter, "build", wraps=MapAdapter.build, autospec=True) as build:
        assert _rendered(app, link.format(3)) == "/today/practice/3"
        assert build.call_count == 0
        _rendered(app, link.format(1))
        assert build.call_count == 1  # forgotten when the memory filled


def test_a_running_server_remembers_its_static_links_with_their_digest(app, monkeypatch):
    monkeypatch.setitem(app.config, FOLLOW_EDITS, False)
    template = "{{ url_for('static', filename='css/portal.css') }}"
    with app.test_request_context("/"):
        expected = url_for("static", filename="css/portal.css")
    assert "?v=" in expected
    assert _rendered(app, template) == expected
    with mock.patch.object(MapAdapter, "build", wraps=MapAdapter.build, autospec=True) as build:
        assert _rendered(app, template) == expected
    assert build.call_count == 0
    mounted = _rendered(app, template, base_url="http://localhost/portal/")
    assert mounted == "/portal" + expected
