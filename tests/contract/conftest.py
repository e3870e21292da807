from ..signatures.keys import keys  # noqa: F401
