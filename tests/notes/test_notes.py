"""Treatment notes through the app: writing a draft, signing (then locked), addenda, and who
reads what, role by role; every read audited; the patient sees only a shared summary."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from portal.audit.models import AuditEvent
from portal.booking.models import AppointmentStatus
from portal.db_types import utcnow
from portal.extensions import db
from portal.notes.models import NoteAddendum, TreatmentNote
from portal.notes.services import _notes_of_patient, _sessions_without_note
from tests.factories import PASSWORD, Factories

COMPLETE = {
    "subjective": "Low back ache for 3 weeks, worse sitting at work.",
    "pain_now": "4",
    "pain_worst": "7",
    "objective": "Guarded lumbar movement.",
    "rom_flexion_grade": "half",
    "rom_flexion_degrees": "40",
    "slr_left_angle": "45",
    "slr_left_result": "positive",
    "neuro_reflex_S1_left": "reduced",
    "red_flag_saddle": "no",
    "red_flag_bladder_bowel": "no",
    "assessment": "Left L5/S1 radicular pain, improving centralisation.",
    "plan": "Repeated extension in lying, review in one week.",
    "summary": "Your back is settling. Keep the press-ups three times a day.",
    "share_summary": "y",
}


@pytest.fixture
def world(make, clinic):
    """Patient Rohan's session yesterday with Dr. Hegde (the author); Dr. Rao of another
    centre treats him too (a plan); Dr. Pillai shares Hegde's centre but treats him not."""
    centre, author, patient = clinic["centre"], clinic["therapist"], clinic["patient"]
    service = make.service("follow-up")
    session = make.appointment(patient, author, centre, service, utcnow() - timedelta(days=1))
    colleague = make.therapist(
        make.centre(clinic["centre"].city, "Koramangala"), name="Dr. Kavya Rao"
    )
    make.plan(patient, colleague)
    return {
        **clinic,
        "service": service,
        "session": session,
        "author": author,
        "colleague": colleague,
        "not_treating": make.therapist(centre, name="Dr. Nikhil Pillai"),
        "desk": make.desk(centre.city),
        "admin": make.admin(),
        "other_patient": make.patient(name="Meera Nair", centre=centre),
    }


@pytest.fixture
def signed_in(app):
    def sign_in(user, password=PASSWORD):
        client = app.test_client()
        if user is not None:
            response = client.post("/login", data={"email": user.email, "password": password})
            assert response.status_code == 302
        return client

    return sign_in


def write_url(appointment) -> str:
    return f"/notes/appointments/{appointment.id}"


def the_note():
    return db.session.scalar(select(TreatmentNote))


def signed_note(signed_in, world, **changes):
    response = signed_in(world["author"]).post(
        write_url(world["session"]), data={**COMPLETE, **changes, "sign": "y"}
    )
    assert response.status_code == 302, response.text
    return the_note()


# Writing: a draft keeps everything typed; signing needs a complete note.


def test_the_form_has_soap_sections_and_the_back_pain_examination(signed_in, world):
    page = signed_in(world["author"]).get(write_url(world["session"]))
    assert page.status_code == 200
    for name in ("subjective", "objective", "assessment", "plan", "pain_now", "pain_worst",
                 "rom_side_flexion_left_grade", "slr_right_angle", "slr_right_result",
                 "neuro_myotome_L4_right", "neuro_dermatome_L5_left", "neuro_reflex_S1_right",
                 "red_flag_saddle", "summary", "share_summary"):  # fmt: skip
        assert f'name="{name}"' in page.text
    assert "Rohan Kulkarni" in page.text


def test_a_draft_is_saved_with_everything_typed_and_shown_again(signed_in, world):
    client = signed_in(world["author"])
    draft = {"subjective": "Ache after a long drive.", "slr_left_angle": "50",
             "neuro_reflex_S1_left": "absent", "save": "y"}  # fmt: skip
    response = client.post(write_url(world["session"]), data=draft)
    assert response.status_code == 302
    note = the_note()
    assert note.signed_at is None and note.author_id == world["author"].id
    assert note.subjective == "Ache after a long drive."
    assert note.findings == {"slr_left_angle": 50, "neuro_reflex_S1_left": "absent"}
    again = client.get(write_url(world["session"])).text
    assert "Ache after a long drive." in again
    assert 'value="50"' in again
    assert '<option selected value="absent">' in again


