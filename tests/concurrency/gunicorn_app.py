"""The portal configured as the tests configure it, for a real gunicorn: the database and the
outbox come from the environment the `gunicorn_url` fixture sets (tests/concurrency/conftest.py).
"""

import os

from portal import create_app
from tests.conftest import TEST_SETTINGS

app = create_app(
    {
        **TEST_SETTINGS,
        "SQLALCHEMY_DATABASE_URI": os.environ["DATABASE_URL"],
        "MAIL_OUTBOX_DIR": os.environ["PORTAL_TEST_OUTBOX"],
    }
)
