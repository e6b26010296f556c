"""The error summary names every error of a form, nested rows included, and links to it."""

from werkzeug.datastructures import MultiDict
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from portal.error_summary import ErrorLink, error_links
from portal.therapist.forms import MultiCheckboxField


class Row(Form):
    technique_id = HiddenField()
    hold_seconds = IntegerField("Hold (seconds)")
    confirmed = BooleanField("I confirm this point")
    weekdays = MultiCheckboxField(
        "Days", choices=[SelectChoice("0", "Mon"), SelectChoice("1", "Tue")]
    )


class Editor(Form):
    name = StringField("Name", validators=[InputRequired("Give a name.")])
    side = RadioField(
        "Side", choices=[SelectChoice("left", "Left"), SelectChoice("right", "Right")]
    )
    items = FieldList(FormField(Row), label="Item")


def editor_with_rows(count: int) -> Editor:
    data = {f"items-{n}-hold_seconds": "60" for n in range(count)}
    form = Editor(MultiDict({"name": "", "side": "left", **data}))
    form.validate()
    return form


def test_a_valid_form_has_no_links():
    form = Editor(MultiDict({"name": "Plan", "side": "left"}))
    form.validate()
    assert error_links(form) == []


def test_each_error_links_to_its_field():
    form = editor_with_rows(0)
    form.side.errors = ["Choose a side."]
    assert error_links(form) == [
        ErrorLink("name", "Name", "Give a name."),
        ErrorLink("side-0", "Side", "Choose a side."),  # a radio group: its first option
    ]


def test_errors_in_rows_say_which_row_and_link_into_it():
    form = editor_with_rows(3)
    third = form.items[2].form
    third.confirmed.errors = ["Tick to confirm."]
    third.weekdays.errors = ["Choose at least one day."]
    third.technique_id.errors = ["Archived: choose another."]
    assert error_links(form)[1:] == [
        ErrorLink("items-2", "Item 3", "Archived: choose another."),  # hidden: the row itself
        ErrorLink("items-2-confirmed", "Item 3: I confirm this point", "Tick to confirm."),
        ErrorLink("items-2-weekdays-0", "Item 3: Days", "Choose at least one day."),
    ]


def test_rows_can_be_named():
    form = editor_with_rows(2)
    form.items[1].form.hold_seconds.errors = ["Hold for 10 to 600 seconds."]
    links = error_links(form, row_names={"items-1": "GV4 Mingmen"})
    assert links[1:] == [
        ErrorLink(
            "items-1-hold_seconds",
            "Item 2 (GV4 Mingmen): Hold (seconds)",
            "Hold for 10 to 600 seconds.",
        )
    ]
