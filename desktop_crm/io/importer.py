"""Importing customer lists, purchase histories, activity logs and field sheets.

``ImportService.plan()`` reads the file, maps its columns, checks every row and matches it to
the database without writing anything. ``run()`` does the same and then writes everything in
one transaction: a test import (``dry_run``) writes and rolls back, a cancel rolls back, an
error rolls back. Each real import is an ``ImportBatch``; ``undo(batch_id)`` takes it back.

Matching: an existing customer is found by code, else by a normalised phone or mobile number,
else by e-mail. Cells left empty never erase what the database holds.

Records created by an import carry its batch id (customers, contact persons, care events,
purchases); a changed field of an existing customer is written to the audit log with the batch
id and its old value, which is what undo restores. Customers created by an import are not
logged field by field: the batch and their batch id are their history.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import operator
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Connection, and_, delete, func, insert, or_, select, text, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from desktop_crm.errors import CrmError, FileProblem, NotFoundError
from desktop_crm.models import (
    AssignmentRole,
    AuditAction,
    AuditLog,
    CareEvent,
    CareKind,
    ContactPerson,
    Customer,
    CustomerAssignment,
    CustomerCount,
    CustomerSearch,
    ImportBatch,
    Manager,
    Purchase,
    RecordSource,
    Tier,
    TierChange,
    TierChangeReason,
    utcnow,
)
from desktop_crm.services import rhythms, search_index
from desktop_crm.services.changes import Changes
from desktop_crm.services.id_order import Stopped
from desktop_crm.services.search_text import fold

from . import field_sheet, mapping, sources, values
from .plan import (
    ERROR,
    FIELD_SHEET,
    KEEP_DATABASE,
    PREVIEW_ROWS,
    TAKE_SHEET,
    WARNING,
    BatchRecord,
    Conflict,
    ImportOptions,
    ImportPlan,
    ImportRejected,
    ImportResult,
    Issue,
    PreviewRow,
    SavedMapping,
)
from .rows import CareRow, Context, CustomerRow, PurchaseRow, care_row, customer_row, purchase_row

Progress = Callable[[int, int, str], None]
StopCheck = Callable[[], bool]

MAPPINGS_KEY = "import.mappings"
CURRENCY_KEY = "import.currency"
CHUNK = 500  # ids per IN (...) list
WRITE_CHUNK = 5000  # rows per executemany, between progress reports and cancel checks
CHECK_EVERY = 2000
DETAIL_FIELDS = ("phone", "mobile", "email", "address")
DETAIL_LABELS = {"phone": "Phone", "mobile": "Mobile", "email": "E-mail", "address": "Address"}
NO_CUSTOMER_CODE = "no customer"  # the rule name shown for purchase lines without a customer id


@dataclass
class _Work:
    """A plan and what it takes to carry it out."""

    plan: ImportPlan
    new: list[CustomerRow] = field(default_factory=list)
    updates: list[tuple[int, int, dict[str, tuple[Any, Any]]]] = field(default_factory=list)  # id, version, field -> (old, new)
    contacts: list[tuple[int | CustomerRow, dict[str, Any]]] = field(default_factory=list)
    tier_ids: dict[str, int] = field(default_factory=dict)
    managers: dict[str, int | None] = field(default_factory=dict)  # folded name/login -> id (None: to create)
    manager_names: dict[str, str] = field(default_factory=dict)  # folded -> as written
    row_manager: dict[int, str] = field(default_factory=dict)  # id(CustomerRow) or customer id -> folded manager
    purchases: list[tuple[int | CustomerRow, PurchaseRow]] = field(default_factory=list)
    care: list[dict[str, Any]] = field(default_factory=list)  # care_events rows (customer_id set)
    touched: set[int] = field(default_factory=set)  # existing customers something is added to


class ImportService:
    def __init__(self, crm):
        self._crm = crm

    # ----- looking at a file ---------------------------------------------------------------

    def inspect(self, path) -> sources.FileInfo:
        return sources.inspect_file(path)

    def grid(self, path, sheet: str | None = None, limit: int = 40) -> sources.Grid:
        return sources.read_grid(path, sheet, limit=limit)

    def plan(self, path, options: ImportOptions | None = None, *, progress: Progress | None = None,
             should_stop: StopCheck | None = None) -> ImportPlan:
        """Everything the import would do; nothing is written."""
        options = options or ImportOptions()
        with self._crm.session() as s:
            return self._prepare(s, Path(path), options, progress, should_stop).plan

    def run(self, path, options: ImportOptions | None = None, *, dry_run: bool = False,
            progress: Progress | None = None, should_stop: StopCheck | None = None) -> ImportResult:
        """Import the file. Rows with errors stop the import (ImportRejected) unless bad rows are
        skipped; a test import (``dry_run``) does all the work and then rolls it back."""
        options = options or ImportOptions()
        started = time.perf_counter()
        path = Path(path)
        with self._crm.session() as s:
            try:
                work = self._prepare(s, path, options, progress, should_stop)
                plan = work.plan
                if plan.errors and not options.skip_bad_rows:
                    raise ImportRejected(plan)
                batch_id, changes = self._write(s, work, options, progress, should_stop)
                if dry_run:
                    s.rollback()
                    return ImportResult(plan, None, False, Changes(), time.perf_counter() - started)
                s.commit()
            except IntegrityError as exc:
                s.rollback()
                raise CrmError(f"The database changed while {path.name} was being imported (another user saved "
                               "the same customer or record); nothing was imported. Try again.") from exc
            except OperationalError as exc:
                s.rollback()
                raise CrmError(f"{path.name} could not be imported because the database refused the change "
                               f"({exc.orig}); nothing was imported.") from exc
            except BaseException:
                s.rollback()
                raise
        return ImportResult(plan, batch_id, True, changes, time.perf_counter() - started)

    # ----- batches ---------------------------------------------------------------------------

    def batches(self, limit: int = 100) -> list[BatchRecord]:
        with self._crm.session() as s:
            rows = s.scalars(select(ImportBatch).order_by(ImportBatch.id.desc()).limit(limit)).all()
            return [BatchRecord(id=b.id, file_name=b.file_name, kind=b.kind, started_at=b.started_at,
                                finished_at=b.finished_at, actor=b.actor, counts=dict(b.counts or {}),
                                status=b.status, undone_at=b.undone_at) for b in rows]

    def undo(self, batch_id: int) -> Changes:
        """Take an import back: what it created is deleted, what it changed gets its old value.

        Refused (nothing changes) when customers the import created were edited afterwards, since
        deleting them would lose that work. A field the import changed that was changed again
        later keeps its later value.
        """
        with self._crm.session() as s:
            batch = s.get(ImportBatch, batch_id)
            if batch is None:
                raise NotFoundError(f"There is no import number {batch_id}.")
            if batch.status == "undone":
                raise CrmError(f"Import {batch_id} ({batch.file_name}) was already undone on "
                               f"{batch.undone_at:%Y-%m-%d %H:%M}.")
            created = s.execute(select(Customer.id, Customer.version).where(Customer.import_batch_id == batch_id)).all()
            edited = [cid for cid, version in created if version > 1]
            if edited:
                raise CrmError(f"{len(edited)} of the customers import {batch_id} created have been edited since; "
                               "undoing it would delete them with those edits, so nothing was undone.")
            created_ids = [cid for cid, _ in created]
            created_set = set(created_ids)
            conn = s.connection()
            touched: set[int] = set()
            for table in (CareEvent, Purchase, ContactPerson):
                ids = conn.execute(select(table.customer_id).where(table.import_batch_id == batch_id)).scalars()
                touched.update(i for i in ids if i not in created_set)
                conn.execute(delete(table).where(table.import_batch_id == batch_id))
            restored = self._restore_fields(s, batch_id, created_set)
            touched |= restored
            for start in range(0, len(created_ids), CHUNK):
                chunk = created_ids[start:start + CHUNK]
                conn.execute(delete(CustomerSearch).where(CustomerSearch.customer_id.in_(chunk)))
                conn.execute(delete(Customer).where(Customer.id.in_(chunk)))
            if touched:
                _recompute_last_touches(conn, touched)
                search_index.refresh(conn, touched)
                rhythms.refresh(conn, touched - created_set)
            batch.status = "undone"
            batch.undone_at = utcnow()
            s.commit()
        return Changes(customers=frozenset(touched | created_set), customer_list=True, care=True,
                       contacts=frozenset(touched), purchases=frozenset(touched))

    # ----- saved mappings --------------------------------------------------------------------

    def mappings(self) -> list[SavedMapping]:
        stored = self._crm.settings.get(MAPPINGS_KEY, {}) or {}
        return [SavedMapping(name=name, kind=m["kind"], signature=m["signature"], columns=dict(m["columns"]))
                for name, m in sorted(stored.items())]

    def save_mapping(self, name: str, kind: str, headers: Sequence[str], fields: Sequence[str | None]) -> SavedMapping:
        name = (name or "").strip()
        if not name:
            raise CrmError("A saved column mapping needs a name.")
        if kind not in mapping.KINDS:
            raise CrmError(f"'{kind}' is not a kind of import ({', '.join(mapping.KINDS)}).")
        columns = {h: f for h, f in zip(headers, fields) if h and f}
        saved = SavedMapping(name=name, kind=kind, signature=mapping.signature(headers), columns=columns)
        stored = dict(self._crm.settings.get(MAPPINGS_KEY, {}) or {})
        stored[name] = {"kind": kind, "signature": saved.signature, "columns": columns}
        self._crm.settings.set(MAPPINGS_KEY, stored)
        return saved

    def mapping_for(self, headers: Sequence[str]) -> SavedMapping | None:
        """The saved mapping made for a file with these same headers, if any."""
        wanted = mapping.signature(headers)
        return next((m for m in self.mappings() if m.signature == wanted), None)

    # ----- preparing -------------------------------------------------------------------------

    def _prepare(self, s: Session, path: Path, options: ImportOptions, progress, should_stop) -> _Work:
        if options.kind in (None, FIELD_SHEET):
            meta = field_sheet.recognise(path)
            if meta is not None:
                return self._prepare_field_sheet(s, path, meta, options, should_stop)
            if options.kind == FIELD_SHEET:
                raise CrmError(f"{path.name} is not a field sheet exported by this program.")
        try:
            table = sources.read_table(path, options.sheet, header_row=options.header_row,
                                       should_stop=should_stop, progress=progress)
        except FileProblem:
            if options.sheet is not None:
                raise
            # The first sheet is empty: take the first one that holds something.
            info = sources.inspect_file(path)
            usable = [x for x in info.sheets if x.visible and x.rows > 0] or [x for x in info.sheets if x.rows > 0]
            if not usable:
                raise
            table = sources.read_table(path, usable[0].name, header_row=options.header_row,
                                       should_stop=should_stop, progress=progress)
        headers = [h or "" for h in table.headers]
        kind = options.kind or mapping.guess_kind(headers)
        if kind not in mapping.KINDS:
            raise CrmError(f"'{kind}' is not a kind of import ({', '.join(mapping.KINDS)}).")
        fields, mapping_name = self._columns(kind, headers, table.rows, options)
        region = (options.phone_region or self._crm.settings.phone_region(s)).upper()
        plan = ImportPlan(path=path, format=table.format, sheets=_sheet_names(path, table), sheet=table.sheet,
                          kind=kind, header_row=table.header_row, headers=headers, mapping=fields,
                          rows_total=len(table.rows), phone_region=region, mapping_name=mapping_name)
        self._check_mapping(plan)
        tiers = [tuple(r) for r in s.execute(select(Tier.code, Tier.name, Tier.rank).order_by(Tier.rank))]
        currency = (options.currency or self._crm.settings.get(CURRENCY_KEY) or "CNY").upper()
        today = options.today or dt.date.today()
        ctx = Context(headers=headers, mapping=fields, region=region, date_order=options.date_order, tiers=tiers,
                      currency=currency, this_year=today.year)
        interpret = {"customers": customer_row, "purchases": purchase_row, "care": care_row}[kind]
        rows = []
        total = len(table.rows)
        cells_of = table.rows
        for n, number in enumerate(table.row_numbers):
            if n % CHECK_EVERY == 0:
                if should_stop and should_stop():
                    raise Stopped("The import was cancelled; nothing was written.")
                if progress:
                    progress(n, total, "checking")
            rows.append(interpret(ctx, number, cells_of[n]))
            cells_of[n] = None  # the values live on in the interpreted row: keep the peak low
        cells_of.clear()
        work = _Work(plan)
        work.tier_ids = {code: tid for code, tid in s.execute(select(Tier.code, Tier.id))}
        self._load_managers(s, work)
        if kind == "customers":
            names = [r.values.get("name") for r in rows[:200] if r.values.get("name")]
            hint = values.guess_region(names)
            plan.region_hint = hint if hint and hint != region else None
            self._decide_customers(s, work, rows, options)
        elif kind == "purchases":
            self._decide_purchases(s, work, rows)
        else:
            self._decide_care(s, work, rows)
        for r in rows:
            plan.issues.extend(r.issues)
        plan.issues.sort(key=lambda i: (i.row or 0, i.level != ERROR))
        plan.counts.rejected = sum(1 for r in rows if r.rejected)
        if progress:
            progress(total, total, "checking")
        return work

    def _columns(self, kind: str, headers: list[str], rows: list[list[Any]],
                 options: ImportOptions) -> tuple[list[str | None], str | None]:
        if options.mapping is not None:
            fields = [options.mapping.get(i) for i in range(len(headers))]
            return fields, options.mapping_name
        saved = None
        if options.mapping_name:
            saved = next((m for m in self.mappings() if m.name == options.mapping_name), None)
            if saved is None:
                known = ", ".join(m.name for m in self.mappings()) or "none yet"
                raise CrmError(f"There is no saved column mapping named '{options.mapping_name}' (saved: {known}).")
        else:
            saved = self.mapping_for(headers)
            if saved is not None and saved.kind != kind:
                saved = None
        if saved is not None:
            return [saved.columns.get(h) for h in headers], saved.name
        return list(mapping.suggest(kind, headers, rows[:50])), None

    @staticmethod
    def _check_mapping(plan: ImportPlan) -> None:
        known = {f.key for f in mapping.FIELDS[plan.kind]}
        seen: dict[str, int] = {}
        for index, key in enumerate(plan.mapping):
            if key is None:
                continue
            if key not in known:
                raise CrmError(f"'{key}' is not a field of a {plan.kind} import.")
            if key != "custom" and key in seen:
                first = plan.headers[seen[key]] or f"column {seen[key] + 1}"
                again = plan.headers[index] or f"column {index + 1}"
                raise CrmError(f"Two columns are mapped to {mapping.field(plan.kind, key).label}: "
                               f"'{first}' and '{again}'. Map one of them to something else.")
            seen[key] = index
        needs = {
            "customers": ({"name", "surname", "given_name", "company", "code"}, "a name (or a code of an existing customer)"),
            "purchases": ({"customer_code"}, "the customer's code"),
            "care": ({"customer_code", "customer_email", "customer_phone", "customer_name"}, "the customer"),
        }[plan.kind]
        if not needs[0] & seen.keys():
            raise CrmError(f"No column of {plan.path.name} is mapped to {needs[1]}; choose one in the column mapping.")

    def _load_managers(self, s: Session, work: _Work) -> None:
        for mid, login, name in s.execute(select(Manager.id, Manager.login, Manager.name)):
            work.managers.setdefault(fold(login), mid)
            work.managers.setdefault(fold(name), mid)

    def _manager(self, work: _Work, name: str | None, row: int, column: str | None, options_create: bool) -> str | None:
        """The folded key of a manager named in a row; unknown ones are collected for the user."""
        if not name:
            return None
        key = fold(name)
        if key in work.managers:
            return key
        if key not in work.manager_names:
            work.manager_names[key] = name
            work.plan.unknown_managers.append(name)
        if options_create:
            return key
        work.plan.issues.append(Issue(row, column, f"there is no manager '{name}'; the row is imported without a "
                                                   "manager (agree to create the managers the file names to keep them)",
                                      WARNING))
        return None

    # --- customers ---

    def _decide_customers(self, s: Session, work: _Work, rows: list[CustomerRow], options: ImportOptions) -> None:
        plan = work.plan
        conn = s.connection()
        seen: dict[tuple[str, str], int] = {}
        for r in rows:
            if r.rejected:
                continue
            v = r.values
            keys = _identity_keys(v)
            for key in keys:
                first = seen.get(key)
                if first is not None:
                    what = {"code": "code", "phone": "phone number", "email": "e-mail"}[key[0]]
                    r.error(_ctx_for(plan), None, f"the same customer as row {first} (same {what} {key[1]}); "
                                                  f"remove one of the two rows")
                    break
            else:
                for key in keys:
                    seen[key] = r.row
        live = [r for r in rows if not r.rejected]
        matches = _match_existing(conn, live)
        manager_col = _label(plan, "manager")
        existing_fields = sorted({k for r in live for k in r.values} - {"custom_fields"} | {"tier_id", "manager_id"})
        current = _current_values(conn, {m[0] for m in matches.values()}, existing_fields + ["code", "name", "custom_fields"])
        for r in live:
            manager_key = self._manager(work, r.manager, r.row, manager_col, options.create_managers)
            match = matches.get(id(r))
            if match is None:
                if not r.values.get("name"):
                    r.error(_ctx_for(plan), None, "a new customer needs a name, and this row has none")
                    continue
                work.new.append(r)
                if manager_key:
                    work.row_manager[id(r)] = manager_key
                if r.contact:
                    work.contacts.append((r, r.contact))
                    plan.counts.contacts += 1
                plan.counts.new += 1
                self._preview(plan, r, "new")
                continue
            cid, version = match
            now = current[cid]
            diff: dict[str, tuple[Any, Any]] = {}
            for key, value in r.values.items():
                if key == "custom_fields":
                    merged = {**(now.get("custom_fields") or {}), **value}
                    if merged != (now.get("custom_fields") or {}):
                        diff[key] = (now.get("custom_fields"), merged)
                elif key == "code":
                    continue
                elif key == "email" and now.get(key) and now[key].casefold() == value.casefold():
                    continue  # the same address written in other capitals
                elif _differs(now.get(key), value):
                    diff[key] = (now.get(key), value)
            if r.tier_given:
                tier_id = work.tier_ids.get(r.tier_code) if r.tier_code else None
                if tier_id != now.get("tier_id"):
                    diff["tier_id"] = (now.get("tier_id"), tier_id)
            if manager_key:
                mid = work.managers.get(manager_key)
                if mid is None or mid != now.get("manager_id"):
                    diff["manager_id"] = (now.get("manager_id"), mid)
                    work.row_manager[cid] = manager_key
            if r.contact:
                work.contacts.append((cid, r.contact))
                plan.counts.contacts += 1
                work.touched.add(cid)
            if diff:
                work.updates.append((cid, version, diff))
                plan.counts.updated += 1
                self._preview(plan, r, "update")
            else:
                plan.counts.unchanged += 1
                self._preview(plan, r, "unchanged")
        for r in rows:
            if r.rejected:
                self._preview(plan, r, "rejected")

    @staticmethod
    def _preview(plan: ImportPlan, r, action: str) -> None:
        if len(plan.preview) >= PREVIEW_ROWS:
            return
        shown: dict[str, str] = {}
        if isinstance(r, CustomerRow):
            for key, value in r.values.items():
                if value is None or key.endswith("_e164") or key == "birth_leap_month":
                    continue
                shown[key] = _shown(value)
            if r.tier_given and r.tier_code:
                shown["tier"] = r.tier_code
            if r.manager:
                shown["manager"] = r.manager
            if r.contact:
                shown["contact_name"] = r.contact.get("name") or ""
        else:
            for key, value in r.__dict__.items():
                if key in ("row", "issues", "rejected") or value in (None, ""):
                    continue
                shown[key] = _shown(value)
        plan.preview.append(PreviewRow(r.row, action, shown))

    # --- purchases ---

    def _decide_purchases(self, s: Session, work: _Work, rows: list[PurchaseRow]) -> None:
        plan = work.plan
        conn = s.connection()
        no_customer = [r for r in rows if not r.rejected and not r.customer_code]
        if no_customer:
            plan.counts.skipped += len(no_customer)
            shown = ", ".join(str(r.row) for r in no_customer[:10])
            plan.issues.append(Issue(None, _label(plan, "customer_code"),
                                     f"{len(no_customer)} line{'s' if len(no_customer) != 1 else ''} name no customer "
                                     f"(rows {shown}{'…' if len(no_customer) > 10 else ''}); a purchase must belong "
                                     "to a customer, so they were left out", WARNING))
            for r in no_customer[:PREVIEW_ROWS]:
                self._preview(plan, r, "skipped")
        live = [r for r in rows if not r.rejected and r.customer_code]
        # Lines of one invoice are told apart by product and occurrence when the file has no line number.
        occurrences: dict[tuple[str | None, str | None], int] = defaultdict(int)
        for r in live:
            if r.reference is None:
                r.reference = "row-" + hashlib.sha1(
                    f"{r.customer_code}|{r.purchased_on}|{r.product_code}|{r.quantity}|{r.amount}".encode()).hexdigest()[:24]
            if r.line_ref is None:
                occurrences[(r.reference, r.product_code)] += 1
                r.line_ref = f"{r.product_code or ''}#{occurrences[(r.reference, r.product_code)]}"[:64]
        codes = sorted({r.customer_code for r in live})
        known = _ids_by_code(conn, codes)
        existing = _existing_purchase_keys(conn, [(r.reference, r.line_ref) for r in live])
        new_customers: dict[str, CustomerRow] = {}
        for r in live:
            if (r.reference, r.line_ref) in existing:
                plan.counts.unchanged += 1
                self._preview(plan, r, "unchanged")
                continue
            cid = known.get(r.customer_code)
            if cid is None:
                owner = new_customers.get(r.customer_code)
                if owner is None:
                    name = r.customer_name or f"Customer {r.customer_code}"
                    owner = CustomerRow(r.row, values={"code": r.customer_code, "name": name[:200],
                                                       **({"country": r.country} if r.country else {})})
                    new_customers[r.customer_code] = owner
                    work.new.append(owner)
                    plan.counts.new += 1
                    manager_key = self._manager(work, r.manager, r.row, _label(plan, "manager"), False)
                    if manager_key:
                        work.row_manager[id(owner)] = manager_key
                work.purchases.append((owner, r))
            else:
                work.purchases.append((cid, r))
                work.touched.add(cid)
            plan.counts.purchases += 1
            self._preview(plan, r, "new")
        for r in rows:
            if r.rejected:
                self._preview(plan, r, "rejected")

    # --- care events ---

    def _decide_care(self, s: Session, work: _Work, rows: list[CareRow]) -> None:
        plan = work.plan
        conn = s.connection()
        live = [r for r in rows if not r.rejected]
        by_code = _ids_by_code(conn, sorted({r.customer_code for r in live if r.customer_code}))
        by_email = _ids_by_column(conn, Customer.email, sorted({r.customer_email for r in live if r.customer_email}))
        phones = sorted({r.customer_phone for r in live if r.customer_phone})
        by_phone = {**_ids_by_column(conn, Customer.mobile_e164, phones), **_ids_by_column(conn, Customer.phone_e164, phones)}
        names = sorted({r.customer_name for r in live if r.customer_name})
        by_name: dict[str, int | None] = {}
        for start in range(0, len(names), CHUNK):
            for name, cid in conn.execute(select(Customer.name, Customer.id).where(
                    Customer.name.in_(names[start:start + CHUNK]), Customer.deleted_at.is_(None))):
                by_name[name] = None if name in by_name else cid  # a name two customers share identifies nobody
        refs = {}
        for r in live:
            cid = (by_code.get(r.customer_code) or by_email.get(r.customer_email) or by_phone.get(r.customer_phone)
                   or by_name.get(r.customer_name))
            if cid is None:
                who = r.customer_code or r.customer_email or r.customer_phone or r.customer_name
                column = next((_label(plan, k) for k, v in (("customer_code", r.customer_code),
                               ("customer_email", r.customer_email), ("customer_phone", r.customer_phone),
                               ("customer_name", r.customer_name)) if v), None)
                ambiguous = r.customer_name and r.customer_name in by_name and not r.customer_code
                r.error(_ctx_for(plan), None, f"two customers are named '{who}'; add a code column to tell them apart"
                        if ambiguous else f"there is no customer '{who}'; import the customers first")
                if column:
                    r.issues[-1] = Issue(r.row, column, r.issues[-1].message, ERROR)
                continue
            if r.reference:
                ref = f"log:{r.reference}"[:100]
            else:
                ref = "row:" + hashlib.sha1(f"{cid}|{r.happened_at.isoformat()}|{r.kind}|{r.summary}".encode()).hexdigest()[:40]
            refs[id(r)] = (cid, ref)
        existing = _existing_refs(conn, [ref for _, ref in refs.values()])
        seen_refs: set[str] = set()
        for r in live:
            if r.rejected:
                continue
            cid, ref = refs[id(r)]
            if ref in existing or ref in seen_refs:
                plan.counts.unchanged += 1
                self._preview(plan, r, "unchanged")
                continue
            seen_refs.add(ref)
            manager_key = self._manager(work, r.manager, r.row, _label(plan, "manager"), False)
            work.care.append({
                "customer_id": cid, "kind": r.kind, "happened_at": r.happened_at, "channel": r.channel,
                "summary": r.summary, "outcome": r.outcome, "next_step": r.next_step, "next_due": r.next_due,
                "source": RecordSource.IMPORT, "external_ref": ref, "_manager": manager_key,
            })
            work.touched.add(cid)
            plan.counts.care_events += 1
            self._preview(plan, r, "new")
        for r in rows:
            if r.rejected:
                self._preview(plan, r, "rejected")

    # --- field sheets ---

    def _prepare_field_sheet(self, s: Session, path: Path, meta, options: ImportOptions, should_stop) -> _Work:
        sheet_rows = field_sheet.read_rows(path, meta)
        plan = ImportPlan(path=path, format="xlsx", sheets=tuple(meta.sheets), sheet=", ".join(meta.sheets),
                          kind=FIELD_SHEET, header_row=0, headers=[], mapping=[], rows_total=len(sheet_rows),
                          phone_region=(options.phone_region or self._crm.settings.phone_region(s)).upper(),
                          export_id=meta.export_id)
        work = _Work(plan)
        conn = s.connection()
        ids = sorted({r.customer_id for r in sheet_rows})
        current = _current_values(conn, ids, ["code", "name", "version", "deleted_at", "manager_id", *DETAIL_FIELDS])
        existing = _existing_refs(conn, [f"fs:{meta.export_id}:{r.customer_id}" for r in sheet_rows])
        for n, r in enumerate(sheet_rows):
            if n % CHECK_EVERY == 0 and should_stop and should_stop():
                raise Stopped("The import was cancelled; nothing was written.")
            issues: list[Issue] = [Issue(r.row, column, message, ERROR) for column, message in r.problems]
            now = current.get(r.customer_id)
            if now is None or now.get("deleted_at") is not None:
                issues.append(Issue(r.row, "Code", f"customer {r.exported.get('code')} no longer exists "
                                                   "(it was deleted after the sheet was exported)", ERROR))
            shown = {"code": str(r.exported.get("code") or ""), "name": str(r.exported.get("name") or "")}
            if issues:
                plan.issues.extend(issues)
                plan.counts.rejected += 1
                _append_preview(plan, PreviewRow(r.row, "rejected", shown))
                continue
            cid = r.customer_id
            filled = r.filled
            did = False
            visit = {k: filled.get(k) for k in ("visit_date", "kind", "summary", "next_step", "next_date")}
            ref = f"fs:{meta.export_id}:{cid}"
            if any(v not in (None, "") for v in visit.values()):
                when = visit["visit_date"]
                if when is None:
                    plan.issues.append(Issue(r.row, "Visit date", "the visit is described but its date is missing", ERROR))
                    plan.counts.rejected += 1
                    _append_preview(plan, PreviewRow(r.row, "rejected", shown))
                    continue
                if ref in existing:
                    plan.counts.unchanged += 1
                else:
                    due = visit["next_date"]
                    if due is not None and due < when:
                        plan.issues.append(Issue(r.row, "Next date", f"the next date {due:%Y-%m-%d} is before the visit "
                                                                     f"({when:%Y-%m-%d}); left out", WARNING))
                        due = None
                    work.care.append({
                        "customer_id": cid, "kind": visit["kind"] or CareKind.VISIT.value,
                        "happened_at": dt.datetime.combine(when, dt.time()), "channel": None,
                        "summary": visit["summary"] or None, "outcome": None, "next_step": visit["next_step"] or None,
                        "next_due": due, "source": RecordSource.FIELD_SHEET, "external_ref": ref, "_manager": None,
                        "_manager_id": now.get("manager_id"),
                    })
                    plan.counts.care_events += 1
                    work.touched.add(cid)
                    did = True
                    shown.update({k: _shown(v) for k, v in visit.items() if v not in (None, "")})
            diff: dict[str, tuple[Any, Any]] = {}
            for key in DETAIL_FIELDS:
                raw = filled.get(key)
                if raw in (None, ""):
                    continue
                new, e164, problem = self._detail(key, raw, plan.phone_region)
                if problem:
                    plan.issues.append(Issue(r.row, f"New {DETAIL_LABELS[key].lower()}", problem, WARNING))
                    if new is None:
                        continue
                db_value = now.get(key)
                if not _differs(db_value, new):
                    continue
                exported = r.exported.get(key)
                exported_text = values.text(exported).value if exported is not None else None
                changed_in_db = now["version"] != r.version and _differs(exported_text, db_value)
                if changed_in_db:
                    conflict = Conflict(row=r.row, customer_id=cid, code=now["code"], name=now["name"], field=key,
                                        label=DETAIL_LABELS[key], exported=exported_text, database=db_value, sheet=new)
                    plan.conflicts.append(conflict)
                    if options.conflicts.get(conflict.key, options.conflict_default) != TAKE_SHEET:
                        continue
                diff[key] = (db_value, new)
                if key in ("phone", "mobile"):
                    diff[f"{key}_e164"] = (now.get(f"{key}_e164"), e164)
                shown[key] = new
            if diff:
                work.updates.append((cid, now["version"], diff))
                plan.counts.updated += 1
                did = True
            if not did:
                plan.counts.unchanged += 1
            _append_preview(plan, PreviewRow(r.row, "update" if did else "unchanged", shown))
        unresolved = [c for c in plan.conflicts if c.key not in options.conflicts]
        if unresolved:
            keep = options.conflict_default != TAKE_SHEET
            plan.issues.append(Issue(None, None, (
                f"{len(unresolved)} field{'s were' if len(unresolved) != 1 else ' was'} changed both in the database "
                f"after the export and in the sheet; {'the database values are kept' if keep else 'the sheet values are taken'}"
                " unless you choose otherwise"), WARNING))
        return work

    @staticmethod
    def _detail(key: str, raw: Any, region: str) -> tuple[str | None, str | None, str | None]:
        """A filled-in detail as it would be stored: (value, e164, problem)."""
        if key in ("phone", "mobile"):
            parsed = values.phone(raw, region)
            if parsed.error:
                text_ = values.text(raw, 64).value
                return text_, None, f"{parsed.error}; kept as written"
            number, e164 = parsed.value
            return number, e164, parsed.warning
        if key == "email":
            parsed = values.email(raw)
            return (None, None, f"{parsed.error}; left out") if parsed.error else (parsed.value, None, None)
        return values.text(raw, 300).value, None, None

    # ----- writing ---------------------------------------------------------------------------

    def _write(self, s: Session, work: _Work, options: ImportOptions, progress, should_stop) -> tuple[int, Changes]:
        plan = work.plan
        conn = s.connection()
        now = utcnow()
        today = options.today or dt.date.today()
        actor = self._crm.actor
        batch = ImportBatch(file_name=plan.path.name[:400], file_hash=_file_hash(plan.path), kind=plan.kind,
                            started_at=now, actor=actor, counts={}, status="running")
        s.add(batch)
        s.flush()
        batch_id = batch.id
        total = len(work.new) + len(work.updates) + len(work.purchases) + len(work.care) + len(work.contacts)
        done = 0

        def step(n: int) -> None:
            nonlocal done
            done += n
            if should_stop and should_stop():
                raise Stopped("The import was cancelled; nothing was written.")
            if progress:
                progress(done, total, "writing")

        step(0)
        manager_ids = self._create_managers(conn, work, now)
        new_ids = self._insert_customers(conn, work, batch_id, manager_ids, now, today, actor, step)
        contact_rows = []
        for owner, contact in work.contacts:
            cid = new_ids[id(owner)] if isinstance(owner, CustomerRow) else owner
            contact_rows.append({"customer_id": cid, "name": contact["name"], "role": contact.get("role"),
                                 "phone": contact.get("phone"), "phone_e164": contact.get("phone_e164"),
                                 "email": contact.get("email"), "decision_maker": False, "import_batch_id": batch_id,
                                 "version": 1, "created_at": now, "updated_at": now, "birth_leap_month": False})
        for start in range(0, len(contact_rows), WRITE_CHUNK):
            chunk = contact_rows[start:start + WRITE_CHUNK]
            _insert_many(conn, ContactPerson.__table__, chunk)
            step(len(chunk))
        self._apply_updates(conn, work, batch_id, manager_ids, now, today, actor, step)
        purchase_rows = [{
            "customer_id": new_ids[id(owner)] if isinstance(owner, CustomerRow) else owner,
            "purchased_on": r.purchased_on, "product_code": r.product_code, "product_name": r.product_name,
            "quantity": r.quantity, "amount": r.amount, "currency": r.currency, "reference": r.reference,
            "line_ref": r.line_ref, "import_batch_id": batch_id, "created_at": now,
        } for owner, r in work.purchases]
        for start in range(0, len(purchase_rows), WRITE_CHUNK):
            chunk = purchase_rows[start:start + WRITE_CHUNK]
            _insert_many(conn, Purchase.__table__, chunk)
            step(len(chunk))
        if purchase_rows:  # the buyers' rhythms (re-order due, at risk) follow their purchases
            rhythms.refresh(conn, {r["customer_id"] for r in purchase_rows})
        if work.care:
            owners = _current_values(conn, sorted({c["customer_id"] for c in work.care}), ["manager_id"])
            care_rows = []
            for c in work.care:
                row = {k: v for k, v in c.items() if not k.startswith("_")}
                manager_key = c.get("_manager")
                row["manager_id"] = (manager_ids.get(manager_key) if manager_key else None) \
                    or c.get("_manager_id") or owners[c["customer_id"]].get("manager_id")
                row["kind"] = CareKind(row["kind"])
                row.update(import_batch_id=batch_id, created_at=now)
                care_rows.append(row)
            for start in range(0, len(care_rows), WRITE_CHUNK):
                chunk = care_rows[start:start + WRITE_CHUNK]
                _insert_many(conn, CareEvent.__table__, chunk)
                step(len(chunk))
            _recompute_last_touches(conn, {c["customer_id"] for c in work.care})
        refresh = work.touched | {cid for cid, _, _ in work.updates} | {
            c for c, _ in work.contacts if not isinstance(c, CustomerRow)}
        if refresh:
            search_index.refresh(conn, refresh)
        plan.counts.managers = len([k for k, v in work.managers.items() if v is None and k in manager_ids])
        batch.counts = plan.counts.as_dict()
        batch.finished_at = utcnow()
        batch.status = "done"
        s.flush()
        changed = frozenset(set(new_ids.values()) | refresh)
        changes = Changes(customers=changed, customer_list=bool(work.new or work.updates or work.care),
                          managers=bool(manager_ids and plan.counts.managers), care=bool(work.care),
                          contacts=frozenset(c for c, _ in work.contacts if not isinstance(c, CustomerRow)),
                          purchases=frozenset(changed if work.purchases else ()))
        return batch_id, changes

    def _create_managers(self, conn: Connection, work: _Work, now: dt.datetime) -> dict[str, int]:
        """Ids of every manager the rows name (created here when the user agreed)."""
        wanted = set(work.row_manager.values()) | {c["_manager"] for c in work.care if c.get("_manager")}
        out: dict[str, int] = {k: work.managers[k] for k in wanted if work.managers.get(k) is not None}
        logins = set(conn.execute(select(Manager.login)).scalars())
        for key in sorted(wanted - out.keys()):
            name = work.manager_names.get(key, key)[:200]
            login = _login_for(name, logins)
            logins.add(login)
            out[key] = conn.execute(insert(Manager).values(name=name, login=login, role="manager", active=True,
                                                           created_at=now, updated_at=now)
                                    .returning(Manager.id)).scalar_one()
            work.managers[key] = None  # remembered as created by this import (for the counts)
        return out

    def _insert_customers(self, conn: Connection, work: _Work, batch_id: int, manager_ids: dict[str, int],
                          now: dt.datetime, today: dt.date, actor: str, step) -> dict[int, int]:
        """Insert the new customers; returns id(CustomerRow) -> new customer id."""
        if not work.new:
            return {}
        with _bulk_sqlite(conn, len(work.new)):
            return self._insert_customer_rows(conn, work, batch_id, manager_ids, now, today, actor, step)

    def _insert_customer_rows(self, conn: Connection, work: _Work, batch_id: int, manager_ids: dict[str, int],
                              now: dt.datetime, today: dt.date, actor: str, step) -> dict[int, int]:
        ids = _reserve_ids(conn, len(work.new))
        codes = _free_codes(conn, sum(1 for r in work.new if not r.values.get("code")))
        out: dict[int, int] = {}
        rows, docs, tiers, assignments = [], [], [], []
        empty = dict.fromkeys(_CUSTOMER_OPTIONAL)
        for r, cid in zip(work.new, ids):
            v = r.values
            row = {**empty, **v}
            row["id"] = cid
            if not row.get("code"):
                row["code"] = next(codes)
            row["sort_name"] = fold(row["name"])[:200]
            row["kind"] = row.get("kind") or "person"
            row["status"] = row.get("status") or "active"
            row["custom_fields"] = row.get("custom_fields") or _NO_CUSTOM_FIELDS
            row["birth_leap_month"] = bool(row.get("birth_leap_month"))
            tier_id = work.tier_ids.get(r.tier_code) if r.tier_given and r.tier_code else None
            row["tier_id"] = tier_id
            row["tier_pinned"] = tier_id is not None  # a level given by the file is a manual level
            manager_key = work.row_manager.get(id(r))
            mid = manager_ids.get(manager_key) if manager_key else None
            row["manager_id"] = mid
            row.update(import_batch_id=batch_id, version=1, created_at=now, updated_at=now)
            rows.append(row)
            out[id(r)] = cid
            docs.append({"customer_id": cid, "doc": search_index.customer_document(SimpleNamespace(**row),
                                                                                   _contacts_of(work, r))})
            if tier_id is not None:
                tiers.append({"customer_id": cid, "from_tier_id": None, "to_tier_id": tier_id, "changed_at": now,
                              "reason": TierChangeReason.IMPORT, "actor": actor, "note": f"import {batch_id}"})
            if mid is not None:
                assignments.append({"customer_id": cid, "manager_id": mid, "role": AssignmentRole.PRIMARY,
                                    "started_on": today, "note": f"import {batch_id}"})
            if len(rows) >= WRITE_CHUNK:
                self._flush_new(conn, rows, docs, tiers, assignments)
                step(len(rows))
                rows, docs, tiers, assignments = [], [], [], []
        if rows:
            self._flush_new(conn, rows, docs, tiers, assignments)
            step(len(rows))
        return out

    @staticmethod
    def _flush_new(conn: Connection, rows, docs, tiers, assignments) -> None:
        _insert_many(conn, Customer.__table__, rows)
        _insert_many(conn, CustomerSearch.__table__, docs)
        _insert_many(conn, TierChange.__table__, tiers)
        _insert_many(conn, CustomerAssignment.__table__, assignments)

    def _apply_updates(self, conn: Connection, work: _Work, batch_id: int, manager_ids: dict[str, int],
                       now: dt.datetime, today: dt.date, actor: str, step) -> None:
        audit, tiers = [], []
        for n, (cid, version, diff) in enumerate(work.updates):
            if "manager_id" in diff:
                key = work.row_manager.get(cid)
                new_manager = manager_ids.get(key) if key else None
                if new_manager is None or new_manager == diff["manager_id"][0]:
                    del diff["manager_id"]
                else:
                    diff["manager_id"] = (diff["manager_id"][0], new_manager)
                    conn.execute(update(CustomerAssignment).where(
                        CustomerAssignment.customer_id == cid, CustomerAssignment.role == AssignmentRole.PRIMARY,
                        CustomerAssignment.ended_on.is_(None)).values(ended_on=today))
                    conn.execute(insert(CustomerAssignment).values(
                        customer_id=cid, manager_id=new_manager, role=AssignmentRole.PRIMARY, started_on=today,
                        note=f"import {batch_id}"))
            if not diff:
                continue
            values_ = {k: new for k, (_old, new) in diff.items()}
            if "manager_id" in values_:
                values_["assigned_at"] = now  # the new manager's clock (services/agenda_sql.py)
            if "name" in values_:
                values_["sort_name"] = fold(values_["name"])[:200]
            if "tier_id" in values_:
                values_["tier_pinned"] = values_["tier_id"] is not None
                tiers.append({"customer_id": cid, "from_tier_id": diff["tier_id"][0], "to_tier_id": values_["tier_id"],
                              "changed_at": now, "reason": TierChangeReason.IMPORT, "actor": actor,
                              "note": f"import {batch_id}"})
            result = conn.execute(update(Customer).where(Customer.id == cid, Customer.version == version)
                                  .values(**values_, version=Customer.version + 1, updated_at=now))
            if result.rowcount != 1:
                raise CrmError(f"Customer #{cid} was changed by someone else while the file was being imported; "
                               "nothing was imported. Try again.")
            for key, (old, new) in diff.items():
                audit.append({"at": now, "actor": actor, "entity": "customers", "entity_id": cid,
                              "action": AuditAction.UPDATE, "field": key, "old_value": _audit_text(old),
                              "new_value": _audit_text(new), "import_batch_id": batch_id})
            if (n + 1) % WRITE_CHUNK == 0:
                step(WRITE_CHUNK)
        if audit:
            conn.execute(insert(AuditLog), audit)
        if tiers:
            conn.execute(insert(TierChange), tiers)
        step(len(work.updates) % WRITE_CHUNK)

    def _restore_fields(self, s: Session, batch_id: int, created: set[int]) -> set[int]:
        """Give the fields an import changed their old values back (unless changed again since)."""
        conn = s.connection()
        rows = conn.execute(select(AuditLog.entity_id, AuditLog.field, AuditLog.old_value, AuditLog.new_value).where(
            AuditLog.import_batch_id == batch_id, AuditLog.entity == "customers",
            AuditLog.action == AuditAction.UPDATE).order_by(AuditLog.id.desc())).all()
        by_customer: dict[int, list] = defaultdict(list)
        for cid, name, old, new in rows:
            if cid not in created:
                by_customer[cid].append((name, old, new))
        table = Customer.__table__
        now = utcnow()
        actor = self._crm.actor
        audit = []
        for cid, changes in by_customer.items():
            current = conn.execute(select(table).where(table.c.id == cid)).mappings().first()
            if current is None:
                continue
            restore = {}
            for name, old, new in changes:
                column = table.c[name]
                if _audit_text(current[name]) == new:
                    restore[name] = _from_text(column, old)
                    audit.append({"at": now, "actor": actor, "entity": "customers", "entity_id": cid,
                                  "action": AuditAction.UPDATE, "field": name, "old_value": new, "new_value": old})
            if not restore:
                continue
            if "name" in restore:
                restore["sort_name"] = fold(restore["name"] or "")[:200]
            if "manager_id" in restore:
                conn.execute(delete(CustomerAssignment).where(CustomerAssignment.customer_id == cid,
                                                              CustomerAssignment.note == f"import {batch_id}"))
                conn.execute(update(CustomerAssignment).where(
                    CustomerAssignment.customer_id == cid, CustomerAssignment.manager_id == restore["manager_id"],
                    CustomerAssignment.ended_on.is_not(None)).values(ended_on=None))
            conn.execute(update(Customer).where(Customer.id == cid).values(**restore, version=Customer.version + 1,
                                                                           updated_at=now))
        if audit:
            conn.execute(insert(AuditLog), audit)
        return set(by_customer)


# ----- helpers ---------------------------------------------------------------------------------

_NOTHING = object()
_NO_CUSTOM_FIELDS: dict[str, Any] = {}  # shared by the rows without custom fields (never changed)


def _insert_many(conn: Connection, table, rows: list[dict[str, Any]]) -> None:
    """Insert rows that all have the same keys. On SQLite straight through the driver's
    executemany, with SQLAlchemy's own conversions of each column's values (dates, enums, JSON…),
    which is several times quicker than the general path for a hundred thousand rows."""
    if not rows:
        return
    if conn.dialect.name != "sqlite":
        conn.execute(insert(table), rows)
        return
    names = list(rows[0])
    dialect = conn.dialect
    convert = [(i, p) for i, name in enumerate(names)
               if (p := table.c[name].type.dialect_impl(dialect).bind_processor(dialect)) is not None]
    pick = operator.itemgetter(*names)
    data = []
    last_in = [_NOTHING] * len(names)  # many rows share one value object (the time, an empty dict)
    last_out: list[Any] = [None] * len(names)
    for row in rows:
        values_ = list(pick(row)) if len(names) > 1 else [pick(row)]
        for i, process in convert:
            value = values_[i]
            if value is None:
                continue
            if value is last_in[i]:
                values_[i] = last_out[i]
            else:
                last_in[i], last_out[i] = value, process(value)
                values_[i] = last_out[i]
        data.append(values_)
    sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    conn.connection.driver_connection.cursor().executemany(sql, data)


BULK_MIN_CUSTOMERS = 20_000
_BULK_TABLES = ("customers", "customer_search", "tier_changes", "customer_assignments")


@contextlib.contextmanager
def _bulk_sqlite(conn: Connection, new_customers: int) -> Iterator[None]:
    """Many new customers on SQLite: feed the full-text index once instead of row by row, and when
    the import at least doubles the table, rebuild its secondary indexes once at the end instead of
    updating them for every row (the demo generator does the same, services/demo.py).

    All of it happens inside the import's transaction: a cancel or an error rolls the dropped
    triggers and indexes back with the rows.
    """
    if conn.dialect.name != "sqlite" or new_customers < BULK_MIN_CUSTOMERS:
        yield
        return
    from desktop_crm.services.demo import _fts_sql

    before = conn.execute(select(func.max(Customer.id))).scalar() or 0
    existing = conn.execute(select(func.coalesce(func.sum(CustomerCount.n), 0)).where(
        CustomerCount.dim == "status")).scalar()
    drop_triggers, create_triggers = _fts_sql()
    for sql in drop_triggers:
        conn.exec_driver_sql(sql)
    indexes: list[tuple[str, str]] = []
    if new_customers >= existing:
        marks = ", ".join("?" * len(_BULK_TABLES))
        indexes = [tuple(r) for r in conn.exec_driver_sql(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({marks}) ORDER BY name", _BULK_TABLES)]
        for name, _sql in indexes:
            conn.exec_driver_sql(f'DROP INDEX "{name}"')
    yield
    # One merge-free pass: the new segments are merged by later writes (automerge comes back).
    row = conn.exec_driver_sql("SELECT v FROM customer_fts_config WHERE k = 'automerge'").first()
    conn.exec_driver_sql("INSERT INTO customer_fts(customer_fts, rank) VALUES ('automerge', 0)")
    conn.exec_driver_sql("INSERT INTO customer_fts(rowid, doc) SELECT customer_id, doc FROM customer_search "
                         "WHERE customer_id > ?", (before,))
    conn.exec_driver_sql("INSERT INTO customer_fts(customer_fts, rank) VALUES ('automerge', ?)",
                         (int(row[0]) if row else 4,))
    for _name, sql in indexes:
        conn.exec_driver_sql(sql)
    for sql in create_triggers:
        conn.exec_driver_sql(sql)


_CUSTOMER_OPTIONAL = (
    "company", "title", "phone", "phone_e164", "mobile", "mobile_e164", "email", "address", "city", "region",
    "country", "loyalty", "industry", "purpose", "source", "credit_rating", "credit_limit", "hobbies",
    "personality", "family_notes", "notes", "last_call_at", "last_visit_at", "birth_calendar", "birth_year",
    "birth_month", "birth_day",
)


def _ctx_for(plan: ImportPlan) -> Context:
    return Context(headers=plan.headers, mapping=plan.mapping, region=plan.phone_region, date_order=None, tiers=(),
                   currency="CNY", this_year=dt.date.today().year)


def _label(plan: ImportPlan, key: str) -> str | None:
    for index, k in enumerate(plan.mapping):
        if k == key:
            return plan.headers[index] or f"column {index + 1}"
    return None


def _append_preview(plan: ImportPlan, row: PreviewRow) -> None:
    if len(plan.preview) < PREVIEW_ROWS:
        plan.preview.append(row)


def _shown(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M") if (value.hour or value.minute) else value.strftime("%Y-%m-%d")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _differs(old: Any, new: Any) -> bool:
    if old is None or new is None:
        return (old is None) != (new is None)
    if hasattr(old, "value") and not isinstance(old, (int, float)):
        old = old.value  # enums
    return _audit_text(old) != _audit_text(new)


def _audit_text(value: Any) -> str | None:
    from desktop_crm.services.session_hooks import _text

    return _text(value)


def _from_text(column, value: str | None) -> Any:
    """A column value from its audit-log text."""
    if value is None:
        return None
    python_type = None
    try:
        python_type = column.type.python_type
    except NotImplementedError:
        pass
    if python_type is bool:
        return value in ("True", "true", "1")
    if python_type is int:
        return int(value)
    if python_type is dt.datetime:
        return dt.datetime.fromisoformat(value)
    if python_type is dt.date:
        return dt.date.fromisoformat(value)
    if python_type is dict:
        import json

        return json.loads(value)
    if column.name == "credit_limit":
        from decimal import Decimal

        return Decimal(value)
    return value


def _identity_keys(v: dict[str, Any]) -> list[tuple[str, str]]:
    if v.get("code"):
        return [("code", v["code"])]
    keys = [("phone", v[k]) for k in ("mobile_e164", "phone_e164") if v.get(k)]
    if v.get("email"):
        keys.append(("email", v["email"].casefold()))
    return keys


def _match_existing(conn: Connection, rows: list[CustomerRow]) -> dict[int, tuple[int, int]]:
    """id(row) -> (customer id, version) for rows that name an existing customer."""
    out: dict[int, tuple[int, int]] = {}
    if conn.execute(select(Customer.id).limit(1)).first() is None:
        return out
    codes = sorted({r.values["code"] for r in rows if r.values.get("code")})
    by_code = _rows_by(conn, Customer.code, codes)
    numbers = sorted({r.values[k] for r in rows for k in ("mobile_e164", "phone_e164") if r.values.get(k)})
    by_phone = {**_rows_by(conn, Customer.phone_e164, numbers), **_rows_by(conn, Customer.mobile_e164, numbers)}
    emails = sorted({e for r in rows if r.values.get("email") for e in (r.values["email"], r.values["email"].lower())})
    by_email = {k.casefold(): v for k, v in _rows_by(conn, Customer.email, emails).items()}
    for r in rows:
        v = r.values
        found = by_code.get(v.get("code")) if v.get("code") else None
        if found is None and not v.get("code"):
            found = by_phone.get(v.get("mobile_e164")) or by_phone.get(v.get("phone_e164"))
            if found is None and v.get("email"):
                found = by_email.get(v["email"].casefold())
        if found is not None:
            out[id(r)] = found
    return out


def _rows_by(conn: Connection, column, keys: Sequence[str]) -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    for start in range(0, len(keys), CHUNK):
        for key, cid, version in conn.execute(select(column, Customer.id, Customer.version).where(
                column.in_(keys[start:start + CHUNK]), Customer.deleted_at.is_(None))):
            out.setdefault(key, (cid, version))
    return out


def _ids_by_code(conn: Connection, codes: Sequence[str]) -> dict[str, int]:
    return {k: v[0] for k, v in _rows_by(conn, Customer.code, codes).items()}


def _ids_by_column(conn: Connection, column, keys: Sequence[str]) -> dict[str, int]:
    return {k: v[0] for k, v in _rows_by(conn, column, keys).items()}


def _current_values(conn: Connection, ids: Iterable[int], names: Sequence[str]) -> dict[int, dict[str, Any]]:
    ids = sorted(ids)
    table = Customer.__table__
    cols = [table.c.id, *(table.c[n] for n in dict.fromkeys(names) if n != "id")]
    out: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), CHUNK):
        for row in conn.execute(select(*cols).where(table.c.id.in_(ids[start:start + CHUNK]))).mappings():
            out[row["id"]] = dict(row)
    return out


def _existing_purchase_keys(conn: Connection, keys: list[tuple[str, str]]) -> set[tuple[str, str]]:
    refs = sorted({ref for ref, _ in keys})
    found: set[tuple[str, str]] = set()
    for start in range(0, len(refs), CHUNK):
        found.update(tuple(r) for r in conn.execute(select(Purchase.reference, Purchase.line_ref).where(
            Purchase.reference.in_(refs[start:start + CHUNK]))))
    return found


def _existing_refs(conn: Connection, refs: Sequence[str]) -> set[str]:
    refs = sorted(set(refs))
    found: set[str] = set()
    for start in range(0, len(refs), CHUNK):
        found.update(conn.execute(select(CareEvent.external_ref).where(
            CareEvent.external_ref.in_(refs[start:start + CHUNK]))).scalars())
    return found


def _reserve_ids(conn: Connection, n: int) -> list[int]:
    """``n`` customer ids for rows inserted in this transaction."""
    if conn.dialect.name == "postgresql":
        return list(conn.execute(text("SELECT nextval(pg_get_serial_sequence('customers', 'id')) "
                                      "FROM generate_series(1, :n)"), {"n": n}).scalars())
    start = (conn.execute(select(func.max(Customer.id))).scalar() or 0) + 1
    return list(range(start, start + n))


def _free_codes(conn: Connection, n: int):
    """Codes C0000001… after the highest one in use, skipping none that exist."""
    if n == 0:
        return iter(())
    best = 0
    for code in conn.execute(select(Customer.code).where(Customer.code.like("C%")).order_by(
            func.length(Customer.code).desc(), Customer.code.desc()).limit(50)).scalars():
        if code[1:].isdigit():
            best = max(best, int(code[1:]))
    return (f"C{best + i:07d}" for i in range(1, n + 1))


def _contacts_of(work: _Work, r: CustomerRow) -> list:
    if not r.contact:
        return []
    c = r.contact
    return [SimpleNamespace(name=c.get("name"), email=c.get("email"), phone=c.get("phone"),
                            phone_e164=c.get("phone_e164"), mobile=None, mobile_e164=None)]


def _recompute_last_touches(conn: Connection, customer_ids: Iterable[int]) -> None:
    """Set last_call_at / last_visit_at from the care events that remain (without a version bump)."""
    ids = sorted(customer_ids)
    for column, kind in (("last_call_at", CareKind.CALL), ("last_visit_at", CareKind.VISIT)):
        latest = select(func.max(CareEvent.happened_at)).where(
            CareEvent.customer_id == Customer.id, CareEvent.kind == kind).scalar_subquery()
        for start in range(0, len(ids), CHUNK):
            conn.execute(update(Customer).where(Customer.id.in_(ids[start:start + CHUNK]))
                         .values({column: latest}).execution_options(synchronize_session=False))


def _login_for(name: str, taken: set[str]) -> str:
    base = "".join(ch for ch in fold(name) if ch.isalnum())[:56] or "manager"
    login, n = base, 1
    while login in taken:
        n += 1
        login = f"{base}{n}"
    return login


def _sheet_names(path: Path, table: sources.Table) -> tuple[str, ...]:
    """The workbook's sheet names, without reading the sheets (a CSV is one sheet)."""
    if table.format == "csv":
        return (table.sheet,)
    import python_calamine

    workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    try:
        return tuple(workbook.sheet_names)
    finally:
        workbook.close()


def _file_hash(path: Path) -> str | None:
    try:
        digest = hashlib.sha256()
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()
    except OSError:
        return None


__all__ = ["ImportService"]
