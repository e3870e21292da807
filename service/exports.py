"""The outgoing register (sổ đăng ký văn bản đi) as files: CSV (UTF-8 with BOM, for Excel) and XLSX.

Both hold every entry matching the filter (not only one page), read in keyset pages."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import replace
from itertools import chain, islice

from openpyxl import Workbook

from service.clock import to_vn
from service.models import OutgoingRegisterEntry, Person
from service.registers import OUTGOING_COLUMNS, RegisterFilter, outgoing_register

MAX_EXPORT_ROWS = 200_000
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def entries(actor: Person, f: RegisterFilter) -> Iterator[OutgoingRegisterEntry]:
    """Every entry matching `f` (ignoring its cursor), newest first; Forbidden as outgoing_register."""
    cursor = replace(f, before_id=None, limit=500)
    seen = 0
    while seen < MAX_EXPORT_ROWS:
        rows = outgoing_register(actor, cursor)
        yield from rows
        seen += len(rows)
        if len(rows) < cursor.limit:
            return
        cursor = replace(cursor, before_id=rows[-1].id)


def _checked_entries(actor: Person, f: RegisterFilter) -> Iterator[OutgoingRegisterEntry]:
    """entries(), with the access check done before any output is started."""
    it = entries(actor, f)
    first = list(islice(it, 1))  # raises Forbidden here, before a file is begun
    return chain(first, it)


def _cell(entry: OutgoingRegisterEntry, key: str) -> object:
    v = getattr(entry, key)
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


def register_csv(actor: Person, f: RegisterFilter) -> bytes:
    """CSV with a UTF-8 byte order mark (Excel then reads Vietnamese correctly) and the Phụ lục IV headers."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["STT"] + [label for _, label in OUTGOING_COLUMNS])
    for i, e in enumerate(_checked_entries(actor, f), start=1):
        w.writerow([i] + [_cell(e, key) for key, _ in OUTGOING_COLUMNS])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def register_xlsx(actor: Person, f: RegisterFilter) -> bytes:
    """An XLSX workbook with one sheet 'Sổ văn bản đi'; every cell is text or a number, never a formula."""
    rows = _checked_entries(actor, f)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Sổ văn bản đi")
    ws.append(["STT"] + [label for _, label in OUTGOING_COLUMNS])
    for i, e in enumerate(rows, start=1):
        ws.append([i] + [_cell(e, key) for key, _ in OUTGOING_COLUMNS])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
