"""What an import found and would do: issues, conflicts, counts, preview rows, options, results.

Plain data only, so the wizard, the CLI and the tests read the same things.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_crm.errors import CrmError
from desktop_crm.services.changes import Changes

ERROR = "error"
WARNING = "warning"
KEEP_DATABASE = "database"
TAKE_SHEET = "sheet"
FIELD_SHEET = "field_sheet"
PREVIEW_ROWS = 100


@dataclass(frozen=True)
class Issue:
    """One problem with one cell or row: where (as the user sees the sheet) and a sentence."""

    row: int | None  # 1-based row number as the spreadsheet shows it; None for the whole file
    column: str | None  # the column's header (or letter when it has none)
    message: str
    level: str = ERROR

    def __str__(self) -> str:
        where = ", ".join(p for p in (f"row {self.row}" if self.row else None, self.column) if p)
        return f"{where}: {self.message}" if where else self.message

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "level": self.level, "message": self.message}


@dataclass(frozen=True)
class Conflict:
    """A field changed both in the database after a field sheet was exported and in the sheet."""

    row: int
    customer_id: int
    code: str
    name: str
    field: str  # phone, mobile, email, address
    label: str
    exported: str | None
    database: str | None
    sheet: str | None

    @property
    def key(self) -> tuple[int, str]:
        return (self.customer_id, self.field)

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "customer": self.code, "name": self.name, "field": self.field,
                "exported": self.exported, "database": self.database, "sheet": self.sheet}


@dataclass
class Counts:
    new: int = 0  # customers created
    updated: int = 0  # customers changed
    unchanged: int = 0  # rows that change nothing (already there, or nothing new)
    rejected: int = 0  # rows with errors
    skipped: int = 0  # rows left out by a stated rule (e.g. purchase lines without a customer)
    care_events: int = 0
    purchases: int = 0
    contacts: int = 0
    managers: int = 0  # managers created

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


@dataclass
class ImportOptions:
    kind: str | None = None  # customers | purchases | care; None: guessed (field sheets are recognised)
    sheet: str | None = None  # None: the first sheet that holds something
    header_row: int | None = None  # 0-based; None: found
    mapping: Mapping[int, str | None] | None = None  # column index -> field key; None: suggested/saved
    mapping_name: str | None = None  # a saved mapping to use
    date_order: str | None = None  # dmy | mdy | ymd for dates like 03/04/1985
    phone_region: str | None = None  # numbers without +country are read here; None: the team's region
    currency: str | None = None  # purchases whose amounts name no currency
    skip_bad_rows: bool = False
    create_managers: bool = False  # create managers the file names that do not exist yet
    conflicts: Mapping[tuple[int, str], str] = field(default_factory=dict)  # (customer id, field) -> database|sheet
    conflict_default: str = KEEP_DATABASE  # for conflicts without a choice
    today: dt.date | None = None


@dataclass
class PreviewRow:
    row: int
    action: str  # new | update | unchanged | rejected | skipped
    values: dict[str, str]  # field key -> the value as it will be stored, as text


@dataclass
class ImportPlan:
    """Everything an import would do, before it does it."""

    path: Path
    format: str
    sheets: tuple[str, ...]
    sheet: str
    kind: str  # customers | purchases | care | field_sheet
    header_row: int
    headers: list[str]
    mapping: list[str | None]  # field key per column
    rows_total: int = 0
    preview: list[PreviewRow] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    counts: Counts = field(default_factory=Counts)
    unknown_managers: list[str] = field(default_factory=list)
    phone_region: str = ""
    region_hint: str | None = None  # the names suggest another phone region
    mapping_name: str | None = None  # the saved mapping in use
    export_id: str | None = None  # field sheets: the export this sheet came from

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.level == ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.level == WARNING]

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": str(self.path), "sheet": self.sheet, "kind": self.kind, "rows": self.rows_total,
            "counts": self.counts.as_dict(), "errors": [i.as_dict() for i in self.errors],
            "warnings": [i.as_dict() for i in self.warnings], "conflicts": [c.as_dict() for c in self.conflicts],
            "unknown_managers": self.unknown_managers,
            "mapping": {h or f"column {n + 1}": f for n, (h, f) in enumerate(zip(self.headers, self.mapping)) if f},
        }


@dataclass
class ImportResult:
    plan: ImportPlan
    batch_id: int | None  # None for a test import (nothing written)
    written: bool
    changes: Changes = field(default_factory=Changes)
    seconds: float = 0.0


@dataclass(frozen=True)
class BatchRecord:
    id: int
    file_name: str
    kind: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    actor: str | None
    counts: dict[str, Any]
    status: str  # done | undone
    undone_at: dt.datetime | None


@dataclass(frozen=True)
class SavedMapping:
    name: str
    kind: str
    signature: str
    columns: dict[str, str]  # header -> field key


class ImportRejected(CrmError):
    """Rows have errors and bad rows are not skipped: nothing was written."""

    def __init__(self, plan: ImportPlan):
        self.plan = plan
        n = len({i.row for i in plan.errors})
        first = plan.errors[0] if plan.errors else None
        super().__init__(
            f"{n} row{'s' if n != 1 else ''} of {plan.path.name} cannot be imported, so nothing was imported"
            + (f" (first: {first})" if first else "")
            + ". Fix the file, change the column mapping, or choose to skip the bad rows."
        )


__all__ = [
    "BatchRecord", "Conflict", "Counts", "ERROR", "FIELD_SHEET", "ImportOptions", "ImportPlan", "ImportRejected",
    "ImportResult", "Issue", "KEEP_DATABASE", "PREVIEW_ROWS", "PreviewRow", "SavedMapping", "TAKE_SHEET", "WARNING",
]
