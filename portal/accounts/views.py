from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.wrappers import Response

from portal.accounts.devices import device_cookie, trusted_device_key
from portal.accounts.email_language import writing_to
from portal.accounts.forms import (
    ChangePasswordForm,
    ChoosePasswordForm,
    LoginForm,
    RegistrationForm,
    ResetPasswordForm,
    ResetRequestForm,
    centre_choices,
)
from portal.accounts.language import may_choose_language
from portal.accounts.models import User
from portal.accounts.passwords import verify_password
from portal.accounts.redirects import is_safe_next
from portal.accounts.reset import reset_token, user_for_token
from portal.accounts.roles import home_endpoint
from portal.accounts.services import (
    EmailTaken,
    authenticate,
    find_user_by_email,
    forget_failed_logins,
    normalise_email,
    set_password,
)
from portal.accounts.sessions import (
    device_label,
    end_all_sessions,
    end_session,
    is_this_session,
    sessions_of,
    start_session,
)
from portal.accounts.signup import (
    SignUp,
    complete_sign_up,
    pending_sign_up,
    request_sign_up,
    safe_next,
)
from portal.audit.services import audit
from portal.centres.models import Centre, City
from portal.extensions import db, limiter
from portal.languages import LANGUAGE_COOKIE, supported
from portal.languages import gettext as _
from portal.languages import lazy_gettext as _l
from portal.notifications.services import queue_plain_email
from portal.transactions import serialized

blueprint = Blueprint("accounts", __name__)

_A_YEAR = 365 * 24 * 60 * 60


def _login_email() -> str:
    """Limits per account as well as per address, against attacks from many addresses."""
    return "login:" + normalise_email(request.form.get("email") or "")


def _from_owners_device() -> bool:
    # The owner's own browser is never limited by attempts others make on the account.
    email = normalise_email(request.form.get("email") or "")
    return trusted_device_key(device_cookie(), email) is not None


def _after_login_url() -> str:
    target = request.args.get("next")
    if is_safe_next(target):
        return target
    return url_for(home_endpoint(current_user.roles))


@blueprint.route("/register", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def register():
    """Answers "check your email" whatever the email: see portal/accounts/signup.py."""
    if current_user.is_authenticated:
        return redirect(url_for(home_endpoint(current_user.roles)))
    form = RegistrationForm()
    centres = db.session.scalars(select(Centre).join(Centre.city).order_by(City.name, Centre.name))
    form.centre.choices = centre_choices(centres)
    if form.validate_on_submit():
        next_url = request.args.get("next")
        request_sign_up(
            SignUp(
                email=form.email.data,
                name=form.name.data.strip(),
                phone=form.phone.e164,
                centre_slug=form.centre.data or None,
                next_url=next_url if is_safe_next(next_url) else None,
            )
        )
        return render_template(
            "accounts/check_email.html",
            email=normalise_email(form.email.data),
            outbox=current_app.config["MAIL_BACKEND"] == "outbox",
        )
    return render_template("accounts/register.html", form=form), 422 if form.errors else 200


@blueprint.route("/register/confirm/<sign_up_token>", methods=["GET", "POST"])
def confirm_sign_up(sign_up_token: str):
    pending = pending_sign_up(sign_up_token)
    if pending is None:
        flash(_("That link has expired or was already used. If you chose your password, log "
                "in; otherwise register again."), "warning")  # fmt: skip
        return redirect(url_for("accounts.login"))
    sign_up = pending.sign_up
    form = ChoosePasswordForm(personal=(sign_up.name, sign_up.email.split("@")[0]))
    if form.validate_on_submit():
        try:
            user = complete_sign_up(pending, form.password.data)
        except EmailTaken:
            flash(_("This email already has an account. Log in."), "info")
            return redirect(url_for("accounts.login"))
        start_session(user)
        audit("sign_up_confirmed", actor_id=user.id)
        flash(_("Welcome, %(name)s. Your account is ready.", name=user.name), "success")
        return redirect(safe_next(pending) or url_for(home_endpoint(user.roles)))
    return render_template(
        "accounts/choose_password.html", form=form, sign_up=sign_up
    ), 422 if form.errors else 200


SIGN_IN_REFUSED = _l(
    "That email and password don't match an account, or we've paused sign-in from this "
    "browser after many attempts. Wait a few minutes or reset your password."
)


@blueprint.route("/login", methods=["GET", "POST"])
@limiter.limit("20 per minute; 100 per hour", methods=["POST"])
@limiter.limit(
    "30 per hour", methods=["POST"], key_func=_login_email, exempt_when=_from_owners_device
)
def login():
    if current_user.is_authenticated:
        return redirect(_after_login_url())
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data, device_cookie())
        if user is not None:
            start_session(user, remember=form.remember.data)
            audit("login")
            return redirect(_after_login_url())
        audit("login_failed", details=f"email: {normalise_email(form.email.data)[:254]}")
        form.password.errors.append(SIGN_IN_REFUSED)
    return render_template("accounts/login.html", form=form), 422 if form.errors else 200


