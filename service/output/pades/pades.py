"""PAdES signatures on PDF files (pyhanko): sign by incremental update, verify without raising."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pyhanko.keys import load_certs_from_pemder_data, load_private_key_from_pemder_data
from pyhanko.pdf_utils import generic, layout
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import SignatureCoverageLevel, validate_pdf_signature
from pyhanko.stamp import StaticStampStyle
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from service.output.pades.keys import KeyMaterial

VIETNAM_TZ = dt.timezone(dt.timedelta(hours=7), "ICT")
"""Indochina Time (UTC+07:00); Vietnam has no daylight saving time."""


@dataclass(frozen=True)
class SignatureReport:
    """The check of one embedded signature."""

    field_name: str
    signer_common_name: str
    signed_at: dt.datetime  # signer-reported time, in Vietnam time (+07:00)
    intact: bool  # the signed bytes hash to the signed digest
    valid: bool  # the cryptographic signature is correct
    trusted: bool  # the certificate chains to one of the trust roots
    covers_whole_file: bool  # nothing was appended after this signature
    problem: str | None


@dataclass(frozen=True)
class VerificationReport:
    """All signatures of a file. ``ok``: at least one signature, every one intact, valid and
    trusted, later revisions only allowed changes, and the last one covers the whole file."""

    signatures: tuple[SignatureReport, ...]
    altered: bool
    ok: bool


def sha256_hex(data: bytes) -> str:
    """Lower-case hex SHA-256 of ``data`` (the fingerprint stored for a signed file)."""
    return hashlib.sha256(data).hexdigest()


class _VietnamTimePdfSigner(signers.PdfSigner):
    """A PdfSigner whose signing time is now in Vietnam time instead of the server's zone."""

    def init_signing_session(self, pdf_out, existing_fields_only=False):  # type: ignore[no-untyped-def]
        session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
        session.system_time = dt.datetime.now(VIETNAM_TZ).replace(microsecond=0)
        return session


def _signer(material: KeyMaterial) -> signers.SimpleSigner:
    key = load_private_key_from_pemder_data(material.key_pem, passphrase=None)
    (cert,) = list(load_certs_from_pemder_data(material.cert_pem))
    chain = [c for pem in material.chain_pem for c in load_certs_from_pemder_data(pem)]
    return signers.SimpleSigner(
        signing_cert=cert,
        signing_key=key,
        cert_registry=SimpleCertificateStore.from_certs([cert, *chain]),
    )


Box = tuple[float, float, float, float] | list[float]

_PUSHBUTTON_READ_ONLY = (1 << 16) | 1  # /Ff: pushbutton, read-only (an image field)


def _form_xobject(writer, box: Box, page_pdf: bytes | None):  # type: ignore[no-untyped-def]
    """Page 1 of `page_pdf` as a form XObject, or an empty (transparent) one of `box`'s size."""
    if page_pdf is not None:
        return writer.import_page_as_xobject(PdfFileReader(io.BytesIO(page_pdf), strict=False), page_ix=0)
    width, height = box[2] - box[0], box[3] - box[1]
    empty = generic.StreamObject({
        generic.NameObject("/Type"): generic.NameObject("/XObject"),
        generic.NameObject("/Subtype"): generic.NameObject("/Form"),
        generic.NameObject("/BBox"): generic.ArrayObject(generic.FloatObject(v) for v in (0, 0, width, height)),
        generic.NameObject("/Resources"): generic.DictionaryObject()}, stream_data=b"")
    return writer.add_object(empty)


def _add_image_field(writer: IncrementalPdfFileWriter, name: str, page_ix: int, box: Box) -> None:
    """A read-only pushbutton field (an image field) `name` on page `page_ix` at `box`, showing nothing yet."""
    page_ref, _ = writer.find_page_for_modification(page_ix)
    annot = generic.DictionaryObject({
        generic.NameObject("/Type"): generic.NameObject("/Annot"),
        generic.NameObject("/Subtype"): generic.NameObject("/Widget"),
        generic.NameObject("/FT"): generic.NameObject("/Btn"),
        generic.NameObject("/Ff"): generic.NumberObject(_PUSHBUTTON_READ_ONLY),
        generic.NameObject("/T"): generic.TextStringObject(name),
        generic.NameObject("/F"): generic.NumberObject(4),  # Print
        generic.NameObject("/Rect"): generic.ArrayObject(generic.FloatObject(v) for v in box),
        generic.NameObject("/P"): page_ref,
        generic.NameObject("/AP"): generic.DictionaryObject(
            {generic.NameObject("/N"): _form_xobject(writer, box, None)}),
    })
    ref = writer.add_object(annot)
    form = writer.root["/AcroForm"]
    form["/Fields"].append(ref)
    writer.update_container(form["/Fields"] if isinstance(form.raw_get("/Fields"), generic.IndirectObject)
                            else form)
    writer.register_annotation(page_ref, ref)


