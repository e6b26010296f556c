from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, logout_user
from sqlalchemy import select

from portal.accounts.forms import (
    ChangePasswordForm,
    LoginForm,
    RegistrationForm,
    ResetPasswordForm,
    ResetRequestForm,
    centre_choices,
)
from portal.accounts.passwords import verify_password
from portal.accounts.redirects import is_safe_next
from portal.accounts.reset import reset_token, user_for_token
from portal.accounts.roles import Role, home_endpoint
from portal.accounts.services import (
    EmailTaken,
    authenticate,
    create_user,
    find_user_by_email,
    set_password,
)
from portal.accounts.sessions import start_session
from portal.audit.services import audit
from portal.centres.models import Centre, City
from portal.extensions import db, limiter
from portal.localtime import format_local
from portal.notifications.services import queue_plain_email

blueprint = Blueprint("accounts", __name__)


def _login_email() -> str:
    """Limits per account as well as per address, against attacks from many addresses."""
    return "login:" + (request.form.get("email") or "").strip().lower()


def _after_login_url() -> str:
    target = request.args.get("next")
    if is_safe_next(target):
        return target
    return url_for(home_endpoint(current_user.roles))


@blueprint.route("/register", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for(home_endpoint(current_user.roles)))
    form = RegistrationForm()
    centres = db.session.scalars(select(Centre).join(Centre.city).order_by(City.name, Centre.name))
    form.centre.choices = centre_choices(centres)
    if form.validate_on_submit():
        try:
            user = create_user(
                email=form.email.data,
                name=form.name.data,
                phone=form.phone.e164,
                password=form.password.data,
                role=Role.PATIENT,
                centre=db.session.scalar(select(Centre).where(Centre.slug == form.centre.data)),
            )
        except EmailTaken:
            form.email.errors.append(
                "There is already an account with this email. Log in instead, or use another email."
            )
        else:
            start_session(user)
            flash(f"Welcome, {user.name}. Your account is ready.", "success")
            return redirect(_after_login_url())
    return render_template("accounts/register.html", form=form), 422 if form.errors else 200


@blueprint.route("/login", methods=["GET", "POST"])
@limiter.limit("20 per minute; 100 per hour", methods=["POST"])
@limiter.limit("30 per hour", methods=["POST"], key_func=_login_email)
def login():
    if current_user.is_authenticated:
        return redirect(_after_login_url())
    form = LoginForm()
    if form.validate_on_submit():
        attempt = authenticate(form.email.data, form.password.data)
        if attempt.user is not None:
            start_session(attempt.user, remember=form.remember.data)
            audit("login")
            return redirect(_after_login_url())
        audit("login_failed", details=f"email: {form.email.data.strip().lower()[:254]}"
              + (" (account locked)" if attempt.locked_until else ""))  # fmt: skip
        if attempt.locked_until is not None:
            until = format_local(attempt.locked_until, current_app.config["DEFAULT_TIMEZONE"])
            form.password.errors.append(
                f"Too many wrong passwords. For your safety, this account is locked until "
                f"{until}. You can reset your password by email now."
            )
        else:
            form.password.errors.append("That email and password don't match an account.")
    return render_template("accounts/login.html", form=form), 422 if form.errors else 200


@blueprint.route("/logout", methods=["GET", "POST"])
def logout():
    # Logging out changes state, so it takes a CSRF-protected POST; GET asks to confirm.
    if request.method == "GET":
        if not current_user.is_authenticated:
            return redirect(url_for("public.index"))
        return render_template("accounts/logout.html")
    audit("logout")
    logout_user()
    flash("You have logged out.", "info")
    return redirect(url_for("public.index"))


@blueprint.route("/reset-password", methods=["GET", "POST"])
@limiter.limit("5 per hour", methods=["POST"])
def request_reset():
    """Email a reset link. The answer is the same whether or not the account exists."""
    form = ResetRequestForm()
    if form.validate_on_submit():
        user = find_user_by_email(form.email.data)
        if user is not None and user.active:
            link = url_for("accounts.reset_password", token=reset_token(user), _external=True)
            queue_plain_email(
                kind="password_reset",
                to_email=user.email,
                subject="Reset your Sthira Physio password",
                body=(
                    f"Dear {user.name},\n\nTo choose a new password, open this link within an "
                    f"hour:\n{link}\n\nIf you did not ask for this, ignore this email: your "
                    "password stays as it is.\n\nSthira Physio"
                ),
            )
            db.session.commit()
        flash("If an account uses that email, we have sent it a link to reset the password. "
              "The link works for one hour.", "info")  # fmt: skip
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_request.html", form=form), 422 if form.errors else 200


@blueprint.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    user = user_for_token(token)
    if user is None:
        flash("That reset link has expired or was already used. Ask for a new one.", "warning")
        return redirect(url_for("accounts.request_reset"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        set_password(user, form.password.data)
        audit("password_reset", actor_id=user.id)
        logout_user()
        flash("Your password is changed, and every other session is logged out. Log in now.",
              "success")  # fmt: skip
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form), 422 if form.errors else 200


@blueprint.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    form.personal_words = lambda: (current_user.name, current_user.email.split("@")[0])
    if form.validate_on_submit():
        if not verify_password(current_user.password_hash, form.current_password.data):
            form.current_password.errors.append("That is not your current password.")
        else:
            set_password(current_user, form.password.data)
            audit("password_changed")
            start_session(current_user)  # this device stays logged in; the others do not
            flash("Your password is changed. Other devices have been logged out.", "success")
            return redirect(url_for("accounts.account"))
    return render_template("accounts/change_password.html", form=form), 422 if form.errors else 200


@blueprint.get("/account")
@login_required
def account():
    return render_template("accounts/account.html")
