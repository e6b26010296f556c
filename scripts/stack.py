"""The portal as it runs in production, on this machine: Debian's nginx in front of two
gunicorn app servers, the worker, PostgreSQL and Redis (both already running here).

    python scripts/stack.py up      # `make stack`: starts it all in the background
    python scripts/stack.py down    # `make stack-down`: stops exactly what `up` started

`up` creates the database when it is missing, migrates it, seeds the demo when it is empty
and returns once http://127.0.0.1:8080/healthz answers through nginx. Every process runs in
a session of its own, its id in a pid file under the state folder (instance/stack), and
`down` stops those process groups, nothing found by name. tests/deploy/test_scale_out.py
starts a stack of its own (other ports, its own database, Redis keys and state folder).

The database is DATABASE_URL when that names PostgreSQL, else `portal_stack` on the local
server: not `test`, which the developers' PostgreSQL test runs connect to (to create their
per-worker databases) and which must stay as CI and other people left it.
"""

import argparse
import contextlib
import os
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

import psycopg
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
NGINX = "/usr/sbin/nginx"
LOCAL_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/portal_stack"
LOCAL_REDIS = "redis://127.0.0.1:6379/5"  # the tests use other numbers (0 and 6)
STOP_WAIT_SECONDS = 40  # longer than gunicorn's graceful_timeout (30 s)


