"""Telling a database that cannot serve us just now from a statement that is wrong.

The first earns a friendly 503 ("nothing was saved, try again shortly"); the second is a bug
and must stay a 500 that gets logged and fixed. Drivers mix both under one exception class
(sqlite3 raises OperationalError for "no such table" and for "unable to open database file"),
so the decision reads the driver's own error code, not the class name alone.
"""

from sqlalchemy import exc

# SQLite primary result codes (https://sqlite.org/rescode.html) for a database that is busy,
# unreachable or out of room: the same statement may well succeed in a moment.
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_NOMEM, SQLITE_READONLY = 5, 6, 7, 8
SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN = 10, 13, 14
_SQLITE_UNAVAILABLE = {
    SQLITE_BUSY, SQLITE_LOCKED, SQLITE_NOMEM, SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL,
    SQLITE_CANTOPEN,
}  # fmt: skip

# PostgreSQL SQLSTATE classes (appendix A of its manual) that say "not now" rather than
# "not this": connection exceptions, transaction rollbacks (serialization failure, deadlock),
# insufficient resources, operator intervention (shutdown, statement timeout), system errors.
_POSTGRES_UNAVAILABLE_CLASSES = {"08", "40", "53", "57", "58"}
_POSTGRES_UNAVAILABLE_STATES = {"55P03"}  # lock_not_available


def is_database_unavailable(error: BaseException | None) -> bool:
    """True when `error` says the database could not serve the request just now."""
    if isinstance(error, exc.DisconnectionError | exc.TimeoutError):
        return True  # a connection that died at checkout; no connection free in the pool
    if isinstance(error, exc.DBAPIError):
        if error.connection_invalidated:
            return True
        return (
            isinstance(error, exc.OperationalError)
            and error.orig is not None
            and _driver_says_unavailable(error.orig)
        )
    return False


def _driver_says_unavailable(error: BaseException) -> bool:
    if (code := getattr(error, "sqlite_errorcode", None)) is not None:
        return code & 0xFF in _SQLITE_UNAVAILABLE  # extended codes keep the primary low byte
    if hasattr(error, "sqlstate"):  # psycopg
        state = error.sqlstate
        # No SQLSTATE: the client library failed, e.g. "connection refused" or "server closed
        # the connection unexpectedly"; the server never answered.
        return state is None or (
            state[:2] in _POSTGRES_UNAVAILABLE_CLASSES or state in _POSTGRES_UNAVAILABLE_STATES
        )
    return False
