"""Digital signatures of outgoing documents (domain.md §6, NĐ 30 Arts. 13, 32; V18).

- At the Sign step the signer's personal key signs the PDF of the approved version (PAdES, field
  "personal"), rendered with the number and date left blank: the number does not exist yet (domain.md §2).
- At dispatch the clerk applies the organization's signature (field "organization", in place of the seal)
  over the personal-signed file; its visible appearance types the number and the date into the blanks, so the
  final file shows "Số 23-KH/ĐU" and "Hà Nội, ngày 07 tháng 8 năm 2025" while the personal signature stays
  valid (an added signature field is an allowed incremental change). V18: no organization signature
  without the personal one.
- Signatures are required for an organization once it has key material (any active key of the organization
  or of its people). Organizations without keys sign on paper: no PDF work, the register notes "Chưa ký số".
- Keys: `flask keys init` (demo CA and keys), `flask keys import-p12` (a real CA's PKCS#12). Private keys are
  stored encrypted with KEY_PASSPHRASE (default derived from SECRET_KEY), never logged, never served.
"""
from __future__ import annotations

import hashlib
import os
import re
import time
from datetime import datetime

import click
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from flask import Blueprint, Flask, Response, current_app, jsonify, request
from flask.cli import AppGroup
from sqlalchemy import exists, select

from service.document_render import render_input, render_number_strip, render_signing_layout
from service.documents import clock, get_document
from service.domain.validation import check_org_signature_allowed
from service.errors import Conflict, NotFound, ValidationFailed
from service.extensions import db
from service.models import Document, Organization, OutgoingRegisterEntry, Person, SigningAuthority
from service.models_signing import SignedPdf, SigningKey, TrustRoot
from service.rendering import render_html, render_pdf
from service.signing import (
    KeyMaterial,
    create_demo_ca,
    decrypt_private_key,
    encrypt_private_key,
    issue_certificate,
    load_pkcs12,
    sha256_hex,
    sign_pdf,
    verify_pdf,
)
from service.unit_of_work import unit_of_work

PERSONAL, ORGANIZATION = "PERSONAL", "ORGANIZATION"
FIELD = {PERSONAL: "personal", ORGANIZATION: "organization"}
UNSIGNED_NOTE = "Chưa ký số"
DEMO_CA_NAME = "Demo CA - Văn bản điện tử"


def init_app(app: Flask) -> None:
    hooks = app.extensions.setdefault("task_hooks", {})
    hooks.setdefault("sign", []).append(on_sign)
    hooks.setdefault("register", []).append(on_register)
    hooks.setdefault("dispatch", []).append(on_dispatch)
    app.register_blueprint(bp)
    app.cli.add_command(keys_cli)


# --------------------------------------------------------------------------- keys


def key_passphrase() -> bytes:
    """KEY_PASSPHRASE, or (development) a passphrase derived from SECRET_KEY: change both in production."""
    configured = current_app.config.get("KEY_PASSPHRASE") or ""
    if configured:
        return configured.encode()
    secret = str(current_app.config["SECRET_KEY"])
    return hashlib.sha256(("vanban-key-passphrase:" + secret).encode()).hexdigest().encode()


def _fingerprint(cert_pem: bytes) -> str:
    return hashlib.sha256(x509.load_pem_x509_certificate(cert_pem).public_bytes(Encoding.DER)).hexdigest()


_PEM_CERT = re.compile(rb"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----\s*", re.S)


def _material(key: SigningKey) -> KeyMaterial:
    try:
        plain = decrypt_private_key(key.key_pem_enc, key_passphrase())
    except ValueError as exc:
        raise Conflict("Không mở được khóa ký số: KEY_PASSPHRASE không đúng với lúc tạo khóa.",
                       code="key_passphrase") from exc
    chain = tuple(m.group(0) for m in _PEM_CERT.finditer(key.chain_pem.encode()))
    return KeyMaterial(key_pem=plain, cert_pem=key.cert_pem.encode(), chain_pem=chain)