def test_a_value_outside_the_template_is_refused_next_to_its_field_and_nothing_saved(
    signed_in, world
):
    typed = {**COMPLETE, "pain_now": "11", "slr_left_angle": "200", "save": "y"}
    response = signed_in(world["author"]).post(write_url(world["session"]), data=typed)
    assert response.status_code == 422
    assert 'id="pain_now-error"' in response.text
    assert 'id="slr_left_angle-error"' in response.text
    assert COMPLETE["assessment"] in response.text  # nothing typed is lost
    assert the_note() is None  # nothing half-saved


def test_signing_an_incomplete_note_says_what_is_missing_and_saves_nothing(signed_in, world):
    typed = {"subjective": "Better this week.", "sign": "y"}
    response = signed_in(world["author"]).post(write_url(world["session"]), data=typed)
    assert response.status_code == 422
    assert "Write your assessment before signing." in response.text
    assert "Write the plan before signing." in response.text
    assert "Better this week." in response.text
    assert the_note() is None


def test_a_blank_pain_score_is_not_recorded(signed_in, world):
    """Whitespace in a pain choice (the form fuzzer sent it) is no score, not an error."""
    typed = {**COMPLETE, "pain_worst": "\r\n\t", "sign": "y"}
    response = signed_in(world["author"]).post(write_url(world["session"]), data=typed)
    assert response.status_code == 302
    note = the_note()
    assert (note.pain_now, note.pain_worst) == (4, None)


def test_signing_locks_the_note_and_completes_the_session(signed_in, world):
    response = signed_in(world["author"]).post(
        write_url(world["session"]), data={**COMPLETE, "sign": "y"}
    )
    note = the_note()
    assert response.headers["Location"].endswith(f"/notes/{note.id}")
    assert note.signed_at is not None and note.pain_now == 4 and note.pain_worst == 7
    assert note.findings["slr_left_result"] == "positive"
    assert world["session"].status is AppointmentStatus.COMPLETED
    signed = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "treatment_note_signed")
    )
    assert signed.patient_id == world["patient"].id and signed.actor_id == world["author"].id


def test_the_server_refuses_to_change_a_signed_note(signed_in, world):
    note = signed_note(signed_in, world)
    client = signed_in(world["author"])
    response = client.post(
        write_url(world["session"]), data={**COMPLETE, "plan": "Rewritten.", "save": "y"}
    )
    assert response.headers["Location"].endswith(f"/notes/{note.id}")
    db.session.expire_all()
    assert the_note().plan == COMPLETE["plan"]
    assert client.get(write_url(world["session"])).status_code == 302


def test_the_database_refuses_to_change_a_signed_note_or_an_addendum(signed_in, world):
    note = signed_note(signed_in, world)
    signed_in(world["author"]).post(
        f"/notes/{note.id}/addenda", data={"body": "SLR retested: 55°."}
    )
    with pytest.raises(IntegrityError):
        db.session.execute(update(TreatmentNote).values(plan="Rewritten behind the portal's back."))
    db.session.rollback()
    with pytest.raises(IntegrityError):
        db.session.execute(update(NoteAddendum).values(body="Rewritten."))
    db.session.rollback()


def test_the_database_refuses_an_addendum_under_a_draft(signed_in, world):
    signed_in(world["author"]).post(
        write_url(world["session"]), data={"subjective": "x", "save": "y"}
    )
    note = the_note()
    db.session.add(NoteAddendum(note_id=note.id, author_id=world["author"].id, body="Too early."))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_a_note_waits_until_the_session_has_begun(signed_in, make, world):
    later = make.appointment(world["patient"], world["author"], world["centre"], world["service"],
                             utcnow() + timedelta(days=2))  # fmt: skip
    client = signed_in(world["author"])
    response = client.get(write_url(later))
    assert response.status_code == 302
    assert client.post(write_url(later), data={**COMPLETE, "sign": "y"}).status_code == 302
    assert the_note() is None


