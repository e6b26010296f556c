import pytest
from flask_babel import force_locale

from portal.phone import InvalidPhoneNumber, display_phone, normalise_phone


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("98450 12345", "+919845012345"),
        ("+91 98450 12345", "+919845012345"),
        ("098450-12345", "+919845012345"),
        ("(080) 4112 3456", "+918041123456"),  # a Bengaluru landline
        ("040 2354 6789", "+914023546789"),  # a Hyderabad landline
        ("6000012345", "+916000012345"),  # a newer mobile series
        ("+44 20 7946 0958", "+442079460958"),  # someone calling from abroad
    ],
)
def test_valid_numbers_are_stored_in_e164(typed, stored):
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Please enter a phone number."),
        ("   ", "Please enter a phone number."),
        ("call me", "doesn't look like a phone number"),
        ("12345", "too short"),
        ("+91 12345678901234", "too many digits"),
        ("9845012345678", "has 10 digits; this one has 13"),
        ("98456 771", "has 10 digits; this one has 8"),
        ("0000000000", "not a valid phone number"),
        ("5555555555", "not a valid phone number"),
    ],
)
def test_invalid_numbers_are_refused_with_a_reason(typed, message):
    with pytest.raises(InvalidPhoneNumber, match=message):
        normalise_phone(typed)


def test_display_groups_digits_for_reading():
    assert display_phone("+919845012345") == "+91 98450 12345"
    assert display_phone("+918041123456") == "+91 80 4112 3456"
    assert display_phone(None) == ""


def test_the_reason_is_english_as_text_and_in_the_readers_language_for_the_form(app):
    with pytest.raises(InvalidPhoneNumber) as refused:
        normalise_phone("98456 771")
    assert str(refused.value) == "A mobile number in India has 10 digits; this one has 8."
    with app.test_request_context(), force_locale("te"):
        assert refused.value.translated() == ("భారతదేశంలో మొబైల్ నంబర్‌కు 10 అంకెలు ఉంటాయి; ఇందులో 8 ఉన్నాయి.")