def _store_key(owner: str, org_id: int, person_id: int | None, material: KeyMaterial, source: str,
               now: datetime) -> SigningKey:
    """Keep `material` (key encrypted) as the owner's active key; an earlier active key is retired."""
    cert = x509.load_pem_x509_certificate(material.cert_pem)
    cn = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    q = select(SigningKey).where(SigningKey.owner == owner, SigningKey.active.is_(True))
    q = q.where(SigningKey.person_id == person_id) if owner == "PERSON" else q.where(
        SigningKey.org_id == org_id, SigningKey.person_id.is_(None))
    for old in db.session.scalars(q).all():
        old.active = False
    row = SigningKey(owner=owner, org_id=org_id, person_id=person_id,
                     common_name=str(cn[0].value) if cn else "", cert_pem=material.cert_pem.decode(),
                     chain_pem="".join(c.decode() for c in material.chain_pem),
                     key_pem_enc=encrypt_private_key(material.key_pem, key_passphrase()),
                     fingerprint=_fingerprint(material.cert_pem),
                     not_after=cert.not_valid_after_utc.replace(tzinfo=None), source=source, active=True,
                     created_at=now)
    db.session.add(row)
    return row


def _add_trust_root(cert_pem: bytes, name: str, now: datetime, key_pem_enc: bytes | None = None) -> TrustRoot:
    fp = _fingerprint(cert_pem)
    row = db.session.scalars(select(TrustRoot).where(TrustRoot.fingerprint == fp)).first()
    if row is None:
        row = TrustRoot(name=name, cert_pem=cert_pem.decode(), fingerprint=fp, key_pem_enc=key_pem_enc,
                        is_demo=key_pem_enc is not None, created_at=now)
        db.session.add(row)
    return row


def init_demo_keys(*, make_ca=create_demo_ca, issue=issue_certificate) -> dict[str, int]:
    """Demo CA (trusted), a personal key for every person with signing authority and an organization key for
    every organization, where missing. Idempotent; the caller commits. `make_ca`/`issue` are replaceable so
    tests can reuse keys generated once."""
    s = db.session
    now = clock().now()
    created = {"ca": 0, "people": 0, "organizations": 0}
    root = s.scalars(select(TrustRoot).where(TrustRoot.is_demo.is_(True)).order_by(TrustRoot.id)).first()
    if root is None:
        ca = make_ca()
        _add_trust_root(ca.cert_pem, DEMO_CA_NAME, now, encrypt_private_key(ca.key_pem, key_passphrase()))
        created["ca"] = 1
    else:
        try:
            ca = KeyMaterial(decrypt_private_key(root.key_pem_enc, key_passphrase()), root.cert_pem.encode(), ())
        except ValueError as exc:
            raise Conflict("Không mở được khóa của Demo CA: KEY_PASSPHRASE đã đổi.", code="key_passphrase") from exc
    signer_ids = set(s.scalars(select(SigningAuthority.person_id)).all())
    for person in s.scalars(select(Person).where(Person.id.in_(signer_ids)).order_by(Person.id)).all():
        if _active_key(person_id=person.id) is None:
            _store_key("PERSON", person.org_id, person.id,
                       issue(ca, person.full_name, person.org.name, is_organization=False), "DEMO", now)
            created["people"] += 1
    for org in s.scalars(select(Organization).order_by(Organization.id)).all():
        if _active_key(org_id=org.id) is None:
            _store_key("ORG", org.id, None, issue(ca, org.name, org.name, is_organization=True), "DEMO", now)
            created["organizations"] += 1
    s.flush()
    return created


def import_p12(data: bytes, password: bytes | None, *, username: str | None = None, org_code: str | None = None,
               trust: bool = False) -> SigningKey:
    """A CA-issued PKCS#12 file as the active key of a person (`username`) or an organization (`org_code`).
    `trust=True` also trusts the last certificate of the file's chain (its root). The caller commits."""
    if bool(username) == bool(org_code):
        raise ValidationFailed("Chỉ rõ một chủ sở hữu khóa: --person hoặc --org.")
    try:
        material = load_pkcs12(data, password)
    except ValueError as exc:
        raise ValidationFailed("Tệp .p12 không đọc được: sai mật khẩu hoặc tệp hỏng.") from exc
    now = clock().now()
    if username:
        person = db.session.scalars(select(Person).where(Person.username == username)).first()
        if person is None:
            raise NotFound(f"Không có người dùng '{username}'.")
        row = _store_key("PERSON", person.org_id, person.id, material, "P12", now)
    else:
        org = db.session.scalars(select(Organization).where(Organization.code == org_code)).first()
        if org is None:
            raise NotFound(f"Không có cơ quan mã '{org_code}'.")
        row = _store_key("ORG", org.id, None, material, "P12", now)
    if trust and material.chain_pem:
        _add_trust_root(material.chain_pem[-1], "Imported CA", now)
    db.session.flush()
    return row


