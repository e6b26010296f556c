import pytest

from portal.settings import ConfigurationError, settings_from_environment


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    with pytest.raises(ConfigurationError, match="SECRET_KEY is not set"):
        settings_from_environment({"PORTAL_ENV": "production"}, str(tmp_path))


def test_production_uses_the_given_key_and_secure_cookies(tmp_path):
    settings = settings_from_environment(
        {"PORTAL_ENV": "production", "SECRET_KEY": "from-the-vault"}, str(tmp_path)
    )
    assert settings["SECRET_KEY"] == "from-the-vault"
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["REMEMBER_COOKIE_SECURE"] is True


def test_development_generates_a_key_once_and_keeps_it(tmp_path):
    first = settings_from_environment({}, str(tmp_path))["SECRET_KEY"]
    second = settings_from_environment({}, str(tmp_path))["SECRET_KEY"]
    assert len(first) == 64
    assert first == second
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0  # readable by the owner only


def test_database_url_defaults_to_sqlite_in_the_instance_folder(tmp_path):
    settings = settings_from_environment({}, str(tmp_path))
    assert settings["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/portal.sqlite3"
    chosen = settings_from_environment(
        {"DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:5432/test"}, str(tmp_path)
    )
    assert chosen["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg://")


@pytest.mark.parametrize(("given", "hops"), [(None, 0), ("", 0), ("0", 0), (" 1 ", 1), ("2", 2)])
def test_trusted_proxies_is_how_many_proxies_stand_in_front(tmp_path, given, hops):
    environ = {} if given is None else {"TRUSTED_PROXIES": given}
    assert settings_from_environment(environ, str(tmp_path))["TRUSTED_PROXIES"] == hops


@pytest.mark.parametrize("given", ["one", "-1", "1.5", "¹", "２", "100"])
def test_trusted_proxies_refuses_anything_but_a_small_whole_number(tmp_path, given):
    with pytest.raises(ConfigurationError, match="TRUSTED_PROXIES must be a whole number"):
        settings_from_environment({"TRUSTED_PROXIES": given}, str(tmp_path))
