"""Number series (sổ) in the database: find or start a series, take its next number (cấp số).

The next number is taken with one `UPDATE … RETURNING` inside the caller's transaction: concurrent writers
queue on the row, a rollback gives the number back, so numbers stay gapless and are never used twice.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from service.extensions import db


class NumberSeries(db.Model):
    """A gapless number sequence (sổ): per issuer, direction, kind ('*' = all), period, secrecy."""
    __tablename__ = "number_series"
    __table_args__ = (sa.UniqueConstraint("org_id", "direction", "kind", "period_key", "secret"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(sa.ForeignKey("organizations.id"))
    direction: Mapped[str] = mapped_column(sa.String(4))  # OUT | IN
    kind: Mapped[str] = mapped_column(sa.String(10))
    period_key: Mapped[str] = mapped_column(sa.String(40))
    secret: Mapped[bool] = mapped_column(default=False)
    next_value: Mapped[int] = mapped_column(default=1)


def series_for(org_id: int, direction: str, kind: str, period_key: str, secret: bool = False) -> NumberSeries:
    """The series for this key, started at 1 if it does not exist yet (a concurrent start is not an error)."""
    key = dict(org_id=org_id, direction=direction, kind=kind, period_key=period_key, secret=secret)
    series = db.session.scalars(select(NumberSeries).filter_by(**key)).first()
    if series is None:
        try:
            with db.session.begin_nested():
                series = NumberSeries(next_value=1, **key)
                db.session.add(series)
        except IntegrityError:
            series = db.session.scalars(select(NumberSeries).filter_by(**key)).one()
    return series


def take_next(series: NumberSeries) -> int:
    """The series' next number, consumed by this transaction."""
    return db.session.execute(
        update(NumberSeries).where(NumberSeries.id == series.id)
        .values(next_value=NumberSeries.next_value + 1).returning(NumberSeries.next_value)).scalar_one() - 1