@dataclass
class Stack:
    state_dir: Path = ROOT / "instance" / "stack"
    port: int = 8080
    app_ports: tuple[int, ...] = (8101, 8102)
    database_url: str = LOCAL_POSTGRES
    redis_url: str = LOCAL_REDIS
    name: str = "stack"  # keeps this stack's Redis keys and queue apart from any other's
    demo: bool = True
    web_workers: int = 2  # gunicorn workers per app server
    extra_environment: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def outbox(self) -> Path:
        return self.state_dir / "outbox"

    def app_url(self, port: int) -> str:
        return f"http://127.0.0.1:{port}"

    def environment(self) -> dict[str, str]:
        return {
            **os.environ,
            "PORTAL_ENV": "development",  # plain http on 127.0.0.1: cookies without Secure
            "SECRET_KEY": self._secret_key(),  # the same on both app servers
            "DATABASE_URL": self.database_url,
            "RATELIMIT_STORAGE_URI": self.redis_url,
            "RATELIMIT_KEY_PREFIX": self.name,
            "TASK_QUEUE_URL": self.redis_url,
            "TASK_QUEUE_NAME": f"sthira-portal-{self.name}",
            "MAIL_BACKEND": "outbox",
            "MAIL_OUTBOX_DIR": str(self.outbox),
            "TRUSTED_PROXIES": "1",  # nginx
            "PORTAL_URL": self.url,  # links in the worker's emails lead to nginx
            "LOG_FORMAT": "json",
            "WEB_CONCURRENCY": str(self.web_workers),
            **self.extra_environment,
        }

    def _secret_key(self) -> str:
        key_file = self.state_dir / "secret_key"
        if not key_file.exists():
            key_file.write_text(secrets.token_hex(32))
            key_file.chmod(0o600)
        return key_file.read_text().strip()

    # -- up ---------------------------------------------------------------------------------

    def up(self) -> None:
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self.outbox.mkdir(exist_ok=True)
        if running := self.running():
            raise SystemExit(f"The stack is already running ({', '.join(running)}): "
                             "`make stack-down` first.")  # fmt: skip
        subprocess.run(["bash", str(ROOT / "scripts" / "ensure-nginx")], check=True)  # noqa: S603, S607
        create_database_if_missing(self.database_url)
        self._flask("db", "upgrade")
        if self.demo:
            self._flask("seed-demo", "--if-empty")
        try:
            for port in self.app_ports:
                self._start(f"web-{port}", self._gunicorn(port))
            self._start("worker", [str(BIN / "flask"), "--app", "wsgi", "worker"])
            for port in self.app_ports:
                wait_for_health(self.app_url(port), self._log(f"web-{port}"))
            self._write_nginx_config()
            self._start("nginx", self._nginx())
            wait_for_health(self.url, self._log("nginx"))
        except BaseException:
            self.down()
            raise

    def start_app_server(self, port: int) -> None:
        """Start (again) the app server on `port`; returns once it answers."""
        self._start(f"web-{port}", self._gunicorn(port))
        wait_for_health(self.app_url(port), self._log(f"web-{port}"))

    def _flask(self, *arguments: str) -> None:
        command = [str(BIN / "flask"), "--app", "wsgi", *arguments]
        subprocess.run(command, cwd=ROOT, env=self.environment(), check=True)  # noqa: S603

    def _gunicorn(self, port: int) -> list[str]:
        return [
            str(BIN / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
            "--bind", f"127.0.0.1:{port}", "--chdir", str(ROOT), "wsgi:app",
        ]  # fmt: skip

    def _nginx(self) -> list[str]:
        prefix = self.state_dir / "nginx"
        return [NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"),
                "-e", str(self._log("nginx-error"))]  # fmt: skip

    def _write_nginx_config(self) -> None:
        prefix = self.state_dir / "nginx"
        for temp in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (prefix / "temp" / temp).mkdir(parents=True, exist_ok=True)
        (prefix / "nginx.conf").write_text(
            nginx_config(prefix, self.port, self.app_ports, self._log("nginx-access"))
        )

    def _start(self, component: str, command: list[str]) -> None:
        with self._log(component).open("ab") as log:
            process = subprocess.Popen(  # noqa: S603
                command, cwd=ROOT, env=self.environment(), stdin=subprocess.DEVNULL,
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        self._pid_file(component).write_text(str(process.pid))

    def _log(self, component: str) -> Path:
        return self.state_dir / f"{component}.log"

    def _pid_file(self, component: str) -> Path:
        return self.state_dir / f"{component}.pid"

    # -- down -------------------------------------------------------------------------------

    def components(self) -> list[str]:
        return sorted(path.stem for path in self.state_dir.glob("*.pid"))

    def running(self) -> list[str]:
        return [name for name in self.components() if _alive(self.pid(name))]

    def pid(self, component: str) -> int:
        return int(self._pid_file(component).read_text())

    def down(self) -> None:
        """nginx first (no new requests), then the app servers and the worker: each finishes
        what it is doing (SIGTERM), and whatever has not stopped after 40 s is killed."""
        order = sorted(self.components(), key=lambda name: name != "nginx")
        for name in order:
            self.stop(name)

    def stop(self, component: str, sig: signal.Signals = signal.SIGTERM) -> None:
        pid = self.pid(component)
        if _alive(pid):
            _signal_group(pid, sig)
            deadline = time.monotonic() + STOP_WAIT_SECONDS
            while _alive(pid) and time.monotonic() < deadline:
                time.sleep(0.1)
            _signal_group(pid, signal.SIGKILL)  # the group's stragglers too
            _reap(pid)
        self._pid_file(component).unlink(missing_ok=True)

    def kill(self, component: str) -> None:
        """What a crash or a pulled plug does: SIGKILL to the whole process group at once."""
        self.stop(component, signal.SIGKILL)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a child of this process that has exited but not been waited for
        done, _status = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return done == 0


def _signal_group(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, sig)  # started with start_new_session: the group's id is the pid


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def nginx_config(prefix: Path, port: int, app_ports: tuple[int, ...], access_log: Path) -> str:
    """A whole nginx.conf of the stack's own around the production site's shared parts
    (deploy/nginx/sthira-portal-http.conf and -locations.conf)."""
    servers = "\n".join(
        f"        server 127.0.0.1:{app} max_fails=1 fail_timeout=10s;" for app in app_ports
    )
    temp = prefix / "temp"
    # As root, nginx would hand its workers to `nobody`, who may not read the checkout.
    user = "user root;" if os.geteuid() == 0 else ""
    return f"""# Written by scripts/stack.py for `make stack`; changes are overwritten.
{user}
daemon off;
worker_processes 1;
pid {prefix / "nginx.pid"};

events {{ worker_connections 512; }}

http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {temp / "body"};
    proxy_temp_path {temp / "proxy"};
    fastcgi_temp_path {temp / "fastcgi"};
    uwsgi_temp_path {temp / "uwsgi"};
    scgi_temp_path {temp / "scgi"};

    include {ROOT / "deploy" / "nginx" / "sthira-portal-http.conf"};
    access_log {access_log} sthira_portal;

    upstream sthira_portal {{
{servers}
    }}

    server {{
        listen 127.0.0.1:{port};
        server_name _;
        # Which app server answered: for the scale-out test, never in production.
        add_header X-Served-By $upstream_addr always;
        root {ROOT};
        include {ROOT / "deploy" / "nginx" / "sthira-portal-locations.conf"};
    }}
}}
"""


def create_database_if_missing(database_url: str) -> None:
    url = make_url(database_url)
    if not url.drivername.startswith("postgresql"):
        raise SystemExit(f"The stack runs on PostgreSQL; DATABASE_URL is {url.drivername}.")
    server = url.set(drivername="postgresql", database="postgres")
    with psycopg.connect(server.render_as_string(hide_password=False), autocommit=True) as c:
        if not c.execute("SELECT 1 FROM pg_database WHERE datname = %s", [url.database]).fetchone():
            c.execute(f'CREATE DATABASE "{url.database}"')


def wait_for_health(url: str, log: Path, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urlopen(f"{url}/healthz", timeout=5) as response:  # noqa: S310 (127.0.0.1)
                if response.status == 200:
                    return
        except (URLError, OSError):
            pass
        time.sleep(0.2)
    tail = log.read_text()[-3000:] if log.exists() else "(no log)"
    raise RuntimeError(f"{url}/healthz did not answer within {seconds:.0f} s; {log}:\n{tail}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["up", "down"])
    parser.add_argument("--state-dir", type=Path, default=Stack.state_dir)
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--app-ports", default="8101,8102")
    parser.add_argument("--redis-url", default=os.environ.get("STACK_REDIS_URL", LOCAL_REDIS))
    arguments = parser.parse_args(argv)
    configured = os.environ.get("DATABASE_URL", "")
    stack = Stack(
        state_dir=arguments.state_dir,
        port=arguments.port,
        app_ports=tuple(int(port) for port in arguments.app_ports.split(",")),
        database_url=configured if configured.startswith("postgresql") else LOCAL_POSTGRES,
        redis_url=arguments.redis_url,
    )
    if arguments.action == "down":
        stack.down()
        print("The stack is stopped.")
        return
    stack.up()
    print(f"The portal runs at {stack.url} (nginx → gunicorn on "
          f"{', '.join(map(str, stack.app_ports))}, the worker), database "
          f"{make_url(stack.database_url).database}; logs in {stack.state_dir}. "
          "Stop it with `make stack-down`.")  # fmt: skip


if __name__ == "__main__":
    main()
