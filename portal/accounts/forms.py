from wtforms import BooleanField, EmailField, PasswordField, SelectField, ValidationError
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length

from portal.accounts.passwords import MIN_PASSWORD_LENGTH, password_problem
from portal.forms import PortalForm
from portal.languages import gettext as _
from portal.languages import lazy_gettext as _l
from portal.person_fields import name_field, phone_field

_EMAIL_REQUIRED = DataRequired(_l("Please enter your email address."))


class NewPasswordMixin:
    """A new password, typed twice, checked for length and commonness."""

    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(_l("Please choose a password.")), Length(max=200)],
        description=_l(
            "At least %(count)d characters. A short sentence works well.",
            count=MIN_PASSWORD_LENGTH,  # ten or more: always the plural
        ),
        render_kw={"autocomplete": "new-password"},
    )
    confirm_password = PasswordField(
        _l("New password again"),
        validators=[
            DataRequired(_l("Please type the password again.")),
            EqualTo("password", _l("The two passwords are not the same.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )

    def __init__(self, *args, personal: tuple[str, ...] = (), **kwargs) -> None:
        """`personal`: words of the person's own (name, mailbox) the password must not be."""
        super().__init__(*args, **kwargs)
        self._personal = personal

    def validate_password(self, field) -> None:
        if problem := password_problem(field.data or "", self._personal):
            raise ValidationError(problem)


class RegistrationForm(PortalForm):
    # No password here: it is chosen on the page the confirmation email links to, so only
    # the owner of the mailbox ever sets it.
    name = name_field(_l("Full name"))
    email = EmailField(
        _l("Email"),
        validators=[
            _EMAIL_REQUIRED,
            Email(_l("That doesn't look like an email address."), check_deliverability=False),
            Length(max=254),
        ],
        description=_l("We email you a link to choose your password."),
        render_kw={"autocomplete": "email"},
    )
    phone = phone_field(
        _l("Mobile number"), _l("Your centre uses it to reach you about appointments.")
    )
    centre = SelectField(
        _l("Your centre"),
        default="",
        description=_l("Where you see your physiotherapist, so your care team can find you."),
    )
    privacy_consent = BooleanField(
        _l(
            "I have read the privacy notice and agree that the clinic may keep my health "
            "information to care for me."
        ),
        validators=[DataRequired(_l("We can only create an account with your consent."))],
    )


class ChoosePasswordForm(NewPasswordMixin, PortalForm):
    """The first password of an account, on the page a confirmation email links to."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.password.label.text = _("Password")
        self.confirm_password.label.text = _("Password again")


def centre_choices(centres) -> list[SelectChoice]:
    """Centres grouped by city, after a 'not sure' choice."""
    return [SelectChoice("", _("I'm not sure yet"))] + [
        SelectChoice(centre.slug, centre.name, optgroup=centre.city.name) for centre in centres
    ]


class ResetRequestForm(PortalForm):
    email = EmailField(
        _l("Email"),
        validators=[_EMAIL_REQUIRED, Length(max=254)],
        render_kw={"autocomplete": "email"},
    )


class ResetPasswordForm(NewPasswordMixin, PortalForm):
    pass


class ChangePasswordForm(NewPasswordMixin, PortalForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(_l("Please enter your current password."))],
        render_kw={"autocomplete": "current-password"},
    )


class LoginForm(PortalForm):
    # No format check at login: the account lookup is the check, and staff accounts may use
    # addresses (such as the demo ones on .test) that registration would not accept.
    email = EmailField(
        _l("Email"),
        validators=[_EMAIL_REQUIRED, Length(max=254)],
        render_kw={"autocomplete": "email"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Please enter your password."))],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Keep me logged in on this device"))
