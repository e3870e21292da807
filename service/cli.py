"""Flask commands (thin: each parses its arguments and calls one use case):
`flask demo load`, `flask series start`, `flask keys init|import-p12|reissue|list`, `flask scheduler run`,
`flask diagrams deploy`, `flask accounts set-password|revoke-tokens`, `flask directory import|export`,
`flask backup`, `flask restore`, `flask audit verify`."""
from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from service.errors import ServiceError
from service.extensions import db
from service.store import backup as store_backup
from service.usecases import (
    accounts,
    audit,
    demo,
    diagrams,
    directory_export,
    directory_import,
    keys,
    mail,
    signing_pins,
    timers,
)

demo_cli = AppGroup("demo", help="Demo organizations and people.")
series_cli = AppGroup("series", help="Number series (sổ).")
keys_cli = AppGroup("keys", help="Digital signature keys (khóa ký số).")
scheduler_cli = AppGroup("scheduler", help="Fire due BPMN timers (reminders, escalations); send queued e-mails.")
diagrams_cli = AppGroup("diagrams", help="Process diagrams (BPMN).")
accounts_cli = AppGroup("accounts", help="Accounts: passwords and sessions.")
directory_cli = AppGroup("directory", help="The directory file (XLSX/CSV): organizations, units, people.")
audit_cli = AppGroup("audit", help="The tamper-evident history (nhật ký): verify each organization's chain.")


def init_app(app: Flask) -> None:
    for group in (demo_cli, series_cli, keys_cli, scheduler_cli, diagrams_cli, accounts_cli, directory_cli,
                  audit_cli):
        app.cli.add_command(group)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)


def _fail(exc: ServiceError) -> click.ClickException:
    return click.ClickException(exc.message)


@demo_cli.command("load")
def demo_load() -> None:
    """Load the demo organizations, people, roles and signing authority (idempotent)."""
    created = demo.load_demo_data()
    click.echo("Demo data: " + ", ".join(f"{k} +{v}" for k, v in created.items()))


@series_cli.command("start")
@click.argument("org_code")
@click.argument("kind")
@click.argument("period_key")
@click.argument("next_value", type=int)
@click.option("--direction", default="OUT", type=click.Choice(["OUT", "IN"]))
def series_start(org_code: str, kind: str, period_key: str, next_value: int, direction: str) -> None:
    """Start a series at NEXT_VALUE (adopting the system mid-term), e.g. DUCP KH TERM:1 23."""
    try:
        created = demo.start_series(org_code, direction, kind, period_key, next_value)
    except ServiceError as exc:
        raise _fail(exc) from exc
    click.echo("Đã tạo sổ." if created else "Sổ đã tồn tại; số không bao giờ được dùng lại, không thay đổi.")


@keys_cli.command("init")
def keys_init_command() -> None:
    """Demo CA plus a key for every signer and organization (idempotent)."""
    try:
        created = keys.init_demo_keys_command()
    except ServiceError as exc:
        raise _fail(exc) from exc
    click.echo("Khóa ký số: " + ", ".join(f"{k} +{v}" for k, v in created.items()))


@keys_cli.command("import-p12")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--person", "username", help="username of the signer who owns the key")
@click.option("--org", "org_code", help="code of the organization whose key (seal) this is")
@click.option("--trust", is_flag=True, help="also trust the root certificate contained in the file")
@click.option("--password-env", default="P12_PASSWORD", show_default=True,
              help="environment variable holding the .p12 password (never passed on the command line)")
def keys_import_command(path: str, username: str | None, org_code: str | None, trust: bool,
                        password_env: str) -> None:
    """Import a CA-issued PKCS#12 (.p12/.pfx) file as the active key of a person or an organization."""
    password = os.environ.get(password_env)
    with open(path, "rb") as fh:
        data = fh.read()
    try:
        summary = keys.import_p12_command(data, password.encode() if password else None, username=username,
                                          org_code=org_code, trust=trust)
    except ServiceError as exc:
        raise _fail(exc) from exc
    click.echo("Đã nhập khóa: " + summary)


