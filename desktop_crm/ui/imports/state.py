"""What the import wizard knows so far, and the worker-side looks at a file that fill it.

The functions at the bottom run on the worker thread (they read the file and the database);
they return plain data only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from desktop_crm.errors import FileProblem
from desktop_crm.io.plan import FIELD_SHEET, KEEP_DATABASE, ImportOptions, ImportPlan, ImportResult

SAMPLES = 3  # example values shown per column
LOOK_ROWS = 60  # rows read to show the columns and guess the header row
PREVIEW_ROWS = 30  # rows of the sheet shown as they look


@dataclass(frozen=True)
class SheetChoice:
    name: str
    visible: bool
    rows: int
    columns: int


@dataclass(frozen=True)
class FileLook:
    """What ``inspect`` says about a file, and whether it is one of our field sheets."""

    path: Path
    format: str
    sheets: tuple[SheetChoice, ...]
    encoding: str | None = None
    field_sheet_at: dt.datetime | None = None  # local time of the export, for a field sheet of ours
    field_sheet_customers: int | None = None
    preview: tuple[tuple[str, ...], ...] = ()  # a field sheet's first rows as they look

    @property
    def is_field_sheet(self) -> bool:
        return self.field_sheet_at is not None

    def first_sheet(self) -> str | None:
        usable = [s for s in self.sheets if s.visible and s.rows > 0] or [s for s in self.sheets if s.rows > 0]
        return usable[0].name if usable else (self.sheets[0].name if self.sheets else None)


@dataclass(frozen=True)
class SheetLook:
    """The columns of one sheet: headers as found, a few example values, and where they would go."""

    sheet: str
    header_row: int  # 0-based
    headers: list[str]
    samples: list[list[str]]  # per column
    guessed_kind: str
    kind: str
    mapping: list[str | None]
    mapping_name: str | None  # a saved mapping whose headers match, applied
    rows_read: int = 0  # rows of the sheet's top that were read (the header row is one of them)
    preview: tuple[tuple[str, ...], ...] = ()  # the sheet's first rows as they look
    first_data: int = 0  # 0-based row of the preview where the data starts


@dataclass
class ImportState:
    path: Path | None = None
    file: FileLook | None = None
    look: SheetLook | None = None
    sheet: str | None = None  # chosen sheet
    kind: str | None = None  # chosen by the user; None = as guessed
    header_row: int | None = None  # chosen by the user (0-based); None = as found
    mapping: list[str | None] = field(default_factory=list)
    mapping_name: str | None = None
    date_order: str | None = None
    phone_region: str | None = None
    currency: str | None = None
    skip_bad_rows: bool = False
    create_managers: bool = False
    conflicts: dict[tuple[int, str], str] = field(default_factory=dict)
    conflict_default: str = KEEP_DATABASE
    plan: ImportPlan | None = None
    result: ImportResult | None = None

    @property
    def is_field_sheet(self) -> bool:
        return self.file is not None and self.file.is_field_sheet

    @property
    def current_kind(self) -> str:
        if self.is_field_sheet:
            return FIELD_SHEET
        if self.look is not None:
            return self.look.kind
        return self.kind or "customers"

    def reset_file(self, path: Path | None) -> None:
        """A new file: everything learnt about the previous one is forgotten."""
        self.__init__()  # type: ignore[misc]
        self.path = path

    def options(self) -> ImportOptions:
        if self.is_field_sheet:
            return ImportOptions(kind=FIELD_SHEET, phone_region=self.phone_region, skip_bad_rows=self.skip_bad_rows,
                                 conflicts=dict(self.conflicts), conflict_default=self.conflict_default)
        look = self.look
        return ImportOptions(
            kind=look.kind if look else self.kind, sheet=look.sheet if look else self.sheet,
            header_row=look.header_row if look else self.header_row,
            mapping={i: key for i, key in enumerate(self.mapping)} if look else None,
            mapping_name=self.mapping_name, date_order=self.date_order, phone_region=self.phone_region,
            currency=self.currency, skip_bad_rows=self.skip_bad_rows, create_managers=self.create_managers)


# ----- worker side ------------------------------------------------------------------------------

def inspect_file(crm, path: Path) -> FileLook:
    """``crm.imports.inspect`` plus the field-sheet identity (worker thread)."""
    from desktop_crm.io import field_sheet

    info = crm.imports.inspect(path)
    meta = field_sheet.recognise(path)
    sheets = tuple(SheetChoice(s.name, bool(s.visible), int(s.rows or 0), int(s.columns or 0)) for s in info.sheets)
    at = None
    preview: tuple[tuple[str, ...], ...] = ()
    if meta is not None:
        at = meta.exported_at.replace(tzinfo=dt.timezone.utc).astimezone().replace(tzinfo=None)
        shown = set(meta.sheets)
        sheets = tuple(s for s in sheets if s.name in shown or s.visible)
        if meta.sheets:
            preview = _preview(crm.imports.grid(path, meta.sheets[0], limit=PREVIEW_ROWS).rows)
    return FileLook(path=Path(path), format=str(info.format), sheets=sheets, encoding=getattr(info, "encoding", None),
                    field_sheet_at=at, field_sheet_customers=meta.customers if meta is not None else None,
                    preview=preview)


def look_at_sheet(crm, path: Path, sheet: str, header_row: int | None, kind: str | None) -> SheetLook:
    """The columns of ``sheet`` as the importer will see them, with suggestions (worker thread).

    Only the top of the sheet is read (``crm.imports.grid``); the header row is found, and the
    column names made, the way ``sources.read_table`` does for the import itself.
    """
    from desktop_crm.io import mapping, sources

    grid = crm.imports.grid(path, sheet, limit=LOOK_ROWS)
    rows = [list(r) for r in grid.rows]
    if not any(any(v not in (None, "") for v in r) for r in rows):
        raise FileProblem(QCoreApplication.translate("imports", "The sheet “{sheet}” of {name} has no rows with "
                                                     "values.").format(sheet=grid.sheet, name=Path(path).name))
    if header_row is None:
        top = sources.find_header_row(rows)
    elif 0 <= header_row < len(rows) and any(v not in (None, "") for v in rows[header_row]):
        top = header_row
    else:
        raise FileProblem(QCoreApplication.translate(
            "imports", "Row {row} of the sheet “{sheet}” is empty, so it cannot be the header row; choose the row "
            "that holds the column names.").format(row=(header_row or 0) + 1, sheet=grid.sheet))
    headers, first_data = sources.column_names(rows, top, grid.merged)
    body = [r for r in rows[first_data:] if any(v not in (None, "") for v in r)]
    width = max([len(headers)] + [_width(r) for r in body])
    headers = headers + [""] * (width - len(headers))
    guessed = mapping.guess_kind(headers)
    chosen = kind or guessed
    fields: list[str | None] | None = None
    name = None
    saved = crm.imports.mapping_for(headers)
    if saved is not None and saved.kind == chosen:
        fields = [saved.columns.get(h) for h in headers]
        name = saved.name
    if fields is None:
        fields = list(mapping.suggest(chosen, headers, body[:50]))
    samples = []
    for index in range(width):
        values = [_cell_text(r[index]) for r in body if index < len(r) and _cell_text(r[index])]
        samples.append(values[:SAMPLES])
    return SheetLook(sheet=grid.sheet, header_row=top, headers=headers, samples=samples, guessed_kind=guessed,
                     kind=chosen, mapping=fields, mapping_name=name, rows_read=len(rows),
                     preview=_preview(rows[:PREVIEW_ROWS]), first_data=first_data)


def _preview(rows: list[list[Any]]) -> tuple[tuple[str, ...], ...]:
    shown = [[_cell_text(v) for v in row] for row in rows[:PREVIEW_ROWS]]
    width = max((_width(r) for r in shown), default=0)
    return tuple(tuple(r[:width]) + ("",) * (width - len(r[:width])) for r in shown)


def _width(row: list[Any]) -> int:
    width = len(row)
    while width and row[width - 1] in (None, ""):
        width -= 1
    return width


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M") if (value.hour or value.minute) else value.strftime("%Y-%m-%d")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()
