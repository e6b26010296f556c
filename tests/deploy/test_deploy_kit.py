"""The deployment kit in deploy/ is valid as written and keeps its promises to itself."""

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
NGINX = "/usr/sbin/nginx"


def _gunicorn_settings() -> dict:
    spec = importlib.util.spec_from_file_location("gunicorn_conf", DEPLOY / "gunicorn.conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return vars(module)


def _nginx_seconds(directive: str) -> int:
    text = (DEPLOY / "nginx" / "sthira-portal-locations.conf").read_text()
    return int(re.search(rf"^\s*{directive} (\d+)s;", text, re.MULTILINE).group(1))


def test_nginx_waits_longer_than_gunicorn_lets_a_request_run():
    gunicorn = _gunicorn_settings()
    assert _nginx_seconds("proxy_read_timeout") > gunicorn["timeout"] > gunicorn["graceful_timeout"]


def test_nginx_never_replays_a_post_on_the_other_server():
    text = (DEPLOY / "nginx" / "sthira-portal-locations.conf").read_text()
    [retry] = re.findall(r"^\s*proxy_next_upstream (.+);", text, re.MULTILINE)
    assert "non_idempotent" not in retry.split()
    assert "timeout" not in retry.split()  # a slow request would run on both servers


def test_gunicorn_leaves_forwarded_headers_to_the_app():
    assert _gunicorn_settings()["forwarded_allow_ips"] == ""


def test_two_app_servers_on_one_host_do_not_share_a_control_socket():
    # gunicorn >= 25.1 opens $HOME/.gunicorn/gunicorn.ctl unless told not to: the second app
    # server on the host would take it over from the first.
    assert _gunicorn_settings()["control_socket_disable"] is True


def test_gunicorn_accepts_its_settings_and_loads_the_portal():
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "--check-config", "-c", str(DEPLOY / "gunicorn.conf.py"),
         "wsgi:app"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture
def certificate(tmp_path):
    key, chain = tmp_path / "privkey.pem", tmp_path / "fullchain.pem"
    subprocess.run(  # noqa: S603
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",  # noqa: S607
         "-subj", "/CN=portal.test", "-keyout", key, "-out", chain],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return tmp_path


def test_the_production_site_passes_nginx_t_with_its_placeholders_filled(tmp_path, certificate):
    site = (DEPLOY / "nginx" / "sthira-portal.conf").read_text()
    for placeholder, value in {
        "/etc/letsencrypt/live/<portal.example.in>": str(certificate),
        "<portal.example.in>": "portal.test",
        "<app-server-1>": "127.0.0.1",
        "<app-server-2>": "127.0.0.2",
        "/srv/sthira-portal/current": str(ROOT),
        "/var/log/nginx": str(tmp_path),
    }.items():
        site = site.replace(placeholder, value)
    assert not re.search(r"<[a-z0-9.-]+>", site), "a placeholder is left"
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nevents {{}}\n"
        f"http {{\ninclude /etc/nginx/mime.types;\n{site}\n}}\n"
    )
    result = subprocess.run(  # noqa: S603
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"),
         "-e", str(tmp_path / "error.log")],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