@keys_cli.command("reissue")
@click.option("--person", "username", help="username of the signer whose key is replaced")
@click.option("--org", "org_code", help="code of the organization whose key is replaced")
def keys_reissue_command(username: str | None, org_code: str | None) -> None:
    """Reset a forgotten PIN or unlock a locked key: a NEW demo key (the old one retired); its holder sets the PIN."""
    try:
        row = signing_pins.reissue_key(username=username, org_code=org_code)
    except ServiceError as exc:
        raise _fail(exc) from exc
    click.echo(f"Đã cấp khóa mới {row.owner} {row.common_name} (sha256 {row.fingerprint[:16]}…); khóa cũ đã thu hồi. "
               "Người giữ khóa đặt mã PIN ở trang Tài khoản hoặc POST /api/me/signing-pin.")


@keys_cli.command("list")
def keys_list_command() -> None:
    """Certificates held (never the private keys)."""
    held, roots = keys.list_keys()
    for k in held:
        pin = "locked" if k.pin_locked_at else ("pin" if k.pin_salt else "no-pin")
        click.echo(f"{k.id}\t{k.owner}\t{'active' if k.active else 'retired'}\t{pin}\t{k.common_name}\t"
                   f"{k.not_after:%Y-%m-%d}\t{k.fingerprint[:16]}")
    for r in roots:
        click.echo(f"trust\t{r.name}\t{r.fingerprint[:16]}")


@scheduler_cli.command("run")
@click.option("--once", is_flag=True, help="Handle the timers and e-mails due now, then exit.")
@click.option("--interval", default=30.0, show_default=True, help="Seconds between passes.")
def scheduler_run(once: bool, interval: float) -> None:
    """Fire due timers and send due e-mails; loops until stopped (SIGTERM/SIGINT finish the current timer first)."""
    if once:
        result = timers.run_once()
        click.echo(f"Timers: {result.fired} fired, {result.stale} stale, {result.failed} failed.")
        sent = mail.send_due()
        click.echo("Mail: SMTP_HOST not set, mails stay queued." if sent.unconfigured else
                   f"Mail: {sent.sent} sent, {sent.retrying} to retry, {sent.failed} failed.")
        return
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    timers.run_forever(stop, interval)


@diagrams_cli.command("deploy")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Replace a different file of the same name in BPMN_DIR.")
def diagrams_deploy(file: Path, replace: bool) -> None:
    """Validate FILE and register it as a new diagram version (workers use it after a restart)."""
    try:
        sha = diagrams.deploy_diagram(current_app, file.read_bytes(), file.name, replace=replace)
    except ServiceError as exc:
        raise _fail(exc) from exc
    click.echo(f"Đã đăng ký quy trình {file.name} (sha256 {sha}). "
               "Khởi động lại các worker (kill -HUP <gunicorn master>) để áp dụng cho văn bản mới.")


@click.command("backup")
@with_appcontext
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(file: Path) -> None:
    """Write a consistent backup of the database to FILE (pg_dump custom format or an SQLite file)."""
    try:
        store_backup.backup(db.engine.url, file)
    except ServiceError as exc:
        raise _fail(exc) from exc
    click.echo(f"Đã sao lưu vào {file}.")


@click.command("restore")
@with_appcontext
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore_command(file: Path) -> None:
    """Restore FILE into the (empty) database of DATABASE_URL."""
    db.session.remove()
    db.engine.dispose()
    try:
        store_backup.restore(db.engine.url, file)
    except ServiceError as exc:
        raise _fail(exc) from exc
    click.echo(f"Đã khôi phục từ {file}.")


@accounts_cli.command("set-password")
@click.argument("username")
@click.option("--password-env", default="NEW_PASSWORD", show_default=True,
              help="environment variable holding the new password (else it is asked for, hidden)")
