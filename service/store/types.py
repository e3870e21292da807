"""Column types shared by the tables."""

from __future__ import annotations

import sqlalchemy as sa

# Tables of the later features live in their own modules; importing them here registers them
# with the metadata that Alembic compares against.



JSON = sa.JSON().with_variant(sa.dialects.postgresql.JSONB(), "postgresql")
