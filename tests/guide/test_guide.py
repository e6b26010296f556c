import re

import pytest

from portal.extensions import db
from portal.guide.models import Technique

SEED_POINTS = ["BL23", "GB30", "BL40", "KI3", "BL60", "GV4"]


def test_guide_lists_all_six_points_each_with_a_diagram(client, seeded):
    html = client.get("/guide").get_data(as_text=True)
    for code in SEED_POINTS:
        assert f'href="/guide/{code}"' in html
    assert html.count('<svg viewBox="0 0 200 300" role="img"') == 6
    assert "Safety first" in html or "safety first" in html
    assert "does not replace" in html


@pytest.mark.parametrize("code", SEED_POINTS)
def test_each_point_page_shows_the_point_on_its_diagram(client, seeded, code):
    html = client.get(f"/guide/{code}").get_data(as_text=True)
    assert "Where to find it" in html and "How to press" in html
    assert f"with {code} marked" in html
    assert "Press firmly in small circles for" in html
    assert "does not replace" in html


def test_paired_point_has_two_markers_and_midline_point_one(client, seeded):
    def markers(code):
        html = client.get(f"/guide/{code}").get_data(as_text=True)
        return len(re.findall(r'<g class="point-marker">', html))

    assert markers("BL23") == 2
    assert markers("GV4") == 1
    assert markers("KI3") == 1  # a side view of one ankle


def test_dose_sentence_comes_from_the_numbers(client, seeded):
    technique = db.session.scalar(db.select(Technique).where(Technique.code == "BL23"))
    technique.default_hold_seconds = 120
    db.session.commit()
    html = client.get("/guide/BL23").get_data(as_text=True)
    assert "Press firmly in small circles for 2 minutes on each side." in html


def test_pregnancy_warning_only_where_tradition_says_so(client, seeded):
    assert "Not during pregnancy" in client.get("/guide/BL60").get_data(as_text=True)
    assert "Not during pregnancy" not in client.get("/guide/BL23").get_data(as_text=True)


def test_lower_case_code_redirects_to_the_canonical_page(client, seeded):
    response = client.get("/guide/bl23")
    assert response.status_code == 301
    assert response.headers["Location"] == "/guide/BL23"


def test_unknown_code_is_a_friendly_404(client, seeded):
    response = client.get("/guide/XX99")
    assert response.status_code == 404
    assert "We couldn&#39;t find that page" in response.get_data(as_text=True)


def test_archived_point_is_not_shown(client, seeded):
    technique = db.session.scalar(db.select(Technique).where(Technique.code == "KI3"))
    technique.archived = True
    db.session.commit()
    assert client.get("/guide/KI3").status_code == 404
    assert 'href="/guide/KI3"' not in client.get("/guide").get_data(as_text=True)
