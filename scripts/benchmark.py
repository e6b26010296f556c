"""Measure the portal's pages on the data in DATABASE_URL (load it with `flask seed-scale`).

For each page, as the user who would see it:
- in process (Flask's test client): SQL statements, time for one request, HTML size;
- under load (gunicorn with 4 workers, wrk with 16 connections): requests per second and the
  median latency, and the ratio to a one-query Flask-SQLAlchemy + Jinja page served by the
  same gunicorn, measured just before and after it. Absolute numbers move with the machine's
  load; the ratio much less;
- and the CPU a request costs under load, in the app (gunicorn's workers) and in the database
  (PostgreSQL's processes, when it runs on this machine): read from /proc around each run and
  divided by the requests served. Where the ratio says how a page compares, these say which
  side to work on, and move much less from run to run than req/s (another program's load
  does not count towards them).

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/scale .venv/bin/python \\
        scripts/benchmark.py [--duration 10] [--only today] [--rounds 3]

A measurement, not a test: it asserts nothing, it prints a table. `make benchmark` runs it.
"""

import argparse
import http.client
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

from benchmark_app import add_yardsticks  # noqa: E402
from flask import Flask  # noqa: E402
from sqlalchemy import event, func, select  # noqa: E402

from portal.accounts.models import DeskProfile, PatientProfile, RoleGrant, User  # noqa: E402
from portal.accounts.roles import Role  # noqa: E402
from portal.app import create_app  # noqa: E402
from portal.booking.models import Appointment  # noqa: E402
from portal.centres.models import Centre  # noqa: E402
from portal.contact.models import CallbackRequest  # noqa: E402
from portal.demo.data import DEMO_PASSWORD  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.programs.models import PlanStatus, PracticeLog, TreatmentPlan  # noqa: E402

REFERENCE = "/_benchmark/reference"
QUIET = {"RATELIMIT_ENABLED": False, "LOG_LEVEL": "WARNING"}
HELLO = "/_benchmark/hello"


@dataclass(frozen=True)
class Page:
    label: str
    path: str
    user: str | None  # email; None: a visitor


@dataclass
class Result:
    page: Page
    statements: int
    one_request_ms: float
    html_bytes: int
    requests_per_second: float | None = None
    reference_per_second: float | None = None
    p50_ms: float | None = None
    app_cpu_ms: float | None = None  # CPU per request under load: gunicorn's workers
    database_cpu_ms: float | None = None  # and PostgreSQL's processes (None: not on this machine)
    ratio: float | None = None  # the median of the rounds' page ÷ reference
    ratio_spread: tuple[float, float] | None = None  # the lowest and highest round's
    errors: str = ""
    whole_tables_read: list[str] = field(default_factory=list)  # large tables, sequential scans


def main() -> int:
    options = _arguments()
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to a database holding chain-sized data (flask seed-scale).")
    if not options.no_load:
        ensure_wrk()
    secret = secrets.token_urlsafe(32)  # signs sessions in-process and in gunicorn alike
    # Logging in as each measured person must not meet the sign-in limit, and a log line per
    # request is not what is measured (the numbers had none): both off here.
    app = add_yardsticks(create_app({"SECRET_KEY": secret, **QUIET}))
    with app.app_context():
        print(_data_summary())
        pages = _pages()
    pages = [page for page in pages if not options.only or options.only in page.label]
    results = [_in_process(app, page) for page in pages]
    if not options.no_load:
        with gunicorn(secret, options.workers) as server:
            _under_load(app, server, results, options)
    _print_table(results, options)
    return 0


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument(
        "--rounds", type=int, default=1, help="passes over every page; figures are medians"
    )
    parser.add_argument("--only", help="pages whose label contains this")
    parser.add_argument("--no-load", action="store_true", help="in-process measurements only")
    return parser.parse_args()


def ensure_wrk() -> None:
    """wrk is Debian's HTTP load generator: installed here when we may, else explained."""
    if shutil.which("wrk"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True)  # noqa: S603, S607
        return
    sys.exit("wrk is missing: run `sudo apt-get install -y wrk` (or use --no-load).")


# Who looks at what -------------------------------------------------------------------------


