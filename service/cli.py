"""Flask CLI commands: `flask demo load`, `flask series start`, `flask diagrams check`."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from service.extensions import db


def init_app(app: Flask) -> None:
    demo = AppGroup("demo", help="Demo organizations and people.")

    @demo.command("load")
    def demo_load() -> None:
        """Load the demo organizations, people, roles and signing authority (idempotent)."""
        from service.demo import load_demo

        created = load_demo()
        db.session.commit()
        click.echo("Demo data: " + ", ".join(f"{k} +{v}" for k, v in created.items()))

    app.cli.add_command(demo)

    series = AppGroup("series", help="Number series (sổ).")

    @series.command("start")
    @click.argument("org_code")
    @click.argument("kind")
    @click.argument("period_key")
    @click.argument("next_value", type=int)
    @click.option("--direction", default="OUT", type=click.Choice(["OUT", "IN"]))
    def series_start(org_code: str, kind: str, period_key: str, next_value: int, direction: str) -> None:
        """Start a series at NEXT_VALUE (adopting the system mid-term), e.g. DUCP KH TERM:1 23."""
        from sqlalchemy import select

        from service.demo import ensure_series
        from service.models import Organization

        org = db.session.scalars(select(Organization).where(Organization.code == org_code)).first()
        if org is None:
            raise click.ClickException(f"Không có cơ quan mã {org_code}.")
        created = ensure_series(org.id, direction, kind, period_key, next_value)
        db.session.commit()
        click.echo("Đã tạo sổ." if created else "Sổ đã tồn tại; số không bao giờ được dùng lại, không thay đổi.")

    app.cli.add_command(series)