def _active_key(*, person_id: int | None = None, org_id: int | None = None) -> SigningKey | None:
    q = select(SigningKey).where(SigningKey.active.is_(True))
    if person_id is not None:
        q = q.where(SigningKey.owner == "PERSON", SigningKey.person_id == person_id)
    else:
        q = q.where(SigningKey.owner == "ORG", SigningKey.org_id == org_id)
    return db.session.scalars(q.order_by(SigningKey.id.desc())).first()


def signs_digitally(org_id: int) -> bool:
    """True when the organization has key material: from then on its documents must be signed digitally."""
    return bool(db.session.scalar(select(exists().where(SigningKey.org_id == org_id, SigningKey.active.is_(True)))))


def trust_roots_pem() -> list[bytes]:
    """Configured authorities: the trust_roots table plus PEM files listed in SIGNATURE_TRUST_ROOTS."""
    roots = [r.cert_pem.encode() for r in db.session.scalars(select(TrustRoot).order_by(TrustRoot.id)).all()]
    extra = current_app.config.get("SIGNATURE_TRUST_ROOTS") or os.environ.get("SIGNATURE_TRUST_ROOTS", "")
    paths = extra.split(os.pathsep) if isinstance(extra, str) else list(extra)
    for path in (p for p in paths if p):
        with open(path, "rb") as fh:
            roots.append(fh.read())
    return roots


# --------------------------------------------------------------------------- task hooks (inside the use case)


def _signed(doc_id: int, stage: str) -> SignedPdf | None:
    return db.session.scalars(select(SignedPdf).where(SignedPdf.document_id == doc_id,
                                                      SignedPdf.stage == stage)).first()


def on_sign(actor: Person, doc: Document, data: dict, now: datetime) -> None:
    """Personal signature over the approved version, rendered with the number and date blank."""
    if data.get("decision") != "approve" or doc.signed_hash is None or not signs_digitally(doc.org_id):
        return
    key = _active_key(person_id=actor.id)
    if key is None:
        raise Conflict(
            f"{actor.full_name} chưa có khóa ký số cá nhân nên chưa thể ký văn bản của {doc.org.name}. "
            "Quản trị viên cần chạy lệnh `flask keys init` (dữ liệu mẫu) hoặc nhập chứng thư số .p12 do "
            "tổ chức cung cấp dịch vụ chứng thực cấp (`flask keys import-p12 TỆP --person "
            f"{actor.username}`).", code="signing_key_missing")
    started = time.perf_counter()
    ri = render_input(doc, on=clock().today(), numbered=False, draft_mark=False)
    pdf, box = render_signing_layout(ri)
    rendered = time.perf_counter()
    signed = sign_pdf(pdf, _material(key), field_name=FIELD[PERSONAL], signer_name=actor.full_name,
                      reason=f"Ký ban hành văn bản (phiên bản {doc.version_no}, sha256 nội dung {doc.signed_hash})",
                      location=doc.place)
    current_app.logger.info("document %s: personal signature, render %.3f s, sign %.3f s", doc.id,
                            rendered - started, time.perf_counter() - rendered)
    db.session.add(SignedPdf(document_id=doc.id, stage=PERSONAL, version_no=doc.version_no,
                             content_sha256=doc.signed_hash, pdf=signed, sha256=sha256_hex(signed), key_id=key.id,
                             signer_id=actor.id, signed_at=now, details={"stamp_box": box}))


def on_register(actor: Person, doc: Document, data: dict, now: datetime) -> None:
    """A document without a personal digital signature is registered with the note "Chưa ký số"."""
    if _signed(doc.id, PERSONAL) is not None:
        return
    entry = db.session.scalars(select(OutgoingRegisterEntry).where(
        OutgoingRegisterEntry.document_id == doc.id)).first()
    if entry is not None:
        entry.note = "; ".join(n for n in (entry.note, UNSIGNED_NOTE) if n)


def _short_date(d) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}" if d.month <= 2 else f"{d.day:02d}/{d.month}/{d.year}"


