"""The error summary at the top of a form: every error, each linking to its field.

Long forms (the program editor runs to several screens) put errors far below the button that
was pressed; the summary names them where the page opens. It walks nested forms too, so a
row of a FieldList is named "Item 3: Hold (seconds)".
"""

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from wtforms import Field, FieldList, FormField, HiddenField, RadioField
from wtforms.csrf.core import CSRFTokenField
from wtforms.widgets import ListWidget


@dataclass(frozen=True)
class ErrorLink:
    target_id: str
    label: str
    message: str


def error_links(form, row_names: Mapping[str, str] | None = None) -> list[ErrorLink]:
    """`row_names` names rows of a FieldList by their id, e.g. {"items-1": "GV4 Mingmen"}."""
    return list(_links(form, context="", container_id="", row_names=row_names or {}))


def _links(
    fields: Iterable[Field], context: str, container_id: str, row_names: Mapping[str, str]
) -> Iterator[ErrorLink]:
    for field in fields:
        if isinstance(field, CSRFTokenField):
            continue  # not the person's doing: the summary says "the form expired" instead
        if isinstance(field, FieldList):
            for number, entry in enumerate(field.entries, start=1):
                name = f"{context}{field.label.text} {number}"
                if entry.id in row_names:
                    name += f" ({row_names[entry.id]})"
                yield from _entry_links(entry, name, row_names)
        elif isinstance(field, FormField):
            yield from _entry_links(field, f"{context}{field.label.text}", row_names)
        elif field.errors:
            yield ErrorLink(
                _target_id(field, container_id), _label(field, context), _joined(field.errors)
            )


def _entry_links(entry: Field, name: str, row_names: Mapping[str, str]) -> Iterator[ErrorLink]:
    if isinstance(entry, FormField):
        yield from _links(entry.form, f"{name}: ", entry.id, row_names)
    elif entry.errors:
        yield ErrorLink(entry.id, name, _joined(entry.errors))


def _joined(errors) -> str:
    # Messages may be lazy translations (rendered in the page's language).
    return " ".join(str(error) for error in errors)


def _label(field: Field, context: str) -> str:
    # A hidden field's error is about its whole row (which technique it is), not a control.
    if isinstance(field, HiddenField) and context:
        return context.removesuffix(": ")
    return f"{context}{field.label.text}"


def _target_id(field: Field, container_id: str) -> str:
    """Where a link can take keyboard focus: a choice group's first option; for a hidden
    field, the row that holds it."""
    if isinstance(field, HiddenField):
        return container_id or field.id
    if isinstance(field, RadioField) or isinstance(getattr(field, "widget", None), ListWidget):
        return f"{field.id}-0"
    return field.id
