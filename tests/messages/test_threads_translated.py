"""A patient's message pages in their language; the therapist reads the same thread in English."""

from datetime import UTC, datetime

from portal.localtime import day_and_clock
from tests.languages import speaking


def test_the_thread_in_kannada_keeps_names_the_emergency_number_and_local_times(
    client, login_as, world, send
):
    sent_at = datetime(2026, 12, 3, 4, 30, tzinfo=UTC)
    send(world["plan"], world["therapist_a"], body="Press BL23 twice a day.", sent_at=sent_at)
    send(world["plan"], world["patient_a"], body="Thank you")
    login_as(speaking(world["patient_a"], "kn"))
    html = client.get(f"/messages/{world['plan'].id}").get_data(as_text=True)
    assert '<html lang="kn">' in html
    assert "ಸಂದೇಶಗಳು ತುರ್ತು ಸಂದರ್ಭಗಳಿಗೆ ಅಲ್ಲ." in html  # "Messages are not for emergencies."
    assert '<a href="tel:112">112</a> ಗೆ ಕರೆ ಮಾಡಿ.' in html
    assert "Press BL23 twice a day." in html  # what people write stays as written
    assert ">Dr. Arjun Hegde</span> · ಗುರು, ಡಿಸೆಂ 3, 2026, 10:00 AM" in html
    assert '<span class="fw-semibold">ನೀವು</span>' in html  # "You"
    assert day_and_clock(sent_at, "Asia/Kolkata") not in html  # not the English date


def test_an_empty_message_is_refused_in_telugu_next_to_the_box(client, login_as, world):
    login_as(speaking(world["patient_a"], "te"))
    response = client.post(f"/messages/{world['plan'].id}", data={"body": "  "})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="body-error">ముందుగా మీ సందేశం రాయండి.</div>' in html
    assert "సాధారణ పాఠం, 2,000 అక్షరాల వరకు." in html  # the hint keeps its number


def test_the_therapist_reads_the_same_thread_in_english(client, login_as, world, send):
    send(world["plan"], world["patient_a"], body="నమస్కారం")
    speaking(world["patient_a"], "te")
    login_as(world["therapist_a"])
    html = client.get(
        f"/therapist/messages/{world['plan'].id}", headers={"Accept-Language": "te"}
    ).get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Send message" in html and "నమస్కారం" in html