def test_a_cancelled_session_has_no_note(signed_in, world):
    world["session"].status = AppointmentStatus.CANCELLED
    db.session.commit()
    response = signed_in(world["author"]).post(
        write_url(world["session"]), data={**COMPLETE, "sign": "y"}
    )
    assert response.status_code == 302 and the_note() is None


def test_a_home_visit_takes_a_note_too(signed_in, make, world):
    visit = make.appointment(
        world["patient"], world["author"], world["centre"], make.service("home-visit"),
        utcnow() - timedelta(hours=3), home_address="12, 2nd Cross, HAL 2nd Stage",
    )  # fmt: skip
    response = signed_in(world["author"]).post(write_url(visit), data={**COMPLETE, "sign": "y"})
    assert response.status_code == 302
    page = signed_in(world["author"]).get(response.headers["Location"]).text
    assert "Home visit" in page and COMPLETE["assessment"] in page


# Addenda.


def test_the_author_and_a_treating_colleague_add_signed_addenda_under_the_note(signed_in, world):
    note = signed_note(signed_in, world)
    first = signed_in(world["author"]).post(
        f"/notes/{note.id}/addenda", data={"body": "SLR retested: 55°."}
    )
    second = signed_in(world["colleague"]).post(
        f"/notes/{note.id}/addenda", data={"body": "Seen at Koramangala: agree."}
    )
    assert first.status_code == second.status_code == 302
    page = signed_in(world["author"]).get(f"/notes/{note.id}").text
    assert page.index("SLR retested: 55°.") < page.index("Seen at Koramangala: agree.")
    assert "Signed by Dr. Arjun Hegde" in page and "Signed by Dr. Kavya Rao" in page
    assert COMPLETE["plan"] in page  # the note itself unchanged above them


def test_an_empty_addendum_is_refused_next_to_its_field(signed_in, world):
    note = signed_note(signed_in, world)
    response = signed_in(world["author"]).post(f"/notes/{note.id}/addenda", data={"body": "  "})
    assert response.status_code == 422
    assert 'id="body-error"' in response.text and "Write the addendum." in response.text
    assert db.session.scalar(select(func.count(NoteAddendum.id))) == 0


def test_a_draft_takes_no_addendum_it_is_edited(signed_in, world):
    signed_in(world["author"]).post(
        write_url(world["session"]), data={"subjective": "x", "save": "y"}
    )
    note = the_note()
    response = signed_in(world["author"]).post(f"/notes/{note.id}/addenda", data={"body": "Early."})
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(NoteAddendum.id))) == 0


def test_an_admin_reads_but_adds_no_addendum(signed_in, world):
    note = signed_note(signed_in, world)
    client = signed_in(world["admin"])
    assert "Sign and add the addendum" not in client.get(f"/notes/{note.id}").text
    assert client.post(f"/notes/{note.id}/addenda", data={"body": "Admin text."}).status_code == 302
    assert db.session.scalar(select(func.count(NoteAddendum.id))) == 0


# Who reads: every role.

READERS = {  # role → (signed note, draft)
    "author": (200, 200),
    "colleague": (200, 404),
    "not_treating": (404, 404),
    "desk": (404, 404),
    "admin": (200, 404),
    "patient": (404, 404),
    "other_patient": (404, 404),
}


@pytest.mark.parametrize("role", READERS)
def test_who_reads_a_signed_note_and_a_draft(signed_in, world, role):
    signed_in(world["author"]).post(write_url(world["session"]), data={**COMPLETE, "save": "y"})
    note = the_note()
    client = signed_in(world[role])
    assert client.get(f"/notes/{note.id}").status_code == READERS[role][1]
    signed_in(world["author"]).post(write_url(world["session"]), data={**COMPLETE, "sign": "y"})
    page = client.get(f"/notes/{note.id}")
    assert page.status_code == READERS[role][0]
    if page.status_code == 200:
        assert COMPLETE["assessment"] in page.text and "Left L5/S1" in page.text


@pytest.mark.parametrize("role", ["colleague", "not_treating", "desk", "admin", "patient"])
def test_only_the_sessions_therapist_opens_its_note_form(signed_in, world, role):
    response = signed_in(world[role]).post(
        write_url(world["session"]), data={**COMPLETE, "sign": "y"}
    )
    assert response.status_code == 404
    assert signed_in(world[role]).get(write_url(world["session"])).status_code == 404
    assert the_note() is None


