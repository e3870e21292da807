from .keys import keys  # noqa: F401
