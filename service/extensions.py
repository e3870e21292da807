"""Extensions created once and bound to the app in create_app."""
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


# Objects stay usable after commit (responses are built from them) without reloading every row.
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
migrate = Migrate()
# Throttling (Flask-Limiter): counts live in RATELIMIT_STORAGE_URI, by default the app's own database
# (service.store.throttle), so every worker and host sees the same counts.
limiter = Limiter(key_func=get_remote_address)
