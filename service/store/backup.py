"""Backup and restore of the whole database while the service runs: pg_dump/pg_restore, or SQLite's online
backup API. Restore refuses a database that already has tables."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from service.errors import OperationFailed
from service.logs import redact


def _pg_dsn(url) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _sqlite_path(url) -> str:
    if not url.database or url.database == ":memory:":
        raise OperationFailed("Cơ sở dữ liệu SQLite trong bộ nhớ không sao lưu được.")
    return url.database


def backup(url, file: Path) -> None:
    """A consistent snapshot while the service runs: pg_dump (custom format) or the SQLite online backup API."""
    file = Path(file)
    file.parent.mkdir(parents=True, exist_ok=True)
    if url.get_backend_name() == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(file), _pg_dsn(url)])
    elif url.get_backend_name() == "sqlite":
        tmp = file.with_name(file.name + ".part")
        src = sqlite3.connect(_sqlite_path(url))
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
        os.replace(tmp, file)
    else:
        raise OperationFailed(f"Không hỗ trợ sao lưu {url.get_backend_name()}.")


def restore(url, file: Path) -> None:
    """Restore a backup into an empty database (refuses to overwrite one that has tables)."""
    if url.get_backend_name() == "postgresql":
        dsn = _pg_dsn(url)
        import psycopg

        with psycopg.connect(dsn) as conn:
            tables = conn.execute("select count(*) from pg_tables where schemaname = 'public'").fetchone()[0]
        if tables:
            raise OperationFailed("Cơ sở dữ liệu đích không trống; hãy khôi phục vào cơ sở dữ liệu mới.")
        _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
              "--dbname", dsn, str(file)])
    elif url.get_backend_name() == "sqlite":
        path = Path(_sqlite_path(url))
        if path.exists() and path.stat().st_size > 0:
            conn = sqlite3.connect(path)
            try:
                tables = conn.execute("select count(*) from sqlite_master where type = 'table'").fetchone()[0]
            finally:
                conn.close()
            if tables:
                raise OperationFailed("Cơ sở dữ liệu đích không trống; hãy khôi phục vào tệp mới.")
        path.parent.mkdir(parents=True, exist_ok=True)
        src = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
        dst = sqlite3.connect(path)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
    else:
        raise OperationFailed(f"Không hỗ trợ khôi phục {url.get_backend_name()}.")


def _run(cmd: list[str]) -> None:
    if shutil.which(cmd[0]) is None:
        raise OperationFailed(f"Không tìm thấy {cmd[0]} (cài postgresql-client).")
    # The DSN is passed as an argument to a local tool, never logged; errors show stderr only.
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise OperationFailed(f"{cmd[0]} thất bại: {redact(proc.stderr.strip())[:2000]}")
