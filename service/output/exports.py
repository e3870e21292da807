"""Registers as files: the outgoing register (sổ đăng ký văn bản đi) as CSV (UTF-8 with BOM, for Excel) and XLSX,
and any table of labelled columns as CSV (the incoming registers). No cell is ever read as a formula."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from openpyxl import Workbook

from service.clock import to_vn
from service.domain.registers import OUTGOING_COLUMNS
from service.store.documents import OutgoingRegisterEntry

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(entry: OutgoingRegisterEntry, key: str) -> object:
    v = entry.note_text if key == "note" else getattr(entry, key)
    if key == "issue_date":
        return v.strftime("%d/%m/%Y")
    if key == "dispatched_at":
        return to_vn(v).strftime("%d/%m/%Y %H:%M") if v else ""
    if v is None:
        return ""
    if isinstance(v, str):
        v = v.replace("\n", "; ") if key == "recipients_text" else v
        # A cell must never be read as a formula by a spreadsheet (CSV/formula injection).
        return "'" + v if v.startswith(_FORMULA_START) else v
    return v


def outgoing_csv(rows: Iterable[OutgoingRegisterEntry], footer: str | None = None) -> bytes:
    """CSV with a UTF-8 byte order mark (Excel then reads Vietnamese correctly) and the Phụ lục IV headers;
    the footer (the audit chain's digest of the day), if any, is the last line after an empty one."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["STT"] + [label for _, label in OUTGOING_COLUMNS])
    for i, e in enumerate(rows, start=1):
        w.writerow([i] + [_cell(e, key) for key, _ in OUTGOING_COLUMNS])
    if footer:
        w.writerow([])
        w.writerow([_csv_safe(footer)])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def outgoing_xlsx(rows: Iterable[OutgoingRegisterEntry], footer: str | None = None) -> bytes:
    """An XLSX workbook with the sheet 'Sổ văn bản đi' (every cell text or a number, never a formula) and,
    if a footer (the audit chain's digest of the day) is given, a last sheet 'Mã kiểm tra' holding it."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Sổ văn bản đi")
    ws.append(["STT"] + [label for _, label in OUTGOING_COLUMNS])
    for i, e in enumerate(rows, start=1):
        ws.append([i] + [_cell(e, key) for key, _ in OUTGOING_COLUMNS])
    if footer:
        wb.create_sheet("Mã kiểm tra").append([_csv_safe(footer)])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def to_csv(columns: tuple[tuple[str, str], ...], rows: list[dict]) -> str:
    """CSV with the Vietnamese column labels; a BOM so spreadsheet programs read UTF-8."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([label for _k, label in columns])
    for r in rows:
        w.writerow(["" if r.get(k) is None else _csv_safe(str(r.get(k))) for k, _label in columns])
    return "\ufeff" + buf.getvalue()


def _csv_safe(value: str) -> str:
    """Neutralise spreadsheet formulas (CSV injection)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def table_xlsx(columns: tuple[tuple[str, str], ...], rows: list[dict], sheet: str) -> bytes:
    """Any table of labelled columns (the incoming registers) as an XLSX workbook of one sheet; text cells that
    look like formulas are neutralised, numbers stay numbers."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet[:31])
    ws.append([label for _k, label in columns])
    for r in rows:
        ws.append(["" if r.get(k) is None else (r[k] if isinstance(r[k], int) and not isinstance(r[k], bool)
                                                else _csv_safe(str(r[k]))) for k, _label in columns])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