@blueprint.route("/logout", methods=["GET", "POST"])
def logout():
    # Logging out changes state, so it takes a CSRF-protected POST; GET asks to confirm.
    if request.method == "GET":
        if not current_user.is_authenticated:
            return redirect(url_for("public.index"))
        return render_template("accounts/logout.html")
    audit("logout")
    language = _account_language()
    message = _("You have logged out.")  # in the account's language, before it is gone
    end_session()
    flash(message, "info")
    response = _remembering_language(redirect(url_for("public.index")), language)
    # A shared phone keeps nothing of the patient: the browser drops the pages kept for
    # offline use and the practice queued on it (static/js/offline.js sends that first, and
    # clears the same itself where this header is not understood). Cookies stay: the
    # language cookie is the browser's, not the patient's record.
    response.headers["Clear-Site-Data"] = '"storage"'
    return response


@blueprint.route("/reset-password", methods=["GET", "POST"])
@limiter.limit("5 per hour", methods=["POST"])
def request_reset():
    """Email a reset link. The answer, and the work done, is the same whether or not the
    account exists: an email goes out either way."""
    form = ResetRequestForm()
    if form.validate_on_submit():
        _email_reset_link(normalise_email(form.email.data))
        flash(_("If an account uses that email, we have sent it a link to reset the password. "
                "The link works for one hour."), "info")  # fmt: skip
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_request.html", form=form), 422 if form.errors else 200


def _email_reset_link(email: str) -> None:
    user = find_user_by_email(email)
    with writing_to(user, asked_here=True):  # the account's language, else this page's
        body = _reset_body(user) if user is not None and user.active else _no_account_body()
        subject = _("Reset your Sthira Physio password")
    with serialized():
        queue_plain_email(kind="password_reset", to_email=email, subject=subject, body=body)


def _reset_body(user: User) -> str:
    link = url_for("accounts.reset_password", token=reset_token(user), _external=True)
    return "\n\n".join(
        [
            _("Dear %(name)s,", name=user.name),
            _("To choose a new password, open this link within an hour:") + f"\n{link}",
            _("If you did not ask for this, ignore this email: your password stays as it is."),
            "Sthira Physio",
        ]
    )


def _no_account_body() -> str:
    register = url_for("accounts.register", _external=True)
    return "\n\n".join(
        [
            _("Hello,"),
            _(
                "Someone (we hope you) asked to reset the Sthira Physio password of this email, "
                "but no account uses it. To create one:"
            )
            + f"\n{register}",
            _("If this was not you, ignore this email."),
            "Sthira Physio",
        ]
    )


@blueprint.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    user = user_for_token(token)
    if user is None:
        flash(_("That reset link has expired or was already used. Ask for a new one."), "warning")
        return redirect(url_for("accounts.request_reset"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        set_password(user, form.password.data)
        forget_failed_logins(user)
        audit("password_reset", actor_id=user.id)
        end_session()
        start_session(user)  # the link proved the owner: even a paused sign-in lets them in
        flash(_("Your password is changed, and every other session is logged out."), "success")
        return redirect(url_for(home_endpoint(user.roles)))
    return render_template("accounts/reset_password.html", form=form), 422 if form.errors else 200


@blueprint.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm(personal=(current_user.name, current_user.email.split("@")[0]))
    if form.validate_on_submit():
        if not verify_password(current_user.password_hash, form.current_password.data):
            form.current_password.errors.append(_("That is not your current password."))
        else:
            set_password(current_user, form.password.data)
            audit("password_changed")
            # This device stays logged in in a new session; the others are out.
            start_session(current_user._get_current_object())
            flash(_("Your password is changed. Other devices have been logged out."), "success")
            return redirect(url_for("accounts.account"))
    return render_template("accounts/change_password.html", form=form), 422 if form.errors else 200


@blueprint.get("/account")
@login_required
def account():
    devices = [
        (login, device_label(login.device), is_this_session(login, current_user))
        for login in sessions_of(current_user)
    ]
    return render_template("accounts/account.html", devices=devices)


@blueprint.post("/account/sessions/end")
@login_required
def end_every_session():
    audit("logged_out_everywhere")
    language = _account_language()
    message = _("You have logged out on every device, this one too.")
    with serialized():
        end_all_sessions(current_user)
    end_session()
    flash(message, "info")
    return _remembering_language(redirect(url_for("public.index")), language)


def _account_language() -> str | None:
    """The language a signed-in patient chose, which their pages stop following once they
    log out: their browser keeps it (_remembering_language) instead."""
    if current_user.is_authenticated and may_choose_language(current_user.roles):
        return current_user.language
    return None


@blueprint.post("/language")
def choose_language():
    """The language switcher: remembered in a cookie on this browser, and on the account of a
    signed-in patient so their emails follow it too. Staff pages stay English."""
    language = supported(request.form.get("language"))
    if language is None:
        abort(400)
    if current_user.is_authenticated and may_choose_language(current_user.roles):
        with serialized():
            current_user.language = language
    target = request.form.get("next")
    return _remembering_language(
        redirect(target if is_safe_next(target) else url_for("public.index"), 303), language
    )


def _remembering_language(response: Response, language: str | None) -> Response:
    """`response`, telling this browser to keep `language` (if any) for a year."""
    if language is not None:
        response.set_cookie(
            LANGUAGE_COOKIE,
            language,
            max_age=_A_YEAR,
            secure=current_app.config["SESSION_COOKIE_SECURE"],
            httponly=True,
            samesite="Lax",
        )
    return response
