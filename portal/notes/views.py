"""Treatment notes: the appointment's therapist writes and signs; treating therapists and
admins read (the desk never, the patient only a shared summary); colleagues add addenda."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.accounts.models import User
from portal.accounts.roles import Role, roles_required
from portal.audit.services import audit
from portal.db_types import utcnow
from portal.notes.access import get_readable_note_or_404, own_appointment_or_404, treats
from portal.notes.forms import AddendumForm, NoteForm
from portal.notes.models import TreatmentNote
from portal.notes.presenters import note_view, session_line
from portal.notes.rules import Reader, may_add_addendum, may_write, missing_to_sign
from portal.notes.services import add_addendum, note_of, save_draft, sign

blueprint = Blueprint("notes", __name__, url_prefix="/notes")


@blueprint.route("/appointments/<int:appointment_id>", methods=["GET", "POST"])
@roles_required(Role.THERAPIST)
def write(appointment_id: int):
    appointment = own_appointment_or_404(current_user, appointment_id)
    note = note_of(appointment)
    if note is not None and note.signed_at is not None:
        return redirect(url_for("notes.show", note_id=note.id))
    if not may_write(current_user.id, appointment.therapist_id, appointment.status.value,
                     appointment.starts_at, utcnow()):  # fmt: skip
        flash("A note is written once the session has begun, and not for a cancelled or "
              "missed one.", "warning")  # fmt: skip
        return redirect(url_for("therapist.patient", patient_id=appointment.patient_id))
    form = NoteForm()
    if not form.is_submitted() and note is not None:
        form.fill(note)
    elif form.validate_on_submit():
        draft = form.draft()
        missing = missing_to_sign(draft.text) if form.sign.data else {}
        for name, message in missing.items():
            form[name].errors = [*form[name].errors, message]
        if not missing:
            note = save_draft(appointment, current_user, draft)
            return _saved(note, signing=bool(form.sign.data))
    return render_template(
        "notes/write.html", form=form, appointment=appointment, session=session_line(appointment)
    ), 422 if form.errors else 200


def _saved(note: TreatmentNote, signing: bool):
    if signing:
        sign(note, utcnow())
        audit("treatment_note_signed", patient_id=note.patient_id, record=note)
        flash("Note signed. It is locked now: later changes are addenda.", "success")
        return redirect(url_for("notes.show", note_id=note.id))
    audit("treatment_note_saved", patient_id=note.patient_id, record=note)
    flash("Draft saved. Sign it when it is complete.", "success")
    return redirect(url_for("notes.write", appointment_id=note.appointment_id))


@blueprint.get("/<int:note_id>")
@roles_required(Role.THERAPIST, Role.ADMIN)
def show(note_id: int):
    note = get_readable_note_or_404(current_user, note_id)
    return _note_page(note, AddendumForm())


@blueprint.post("/<int:note_id>/addenda")
@roles_required(Role.THERAPIST, Role.ADMIN)
def addendum(note_id: int):
    note = get_readable_note_or_404(current_user, note_id)
    if not may_add_addendum(_reader(current_user, note), note.signed_at is not None):
        flash("Only a treating therapist adds an addendum, under a signed note.", "warning")
        return redirect(url_for("notes.show", note_id=note.id))
    form = AddendumForm()
    if not form.validate_on_submit():
        return _note_page(note, form), 422
    add_addendum(note, current_user, form.body.data, utcnow())
    audit("treatment_note_addendum", patient_id=note.patient_id, record=note)
    flash("Addendum signed and added under the note.", "success")
    return redirect(url_for("notes.show", note_id=note.id) + "#addenda")


def _note_page(note: TreatmentNote, form: AddendumForm):
    reader = _reader(current_user, note)
    return render_template(
        "notes/show.html",
        note=note_view(note),
        form=form,
        may_add=may_add_addendum(reader, note.signed_at is not None),
        may_edit=note.signed_at is None and note.author_id == current_user.id,
    )


def _reader(user: User, note: TreatmentNote) -> Reader:
    return Reader(
        is_admin=Role.ADMIN in user.roles,
        is_desk=Role.DESK in user.roles,
        treats_patient=treats(user, note.patient_id),
        is_author=note.author_id == user.id,
    )