def _pages() -> list[Page]:
    """The heaviest realistic cases: the patient with the longest history, the therapist with
    the most patients (and their patient with the longest history), that city's desk."""
    patient_id = _most_logs(select(TreatmentPlan.patient_id).where(_active_plan()))
    therapist_id = db.session.scalar(
        select(TreatmentPlan.therapist_id)
        .group_by(TreatmentPlan.therapist_id)
        .order_by(func.count().desc(), TreatmentPlan.therapist_id)
        .limit(1)
    )
    if patient_id is None or therapist_id is None:
        sys.exit("No patients with plans here: load data first with `flask seed-scale`.")
    record_id = _most_logs(
        select(TreatmentPlan.patient_id).where(TreatmentPlan.therapist_id == therapist_id)
    )
    patient, therapist = db.session.get(User, patient_id), db.session.get(User, therapist_id)
    centre = therapist.therapist_profile.centre
    desk = db.session.scalar(
        select(User).join(DeskProfile).where(DeskProfile.city_id == centre.city_id).limit(1)
    )
    booking_centre = _online_centre(patient_id) or centre
    admin = db.session.scalar(
        select(User.email).join(RoleGrant).where(RoleGrant.role == Role.ADMIN).limit(1)
    )
    if admin is None:
        print(
            "No admin account: the admin's pages are left out (`flask create-user --role admin`)."
        )
    admin_pages = [
        Page("admin /therapist/ (every patient)", "/therapist/", admin),
        Page("admin /therapist/?page=400", "/therapist/?page=400", admin),
        Page("admin /admin/staff", "/admin/staff", admin),
        Page("admin /admin/audit/", "/admin/audit/", admin),
        Page("admin /admin/emails", "/admin/emails", admin),
        Page("admin /admin/erasure-requests", "/admin/erasure-requests", admin),
    ]
    return [
        Page("/today", "/today", patient.email),
        # The signed-in layout alone (nav, footer, sign-in, the session): what every page
        # costs before its own work.
        Page("patient /privacy (layout)", "/privacy", patient.email),
        Page("/progress", "/progress", patient.email),
        Page("/therapist/", "/therapist/", therapist.email),
        Page("/therapist/patients/<id>", f"/therapist/patients/{record_id}", therapist.email),
        Page("/book slot step", f"/book/{booking_centre.slug}/follow-up/", patient.email),
        Page("desk /schedule week", "/schedule?view=week", desk.email if desk else None),
        Page("desk /schedule day", "/schedule", desk.email if desk else None),
        Page("/desk/?status=closed", "/desk/?status=closed", desk.email if desk else None),
        Page("desk /rota/", "/rota/", desk.email if desk else None),
        *(admin_pages if admin else []),
        Page("/guide (visitor)", "/guide", None),
        Page("/healthz", "/healthz", None),
        Page("bare Flask hello", HELLO, None),
        Page("reference (one query)", REFERENCE, None),
    ]


def _active_plan():
    return TreatmentPlan.status == PlanStatus.ACTIVE


def _most_logs(patients) -> int | None:
    return db.session.scalar(
        select(PracticeLog.patient_id)
        .where(PracticeLog.patient_id.in_(patients))
        .group_by(PracticeLog.patient_id)
        .order_by(func.count().desc(), PracticeLog.patient_id)
        .limit(1)
    )


def _online_centre(patient_id: int) -> Centre | None:
    return db.session.scalar(
        select(Centre)
        .join(PatientProfile, PatientProfile.primary_centre_id == Centre.id)
        .where(PatientProfile.user_id == patient_id, Centre.online_booking)
    )


def _data_summary() -> str:
    def count(model, *where) -> int:
        return db.session.scalar(select(func.count()).select_from(model).where(*where))

    patients = count(RoleGrant, RoleGrant.role == Role.PATIENT)
    therapists = count(RoleGrant, RoleGrant.role == Role.THERAPIST)
    return (
        f"Data: {count(Centre)} centres, {therapists:,} therapists, {patients:,} patients, "
        f"{count(PracticeLog):,} practice logs, {count(Appointment):,} appointments, "
        f"{count(CallbackRequest):,} call-backs ({db.engine.url.get_backend_name()}). "
        f"Load average: {', '.join(f'{x:.1f}' for x in os.getloadavg())}."
    )


# In process --------------------------------------------------------------------------------


def _logged_in_client(app: Flask, email: str | None):
    client = app.test_client()
    if email is not None:
        form = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form)
        response = client.post(
            "/login",
            data={"email": email, "password": DEMO_PASSWORD, "csrf_token": token.group(1)},
        )
        if response.status_code != 302:
            sys.exit(f"Could not log in as {email} (the generated password is {DEMO_PASSWORD}).")
    return client


