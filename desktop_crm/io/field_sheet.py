"""Field sheets: the .xlsx an account manager takes on visits, fills in, and brings back.

Layout (``LAYOUT`` 1) of each data sheet ("Field sheet", or one sheet per manager):

* Row 1 is the header, frozen together with the first two columns (code and name). The
  customer columns have a blue header, the fill-in block a yellow one, the key a grey one.
* Customer columns, locked: ``DETAIL`` (code … open complaints). "Last contact" is a real
  date cell; "Last contact summary" is the latest care event's summary, trimmed.
* The fill-in block, unlocked by column format (so every row of it is editable without a
  cell written per row) and guarded by data validation: ``FILL`` (visit date, kind chosen
  from a list of words, result, next step, next date, new phone/mobile/e-mail/address).
  The phone columns are formatted as text, so Excel keeps typed digits and leading zeros.
* Hidden, locked key columns at the right: customer id and version (``KEYS``).
* The sheet is protected without a password (it guards against slips, not against people);
  formatting columns and rows and the autofilter stay allowed.

A very hidden sheet ``desktop_crm`` says that the workbook is one of ours: a marker, the layout
number, a random export id, the UTC time of the export and, per data sheet, its name and its
column keys in order. An optional "Occasions" sheet lists the coming occasions.

No text can become a formula. The customer rows — the hot loop of an export — are put
together as XML here (``RowsWorksheet``): every text is an inline string, escaped the way
Excel escapes it, so "=…", "+…", "-…", "@…" stay text and no ``<f>`` is ever written. Every
other cell goes through xlsxwriter's ``write_string`` (never ``write``), with
``strings_to_formulas``/``_urls``/``_numbers`` off. xlsxwriter's constant-memory mode copies
text that starts with ``<r>`` and ends with ``</r>`` into the XML unescaped (it takes it for a
rich string it made itself: an XML and formula injection); ``FieldSheetWriter.text`` closes that
gap. The noncharacters U+FFFE/U+FFFF, which XML cannot hold, become U+FFFD. Control characters
(\\x00–\\x1f but tab and newline) are kept as ``_xHHHH_`` escapes, and text that looks like such
an escape gets its underscore escaped (``_x005F_``): Excel and python-calamine give back
exactly the text written; openpyxl leaves the escapes of inline strings as they are.

``recognise`` and ``read_rows`` read a sheet back with python-calamine for the importer.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import xlsxwriter
from python_calamine import CalamineWorkbook
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from desktop_crm.errors import FileProblem
from desktop_crm.models import CareKind

LAYOUT = 1
MARKER = "desktop_crm field sheet"
META_SHEET = "desktop_crm"
DEFAULT_SHEET = "Field sheet"
NO_MANAGER_SHEET = "No manager"
OCCASIONS_SHEET = "Occasions"
MAX_DATA_ROWS = 1_048_575  # an Excel sheet's rows, less the header
SUMMARY_CHARS = 120
DATE_FORMAT = "yyyy-mm-dd"
EXCEL_EPOCH = dt.date(1899, 12, 30).toordinal()  # serial 0 of the 1900 date system (as Excel counts)
PLAUSIBLE_YEARS = range(1990, 2100)  # a typed visit or next date outside these is a slip


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: float
    kind: str = "text"  # text | date | number | kind


DETAIL = (
    Column("code", "Code", 11), Column("name", "Name", 26), Column("company", "Company", 24),
    Column("tier", "Tier", 5), Column("phone", "Phone", 16), Column("mobile", "Mobile", 16),
    Column("email", "E-mail", 26), Column("address", "Address", 34), Column("city", "City", 14),
    Column("manager", "Manager", 18), Column("last_contact", "Last contact", 12, "date"),
    Column("last_summary", "Last contact summary", 42), Column("open_complaints", "Open complaints", 10, "number"),
)
FILL = (
    Column("visit_date", "Visit date", 12, "date"), Column("kind", "Kind", 18, "kind"),
    Column("summary", "Result / summary", 40), Column("next_step", "Next step", 28),
    Column("next_date", "Next date", 12, "date"), Column("new_phone", "New phone", 16),
    Column("new_mobile", "New mobile", 16), Column("new_email", "New e-mail", 26),
    Column("new_address", "New address", 34),
)
KEYS = (Column("customer_id", "Customer id", 10, "number"), Column("version", "Version", 8, "number"))
COLUMNS = DETAIL + FILL + KEYS
COLUMN_KEYS = tuple(c.key for c in COLUMNS)
LABELS = {c.key: c.label for c in COLUMNS}

# What a filled cell becomes in FieldSheetRow.filled, and the exported values handed back.
FILLED_NAMES = {"visit_date": "visit_date", "kind": "kind", "summary": "summary", "next_step": "next_step",
                "next_date": "next_date", "new_phone": "phone", "new_mobile": "mobile", "new_email": "email",
                "new_address": "address"}
EXPORTED_KEYS = ("code", "name", "phone", "mobile", "email", "address")
# Length limits of the customer columns the new values go to (data validation in the sheet).
NEW_VALUE_LIMITS = {"new_phone": 64, "new_mobile": 64, "new_email": 254, "new_address": 300}

# The care kinds a field worker logs, as the words the drop-down shows.
KIND_WORDS = {
    CareKind.CALL: "Call", CareKind.VISIT: "Visit", CareKind.GREETING: "Greeting", CareKind.GIFT: "Gift",
    CareKind.CONGRATULATION: "Congratulation", CareKind.HELP: "Help", CareKind.DISASTER_CARE: "Disaster care",
    CareKind.COMPLAINT_FOLLOW_UP: "Complaint follow-up", CareKind.OTHER: "Other",
}
OCCASION_COLUMNS = (
    Column("code", "Code", 11), Column("name", "Name", 26), Column("occasion", "Occasion", 20),
    Column("title", "Title", 26), Column("person", "Person", 22), Column("date", "Date", 12, "date"),
    Column("days_away", "Days away", 10, "number"), Column("lead_days", "Lead days", 10, "number"),
    Column("lunar_date", "Lunar date", 12),
)

WORKBOOK_OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}
PROTECTION = {"format_columns": True, "format_rows": True, "autofilter": True,
              "select_locked_cells": True, "select_unlocked_cells": True}
HEADER = {"bold": True, "border": 1, "valign": "top"}
DETAIL_FILL, ENTRY_FILL, KEY_FILL = "#DDEBF7", "#FFE699", "#D9D9D9"
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
_FIRST_FILL = len(DETAIL)
_FIRST_KEY = len(DETAIL) + len(FILL)
_LETTERS = tuple(xl_col_to_name(c) for c in range(len(COLUMNS)))


def _norm_word(text: str) -> str:
    return re.sub(r"[\s\-_]+", "_", text.strip().casefold())


_KIND_BY_WORD = {_norm_word(w): k.value for k, w in KIND_WORDS.items()} | {k.value: k.value for k in KIND_WORDS}


def safe_sheet_name(wanted: str, taken: set[str]) -> str:
    """A sheet name Excel accepts (31 characters, none of []:*?/\\, no edge apostrophes), unique
    case-insensitively among ``taken`` (which it joins)."""
    base = _SHEET_NAME_BAD.sub("_", " ".join((wanted or "").split())).strip("' ")[:31].strip("' ") or "Sheet"
    if base.casefold() == "history":  # reserved by Excel
        base = "History_"
    name, n = base, 1
    while name.casefold() in {t.casefold() for t in taken}:
        n += 1
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)].rstrip("' ") + suffix
    taken.add(name)
    return name


# ----- writing ------------------------------------------------------------------------------------

class DataSheet:
    """One data sheet being written: rows go in strictly in order."""

    __slots__ = ("name", "ws", "rows")

    def __init__(self, name: str, ws: "RowsWorksheet"):
        self.name = name
        self.ws = ws
        self.rows = 0


class RowsWorksheet(Worksheet):
    """xlsxwriter's worksheet plus a way to append whole rows of ready-made XML.

    The customer rows of a field sheet are the hot loop of an export: xlsxwriter's own cell
    writer spends about 10 µs on each cell (a million and a half of them for 100,000 customers),
    while the XML of a row can be put together here in a fraction of that. The rows go to the
    constant-memory row file just like xlsxwriter's own; this class keeps its row and dimension
    bookkeeping. It leans on xlsxwriter internals (``fh``, ``previous_row``, ``dim_*`` and
    ``_write_single_row``, as of xlsxwriter 3.3); tests/test_io_field_sheet.py reads the files
    back with openpyxl and python-calamine, so a change there shows.
    """

    FLUSH_ROWS = 1_000  # rows of XML gathered before one write to the row file

    def __init__(self) -> None:
        super().__init__()
        self._raw_first: int | None = None
        self._raw_last = -1
        self._pending: list[str] = []

    def append_row_xml(self, row: int, xml: str) -> None:
        """Append ``<row r=…>…</row>`` for the 0-based ``row``, after every row written before."""
        if self._raw_first is None:
            if not self.constant_memory or row < self.previous_row:
                raise ValueError("rows of XML go after the rows written before, in constant-memory mode")
            self._write_single_row(row)  # writes the pending row (the header) the ordinary way
            self._raw_first = row
        elif row <= self._raw_last:
            raise ValueError("rows of XML must come in order")
        self._raw_last = row
        self._pending.append(xml)
        if len(self._pending) >= self.FLUSH_ROWS:
            self.fh.write("".join(self._pending))
            self._pending.clear()

    def end_row_xml(self, last_col: int) -> None:
        """Write what is pending and record the rows appended (dimensions, the next free row)."""
        if self._raw_first is None:
            return
        self.fh.write("".join(self._pending))
        self._pending.clear()
        first, last = self._raw_first, self._raw_last
        self.previous_row = last + 1
        self.dim_rowmin = first if self.dim_rowmin is None else min(self.dim_rowmin, first)
        self.dim_rowmax = last if self.dim_rowmax is None else max(self.dim_rowmax, last)
        self.dim_colmin = 0 if self.dim_colmin is None else min(self.dim_colmin, 0)
        self.dim_colmax = last_col if self.dim_colmax is None else max(self.dim_colmax, last_col)
        self._raw_first = None


# Text that needs more than copying into <t>: XML specials, control characters (kept as Excel's
# _xHHHH_ escapes), text that looks like such an escape, noncharacters, edge whitespace.
_NEEDS_CARE = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9A-Fa-f]{4}_|^\s|\s$")
_LOOKS_ESCAPED = re.compile(r"(_x[0-9A-Fa-f]{4}_)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")


def _inline_text(ref: str, value: str) -> str:
    """The XML of a text cell holding ``value`` literally (as Excel itself writes such text)."""
    if not _NEEDS_CARE.search(value):
        return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'
    preserve = ' xml:space="preserve"' if value[:1].isspace() or value[-1:].isspace() else ""
    value = value.replace("\ufffe", "\ufffd").replace("\uffff", "\ufffd")
    value = _LOOKS_ESCAPED.sub(r"_x005F\1", value)
    value = _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", value)
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<c r="{ref}" t="inlineStr"><is><t{preserve}>{value}</t></is></c>'


class FieldSheetWriter:
    """Writes one field-sheet workbook row by row with xlsxwriter in constant-memory mode.

    ``add_sheet`` for each data sheet, ``add_customer`` per row, optionally ``add_occasions``,
    then ``close`` (writes the identity sheet and the file) or ``abort`` (removes every temporary
    file xlsxwriter made; the target file is not written).
    """

    def __init__(self, path: str | os.PathLike, *, export_id: str, exported_at: dt.datetime, customers: int = 0):
        self.path = Path(path)
        self.export_id = export_id
        self.exported_at = exported_at
        self.customers = customers
        self.sheets: list[DataSheet] = []
        self.occasions_sheet: str | None = None
        self._taken = {META_SHEET, OCCASIONS_SHEET}
        wb = self._wb = xlsxwriter.Workbook(str(self.path), WORKBOOK_OPTIONS)
        wb.set_properties({"title": "Field sheet", "comments": f"{MARKER}, layout {LAYOUT}, export {export_id}"})
        self._hdr_detail = wb.add_format({**HEADER, "bg_color": DETAIL_FILL})
        self._hdr_fill = wb.add_format({**HEADER, "bg_color": ENTRY_FILL})
        self._hdr_key = wb.add_format({**HEADER, "bg_color": KEY_FILL})
        self._date = wb.add_format({"num_format": DATE_FORMAT})
        self._fill_text = wb.add_format({"locked": False})
        self._fill_digits = wb.add_format({"locked": False, "num_format": "@"})
        self._fill_date = wb.add_format({"locked": False, "num_format": DATE_FORMAT})
        self._date_xf = self._date._get_xf_index()
        self._closed = False

    # --- data sheets ---

    def add_sheet(self, wanted_name: str) -> DataSheet:
        name = safe_sheet_name(wanted_name, self._taken)
        ws = self._wb.add_worksheet(name, worksheet_class=RowsWorksheet)
        for c, col in enumerate(COLUMNS):
            if c >= _FIRST_KEY:
                ws.set_column(c, c, col.width, None, {"hidden": True})
            elif c >= _FIRST_FILL:
                fmt = (self._fill_date if col.kind == "date"
                       else self._fill_digits if col.key in ("new_phone", "new_mobile") else self._fill_text)
                ws.set_column(c, c, col.width, fmt)
            else:
                ws.set_column(c, c, col.width)
            hdr = self._hdr_key if c >= _FIRST_KEY else self._hdr_fill if c >= _FIRST_FILL else self._hdr_detail
            ws.write_string(0, c, col.label, hdr)
        ws.freeze_panes(1, 2)
        ws.protect("", PROTECTION)
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.repeat_rows(0)
        sheet = DataSheet(name, ws)
        self.sheets.append(sheet)
        return sheet

    def add_customer(self, sheet: DataSheet, values: Sequence[Any]) -> None:
        """One customer row: ``values`` in the order of DETAIL then KEYS (15 values). Texts are
        str or None, last contact a date (or None), the counts and keys ints.

        The row's XML is put together here and appended in one piece (see RowsWorksheet): no
        formula can come of it, every text is an inline string.
        """
        sheet.rows += 1
        row = sheet.rows
        r = str(row + 1)
        parts = [f'<row r="{r}">']
        append = parts.append
        for c in range(10):  # code … manager
            v = values[c]
            if v:
                append(_inline_text(_LETTERS[c] + r, v))
        last = values[10]
        if last is not None:
            append(f'<c r="{_LETTERS[10]}{r}" s="{self._date_xf}"><v>{last.toordinal() - EXCEL_EPOCH}</v></c>')
        if values[11]:
            append(_inline_text(_LETTERS[11] + r, values[11]))
        append(f'<c r="{_LETTERS[12]}{r}"><v>{int(values[12])}</v></c>'
               f'<c r="{_LETTERS[_FIRST_KEY]}{r}"><v>{int(values[13])}</v></c>'
               f'<c r="{_LETTERS[_FIRST_KEY + 1]}{r}"><v>{int(values[14])}</v></c></row>')
        sheet.ws.append_row_xml(row, "".join(parts))

    def text(self, ws, row: int, col: int, value: str, cell_format=None) -> None:
        """Write ``value`` as literal text, whatever it looks like (see the module's notes)."""
        if "\ufffe" in value or "\uffff" in value:
            value = value.replace("\ufffe", "\ufffd").replace("\uffff", "\ufffd")
        if value.startswith("<r>") and value.endswith("</r>"):
            # In constant-memory mode xlsxwriter copies such text into the XML as it is (it takes it
            # for a rich string it made itself). Hand it a rich-text run that holds the escaped text;
            # the control-character escapes are still applied once, to the whole run, on output.
            # (write_rich_string would escape those twice.)
            body = value[:30_000].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            ws._write_string(row, col, f'<r><t xml:space="preserve">{body}</t></r>', cell_format)
        else:
            ws._write_string(row, col, value, cell_format)

    def _finish_sheet(self, sheet: DataSheet) -> None:
        ws, last = sheet.ws, sheet.rows
        ws.end_row_xml(len(COLUMNS) - 1)
        ws.autofilter(0, 0, max(last, 1), _FIRST_KEY - 1)
        if last == 0:
            return
        for c, col in enumerate(FILL, start=_FIRST_FILL):
            rule: dict[str, Any]
            if col.kind == "date":
                rule = {"validate": "date", "criteria": "between", "minimum": dt.date(PLAUSIBLE_YEARS[0], 1, 1),
                        "maximum": dt.date(PLAUSIBLE_YEARS[-1], 12, 31), "input_title": col.label,
                        "input_message": "A date, e.g. 2026-11-25", "error_title": col.label,
                        "error_message": "Type a date, e.g. 2026-11-25."}
            elif col.kind == "kind":
                rule = {"validate": "list", "source": list(KIND_WORDS.values()), "input_title": col.label,
                        "input_message": "What was done: choose from the list", "error_title": col.label,
                        "error_message": "Choose one of the words in the list."}
            elif col.key in NEW_VALUE_LIMITS:
                limit = NEW_VALUE_LIMITS[col.key]
                rule = {"validate": "length", "criteria": "<=", "value": limit, "input_title": col.label,
                        "input_message": "Only when it changed; blank = unchanged", "error_title": col.label,
                        "error_message": f"At most {limit} characters."}
            else:
                continue
            ws.data_validation(1, c, last, c, rule)

    # --- occasions ---

    def add_occasions(self, lines: Sequence[Sequence[Any]]) -> None:
        """The "Occasions" sheet; each line in the order of OCCASION_COLUMNS (date as a date)."""
        ws = self._wb.add_worksheet(OCCASIONS_SHEET, worksheet_class=RowsWorksheet)
        self.occasions_sheet = OCCASIONS_SHEET
        for c, col in enumerate(OCCASION_COLUMNS):
            ws.set_column(c, c, col.width)
            self.text(ws, 0, c, col.label, self._hdr_detail)
        ws.freeze_panes(1, 2)
        kinds = [(c, _LETTERS[c], col.kind) for c, col in enumerate(OCCASION_COLUMNS)]
        date_xf = self._date_xf
        for row, line in enumerate(lines, start=1):
            r = str(row + 1)
            parts = [f'<row r="{r}">']
            for c, letter, kind in kinds:
                v = line[c]
                if v is None or v == "":
                    continue
                if kind == "date":
                    parts.append(f'<c r="{letter}{r}" s="{date_xf}"><v>{v.toordinal() - EXCEL_EPOCH}</v></c>')
                elif kind == "number":
                    parts.append(f'<c r="{letter}{r}"><v>{int(v)}</v></c>')
                else:
                    parts.append(_inline_text(letter + r, str(v)))
            parts.append("</row>")
            ws.append_row_xml(row, "".join(parts))
        ws.end_row_xml(len(OCCASION_COLUMNS) - 1)
        ws.autofilter(0, 0, max(len(lines), 1), len(OCCASION_COLUMNS) - 1)

    # --- the end ---

    def close(self) -> None:
        """Write the identity sheet and the file."""
        for sheet in self.sheets:
            self._finish_sheet(sheet)
        meta = self._wb.add_worksheet(META_SHEET)
        lines: list[list[Any]] = [
            ["marker", MARKER], ["layout", LAYOUT], ["export_id", self.export_id],
            ["exported_at", self.exported_at.replace(tzinfo=dt.timezone.utc).isoformat()],
            ["customers", self.customers], ["occasions", self.occasions_sheet or ""],
        ]
        lines += [["sheet", s.name, *COLUMN_KEYS] for s in self.sheets]
        for r, line in enumerate(lines):
            for c, v in enumerate(line):
                if isinstance(v, int):
                    meta.write_number(r, c, v)
                else:
                    self.text(meta, r, c, v)
        meta.very_hidden()
        self._closed = True
        try:
            self._wb.close()
        finally:
            self._remove_temp_files()

    def abort(self) -> None:
        """Give up: close and delete xlsxwriter's temporary row files; nothing is written."""
        if self._closed:
            return
        self._closed = True
        self._wb.fileclosed = True  # never write the workbook from here on
        for ws in self._wb.worksheets():
            try:
                ws._opt_close()
            except Exception:  # noqa: BLE001 - best effort: the files go below anyway
                pass
        self._remove_temp_files()

    def _remove_temp_files(self) -> None:
        for ws in self._wb.worksheets():
            name = getattr(ws, "row_data_filename", None)
            if name:
                fh = getattr(ws, "row_data_fh", None)
                if fh is not None and not fh.closed:
                    fh.close()
                try:
                    os.unlink(name)
                except FileNotFoundError:
                    pass


# ----- reading ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FieldSheetMeta:
    export_id: str
    exported_at: dt.datetime  # naive, UTC (like every time the database keeps)
    layout: int
    sheets: tuple[str, ...]  # the data sheets, in workbook order
    columns: tuple[tuple[str, ...], ...] = ()  # each data sheet's column keys, in order
    customers: int | None = None  # how many customers were exported
    occasions_sheet: str | None = None


@dataclass(frozen=True)
class FieldSheetRow:
    sheet: str
    row: int  # 1-based, as Excel shows it
    customer_id: int  # 0 when the row has no readable key (then ``problems`` says so)
    version: int
    exported: dict[str, Any]  # code, name, phone, mobile, email, address as the sheet holds them
    filled: dict[str, Any]  # the non-empty fill-in cells, converted
    problems: tuple[tuple[str, str], ...] = field(default=())  # (column label, sentence)


def recognise(path: str | os.PathLike) -> FieldSheetMeta | None:
    """The identity of a field sheet this app wrote, or None for any other file (a workbook of
    someone else's, a CSV, a damaged or missing file). Never raises for such files."""
    try:
        wb = CalamineWorkbook.from_path(str(path))
    except Exception:  # noqa: BLE001 - not something calamine can open: not ours
        return None
    try:
        if META_SHEET not in wb.sheet_names:
            return None
        return _parse_meta(wb.get_sheet_by_name(META_SHEET).to_python(skip_empty_area=False))
    except Exception:  # noqa: BLE001 - a damaged identity sheet: not one we can read back
        return None
    finally:
        _close(wb)


def read_rows(path: str | os.PathLike, meta: FieldSheetMeta) -> list[FieldSheetRow]:
    """The rows of the field sheet in which something was filled in, sheet by sheet, in row order."""
    if meta.layout > LAYOUT:
        raise FileProblem(f"{Path(path).name} was written by a newer version of this program (field sheet "
                          f"layout {meta.layout}); update the program to import it.")
    try:
        wb = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # noqa: BLE001 - calamine has several error types; all mean the same here
        raise FileProblem(f"{Path(path).name} cannot be read as a workbook ({exc}).") from exc
    out: list[FieldSheetRow] = []
    try:
        for i, name in enumerate(meta.sheets):
            keys = meta.columns[i] if i < len(meta.columns) else COLUMN_KEYS
            if name not in wb.sheet_names:
                raise FileProblem(f"The sheet “{name}” of the field sheet {Path(path).name} was renamed or removed; "
                                  "give it back its name and import again.")
            out += _sheet_rows(name, keys, _grid(wb.get_sheet_by_name(name)))
    finally:
        _close(wb)
    return out


def _close(wb) -> None:
    close = getattr(wb, "close", None)
    if close is not None:
        try:
            close()
        except Exception:  # noqa: BLE001
            pass


def _parse_meta(rows: list[list[Any]]) -> FieldSheetMeta | None:
    values: dict[str, Any] = {}
    sheets: list[str] = []
    columns: list[tuple[str, ...]] = []
    for line in rows:
        if not line or not isinstance(line[0], str):
            continue
        key = line[0]
        if key == "sheet" and len(line) > 2 and isinstance(line[1], str) and line[1]:
            sheets.append(line[1])
            columns.append(tuple(str(v) for v in line[2:] if v != ""))
        elif len(line) > 1:
            values.setdefault(key, line[1])
    if values.get("marker") != MARKER or not sheets:
        return None
    try:
        layout = int(values["layout"])
        exported_at = dt.datetime.fromisoformat(str(values["exported_at"]))
        export_id = str(values["export_id"]).strip()
    except (KeyError, TypeError, ValueError):
        return None
    if exported_at.tzinfo is not None:
        exported_at = exported_at.astimezone(dt.timezone.utc).replace(tzinfo=None)
    customers = values.get("customers")
    return FieldSheetMeta(
        export_id=export_id, exported_at=exported_at, layout=layout, sheets=tuple(sheets), columns=tuple(columns),
        customers=int(customers) if isinstance(customers, (int, float)) else None,
        occasions_sheet=values.get("occasions") or None,
    )


def _grid(sheet) -> Iterable[list[Any]]:
    """The sheet's rows from row 1, each from column A. Streamed when the sheet starts at A1 (ours
    do: the header is there), so a big sheet is not held whole."""
    if tuple(sheet.start) == (0, 0):
        return sheet.iter_rows()
    return sheet.to_python(skip_empty_area=False)


def _sheet_rows(sheet: str, keys: Sequence[str], rows: Iterable[list[Any]]) -> list[FieldSheetRow]:
    position = {k: i for i, k in enumerate(keys)}
    fill = [(position[k], k) for k in FILLED_NAMES if k in position]
    exported = [(position[k], k) for k in EXPORTED_KEYS if k in position]
    id_col, version_col = position.get("customer_id"), position.get("version")
    out = []
    for index, cells in enumerate(rows):
        if index == 0:  # the header
            continue
        width = len(cells)
        if not any(_present(cells[i]) for i, _ in fill if i < width):
            continue
        filled: dict[str, Any] = {}
        problems: list[tuple[str, str]] = []
        for i, key in fill:
            raw = cells[i] if i < width else None
            if not _present(raw):
                continue
            value, problem = _convert(key, raw)
            if problem:
                problems.append((LABELS[key], problem))
            elif value is not None:
                filled[FILLED_NAMES[key]] = value
        customer_id = _key(cells, id_col)
        version = _key(cells, version_col)
        if customer_id is None:
            problems.append((LABELS["customer_id"], "this row has no customer key (it was added by hand, or the "
                                                    "hidden columns were changed), so it cannot be matched"))
        out.append(FieldSheetRow(
            sheet=sheet, row=index + 1, customer_id=customer_id or 0, version=version or 0,
            exported={k: _text(cells[i]) if i < width else None for i, k in exported},
            filled=filled, problems=tuple(problems),
        ))
    return out


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _key(cells: list[Any], col: int | None) -> int | None:
    if col is None or col >= len(cells):
        return None
    v = cells[col]
    if isinstance(v, bool):
        return None
    if (isinstance(v, int) or (isinstance(v, float) and v.is_integer())) and v > 0:
        return int(v)
    if isinstance(v, str) and v.strip().isdigit():
        return int(v.strip())
    return None


def _convert(key: str, raw: Any) -> tuple[Any, str | None]:
    if key in ("visit_date", "next_date"):
        return _date(raw)
    if key == "kind":
        text = _text(raw)
        kind = _KIND_BY_WORD.get(_norm_word(text)) if text else None
        if kind is None:
            return None, f"“{text}” is not a kind of care; choose one of: {', '.join(KIND_WORDS.values())}"
        return kind, None
    return _text(raw), None


def _text(value: Any) -> str | None:
    """Cell text: strings stripped (blank = None); numbers as digits without '.0'; dates in ISO."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return str(value).strip() or None


_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%d.%m.%Y", "%Y年%m月%d日", "%Y-%m-%d %H:%M",
                 "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")


def _date(value: Any) -> tuple[dt.date | None, str | None]:
    """A typed date: a date cell, an Excel serial number, or text in an unambiguous form."""
    day: dt.date | None = None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        if 0 < value < 2_958_466:  # up to 9999-12-31
            day = dt.date.fromordinal(EXCEL_EPOCH + int(value))
    elif isinstance(value, str):
        day = _date_text(value.strip())
        if day is None and re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", value.strip()):
            return None, (f"“{value.strip()}” can be read two ways (day/month or month/day); "
                          "type it as 2026-11-25")
    if day is None:
        return None, f"“{_text(value)}” is not a date; type it as 2026-11-25"
    if day.year not in PLAUSIBLE_YEARS:
        return None, f"{day.isoformat()} is not a plausible date for a visit"
    return day, None


def _date_text(text: str) -> dt.date | None:
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if match:  # day/month or month/day: only when just one reading is a real date
        a, b, year = (int(g) for g in match.groups())
        readings = set()
        for month, day in ((b, a), (a, b)):
            try:
                readings.add(dt.date(year, month, day))
            except ValueError:
                pass
        if len(readings) == 1:
            return readings.pop()
    return None


__all__ = [
    "COLUMN_KEYS", "COLUMNS", "DETAIL", "FILL", "KEYS", "KIND_WORDS", "LAYOUT", "MARKER", "META_SHEET",
    "FieldSheetMeta", "FieldSheetRow", "FieldSheetWriter", "read_rows", "recognise", "safe_sheet_name",
]