@pytest.mark.parametrize("role", ["not_treating", "desk", "patient", "other_patient"])
def test_an_addendum_from_someone_who_may_not_read_is_not_found(signed_in, world, role):
    note = signed_note(signed_in, world)
    response = signed_in(world[role]).post(f"/notes/{note.id}/addenda", data={"body": "Mine."})
    assert response.status_code == 404
    assert db.session.scalar(select(func.count(NoteAddendum.id))) == 0


def test_a_visitor_is_sent_to_log_in(signed_in, world):
    note = signed_note(signed_in, world)
    for url in (f"/notes/{note.id}", write_url(world["session"])):
        response = signed_in(None).get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_every_read_of_a_note_is_audited(signed_in, world):
    note = signed_note(signed_in, world)
    signed_in(world["colleague"]).get(f"/notes/{note.id}")
    signed_in(world["admin"]).get(f"/notes/{note.id}")
    signed_in(world["desk"]).get(f"/notes/{note.id}")  # refused: not a read
    reads = db.session.execute(
        select(AuditEvent.actor_id, AuditEvent.patient_id, AuditEvent.record_id)
        .where(AuditEvent.action == "treatment_note_viewed")
        .order_by(AuditEvent.id)
    ).all()
    patient = world["patient"].id
    assert reads == [
        (world["colleague"].id, patient, note.id),
        (world["admin"].id, patient, note.id),
    ]


# Where notes are found.


def test_the_patient_record_lists_notes_to_treating_therapists_only(signed_in, world):
    note = signed_note(signed_in, world)
    assert f'href="/notes/{note.id}"' in signed_in(world["colleague"]).get(
        f"/therapist/patients/{world['patient'].id}").text  # fmt: skip
    # Dr. Pillai sees the patient (same centre) but not the notes.
    page = signed_in(world["not_treating"]).get(f"/therapist/patients/{world['patient'].id}")
    assert page.status_code == 200 and f"/notes/{note.id}" not in page.text
    listed = select(AuditEvent).where(AuditEvent.action == "treatment_notes_listed")
    assert [event.actor_id for event in db.session.scalars(listed)] == [world["colleague"].id]


def test_the_patient_record_offers_a_note_for_each_session_without_one(signed_in, world):
    page = signed_in(world["author"]).get(f"/therapist/patients/{world['patient'].id}").text
    assert f'href="{write_url(world["session"])}"' in page
    signed_note(signed_in, world)
    page = signed_in(world["author"]).get(f"/therapist/patients/{world['patient'].id}").text
    assert f'href="{write_url(world["session"])}"' not in page


def test_the_therapists_schedule_links_a_begun_session_to_its_note(signed_in, world):
    day = (world["session"].starts_at + timedelta(hours=5, minutes=30)).date().isoformat()
    page = signed_in(world["author"]).get(f"/schedule?day={day}").text
    assert f'href="{write_url(world["session"])}"' in page
    desk_page = signed_in(world["desk"]).get(f"/schedule?day={day}").text
    assert "Rohan Kulkarni" in desk_page and write_url(world["session"]) not in desk_page


# The patient: never the note, a shared summary under the session.


def test_the_patient_sees_a_shared_summary_and_never_the_note(signed_in, world):
    signed_note(signed_in, world)
    page = signed_in(world["patient"]).get("/appointments").text
    assert COMPLETE["summary"] in page
    assert COMPLETE["assessment"] not in page and COMPLETE["plan"] not in page
    assert COMPLETE["summary"] not in signed_in(world["other_patient"]).get("/appointments").text


def test_an_unshared_summary_or_a_draft_stays_with_the_therapist(signed_in, world):
    client = signed_in(world["author"])
    client.post(write_url(world["session"]), data={**COMPLETE, "save": "y"})
    assert COMPLETE["summary"] not in signed_in(world["patient"]).get("/appointments").text
    client.post(write_url(world["session"]), data={**COMPLETE, "share_summary": "", "sign": "y"})
    assert the_note().signed_at is not None
    assert COMPLETE["summary"] not in signed_in(world["patient"]).get("/appointments").text