def on_dispatch(actor: Person, doc: Document, data: dict, now: datetime) -> None:
    """Organization signature (replaces the seal) over the personal-signed file; its appearance carries the
    number and the date. The register keeps the final file's sha256."""
    personal = _signed(doc.id, PERSONAL)
    if personal is None and not signs_digitally(doc.org_id):
        return
    violations = check_org_signature_allowed(personal is not None)
    if violations:
        raise ValidationFailed("Không thể ký số cơ quan: " + "; ".join(v.message for v in violations),
                               details=[{"rule": v.code, "field": v.field, "message": v.message}
                                        for v in violations])
    key = _active_key(org_id=doc.org_id)
    if key is None:
        raise Conflict(f"{doc.org.name} chưa có khóa ký số cơ quan. Quản trị viên cần chạy `flask keys init` "
                       f"hoặc `flask keys import-p12 TỆP --org {doc.org.code}`.", code="org_key_missing")
    started = time.perf_counter()
    box = personal.details["stamp_box"]
    strip = render_number_strip(render_input(doc, on=clock().today(), numbered=True, draft_mark=False), box)
    signed = sign_pdf(personal.pdf, _material(key), field_name=FIELD[ORGANIZATION], signer_name=doc.org.name,
                      reason=f"Số {doc.symbol}, ngày {_short_date(doc.issue_date)}", location=doc.place,
                      appearance=(tuple(box), strip))
    current_app.logger.info("document %s: organization signature %.3f s", doc.id, time.perf_counter() - started)
    digest = sha256_hex(signed)
    db.session.add(SignedPdf(document_id=doc.id, stage=ORGANIZATION, version_no=personal.version_no,
                             content_sha256=personal.content_sha256, pdf=signed, sha256=digest, key_id=key.id,
                             signer_id=actor.id, signed_at=now, details={"symbol": doc.symbol}))
    entry = db.session.scalars(select(OutgoingRegisterEntry).where(
        OutgoingRegisterEntry.document_id == doc.id)).first()
    if entry is not None:
        entry.signed_pdf_sha256 = digest


# --------------------------------------------------------------------------- reading use cases


def preview_html(actor: Person, doc_id: int) -> str:
    """The current version as an HTML page (DỰ THẢO mark until signed)."""
    doc = get_document(actor, doc_id)
    return render_html(render_input(doc, on=clock().today()))


def document_pdf(actor: Person, doc_id: int) -> tuple[bytes, str]:
    """(pdf, state): the organization-signed file once dispatched, the personal-signed file once signed,
    else an unsigned rendering (marked DỰ THẢO while not signed). state: organization | personal | unsigned."""
    doc = get_document(actor, doc_id)
    for stage in (ORGANIZATION, PERSONAL):
        row = _signed(doc.id, stage)
        if row is not None:
            return row.pdf, stage.lower()
    return render_pdf(render_input(doc, on=clock().today())), "unsigned"


def _signature_json(s) -> dict:
    return {"field": s.field_name, "signer": s.signer_common_name, "signed_at": s.signed_at.isoformat(),
            "intact": s.intact, "valid": s.valid, "trusted": s.trusted, "covers_whole_file": s.covers_whole_file,
            "problem": s.problem}


def _report(doc: Document, pdf: bytes | None, source: str | None) -> dict:
    entry = db.session.scalars(select(OutgoingRegisterEntry).where(
        OutgoingRegisterEntry.document_id == doc.id)).first()
    register_sha = entry.signed_pdf_sha256 if entry else None
    out: dict = {"document_id": doc.id, "source": source, "register_sha256": register_sha,
                 "sha256": None, "matches_register": None, "ok": False, "altered": False,
                 "personal": None, "organization": None, "signatures": []}
    if pdf is None:
        out["badge"] = {"state": "unsigned", "label": "Chưa ký số"}
        return out
    report = verify_pdf(pdf, trust_roots_pem())
    sigs = [_signature_json(s) for s in report.signatures]
    by_field = {s["field"]: s for s in sigs}
    digest = sha256_hex(pdf)
    expected = {"personal"} | ({"organization"} if doc.status == "DISPATCHED" else set())
    ok = report.ok and expected <= by_field.keys() and (register_sha is None or register_sha == digest)
    out.update(sha256=digest, matches_register=(register_sha == digest) if register_sha else None, ok=ok,
               altered=report.altered, personal=by_field.get("personal"),
               organization=by_field.get("organization"), signatures=sigs)
    if ok:
        out["badge"] = {"state": "valid", "label": "Chữ ký số hợp lệ, tệp nguyên vẹn"}
    elif report.altered:
        out["badge"] = {"state": "altered", "label": "Tệp đã bị thay đổi sau khi ký"}
    else:
        out["badge"] = {"state": "invalid", "label": "Chữ ký số không hợp lệ hoặc không được tin cậy"}
    return out


