"""Document content checks: V2, V11, V12, V13, V14/V15 vocabularies,
V18, V22 (domain.md §3, §5, §8)."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from .errors import Violation
from .kinds import KINDS, PARTY, STATE, SYSTEMS
from .recipients import PURPOSES, ArchiveLine, RecipientLine
from .text import nfc, normalize_text

__all__ = ["DocumentContent", "URGENCIES", "SECRECIES", "URGENCY_LABELS", "SECRECY_LABELS",
           "SUBJECT_MAX", "validate_content", "validate_for_signing", "ORG_TYPES", "KIND_MATRIX",
           "COLLECTIVE_ONLY", "ORG_TYPE_ALIASES", "check_kind_allowed", "kinds_allowed", "matrix_row", "content_hash", "check_unchanged_after_signing",
           "check_org_signature_allowed", "subject_line"]

URGENCIES = ("HOA_TOC", "THUONG_KHAN", "KHAN")
SECRECIES = ("MAT", "TOI_MAT", "TUYET_MAT")
URGENCY_LABELS = {"HOA_TOC": "Hỏa tốc", "THUONG_KHAN": "Thượng khẩn", "KHAN": "Khẩn"}
SECRECY_LABELS = {"MAT": "Mật", "TOI_MAT": "Tối mật", "TUYET_MAT": "Tuyệt mật"}
SUBJECT_MAX = 500


@dataclass(frozen=True)
class DocumentContent:
    """What the signer approves: everything that must not change after
    signing (V22).  ``subject`` is the trích yếu (for công văn without the
    "V/v " prefix, which ``subject_line`` adds); ``copies`` the number of
    copies issued (None = not yet decided)."""

    system: str
    kind: str
    subject: str
    preamble: str
    body: str
    recipients: tuple[RecipientLine, ...]
    archive: ArchiveLine | None
    copies: int | None
    urgency: str | None
    secrecy: str | None


def subject_line(kind: str, subject: str) -> str:
    """The printed trích yếu: "V/v …" for công văn, the subject otherwise."""
    s = normalize_text(subject)
    if normalize_text(kind) == "CV" and not s.startswith("V/v"):
        return f"V/v {s}"
    return s


def validate_content(c: DocumentContent) -> list[Violation]:
    """Field checks usable while drafting; [] if none fails.

    system known (V1); kind known and issued by the system (V2); subject
    present when the kind has one and at most SUBJECT_MAX characters
    (V12); recipient purposes in PURPOSES and texts non-empty (V12);
    copies ≥ 1 when given (V13); urgency in URGENCIES (V15); secrecy in
    SECRECIES (V14).
    """
    out: list[Violation] = []
    if c.system not in SYSTEMS:
        out.append(Violation("V1", "system", f"Hệ thống văn bản \"{c.system}\" không hợp lệ (PARTY hoặc STATE)."))
    k = KINDS.get(normalize_text(c.kind))
    if k is None:
        out.append(Violation("V2", "kind", f"Tên loại văn bản: mã \"{c.kind}\" không có trong danh mục."))
    elif c.system in SYSTEMS and c.system not in k.systems:
        sys_vi = "văn bản của Đảng" if c.system == PARTY else "văn bản nhà nước"
        out.append(Violation("V2", "kind", f"Tên loại văn bản: {k.name_vi} (\"{k.code}\") không dùng cho {sys_vi}."))
    subject = normalize_text(c.subject)
    if (k is None or k.has_subject) and not subject:
        out.append(Violation("V12", "subject", "Trích yếu nội dung: bắt buộc, không được để trống."))
    if len(subject) > SUBJECT_MAX:
        out.append(Violation("V12", "subject", f"Trích yếu nội dung: dài {len(subject)} ký tự, tối đa {SUBJECT_MAX} ký tự."))
    for i, r in enumerate(c.recipients):
        if r.purpose not in PURPOSES:
            out.append(Violation("V12", f"recipients[{i}].purpose", f"Nơi nhận (dòng {i + 1}): mục đích gửi \"{r.purpose}\" không hợp lệ."))
        if not normalize_text(r.text):
            out.append(Violation("V12", f"recipients[{i}].text", f"Nơi nhận (dòng {i + 1}): tên nơi nhận không được để trống."))
    if c.copies is not None and c.copies < 1:
        out.append(Violation("V13", "copies", "Số lượng bản: phải lớn hơn 0."))
    if c.urgency is not None and c.urgency not in URGENCIES:
        out.append(Violation("V15", "urgency", f"Độ khẩn: \"{c.urgency}\" không hợp lệ; chỉ dùng Hỏa tốc, Thượng khẩn, Khẩn."))
    if c.secrecy is not None and c.secrecy not in SECRECIES:
        out.append(Violation("V14", "secrecy", f"Độ mật: \"{c.secrecy}\" không hợp lệ; chỉ dùng Mật, Tối mật, Tuyệt mật."))
    return out


def validate_for_signing(c: DocumentContent) -> list[Violation]:
    """All of ``validate_content`` plus, before signing:
    V12 body present, at least one recipient (Nơi nhận), a Lưu line with at
    least one unit; V13 copies ≥ number of recipient lines when copies is
    given (each line counts as at least one copy)."""
    out = validate_content(c)
    if not normalize_text(c.body):
        out.append(Violation("V12", "body", "Nội dung văn bản: bắt buộc, không được để trống."))
    if not c.recipients:
        out.append(Violation("V12", "recipients", "Nơi nhận: phải có ít nhất một nơi nhận."))
    if c.archive is None or not c.archive.units:
        out.append(Violation("V12", "archive", "Nơi nhận: thiếu dòng \"Lưu\" (Văn thư và đơn vị soạn thảo)."))
    if c.copies is not None and c.copies < len(c.recipients):
        out.append(Violation("V13", "copies", f"Số lượng bản: {c.copies} bản ít hơn số nơi nhận ({len(c.recipients)})."))
    return out


# --- V11: who may issue which kind (data; domain.md §1 "Authority matrix", [I]/[U]) -------
# Party bodies by level (QĐ 66 / 399, chapter on thẩm quyền ban hành, as summarised in domain.md §1 [U]); our
# reading, marked [I]: Cương lĩnh and Điều lệ come from the national congress, Chiến lược and Tuyên bố from the
# Trung ương; an advisory body (ban tham mưu, văn phòng, ban chỉ đạo) issues no Nghị quyết, Chỉ thị, Kết luận,
# Thông tri, Thông cáo, Lời kêu gọi or Quy hoạch: those are the cấp ủy's own, which the ban prepares.
_PARTY_ALL = frozenset(code for code, k in KINDS.items() if PARTY in k.systems)
_STATE_ALL = frozenset(code for code, k in KINDS.items() if STATE in k.systems)
_CAP_UY = _PARTY_ALL - {"CL", "ĐL", "ChL", "TBo"}
_ADVISORY = _CAP_UY - {"NQ", "CT", "KL", "TT", "TC", "LKG", "QH"}
KIND_MATRIX: dict[str, frozenset[str]] = {
    # Ban Chấp hành Trung ương, Bộ Chính trị, Ban Bí thư (and the national congress): every Party kind.
    "TW": _PARTY_ALL,
    # Cấp ủy from cấp trên cơ sở upward (e.g. Đảng ủy Chính phủ, tỉnh ủy, huyện ủy).
    "DANG_UY": _CAP_UY,
    # Grassroots đảng ủy: no chỉ thị, no thông tri.
    "DANG_UY_CO_SO": _CAP_UY - {"CT", "TT"},
    # Chi bộ: no quy chế/quy định-type, normative or guiding kinds.
    "CHI_BO": frozenset({"NQ", "QĐ", "BC", "KH", "CTr", "TB", "TTr", "CV", "BB", "GM", "GGT"}),
    # Advisory bodies of a cấp ủy (ban tham mưu such as BTGDV, văn phòng cấp ủy).
    "BAN_DANG": _ADVISORY,
    "BAN_CHI_DAO": _ADVISORY,
    "UBKT": _CAP_UY - {"CT", "TT", "KL", "TC", "LKG", "QH"},
    # Đảng đoàn, ban cán sự đảng: lead through resolutions and decisions, no chỉ thị/thông tri to lower levels.
    "DANG_DOAN": _CAP_UY - {"CT", "TT", "TC", "LKG"},
    # State bodies: the administrative kinds of NĐ 30 Art. 7; Nghị định only by the Government.
    "STATE_BODY": _STATE_ALL - {"NĐ"},
    "CHINH_PHU": _STATE_ALL,
}
# Organization types as administrators record them -> their row of the matrix.
ORG_TYPE_ALIASES: dict[str, str] = {
    "TINH_UY": "DANG_UY", "THANH_UY": "DANG_UY", "HUYEN_UY": "DANG_UY", "QUAN_UY": "DANG_UY",
    "BAN_TW": "BAN_DANG", "BAN_TINH_UY": "BAN_DANG", "BAN_HUYEN_UY": "BAN_DANG", "VAN_PHONG_CAP_UY": "BAN_DANG",
    "BAN_CAN_SU": "DANG_DOAN", "BO": "STATE_BODY", "UBND": "STATE_BODY", "SO": "STATE_BODY",
}
ORG_TYPES = tuple(KIND_MATRIX) + tuple(ORG_TYPE_ALIASES)
# (org_type, kind) -> the collective through which alone that kind is issued.
COLLECTIVE_ONLY: dict[tuple[str, str], str] = {
    ("DANG_UY_CO_SO", "HD"): "BAN THƯỜNG VỤ",
}
_COLLECTIVE_VI = {"BAN THƯỜNG VỤ": "Ban Thường vụ"}
_ORG_TYPE_VI = {"TW": "Trung ương", "DANG_UY": "cấp ủy", "DANG_UY_CO_SO": "đảng ủy cơ sở", "CHI_BO": "chi bộ",
                "BAN_DANG": "ban tham mưu, giúp việc của cấp ủy", "BAN_CHI_DAO": "ban chỉ đạo",
                "UBKT": "ủy ban kiểm tra", "DANG_DOAN": "đảng đoàn, ban cán sự đảng",
                "STATE_BODY": "cơ quan nhà nước", "CHINH_PHU": "Chính phủ"}


def matrix_row(org_type: str) -> str:
    """The matrix row an organization type reads (its alias resolved)."""
    t = normalize_text(org_type or "").upper()
    return ORG_TYPE_ALIASES.get(t, t)


def kinds_allowed(org_type: str) -> frozenset[str] | None:
    """Kind codes an organization of ``org_type`` may issue; None when the type is not in the matrix."""
    return KIND_MATRIX.get(matrix_row(org_type))


def check_kind_allowed(org_type: str, collective: str | None, kind: str, *, any_collective: bool = False) -> list[Violation]:
    """Rule V11: the issuing body (``org_type``, acting through
    ``collective`` such as "BAN THƯỜNG VỤ", or None) may issue ``kind``
    according to KIND_MATRIX and COLLECTIVE_ONLY.  An org_type missing
    from the matrix is a violation too (the matrix must be configured).
    ``any_collective``: the collective is not known yet (a draft); only the kind is checked."""
    k = normalize_text(kind)
    row = matrix_row(org_type)
    allowed = KIND_MATRIX.get(row)
    name = KINDS[k].name_vi if k in KINDS else k
    if allowed is None:
        return [Violation("V11", "kind", f"Thẩm quyền ban hành: loại tổ chức \"{org_type}\" chưa có trong bảng thẩm quyền "
                          "ban hành; quản trị viên cần chọn loại tổ chức (ví dụ DANG_UY, BAN_DANG, CHI_BO, BO).")]
    if k not in allowed:
        return [Violation("V11", "kind", f"Thẩm quyền ban hành: {_ORG_TYPE_VI.get(row, row)} không được ban hành {name}.")]
    need = COLLECTIVE_ONLY.get((row, k))
    if need is not None and not any_collective and (collective is None or normalize_text(collective).upper() != need):
        return [Violation("V11", "kind", f"Thẩm quyền ban hành: {_ORG_TYPE_VI.get(row, row)} chỉ ban hành {name} "
                          f"thông qua {_COLLECTIVE_VI.get(need, need)}.")]
    return []


# --- V22 / V18 -------------------------------------------------------------
def _canonical(c: DocumentContent) -> dict[str, object]:
    def s(v: str | None) -> str | None:
        return None if v is None else nfc(v)
    return {
        "v": 1,
        "system": s(c.system), "kind": s(c.kind), "subject": s(c.subject),
        "preamble": s(c.preamble), "body": s(c.body),
        "recipients": [[s(r.text), s(r.purpose), s(r.org_code)] for r in c.recipients],
        "archive": None if c.archive is None else {"units": [s(u) for u in c.archive.units], "copies": c.archive.copies},
        "copies": c.copies, "urgency": s(c.urgency), "secrecy": s(c.secrecy),
    }


def content_hash(c: DocumentContent) -> str:
    """SHA-256 hex digest of a canonical JSON form of ``c`` (strings in NFC,
    sorted keys, no whitespace).  Equal for contents that differ only in
    Unicode composition; different for any other change."""
    data = json.dumps(_canonical(c), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def check_unchanged_after_signing(signed_hash: str | None, new_hash: str) -> list[Violation]:
    """Rule V22: once signed (``signed_hash`` not None) the content may not
    change; an edit must create a new version."""
    if signed_hash is None or signed_hash == new_hash:
        return []
    return [Violation("V22", "content", "Văn bản đã ký: không được sửa nội dung; muốn sửa phải tạo phiên bản mới và trình ký lại.")]


def check_org_signature_allowed(has_personal_signature: bool) -> list[Violation]:
    """Rule V18: the organisation's seal / digital signature comes only after
    the competent person's signature."""
    if has_personal_signature:
        return []
    return [Violation("V18", "org_signature", "Chữ ký số của cơ quan, tổ chức (đóng dấu): chỉ thực hiện sau khi người có thẩm quyền đã ký văn bản.")]
