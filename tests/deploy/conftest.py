import logging

import pytest

from portal.observability import LOGGERS


@pytest.fixture(autouse=True)
def _loggers_as_they_were():
    """Every app these tests create configures the (global) portal loggers: put them back."""
    saved = {name: (logging.getLogger(name).level, logging.getLogger(name).handlers[:])
             for name in LOGGERS}  # fmt: skip
    yield
    for name, (level, handlers) in saved.items():
        logging.getLogger(name).setLevel(level)
        logging.getLogger(name).handlers[:] = handlers
