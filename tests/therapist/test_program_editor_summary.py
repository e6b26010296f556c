"""A refused publish says why at the top of the editor, each error linking to its field."""

import re
from datetime import timedelta

import pytest

from portal.safety.rules import Pregnancy
from tests.therapist.test_program_editor import _form, _row

CONFIRM = "I have read the warning and confirm this point"


@pytest.fixture
def pregnant_patients_editor(client, make, login_as, clinic, today):
    make.screening(clinic["patient"], pregnancy=Pregnancy.YES)
    plan = make.plan(
        clinic["patient"],
        clinic["therapist"],
        [make.item("BL23"), make.item("GV4"), make.item("BL60", safety_confirmed=True)],
    )
    items = plan.program.versions[-1].items
    login_as(clinic["therapist"])
    return {"url": f"/therapist/plans/{plan.id}/program", "rows": [_row(i) for i in items]}


@pytest.fixture
def three_rows(client, login_as, clinic, items, plan, today):
    """BL23, GV4 and the bridge, as the editor shows them."""
    login_as(clinic["therapist"])
    rows = [_row(items["BL23"]), _row(items["GV4"]), _row(items["BRIDGE"])]
    return {"url": f"/therapist/plans/{plan.id}/program", "rows": rows, "today": today}


def _summary(html: str) -> str:
    match = re.search(r'<div class="alert alert-danger error-summary"(.*?)</div>', html, re.S)
    assert match, "no error summary"
    return match.group(0)


def _links(summary: str) -> list[tuple[str, str]]:
    return re.findall(r'<a class="alert-link" href="#([^"]+)">([^<]+)</a>', summary)


def test_publishing_without_the_confirmation_is_summarised_at_the_top(
    client, pregnant_patients_editor
):
    editor = pregnant_patients_editor  # BL60, third, unticked
    response = client.post(editor["url"], data=_form(editor["rows"], publish="Publish program"))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    summary = _summary(html)
    assert html.index(summary) < html.index("program-row")  # above the first row
    assert 'role="alert"' in summary
    assert 'tabindex="-1"' in summary
    assert "There is a problem" in summary
    assert _links(summary) == [("items-2-safety_confirmed", f"Item 3 (BL60 Kunlun): {CONFIRM}")]
    assert 'id="items-2-safety_confirmed"' in html  # the link lands on the checkbox


def test_every_kind_of_error_is_listed_with_a_link(client, three_rows):
    editor = three_rows
    rows = editor["rows"]
    rows[0]["hold_seconds"] = "5"
    rows[1]["weekdays"] = []
    rows.append({**rows[1], "weekdays": ["0"]})  # GV4 again
    yesterday = (editor["today"] - timedelta(days=1)).isoformat()
    response = client.post(
        editor["url"], data=_form(rows, publish="Publish program", effective_from=yesterday)
    )
    html = response.get_data(as_text=True)
    assert _links(_summary(html)) == [  # in the order of the page
        ("items-0-hold_seconds", "Item 1 (BL23 Shenshu): Hold (seconds)"),
        ("items-1-weekdays-0", "Item 2 (GV4 Mingmen): Days"),
        ("items-3", "Item 4 (GV4 Mingmen)"),  # GV4 twice: the whole row
        ("effective_from", "Patients follow it from"),
    ]
    for target in ("items-0-hold_seconds", "items-1-weekdays-0", "items-3", "effective_from"):
        assert f'id="{target}"' in html
    assert "GV4 is already item 2: change or remove one of them." in _summary(html)


def test_no_summary_when_nothing_is_wrong(client, three_rows):
    html = client.get(three_rows["url"]).get_data(as_text=True)
    assert "error-summary" not in html
