"""Extension singletons, bound to the app in create_app()."""

from typing import TYPE_CHECKING

from flask_babel import Babel
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Named constraints so that migrations are stable on SQLite and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)

# The models' base class: db.Model, which mypy cannot take as a base (it is an attribute of
# an instance); for the type checker, the same class spelled out.
if TYPE_CHECKING:
    from flask_sqlalchemy.model import Model as _FSAModel

    class Model(Base, _FSAModel):
        __abstract__ = True
else:
    Model = db.Model
migrate = Migrate()
csrf = CSRFProtect()
babel = Babel()

# Sign-in and rate limiting (Flask-Login, Flask-Limiter); configured in create_app().
from flask_limiter import Limiter  # noqa: E402
from flask_limiter.util import get_remote_address  # noqa: E402
from flask_login import LoginManager  # noqa: E402

login_manager = LoginManager()
limiter = Limiter(key_func=get_remote_address, default_limits=[])

from flask_mail import Mail  # noqa: E402

mailer = Mail()