def _in_process(app: Flask, page: Page) -> Result:
    client = _logged_in_client(app, page.user)
    with app.app_context():
        engine = db.engine  # requests push their own context: none is held open around them
    statements: list[tuple[str, object]] = []

    def count(_conn, _cursor, statement, parameters, *_args) -> None:
        if not statement.startswith("BEGIN"):
            statements.append((statement, parameters))

    client.get(page.path)  # warm: templates compiled, caches filled, as in a running server
    timings = []
    for _ in range(3):
        statements.clear()
        event.listen(engine, "before_cursor_execute", count)
        started = time.perf_counter()
        response = client.get(page.path)
        timings.append((time.perf_counter() - started) * 1000)
        event.remove(engine, "before_cursor_execute", count)
    errors = "" if response.status_code == 200 else f"HTTP {response.status_code}"
    return Result(
        page,
        len(statements),
        statistics.median(timings),
        len(response.data),
        errors=errors,
        whole_tables_read=_large_tables_read_whole(engine, statements),
    )


# A table this large read from end to end on a page is a missing index or a plan gone wrong.
LARGE_TABLE_ROWS = 10_000


def _large_tables_read_whole(engine, statements: list[tuple[str, object]]) -> list[str]:
    """The large tables PostgreSQL's plans for these SELECTs read whole (EXPLAIN, not run
    again; by the planner's row counts); nothing to say on another database."""
    if engine.dialect.name != "postgresql":
        return []
    scanned: set[str] = set()
    with engine.connect() as connection, connection.connection.cursor() as cursor:
        for statement, parameters in statements:
            if statement.lstrip().upper().startswith(("SELECT", "WITH")):
                cursor.execute(f"EXPLAIN (FORMAT JSON) {statement}", parameters)
                scanned |= tables_read_whole(cursor.fetchone()[0][0]["Plan"])
        if not scanned:
            return []
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relname = ANY(%s) AND reltuples > %s",
            (sorted(scanned), LARGE_TABLE_ROWS),
        )
        return sorted(name for (name,) in cursor.fetchall())


def tables_read_whole(plan: dict) -> set[str]:
    """The tables a plan (EXPLAIN's JSON, a node and its children) reads by a sequential scan."""
    found = {plan["Relation Name"]} if plan.get("Node Type") == "Seq Scan" else set()
    for child in plan.get("Plans", ()):
        found |= tables_read_whole(child)
    return found


# Under load --------------------------------------------------------------------------------


