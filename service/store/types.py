"""Column types shared by the tables."""

from __future__ import annotations

import sqlalchemy as sa

JSON = sa.JSON().with_variant(sa.dialects.postgresql.JSONB(), "postgresql")
