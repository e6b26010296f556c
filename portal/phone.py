"""Phone numbers: parse what people type, refuse what cannot be dialled, store E.164."""

from functools import lru_cache

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, ValidationResult
from wtforms import Field, ValidationError

from portal.languages import N_, gettext

DEFAULT_REGION = "IN"

_REASONS = {
    ValidationResult.TOO_SHORT: N_(
        "This number is too short. A mobile number in India has 10 digits."
    ),
    ValidationResult.TOO_LONG: N_("This number has too many digits. Please check it."),
    ValidationResult.INVALID_COUNTRY_CODE: N_("We don't recognise that country code."),
    ValidationResult.INVALID_LENGTH: N_(
        "This number has the wrong number of digits. Please check it."
    ),
}


class InvalidPhoneNumber(ValueError):
    """Raised with a message that can be shown next to the field: in English as `str(error)`,
    in the reader's language as `error.translated()`."""

    def __init__(self, message: str, **values: object) -> None:
        super().__init__(message % values)
        self.message, self.values = message, values

    def translated(self) -> str:
        return gettext(self.message, **self.values)


def normalise_phone(raw: str, region: str = DEFAULT_REGION) -> str:
    """Return the number in E.164 (e.g. '+919845012345') or raise InvalidPhoneNumber."""
    text = (raw or "").strip()
    if not text:
        raise InvalidPhoneNumber(N_("Please enter a phone number."))
    try:
        number = phonenumbers.parse(text, region)
    except NumberParseException as error:
        raise InvalidPhoneNumber(N_("That doesn't look like a phone number.")) from error
    _check_indian_mobile_length(number)
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason in _REASONS:
        raise InvalidPhoneNumber(_REASONS[reason])
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhoneNumber(N_("This is not a valid phone number. Please check the digits."))
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def _check_indian_mobile_length(number: phonenumbers.PhoneNumber) -> None:
    # Indian mobile numbers start with 6–9 and have exactly 10 digits; saying so beats a
    # generic "not valid" when someone drops or doubles a digit.
    digits = str(number.national_number)
    if number.country_code == 91 and digits[0] in "6789" and len(digits) != 10:
        raise InvalidPhoneNumber(
            N_("A mobile number in India has 10 digits; this one has %(count)d."),
            count=len(digits),
        )


# Parsing a number is some 50 µs, and the desk's lists (a day's schedule, the call-backs)
# show the same city's numbers all day: each process remembers the ones it wrote out.
@lru_cache(maxsize=8192)
def display_phone(e164: str | None) -> str:
    """'+919845012345' → '+91 98450 12345', for people to read and dial."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, None)
    except NumberParseException:
        return e164
    return phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)


def tel_uri(e164: str) -> str:
    return f"tel:{e164}"


class PhoneNumber:
    """WTForms validator: checks the field and leaves the E.164 form in `field.e164`."""

    def __call__(self, form, field: Field) -> None:
        try:
            field.e164 = normalise_phone(field.data)
        except InvalidPhoneNumber as error:
            raise ValidationError(error.translated()) from error