class gunicorn:  # noqa: N801  (a context manager used like a function)
    def __init__(self, secret: str, workers: int) -> None:
        self.secret, self.workers = secret, workers
        self.log = str(Path(tempfile.gettempdir()) / "benchmark-gunicorn.log")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]

    def __enter__(self) -> "gunicorn":
        self.process = subprocess.Popen(  # noqa: S603  (our own arguments)
            [
                str(Path(sys.executable).parent / "gunicorn"), "--no-control-socket",
                "--workers", str(self.workers),
                "--bind", f"127.0.0.1:{self.port}", "--pythonpath", str(ROOT / "scripts"),
                "--chdir", str(ROOT), "--log-level", "warning", "--error-logfile", self.log,
                # A page slower than gunicorn's 30 s default is measured, not killed.
                "--timeout", "300", "benchmark_app:app",
            ],
            env={**os.environ, "SECRET_KEY": self.secret, "LOG_LEVEL": QUIET["LOG_LEVEL"]},
        )  # fmt: skip
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if _status(self.port, "/healthz", None) == 200:
                return self
            if self.process.poll() is not None:
                sys.exit("gunicorn stopped while starting")
            time.sleep(0.5)
        self.__exit__()
        sys.exit("gunicorn did not answer /healthz within 90 s")

    def worker_pids(self) -> list[int]:
        return children_of(self.process.pid)

    def __exit__(self, *_exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _status(port: int, path: str, cookie: str | None) -> int | None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        return connection.getresponse().status
    except OSError:
        return None
    finally:
        connection.close()


def _under_load(app: Flask, server: "gunicorn", results: list[Result], options) -> None:
    """Reference, page 1, reference, page 2, …, reference: each page is compared with the
    mean of the reference runs either side of it, so a change in the machine's load between
    runs moves both. With --rounds N the whole pass runs N times and each figure is the
    median of its rounds: the reference alone moved by half its value within one run."""
    base_url = f"http://127.0.0.1:{server.port}"
    port = server.port
    measured = []
    for result in results:
        cookie = _session_cookie(app, result.page)
        status = _status(port, result.page.path, cookie)
        if status != 200:
            result.errors = f"HTTP {status} from gunicorn"
            continue
        _wrk(base_url + result.page.path, cookie, options, seconds=2)  # warm every worker
        _wait_until_idle(port)
        measured.append((result, cookie))
    rounds: dict[int, list[Round]] = {id(result): [] for result, _cookie in measured}
    for _round in range(options.rounds):
        reference = _wrk(base_url + REFERENCE, None, options)["rps"]
        for result, cookie in measured:
            app_before, database_before = cpu_seconds(server.worker_pids()), _database_cpu()
            page = _wrk(base_url + result.page.path, cookie, options)
            _wait_until_idle(port)
            app_cpu, database_cpu = _per_request(
                cpu_seconds(server.worker_pids()) - app_before,
                _database_cpu() - database_before if database_before is not None else None,
                page["requests"],
            )
            following = _wrk(base_url + REFERENCE, None, options)["rps"]
            rounds[id(result)].append(
                Round(
                    page["rps"],
                    (reference + following) / 2,
                    page["p50_ms"],
                    page["failed"],
                    app_cpu,
                    database_cpu,
                )  # fmt: skip
            )
            reference = following
    for result, _cookie in measured:
        _summarise(result, rounds[id(result)], options.duration)


@dataclass(frozen=True)
class Round:
    """One page's run under load, and the reference's req/s around it."""

    requests_per_second: float
    reference_per_second: float
    p50_ms: float | None
    failed: int
    app_cpu_ms: float | None = None
    database_cpu_ms: float | None = None


def _summarise(result: Result, rounds: list[Round], duration: int) -> None:
    """The page's figures from its rounds: medians, and the spread of the ratio."""
    result.requests_per_second = statistics.median(r.requests_per_second for r in rounds)
    result.reference_per_second = statistics.median(r.reference_per_second for r in rounds)
    latencies = [r.p50_ms for r in rounds if r.p50_ms is not None]
    result.p50_ms = statistics.median(latencies) if latencies else None
    result.app_cpu_ms = _median_of(r.app_cpu_ms for r in rounds)
    result.database_cpu_ms = _median_of(r.database_cpu_ms for r in rounds)
    ratios = [
        r.requests_per_second / r.reference_per_second for r in rounds if r.reference_per_second
    ]
    if ratios:
        result.ratio = statistics.median(ratios)
        result.ratio_spread = (min(ratios), max(ratios))
    if failed := sum(r.failed for r in rounds):
        result.errors = f"{failed} failed responses under load"
    elif not result.requests_per_second:
        result.errors = f"no response within {duration} s under load"


def _median_of(values) -> float | None:
    known = [value for value in values if value is not None]
    return statistics.median(known) if known else None


def _per_request(
    app_seconds: float, database_seconds: float | None, requests: int
) -> tuple[float | None, float | None]:
    """CPU milliseconds per request; nothing when nothing was served."""
    if not requests:
        return None, None
    per_request = 1000 / requests
    return (
        app_seconds * per_request,
        None if database_seconds is None else database_seconds * per_request,
    )


# CPU time from /proc (Linux): a process's user and system time, in clock ticks.
CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def cpu_seconds(pids: list[int]) -> float:
    """The user and system CPU time these processes have used so far (ones gone: none)."""
    total = 0
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        total += sum(_stat_fields(stat)[11:13])  # utime, stime
    return total / CLOCK_TICKS


def _stat_fields(stat: str) -> list[int]:
    """/proc/<pid>/stat's numeric fields after the name (which may hold spaces and
    parentheses: it ends at the last ')'), from the state on."""
    rest = stat[stat.rindex(")") + 2 :].split()
    return [0, *(int(field) for field in rest[1:])]  # the state is a letter


def children_of(parent: int) -> list[int]:
    return [pid for pid, parent_pid, _name in _processes() if parent_pid == parent]


def _database_cpu() -> float | None:
    """PostgreSQL's CPU so far (every postgres process on this machine), or None when none is
    visible here (a database elsewhere)."""
    pids = [pid for pid, _parent, name in _processes() if name == "postgres"]
    return cpu_seconds(pids) if pids else None


def _processes() -> list[tuple[int, int, str]]:
    """(pid, parent pid, name) of every process visible in /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # gone since the listing
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        found.append((int(entry.name), _stat_fields(stat)[1], name))
    return found


def _wait_until_idle(port: int) -> None:
    """wrk stops at the end of its run, but gunicorn still works through the requests queued
    for a slow page: the next run must not inherit them."""
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        started = time.perf_counter()
        if _status(port, HELLO, None) == 200 and time.perf_counter() - started < 0.05:
            return
        time.sleep(0.5)


def _session_cookie(app: Flask, page: Page) -> str | None:
    """The session cookie as a browser holds it on `page`: after logging in and opening the
    page once. wrk sends the same cookie with every request and keeps none it is sent, where a
    browser keeps the one the first page sets (with the session's CSRF token in it): the
    cookie from the login alone would have every request make and send a new one."""
    if page.user is None:
        return None
    client = _logged_in_client(app, page.user)
    client.get(page.path)
    name = app.config["SESSION_COOKIE_NAME"]
    return f"{name}={client.get_cookie(name).value}"


def _wrk(url: str, cookie: str | None, options, seconds: int | None = None) -> dict:
    command = ["wrk", f"-t{options.threads}", f"-c{options.connections}",
               f"-d{seconds or options.duration}s", "--latency", "--timeout", "30s"]  # fmt: skip
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    finished = subprocess.run([*command, url], capture_output=True, text=True, check=True)  # noqa: S603
    return parse_wrk(finished.stdout)


def parse_wrk(output: str) -> dict:
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p50 = re.search(r"^\s*50%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
    failed = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    requests = re.search(r"^\s*(\d+) requests in", output, re.MULTILINE)
    errors = re.search(r"Socket errors:.*timeout (\d+)", output)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    return {
        "rps": float(rps.group(1)) if rps else 0.0,
        "p50_ms": float(p50.group(1)) * scale[p50.group(2)] if p50 else None,
        "failed": int(failed.group(1) if failed else 0) + int(errors.group(1) if errors else 0),
        "requests": int(requests.group(1)) if requests else 0,
    }


# Output ------------------------------------------------------------------------------------


def _print_table(results: list[Result], options) -> None:
    rounds = f", median of {options.rounds} rounds" if options.rounds > 1 else ""
    print(
        f"\nUnder load: gunicorn {options.workers} workers, wrk {options.connections} "
        f"connections, {options.duration} s per run{rounds}; ratio = page req/s ÷ the one-query "
        "reference page's req/s (mean of the runs just before and after the page's); CPU per "
        "request under load, in gunicorn's workers (app) and PostgreSQL's processes (db). "
        f"gunicorn's errors, if any, are in {Path(tempfile.gettempdir())}/benchmark-gunicorn.log\n"
    )
    header = (
        "page", "SQL", "one request", "HTML", "req/s", "ref req/s", "ratio", "p50 load",
        "app CPU", "db CPU",
        f"tables over {LARGE_TABLE_ROWS:,} rows read whole",
    )  # fmt: skip
    if options.rounds > 1:
        header = (*header, "ratio, lowest–highest round")
    rows = [header]
    for r in results:
        row = (
            r.page.label + (f" [{r.errors}]" if r.errors else ""),
            str(r.statements),
            f"{r.one_request_ms:.1f} ms",
            _size(r.html_bytes),
            f"{r.requests_per_second:.1f}" if r.requests_per_second is not None else "",
            f"{r.reference_per_second:.0f}" if r.reference_per_second is not None else "",
            f"{r.ratio:.3f}" if r.ratio is not None else "",
            f"{r.p50_ms:.0f} ms" if r.p50_ms else "",
            _milliseconds(r.app_cpu_ms),
            _milliseconds(r.database_cpu_ms),
            ", ".join(r.whole_tables_read) or "none",
        )
        if options.rounds > 1:
            spread = r.ratio_spread
            row = (*row, f"{spread[0]:.3f}–{spread[1]:.3f}" if spread else "")
        rows.append(row)
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for number, row in enumerate(rows):
        print(
            "| "
            + " | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            + " |"
        )
        if number == 0:
            print("|" + "|".join("-" * (width + 2) for width in widths) + "|")


def _milliseconds(value: float | None) -> str:
    return "" if value is None else f"{value:.2f} ms"


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    return f"{size / 1024:.0f} KB" if size >= 10 * 1024 else f"{size / 1024:.1f} KB"


if __name__ == "__main__":
    sys.exit(main())
