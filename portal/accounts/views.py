from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, logout_user
from sqlalchemy import select

from portal.accounts.forms import LoginForm, RegistrationForm, centre_choices
from portal.accounts.redirects import is_safe_next
from portal.accounts.roles import Role, home_endpoint
from portal.accounts.services import EmailTaken, authenticate, create_user
from portal.accounts.sessions import start_session
from portal.centres.models import Centre, City
from portal.extensions import db

blueprint = Blueprint("accounts", __name__)


def _after_login_url() -> str:
    target = request.args.get("next")
    if is_safe_next(target):
        return target
    return url_for(home_endpoint(current_user.roles))


@blueprint.route("/register", methods=["GET", "POST"])
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
def login():
    if current_user.is_authenticated:
        return redirect(_after_login_url())
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            start_session(user, remember=form.remember.data)
            return redirect(_after_login_url())
        form.password.errors.append("That email and password don't match an account.")
    return render_template("accounts/login.html", form=form), 422 if form.errors else 200


@blueprint.route("/logout", methods=["GET", "POST"])
def logout():
    # Logging out changes state, so it takes a CSRF-protected POST; GET asks to confirm.
    if request.method == "GET":
        if not current_user.is_authenticated:
            return redirect(url_for("public.index"))
        return render_template("accounts/logout.html")
    logout_user()
    flash("You have logged out.", "info")
    return redirect(url_for("public.index"))
