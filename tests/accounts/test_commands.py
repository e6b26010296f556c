from sqlalchemy import select

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.accounts.services import authenticate
from portal.extensions import db


def _create(runner, *args, password="a strong password"):
    return runner.invoke(args=["create-user", *args, "--password-stdin"], input=password + "\n")


def test_create_a_therapist_at_a_centre(runner, make):
    make.centre(slug="blr-indiranagar")
    result = _create(
        runner,
        "--email", "Asha@Example.com", "--name", "Asha Rao", "--role", "therapist",
        "--centre", "blr-indiranagar", "--phone", "97421 18845",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "asha@example.com"))
    assert user.roles == {Role.THERAPIST}
    assert user.therapist_profile.centre.slug == "blr-indiranagar"
    assert user.phone == "+919742118845"
    assert authenticate("asha@example.com", "a strong password") == user


def test_desk_staff_take_the_city_of_their_centre(runner, make):
    hyderabad = make.city("Hyderabad")
    make.centre(hyderabad, slug="hyd-gachibowli")
    result = _create(
        runner, "--email", "d@example.com", "--name", "D", "--role", "desk",
        "--centre", "hyd-gachibowli",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "d@example.com"))
    assert user.desk_profile.city.name == "Hyderabad"


def test_therapist_without_centre_is_refused(runner):
    result = _create(runner, "--email", "t@example.com", "--name", "T", "--role", "therapist")
    assert result.exit_code != 0
    assert "belongs to a centre" in result.output
    assert db.session.scalars(select(User)).all() == []


def test_unknown_centre_lists_the_known_ones(runner, make):
    make.centre(slug="blr-jayanagar")
    result = _create(
        runner, "--email", "t@example.com", "--name", "T", "--role", "therapist",
        "--centre", "nowhere",
    )  # fmt: skip
    assert result.exit_code != 0
    assert "blr-jayanagar" in result.output


def test_short_password_and_duplicate_email_are_refused(runner, make):
    make.admin(email="boss@example.com")
    short = _create(runner, "--email", "x@example.com", "--name", "X", "--role", "admin",
                    password="short")  # fmt: skip
    duplicate = _create(runner, "--email", "BOSS@example.com", "--name", "B", "--role", "admin")
    assert short.exit_code != 0 and "at least 10" in short.output
    assert duplicate.exit_code != 0 and "already exists" in duplicate.output
