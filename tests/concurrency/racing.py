"""Firing requests at the same moment: each attempt a client of its own in a thread of its
own, all released together by a barrier, so the requests race in the database (a SQLite file
or PostgreSQL), not in Python. The clients talk either to the app in this process (Flask's
test client) or to a real server over HTTP (the gunicorn harness in conftest.py)."""

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from http.cookiejar import CookieJar
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, Request, build_opener

from flask import Flask

from portal.booking import services as booking
from portal.extensions import db
from tests.factories import PASSWORD


@dataclass(frozen=True)
class Outcome:
    status: int
    body: str


@dataclass(frozen=True)
class Attempt:
    url: str
    data: dict = field(default_factory=dict)
    login: str | None = None  # the email of the account that makes the request
    json_body: object = None  # sent as JSON instead of the form `data` (the offline sync)


class InProcessClient:
    def __init__(self, app: Flask) -> None:
        self._client = app.test_client()

    def post(self, url: str, data: dict, json_body: object = None) -> Outcome:
        if json_body is not None:
            response = self._client.post(url, json=json_body)
        else:
            response = self._client.post(url, data=data)
        return Outcome(response.status_code, response.get_data(as_text=True))


class _KeepRedirects(HTTPRedirectHandler):
    def redirect_request(self, *_args, **_kwargs):
        return None  # a redirect is an answer to look at, not to follow


class HttpClient:
    """A browser-like client of a server: its own cookies, redirects not followed."""

    def __init__(self, base_url: str) -> None:
        self._base_url = base_url
        self._opener = build_opener(HTTPCookieProcessor(CookieJar()), _KeepRedirects())

    def post(self, url: str, data: dict, json_body: object = None) -> Outcome:
        body = urlencode(data, doseq=True).encode()
        headers = {}
        if json_body is not None:
            body, headers = json.dumps(json_body).encode(), {"Content-Type": "application/json"}
        # always http://127.0.0.1
        request = Request(self._base_url + url, data=body, headers=headers)  # noqa: S310
        try:
            with self._opener.open(request, timeout=120) as response:
                return Outcome(response.status, response.read().decode())
        except HTTPError as error:
            return Outcome(error.code, error.read().decode())


Client = InProcessClient | HttpClient


def race(new_client: Callable[[], Client], attempts: list[Attempt]) -> list[Outcome]:
    """Log each attempt's client in, then send all the attempts at once; their outcomes.
    An exception counts as a 500: in production it would be one."""
    barrier = threading.Barrier(len(attempts), timeout=60)
    outcomes: list[Outcome] = []

    def attempt(one: Attempt) -> None:
        try:
            client = new_client()
            if one.login is not None:
                login = client.post("/login", {"email": one.login, "password": PASSWORD})
                assert login.status == 302, f"{one.login} could not log in: {login.status}"
            barrier.wait()
            outcomes.append(client.post(one.url, one.data, one.json_body))
        except Exception as error:
            barrier.abort()  # never leave the others waiting
            outcomes.append(Outcome(500, repr(error)))

    db.session.rollback()  # this test's own transaction must not stand in the racers' way
    threads = [threading.Thread(target=attempt, args=(one,)) for one in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not any(thread.is_alive() for thread in threads), "a request never finished"
    db.session.rollback()  # end this test's read transaction: see what the requests wrote
    return outcomes


def server_errors(outcomes: list[Outcome]) -> list[str]:
    return [f"{o.status}: {o.body[-300:]}" for o in outcomes if o.status >= 500]


RACE_PAUSE = 0.3  # seconds


def pause_bookings_between_check_and_write(seconds: float = RACE_PAUSE) -> Callable[[], None]:
    """Make every booking wait after checking that the time is free, before writing it, so
    all racers have checked before anyone writes: without the guards more than one would win
    every time, not only when the timing happens to be unlucky. Returns the undo."""
    check = booking._free_therapist

    @wraps(check)
    def check_then_pause(*args, **kwargs):
        chosen = check(*args, **kwargs)
        time.sleep(seconds)
        return chosen

    booking._free_therapist = check_then_pause
    return lambda: setattr(booking, "_free_therapist", check)
