"""A database outage we can start and end inside a test, without touching the shared server.

PostgreSQL: the app talks to the server through a TCP proxy of our own; cutting it closes the
listener (new connections are refused) and every open connection (queries in flight fail with
"server closed the connection"). SQLite: the app opens its file through a symlink to the
database's folder; cutting removes the link and closes the app's idle connections, so the next
request has to open the file and gets "unable to open database file" from the driver itself.
"""

import contextlib
import socket
import threading
from pathlib import Path

from sqlalchemy.engine import make_url

from portal.app import create_app
from portal.extensions import db


class CuttableProxy:
    """Forwards 127.0.0.1:<port> to `upstream`, until cut; restoring reopens the same port."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self._connections: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._listener = self._listen(0)
        self.port = self._listener.getsockname()[1]
        self._start_accepting()

    def _listen(self, port: int) -> socket.socket:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", port))
        listener.listen()
        return listener

    def _start_accepting(self) -> None:
        threading.Thread(target=self._accept, args=(self._listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return  # the listener was closed: cut
            server = socket.create_connection(self.upstream)
            with self._lock:
                self._connections |= {client, server}
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        for end in (source, target):
            self._close(end)

    def _close(self, end: socket.socket) -> None:
        with self._lock:
            self._connections.discard(end)
        with contextlib.suppress(OSError):  # already closed by the other end
            end.shutdown(socket.SHUT_RDWR)
        end.close()

    def cut(self) -> None:
        # close() alone leaves a listener that another thread waits on in accept() listening.
        self._listener.shutdown(socket.SHUT_RDWR)
        self._listener.close()
        with self._lock:
            connections = list(self._connections)
        for end in connections:
            self._close(end)

    def restore(self) -> None:
        self._listener = self._listen(self.port)
        self._start_accepting()


class PostgresOutage:
    def __init__(self, database_url: str) -> None:
        url = make_url(database_url)
        self.proxy = CuttableProxy((url.host or "127.0.0.1", url.port or 5432))
        self.url = url.set(host="127.0.0.1", port=self.proxy.port).render_as_string(
            hide_password=False
        )

    def cut(self, app) -> None:
        self.proxy.cut()

    def restore(self) -> None:
        self.proxy.restore()


class SqliteOutage:
    def __init__(self, database_url: str, workdir: Path) -> None:
        database = Path(make_url(database_url).database)
        self.link = workdir / "database-folder"
        self.target = database.parent
        self.link.symlink_to(self.target)
        self.url = f"sqlite:///{self.link / database.name}"

    def cut(self, app) -> None:
        self.link.unlink()
        with app.app_context():
            db.engine.dispose()  # idle connections keep their open file; a new one needs the path

    def restore(self) -> None:
        self.link.symlink_to(self.target)


class Outage:
    """An app of its own on the test database, and the means to take that database away."""

    def __init__(self, database_url: str, workdir: Path, settings: dict) -> None:
        if database_url.startswith("postgresql"):
            self._way = PostgresOutage(database_url)
        else:
            self._way = SqliteOutage(database_url, workdir)
        self.app = create_app({**settings, "SQLALCHEMY_DATABASE_URI": self._way.url})
        self.down = False

    def cut(self) -> None:
        self._way.cut(self.app)
        self.down = True

    def restore(self) -> None:
        if self.down:
            self._way.restore()
            self.down = False

    def close(self) -> None:
        self.restore()
        with self.app.app_context():
            db.engine.dispose()
        if isinstance(self._way, PostgresOutage):
            self._way.proxy.cut()