def add_stamp_field(pdf: bytes, field_name: str, box: Box, page_pdf: bytes, *,
                    image_fields: Sequence[tuple[str, int, Box]] = ()) -> bytes:
    """``pdf`` with an empty signature field ``field_name`` on page 1 at ``box`` whose appearance is page 1 of
    ``page_pdf`` (a PDF of exactly the box's size), as an incremental update. Signing that field later
    (sign_pdf with an appearance) replaces the appearance: what it showed is then no longer on the page.

    ``image_fields`` = (name, page index, box): read-only image fields (pushbuttons) showing nothing, added in
    the same update, that a later signature fills in its own revision (sign_pdf ``images``), e.g. the seal."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    fields.append_signature_field(writer, fields.SigFieldSpec(field_name, on_page=0, box=tuple(box)))
    xobject = _form_xobject(writer, box, page_pdf)
    (_, _, field_ref) = next(f for f in fields.enumerate_sig_fields(writer) if f[0] == field_name)
    annot = field_ref.get_object()
    annot["/AP"] = generic.DictionaryObject({generic.NameObject("/N"): xobject})
    annot["/F"] = generic.NumberObject(4)  # Print
    writer.update_container(annot)
    for name, page_ix, image_box in image_fields:
        _add_image_field(writer, name, page_ix, image_box)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image_field_names(pdf: bytes) -> list[str]:
    """The names of the image fields (read-only pushbuttons) of ``pdf``."""
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    form = reader.root.get("/AcroForm")
    names = []
    for ref in (form.get("/Fields", []) if form is not None else []):
        field = ref.get_object()
        if field.get("/FT") == "/Btn" and int(field.get("/Ff", 0)) & (1 << 16):
            names.append(str(field.get("/T")))
    return names


def _fill_image_fields(writer: IncrementalPdfFileWriter, images: dict[str, bytes]) -> None:
    """Give each named image field the appearance of page 1 of its one-page PDF (form filling)."""
    for ref in writer.root["/AcroForm"]["/Fields"]:
        field = ref.get_object()
        name = str(field.get("/T"))
        if name in images:
            rect = [float(v) for v in field["/Rect"]]
            field["/AP"] = generic.DictionaryObject(
                {generic.NameObject("/N"): _form_xobject(writer, rect, images[name])})
            writer.update_container(field)


def _has_field(writer: IncrementalPdfFileWriter, field_name: str) -> bool:
    return any(name == field_name for name, _, _ in fields.enumerate_sig_fields(writer.prev))


def _set_metadata(writer: IncrementalPdfFileWriter, metadata: dict | None) -> None:
    """Title, subject, author and keywords of the file (e.g. the title with the number known at dispatch)."""
    for key, value in (metadata or {}).items():
        if key == "keywords":
            writer.document_meta.keywords = list(value)
        elif key in ("title", "subject", "author"):
            setattr(writer.document_meta, key, value)


# Over 40 lines on purpose: pyHanko's signer, field and appearance are configured in one place, in the order pyHanko needs.
def sign_pdf(
    pdf: bytes,
    material: KeyMaterial,
    *,
    field_name: str,
    reason: str,
    location: str = "Việt Nam",
    signer_name: str = "",
    appearance: tuple[tuple[float, float, float, float], bytes] | None = None,
    metadata: dict | None = None,
    page: int = 0,
    images: dict[str, bytes] | None = None,
) -> bytes:
    """``pdf`` with one more PAdES B-B signature (SHA-256), appended as an incremental update.

    The signature field ``field_name`` is created (invisible) if missing. Order per NĐ 30:
    the signer's personal signature first (e.g. field "personal"), then the organization's
    (field "organization") on the already signed file. Earlier signatures stay valid.

    ``appearance`` = (box, one-page PDF) makes the field visible on page 1: the box (x1, y1, x2, y2, PDF
    points) shows that page scaled to fit, opaque (e.g. the number and date typed into the blanks). When the
    field already exists (add_stamp_field), its appearance is replaced by that page. ``metadata`` (title,
    subject, author, keywords) updates the file's document information in the same revision. A new visible
    field goes on page index ``page`` (0 = page 1). ``images`` (field name → one-page PDF) fills image fields made
    by add_stamp_field in the same revision, so this signature covers them (the seal over the signer's image).
    """
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        reason=reason,
        location=location,
        name=signer_name or None,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    _set_metadata(writer, metadata)
    if images:
        _fill_image_fields(writer, images)
    if appearance is None:
        return _VietnamTimePdfSigner(meta, signer=_signer(material)).sign_pdf(writer).getvalue()
    box, page_pdf = appearance
    with tempfile.TemporaryDirectory() as tmp:  # pyhanko imports the page from a file
        path = Path(tmp) / "appearance.pdf"
        path.write_bytes(page_pdf)
        style = StaticStampStyle.from_pdf_file(
            str(path), border_width=0, background_opacity=1.0,
            background_layout=layout.SimpleBoxLayoutRule(
                x_align=layout.AxisAlignment.ALIGN_MID, y_align=layout.AxisAlignment.ALIGN_MID,
                margins=layout.Margins()))
        spec = None if _has_field(writer, field_name) else fields.SigFieldSpec(field_name, on_page=page, box=box)
        out = _VietnamTimePdfSigner(meta, signer=_signer(material), stamp_style=style,
                                    new_field_spec=spec).sign_pdf(writer)
        return out.getvalue()


def _validation_context(trust_roots_pem: Sequence[bytes]) -> ValidationContext:
    roots = [c for pem in trust_roots_pem for c in load_certs_from_pemder_data(pem)]
    return ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")


def _common_name(status) -> str:  # type: ignore[no-untyped-def]
    try:
        return str(status.signing_cert.subject.native.get("common_name", ""))
    except Exception:  # noqa: BLE001 - a report must not fail on an odd subject
        return ""


def _report(embedded, trust_roots_pem: Sequence[bytes]) -> tuple[SignatureReport, bool]:  # type: ignore[no-untyped-def]
    """The report of one signature, and whether later revisions only made allowed changes."""
    field_name = str(embedded.field_name)
    try:
        status = validate_pdf_signature(embedded, _validation_context(trust_roots_pem))
    except Exception:  # noqa: BLE001 - a broken signature is reported, never raised
        failed = SignatureReport(field_name, "", dt.datetime.min.replace(tzinfo=VIETNAM_TZ), False, False, False,
                                 False, "không kiểm tra được chữ ký (chữ ký hỏng hoặc định dạng không hỗ trợ)")
        return failed, False
    problems = []
    if not status.intact:
        problems.append("nội dung đã ký bị thay đổi")
    if not status.valid:
        problems.append("giá trị chữ ký không hợp lệ")
    if not status.trusted:
        problems.append("chứng thư số không thuộc tổ chức chứng thực được tin cậy")
    if status.docmdp_ok is False:
        problems.append("các lần sửa sau khi ký có thay đổi không được phép")
    signed_at = status.signer_reported_dt or dt.datetime.min.replace(tzinfo=dt.UTC)
    report = SignatureReport(
        field_name=field_name,
        signer_common_name=_common_name(status),
        signed_at=signed_at.astimezone(VIETNAM_TZ),
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        covers_whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        problem="; ".join(problems) or None,
    )
    return report, status.docmdp_ok is not False


def verify_pdf(pdf: bytes, trust_roots_pem: Sequence[bytes]) -> VerificationReport:
    """Check every signature of ``pdf`` against ``trust_roots_pem``; never raises.

    No revocation checking: the demo CA publishes no CRL or OCSP, so the validation context
    never fetches anything (``allow_fetching=False``) and uses ``revocation_mode="soft-fail"``.
    Deployments with a real CA (e.g. Ban Cơ yếu Chính phủ) should add revocation data.

    ``altered`` is true when the file cannot be parsed, when signed bytes changed, when a later
    revision made a disallowed change, or when bytes were appended after the last signature.
    """
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception:  # noqa: BLE001 - a damaged file is reported, not raised
        return VerificationReport(signatures=(), altered=True, ok=False)
    checked = [_report(sig, trust_roots_pem) for sig in embedded]
    reports = tuple(report for report, _ in checked)
    altered = (
        any(not report.intact or not changes_allowed for report, changes_allowed in checked)
        or bool(reports and not reports[-1].covers_whole_file)
    )
    ok = (
        bool(reports)
        and not altered
        and all(r.intact and r.valid and r.trusted and r.problem is None for r in reports)
    )
    return VerificationReport(signatures=reports, altered=altered, ok=ok)
