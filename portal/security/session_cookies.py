"""Flask's signed session cookie, read for less on the requests that send the same one again.

Flask checks and decodes the session cookie from scratch on every request: it builds a new
signing serializer (which tries a dumps() to learn what it serializes), checks the HMAC,
undoes the base64 and the JSON. About 70 µs, on every signed-in page, though a browser sends
the same cookie with every request until the session changes. This interface keeps one
serializer per set of keys, and per process the cookies whose signature it has checked, by
their exact value: their JSON and when they were signed. A cookie seen before is decoded
again from that JSON (each request gets a session of its own to change), and is still
refused once older than the session's lifetime, as itsdangerous would refuse it.
"""

import time
from typing import NamedTuple

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import BadSignature, URLSafeTimedSerializer

from portal.bounded_memory import BoundedMemory

# Sessions active lately, per process; a full memory starts again empty.
REMEMBERED = 4096

Keys = tuple[str | bytes, ...]


class _Checked(NamedTuple):
    payload: str  # the session's JSON (Flask's tagged JSON)
    signed_at: int  # seconds since the epoch, as itsdangerous counts them


class RememberingSessionInterface(SecureCookieSessionInterface):
    def __init__(self) -> None:
        self._serializers: dict[Keys, URLSafeTimedSerializer] = {}
        self._checked: BoundedMemory[tuple[URLSafeTimedSerializer, str], _Checked] = BoundedMemory(
            REMEMBERED
        )

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        if not app.secret_key:
            return None
        # The keys as Flask gives them to itsdangerous: the fallbacks, then the current one.
        keys = (*(app.config["SECRET_KEY_FALLBACKS"] or ()), app.secret_key)
        serializer = self._serializers.get(keys)
        if serializer is None and (serializer := super().get_signing_serializer(app)):
            self._serializers[keys] = serializer
        return serializer

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        cookie = request.cookies.get(self.get_cookie_name(app))
        if not cookie:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        checked = self._checked.get((serializer, cookie))
        if checked is None:
            checked = self._check(serializer, cookie, max_age)
            if checked is None:
                return self.session_class()
        elif not 0 <= int(time.time()) - checked.signed_at <= max_age:
            return self.session_class()  # expired since it was checked
        return self.session_class(self.serializer.loads(checked.payload))

    def _check(
        self, serializer: URLSafeTimedSerializer, cookie: str, max_age: int
    ) -> _Checked | None:
        try:
            data, signed_at = serializer.loads(cookie, max_age=max_age, return_timestamp=True)
        except BadSignature:
            return None
        checked = _Checked(self.serializer.dumps(data), int(signed_at.timestamp()))
        return self._checked.remember((serializer, cookie), checked)