def accounts_set_password(username: str, password_env: str) -> None:
    """Set a person's password (an administrator's reset): every session and token of theirs ends."""
    password = os.environ.get(password_env) or click.prompt("Mật khẩu mới", hide_input=True,
                                                            confirmation_prompt=True)
    try:
        ended = accounts.reset_password(username, password)
    except ServiceError as exc:
        raise _fail(exc) from exc
    click.echo(f"Đã đặt mật khẩu mới cho {username}; {ended} phiên đăng nhập và mã truy cập đã kết thúc.")


@accounts_cli.command("revoke-tokens")
@click.argument("username")
def accounts_revoke_tokens(username: str) -> None:
    """End every page session and API token of a person (a lost laptop, a leaked token)."""
    try:
        ended = accounts.revoke_all(username)
    except ServiceError as exc:
        raise _fail(exc) from exc
    click.echo(f"{ended} phiên đăng nhập và mã truy cập của {username} đã kết thúc.")


@directory_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--as", "username", required=True, help="the administrator who imports (audited as them)")
@click.option("--apply", "write", is_flag=True, help="write the file (without it: only the preview)")
def directory_import_command(path: str, username: str, write: bool) -> None:
    """Preview (or, with --apply, write) organizations, units and people with their roles from an XLSX or CSV file."""
    data = Path(path).read_bytes()
    try:
        actor = accounts.active_person(username)
        result = directory_import.apply(actor, data) if write else directory_import.preview(actor, data)
    except ServiceError as exc:
        raise _fail(exc) from exc
    for r in result.rows:
        label = directory_import.ACTION_LABELS.get(r.action, "lỗi") if r.action else "lỗi"
        click.echo(f"{r.sheet} dòng {r.row} {r.key}: {label}" + (f" ({', '.join(r.changes)})" if r.changes else ""))
    for p in result.problems:
        where = ", ".join(x for x in (p.sheet, f"dòng {p.row}" if p.row else "", p.column or "") if x)
        click.echo(f"LỖI {where}: {p.message}", err=True)
    for user, name, password in result.passwords:
        click.echo(f"Mật khẩu dùng một lần của {name} ({user}): {password}")
    counts = result.counts()
    click.echo(("Đã ghi. " if result.applied else "Xem trước, chưa ghi gì. ")
               + ", ".join(f"{directory_import.ACTION_LABELS.get(k, 'lỗi')}: {v}" for k, v in counts.items()))
    if not result.ok:
        raise SystemExit(1)


@directory_cli.command("export")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
@click.option("--as", "username", required=True, help="the administrator (exports what they administer)")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv"]), default="xlsx", show_default=True)
def directory_export_command(path: str, username: str, fmt: str) -> None:
    """Write the directory (what USERNAME administers) in the import's format."""
    try:
        data, _mimetype, _name = directory_export.export(accounts.active_person(username), fmt)
    except ServiceError as exc:
        raise _fail(exc) from exc
    Path(path).write_bytes(data)
    click.echo(f"Đã ghi {path} ({len(data)} byte).")


@audit_cli.command("verify")
@click.option("--org", "org_code", help="code of one organization (default: every organization)")
@click.option("--digest", help="a head hash printed on a register (needs --org): it must be in the chain")
def audit_verify_command(org_code: str | None, digest: str | None) -> None:
    """Walk each organization's audit chain; name the first event changed, removed or inserted (exit 1)."""
    if digest and not org_code:
        raise click.UsageError("--digest cần --org (mã kiểm tra thuộc chuỗi của một cơ quan).")
    try:
        statuses = audit.verify_chains(org_code, digest)
    except ServiceError as exc:
        raise _fail(exc) from exc
    bad = 0
    for st in statuses:
        ok = st.report.ok and st.anchored is not False
        bad += not ok
        click.echo(("OK   " if ok else "LỖI  ") + st.message + (f" Đầu chuỗi: {st.head_hash}" if ok else ""),
                   err=not ok)
    if bad:
        raise SystemExit(1)
