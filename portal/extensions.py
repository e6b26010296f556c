"""Flask extensions, created unbound here and bound to the app in `create_app`."""

from typing import TYPE_CHECKING

from flask_babel import Babel
from flask_bootstrap import Bootstrap5
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# One naming convention so Alembic gives constraints the same names on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)

# Models derive from Model. At run time it is db.Model (Base plus Flask-SQLAlchemy's table
# naming and binds); mypy cannot take a base class from an attribute (python/mypy#8603), so it
# checks the models against Base, whose typed mapping db.Model inherits.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
bootstrap = Bootstrap5()
# Storage comes from RATELIMIT_STORAGE_URI: memory by default, Redis in production.
limiter = Limiter(key_func=get_remote_address)
# Patient and visitor pages in English, Hindi, Kannada and Telugu (portal.languages).
babel = Babel()