def verify_document(actor: Person, doc_id: int) -> dict:
    """Check the stored signed file: both signatures, chain to the configured authorities, unchanged."""
    doc = get_document(actor, doc_id)
    for stage in (ORGANIZATION, PERSONAL):
        row = _signed(doc.id, stage)
        if row is not None:
            return _report(doc, row.pdf, stage.lower())
    return _report(doc, None, None)


def verify_upload(actor: Person, doc_id: int, pdf: bytes) -> dict:
    """Check a file someone holds as this document (e.g. a copy received by e-mail) the same way."""
    doc = get_document(actor, doc_id)
    if not pdf:
        raise ValidationFailed("Cần gửi tệp PDF trong thân yêu cầu (Content-Type: application/pdf).",
                               code="invalid_pdf")
    return _report(doc, pdf, "upload")


# --------------------------------------------------------------------------- HTTP


bp = Blueprint("signatures", __name__, url_prefix="/api")


def _actor():
    from service.api import _actor as actor

    return actor()


@bp.get("/documents/<int:doc_id>/preview.html")
def preview_route(doc_id: int):
    p = _actor()
    return Response(preview_html(p, doc_id), mimetype="text/html")


@bp.get("/documents/<int:doc_id>/pdf")
def pdf_route(doc_id: int):
    p = _actor()
    data, state = document_pdf(p, doc_id)
    return Response(data, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="van-ban-{doc_id}.pdf"', "X-Signature-State": state,
        "Cache-Control": "no-store"})


@bp.get("/documents/<int:doc_id>/verify")
def verify_route(doc_id: int):
    p = _actor()
    return jsonify(verify_document(p, doc_id))


@bp.post("/documents/<int:doc_id>/verify")
def verify_upload_route(doc_id: int):
    p = _actor()
    if request.mimetype != "application/pdf":
        raise ValidationFailed("Nội dung phải là tệp PDF (Content-Type: application/pdf).", code="invalid_pdf")
    return jsonify(verify_upload(p, doc_id, request.get_data(cache=False)))


@bp.get("/documents/<int:doc_id>/diff")
def diff_route(doc_id: int):
    from service.versions import diff_versions

    p = _actor()
    try:
        a, b = int(request.args["from"]), int(request.args["to"])
    except (KeyError, ValueError):
        raise ValidationFailed("Cần tham số from và to là số phiên bản (ví dụ ?from=1&to=2).",
                               code="invalid_query") from None
    return jsonify(diff_versions(p, doc_id, a, b))


# --------------------------------------------------------------------------- CLI


keys_cli = AppGroup("keys", help="Digital signature keys (khóa ký số).")


@keys_cli.command("init")
def keys_init_command() -> None:
    """Demo CA plus a key for every signer and organization (idempotent)."""
    from service.errors import ServiceError

    try:
        with unit_of_work():
            created = init_demo_keys()
    except ServiceError as exc:
        raise click.ClickException(exc.message) from exc
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
    from service.errors import ServiceError

    password = os.environ.get(password_env)
    with open(path, "rb") as fh:
        data = fh.read()
    try:
        with unit_of_work():
            row = import_p12(data, password.encode() if password else None, username=username,
                             org_code=org_code, trust=trust)
            summary = f"{row.owner} {row.common_name} (sha256 {row.fingerprint[:16]}…, hết hạn {row.not_after:%d/%m/%Y})"
    except ServiceError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo("Đã nhập khóa: " + summary)


@keys_cli.command("list")
def keys_list_command() -> None:
    """Certificates held (never the private keys)."""
    for k in db.session.scalars(select(SigningKey).order_by(SigningKey.id)).all():
        click.echo(f"{k.id}\t{k.owner}\t{'active' if k.active else 'retired'}\t{k.common_name}\t"
                   f"{k.not_after:%Y-%m-%d}\t{k.fingerprint[:16]}")
    for r in db.session.scalars(select(TrustRoot).order_by(TrustRoot.id)).all():
        click.echo(f"trust\t{r.name}\t{r.fingerprint[:16]}")


__all__ = ["init_app", "init_demo_keys", "import_p12", "signs_digitally", "document_pdf", "verify_document",
           "verify_upload", "preview_html", "trust_roots_pem"]