def test_the_demo_shows_signed_notes_and_a_shared_summary(app, signed_in):
    from portal.demo.data import DEMO_PASSWORD
    from portal.demo.notes import FIRST_SESSION
    from portal.demo.seed import seed_demo

    seed_demo()
    seed_demo()  # safe to run again: still two notes
    notes = db.session.scalars(select(TreatmentNote).order_by(TreatmentNote.id)).all()
    assert [note.patient.email for note in notes] == ["patient@demo.test"] * 2
    assert all(note.signed_at for note in notes) and len(notes[0].addenda) == 1
    patient, therapist = notes[0].patient, notes[0].author
    assert FIRST_SESSION["summary"] in signed_in(patient, DEMO_PASSWORD).get("/appointments").text
    record = signed_in(therapist, DEMO_PASSWORD).get(f"/therapist/patients/{patient.id}").text
    assert f'href="/notes/{notes[0].id}"' in record and f'href="/notes/{notes[1].id}"' in record


def test_the_note_page_shows_what_was_examined_and_names_what_was_not(signed_in, world):
    note = signed_note(signed_in, world, red_flag_injury="yes")
    page = signed_in(world["author"]).get(f"/notes/{note.id}").text
    assert "½ range" in page and "45°" in page and "Positive" in page
    assert "Red flags reported:</strong> A recent fall or injury." in page
    assert "Neurological screen" in page and "Neurological screen: not done." not in page
    assert "Straight-leg raise: not tested." not in page
    bare = {"neuro_reflex_S1_left": "", "slr_left_angle": "", "slr_left_result": ""}
    other = signed_note_for_new_session(signed_in, world, bare)
    page = signed_in(world["author"]).get(f"/notes/{other.id}").text
    assert "Neurological screen: not done." in page and "Straight-leg raise: not tested." in page


def signed_note_for_new_session(signed_in, world, changes):
    session = Factories().appointment(world["patient"], world["author"], world["centre"],
                                      world["service"], utcnow() - timedelta(hours=2))  # fmt: skip
    response = signed_in(world["author"]).post(
        write_url(session), data={**COMPLETE, **changes, "sign": "y"}
    )
    assert response.status_code == 302
    return db.session.scalar(
        select(TreatmentNote).where(TreatmentNote.appointment_id == session.id)
    )


def test_the_services_refuse_to_rewrite_or_resign_a_signed_note_and_an_addendum_under_a_draft(
    world,
):
    from portal.notes.rules import NoteLocked, NoteNotSigned, NoteText
    from portal.notes.services import NoteDraft, add_addendum, save_draft, sign

    text = NoteText("Story.", "Seen.", "Reasoning.", "Plan.", {}, "", share_summary=False)
    note = save_draft(world["session"], world["author"], NoteDraft(text, 3, None))
    with pytest.raises(NoteNotSigned):
        add_addendum(note, world["author"], "Too early.", utcnow())
    sign(note, utcnow())
    with pytest.raises(NoteLocked):
        save_draft(world["session"], world["author"], NoteDraft(text, 9, None))
    with pytest.raises(NoteLocked):
        sign(note, utcnow())
    db.session.rollback()


def test_the_records_note_list_is_built_once_and_binds_each_reader(signed_in, world):
    """Built once per rule, the record's note list binds who reads: a draft is listed to its
    author alone, a signed note to the treating colleague and the admin too, never to a
    therapist who only shares the centre; a second round builds nothing."""
    signed_in(world["author"]).post(write_url(world["session"]), data={**COMPLETE, "save": "y"})
    note = the_note()
    record = f"/therapist/patients/{world['patient'].id}"
    readers = ("author", "colleague", "not_treating", "admin")

    def listed() -> set[str]:
        return {
            role for role in readers
            if f'href="/notes/{note.id}"' in signed_in(world[role]).get(record).text
        }  # fmt: skip

    assert listed() == {"author"}
    built = _notes_of_patient.cache_info().misses, _sessions_without_note.cache_info().misses
    signed_in(world["author"]).post(write_url(world["session"]), data={**COMPLETE, "sign": "y"})
    assert listed() == {"author", "colleague", "admin"}
    assert (_notes_of_patient.cache_info().misses,
            _sessions_without_note.cache_info().misses) == built  # fmt: skip
