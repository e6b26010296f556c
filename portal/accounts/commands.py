import sys

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from portal.accounts.passwords import MIN_PASSWORD_LENGTH
from portal.accounts.roles import Role
from portal.accounts.services import EmailTaken
from portal.accounts.services import create_user as create_account
from portal.centres.models import Centre, City
from portal.extensions import db
from portal.phone import InvalidPhoneNumber, normalise_phone


@click.command("create-user")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", required=True, type=click.Choice([role.value for role in Role]))
@click.option("--centre", "centre_slug", help="Centre slug (therapists; desk staff take its city).")
@click.option("--city", "city_slug", help="City slug (desk staff).")
@click.option("--phone", help="Phone number, e.g. 98450 12345.")
@click.option("--password-stdin", is_flag=True, required=True, help="Read the password from stdin.")
@with_appcontext
def create_user(email, name, role, centre_slug, city_slug, phone, password_stdin) -> None:
    """Create an account with one role."""
    password = sys.stdin.readline().rstrip("\n")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise click.UsageError(f"The password must have at least {MIN_PASSWORD_LENGTH} characters.")
    centre = _find(Centre, centre_slug, "centre")
    city = _find(City, city_slug, "city")
    try:
        user = create_account(
            email=email,
            name=name,
            password=password,
            role=Role(role),
            phone=normalise_phone(phone) if phone else None,
            centre=centre,
            city=city,
        )
    except InvalidPhoneNumber as error:
        raise click.BadParameter(str(error), param_hint="--phone") from error
    except EmailTaken as error:
        raise click.UsageError(f"An account with the email {error} already exists.") from error
    except ValueError as error:  # a role without the centre or city it needs
        raise click.UsageError(str(error)) from error
    click.echo(f"Created {role} account {user.email}.")


def _find(model, slug: str | None, what: str):
    if slug is None:
        return None
    found = db.session.scalar(select(model).where(model.slug == slug))
    if found is None:
        known = ", ".join(db.session.scalars(select(model.slug).order_by(model.slug)))
        raise click.BadParameter(f"no {what} {slug!r}; known: {known}", param_hint=f"--{what}")
    return found
