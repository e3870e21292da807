"""The directory as a file (danh bạ): organizations, units and people with their roles, read and written here in
one format, so that an export imports back unchanged.

XLSX: the sheets "Cơ quan", "Đơn vị" and "Cán bộ" (any other sheet, such as the template's "Hướng dẫn", is
ignored), each with a header row of Vietnamese column names. CSV (UTF-8, with or without BOM; comma, semicolon or
tab): the three sheets stacked in one table whose first column "Loại" says which sheet a row belongs to (CQ, ĐV,
CB); a row fills only its own sheet's columns.

Reading is defensive: size and row limits, only a real XLSX (a zip with a workbook, no macros, bounded unpacked
size, read with openpyxl read_only/data_only so no formula is evaluated) or UTF-8 text; anything else is a 4xx
with a Vietnamese message. No cell is ever written as a formula (a leading = + - @ gets an apostrophe, which
reading removes again).
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from service.domain.text import nfc, search_key
from service.errors import PayloadTooLarge, ValidationFailed

MAX_BYTES = 2_000_000
MAX_ROWS = 5000
MAX_COLUMNS = 30
MAX_UNPACKED = 40 * 1024 * 1024
MAX_CELL = 1000
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    required: bool = True


@dataclass(frozen=True)
class Sheet:
    kind: str
    title: str
    code: str  # the value of "Loại" in a CSV
    columns: tuple[Column, ...]

    def header_of(self, name: str | None) -> str | None:
        return next((c.header for c in self.columns if c.field == name), None)


ORGS = Sheet("org", "Cơ quan", "CQ", (
    Column("code", "Mã"), Column("name", "Tên"), Column("abbrev", "Viết tắt"),
    Column("system", "Hệ thống (PARTY/STATE)"), Column("org_type", "Loại tổ chức"),
    Column("header_superior", "Cơ quan chủ quản", False), Column("place_name", "Địa danh"),
    Column("parent", "Cơ quan cấp trên", False)))
UNITS = Sheet("unit", "Đơn vị", "ĐV", (Column("org", "Cơ quan"), Column("code", "Mã"), Column("name", "Tên")))
PEOPLE = Sheet("person", "Cán bộ", "CB", (
    Column("username", "Tên đăng nhập"), Column("full_name", "Họ và tên"), Column("org", "Cơ quan"),
    Column("unit", "Đơn vị", False), Column("position", "Chức vụ", False), Column("roles", "Vai trò", False)))
SHEETS = (ORGS, UNITS, PEOPLE)
KIND_HEADER = "Loại"
# The CSV's columns: "Loại", then every header of the three sheets once, in the order of the sheets.
CSV_HEADERS = [KIND_HEADER] + list(dict.fromkeys(c.header for s in SHEETS for c in s.columns))


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None
    column: str | None
    message: str


@dataclass
class FileRow:
    sheet: Sheet
    row: int
    values: dict[str, str | None]  # the sheet's columns present in the file (field -> text or None)


@dataclass
class ParsedFile:
    format: str  # "xlsx" | "csv"
    sha256: str
    rows: list[FileRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _key(header: str) -> str:
    """A header compared without the part in brackets, case and diacritics ("Hệ thống" = "He thong (PARTY/STATE)")."""
    return search_key(re.sub(r"\(.*?\)", " ", header))


def _unreadable(message: str) -> ValidationFailed:
    return ValidationFailed(message, code="unreadable_file")


# --------------------------------------------------------------------------- reading


def read(data: bytes) -> ParsedFile:
    """The rows of a directory file; problems of a header or a cell are listed, an unreadable file is refused."""
    if len(data) > MAX_BYTES:
        raise PayloadTooLarge(f"Tệp quá lớn: tối đa {MAX_BYTES // 1_000_000} MB.")
    if not data.strip():
        raise _unreadable("Tệp rỗng.")
    parsed = ParsedFile("xlsx" if data[:4] == b"PK\x03\x04" else "csv", hashlib.sha256(data).hexdigest())
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise _unreadable("Tệp Excel 97-2003 (.xls) không được hỗ trợ: hãy lưu lại thành .xlsx hoặc CSV UTF-8.")
    tables = _xlsx_tables(data) if parsed.format == "xlsx" else _csv_tables(data)
    for sheet, rows in tables:
        _read_table(parsed, sheet, rows)
    if len(parsed.rows) > MAX_ROWS:
        raise _unreadable(f"Tệp có quá {MAX_ROWS} dòng dữ liệu; hãy chia thành nhiều tệp.")
    if not parsed.rows and not parsed.problems:
        raise _unreadable("Tệp không có dòng dữ liệu nào trong các trang “Cơ quan”, “Đơn vị”, “Cán bộ”.")
    return parsed


def _check_zip(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            names = {i.filename for i in infos}
            if "xl/workbook.xml" not in names:
                raise _unreadable("Tệp không phải bảng tính XLSX.")
            if any(n.lower().endswith("vbaproject.bin") for n in names) or \
                    b"macroEnabled" in z.read("[Content_Types].xml"):
                raise _unreadable("Tệp có macro (.xlsm) không được nhận: hãy lưu lại thành .xlsx thường.")
            if len(infos) > 200 or sum(i.file_size for i in infos) > MAX_UNPACKED:
                raise _unreadable("Tệp XLSX giải nén ra quá lớn.")
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, NotImplementedError) as exc:
        raise _unreadable("Tệp XLSX bị hỏng hoặc không đúng định dạng.") from exc


def _xlsx_tables(data: bytes) -> list[tuple[Sheet, list]]:
    _check_zip(data)
    by_title = {_key(s.title): s for s in SHEETS}
    out = []
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # noqa: BLE001 - any failure of a hostile file is "cannot read", never a 500
        raise _unreadable("Tệp XLSX bị hỏng hoặc không đúng định dạng.") from exc
    try:
        for ws in wb.worksheets:
            sheet = by_title.get(_key(str(ws.title)))
            if sheet is None:
                continue
            rows = []
            for n, values in enumerate(ws.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True), start=1):
                if any(_text(v) for v in values):
                    rows.append((n, values))
                    if len(rows) > MAX_ROWS + 1:
                        raise _unreadable(f"Tệp có quá {MAX_ROWS} dòng dữ liệu; hãy chia thành nhiều tệp.")
                elif n > 5 * MAX_ROWS:  # a sheet that claims a million empty rows
                    break
            out.append((sheet, rows))
    except ValidationFailed:
        raise
    except Exception as exc:  # noqa: BLE001 - as above
        raise _unreadable("Tệp XLSX bị hỏng hoặc không đúng định dạng.") from exc
    finally:
        wb.close()
    return out


def _csv_tables(data: bytes) -> list[tuple[Sheet | None, list]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _unreadable("Tệp không phải XLSX, cũng không phải CSV UTF-8 (trong Excel: Lưu thành “CSV UTF-8”)."
                          ) from None
    if "\x00" in text:
        raise _unreadable("Tệp không phải XLSX, cũng không phải CSV văn bản.")
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    try:
        rows = []
        for n, values in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
            if any(v.strip() for v in values):
                rows.append((n, values[:MAX_COLUMNS]))
                if len(rows) > MAX_ROWS + 1:
                    raise _unreadable(f"Tệp có quá {MAX_ROWS} dòng dữ liệu; hãy chia thành nhiều tệp.")
    except csv.Error as exc:
        raise _unreadable("Tệp CSV không đúng cú pháp (dấu ngoặc kép chưa đóng, ô quá dài…).") from exc
    return [(None, rows)]


def _text(v) -> str | None:
    if v is None:
        return None
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    elif isinstance(v, datetime):
        v = v.date() if v.time() == datetime.min.time() else v
    if isinstance(v, date):
        v = v.isoformat()
    s = nfc(str(v)).strip()
    if s[:1] == "'" and s[1:2] in _FORMULA_START:
        s = s[1:]
    return s or None


def _read_table(parsed: ParsedFile, sheet: Sheet | None, rows: list) -> None:
    """One XLSX sheet (`sheet`) or the CSV (`sheet` None: each row's "Loại" names it)."""
    title = sheet.title if sheet else "CSV"
    if not rows:
        return
    header_row, header_values = rows[0]
    headers = [_text(h) for h in header_values]
    known = {_key(c.header): c.header for s in SHEETS for c in s.columns} if sheet is None else \
        {_key(c.header): c.header for c in sheet.columns}
    if sheet is None:
        known[_key(KIND_HEADER)] = KIND_HEADER
    index: dict[str, int] = {}
    for i, h in enumerate(headers):
        if h is None:
            continue
        name = known.get(_key(h))
        if name is None:
            parsed.problems.append(Problem(title, header_row, h, "Cột không có trong mẫu (xem trang “Hướng dẫn” của tệp mẫu)."))
        elif name in index:
            parsed.problems.append(Problem(title, header_row, h, "Cột bị lặp lại."))
        else:
            index[name] = i
    if sheet is None and KIND_HEADER not in index:
        parsed.problems.append(Problem(title, header_row, KIND_HEADER, "Tệp CSV cần cột đầu tiên “Loại” (CQ, ĐV hoặc CB)."))
        return
    sheets = [sheet] if sheet else list(SHEETS)
    complete = {}
    for s in sheets:
        missing = [c.header for c in s.columns if c.required and c.header not in index]
        complete[s.kind] = not missing
        for h in missing if sheet else []:
            parsed.problems.append(Problem(title, header_row, h, "Thiếu cột bắt buộc."))
    by_code = {search_key(s.code): s for s in SHEETS} | {_key(s.title): s for s in SHEETS}
    for n, values in rows[1:]:
        cells = {name: (values[i] if i < len(values) else None) for name, i in index.items()}
        texts = {name: _text(v) for name, v in cells.items()}
        if not any(texts.values()):
            continue
        row_sheet = sheet
        if sheet is None:
            kind = texts.pop(KIND_HEADER)
            row_sheet = by_code.get(search_key(kind or ""))
            if row_sheet is None:
                parsed.problems.append(Problem(title, n, KIND_HEADER, f"“{kind or ''}” không phải CQ, ĐV hoặc CB."))
                continue
            if not complete[row_sheet.kind]:
                missing = [c.header for c in row_sheet.columns if c.required and c.header not in index]
                parsed.problems.append(Problem(title, n, None, "Thiếu cột bắt buộc: " + ", ".join(missing) + "."))
                continue
            own = {c.header for c in row_sheet.columns}
            for name, t in texts.items():
                if t and name not in own:
                    parsed.problems.append(Problem(title, n, name, f"Cột này không dùng cho dòng loại {row_sheet.code}; "
                                                                   "hãy để trống."))
        elif not complete[sheet.kind]:
            continue
        bad = [c.header for c in row_sheet.columns if c.header in texts and texts[c.header]
               and (_CONTROL.search(texts[c.header]) or len(texts[c.header]) > MAX_CELL)]
        for h in bad:
            parsed.problems.append(Problem(title, n, h, "Ô có ký tự điều khiển hoặc quá dài."))
        parsed.rows.append(FileRow(row_sheet, n, {c.field: (None if c.header in bad else texts[c.header])
                                                  for c in row_sheet.columns if c.header in index}))


# --------------------------------------------------------------------------- writing


def _safe(v) -> str:
    s = "" if v is None else str(v)
    return "'" + s if s.startswith(_FORMULA_START) else s


def write_xlsx(rows: dict[str, list[dict]], guide: list[list[str]] | None = None) -> bytes:
    """A workbook with the three sheets (kind -> rows as field -> value) and, when given, a "Hướng dẫn" sheet."""
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in SHEETS:
        ws = wb.create_sheet(sheet.title)
        ws.append([c.header for c in sheet.columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for r in rows.get(sheet.kind, []):
            ws.append([_safe(r.get(c.field)) for c in sheet.columns])
        for i, c in enumerate(sheet.columns):
            ws.column_dimensions[chr(ord("A") + i)].width = max(14, len(c.header) + 4)
        ws.freeze_panes = "A2"
    if guide:
        ws = wb.create_sheet("Hướng dẫn")
        for line in guide:
            ws.append([_safe(x) for x in line])
        ws.column_dimensions["A"].width = 28
        ws.column_dimensions["B"].width = 100
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def write_csv(rows: dict[str, list[dict]]) -> bytes:
    """One CSV (UTF-8 with BOM, for Excel): "Loại" and the union of the sheets' columns."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(CSV_HEADERS)
    for sheet in SHEETS:
        for r in rows.get(sheet.kind, []):
            by_header = {c.header: r.get(c.field) for c in sheet.columns}
            w.writerow([sheet.code] + [_safe(by_header.get(h)) for h in CSV_HEADERS[1:]])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
