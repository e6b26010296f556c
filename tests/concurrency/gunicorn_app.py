"""The portal configured as the tests configure it, for a real gunicorn: the database and the
outbox come from the environment the `gunicorn_url` fixture sets (tests/concurrency/conftest.py),
which also asks bookings to pause between their check and their write (racing.py).
"""

import os

from portal.app import create_app
from tests.concurrency.racing import pause_bookings_between_check_and_write
from tests.conftest import TEST_SETTINGS

app = create_app(
    {
        **TEST_SETTINGS,
        "SQLALCHEMY_DATABASE_URI": os.environ["DATABASE_URL"],
        "MAIL_OUTBOX_DIR": os.environ["PORTAL_TEST_OUTBOX"],
    }
)

if os.environ.get("PORTAL_TEST_PAUSE_BOOKINGS"):
    pause_bookings_between_check_and_write()
