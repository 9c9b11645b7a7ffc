"""desktop-crm: the command-line companion. The same services the window uses.

Exit codes: 0 success, 1 an expected failure (told in one line), 2 a usage error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import OperationalError

from desktop_crm import __version__
from desktop_crm.errors import CrmError

EXIT_OK, EXIT_DOMAIN, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    parents_for_subcommands: list[argparse.ArgumentParser] = []

    def __init__(self, *args, **kwargs):
        if "parents" not in kwargs and self.parents_for_subcommands and kwargs.get("prog", "").count(" ") >= 1:
            kwargs["parents"] = self.parents_for_subcommands
        super().__init__(*args, **kwargs)

    def error(self, message):  # argparse prints usage and exits 2; keep that, with our wording
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: usage error: {message}\n")


def _global_options(parser: argparse.ArgumentParser, **defaults) -> None:
    parser.add_argument("--db", metavar="PATH_OR_URL", **defaults,
                        help="SQLite file or postgresql+psycopg:// URL (default: $DESKTOP_CRM_DB, else the user data file)")
    parser.add_argument("--as", dest="actor", metavar="LOGIN", **defaults, help="who is acting, for the change log")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="desktop-crm", description="Customer care for account-manager teams.")
    _global_options(p, default=None)
    p.add_argument("--version", action="version", version=f"desktop-crm {__version__}")
    # --db and --as are also accepted after the command (``desktop-crm demo --customers 10 --db x``);
    # SUPPRESS keeps a value given before the command when none is given after it.
    common = argparse.ArgumentParser(add_help=False)
    _global_options(common, default=argparse.SUPPRESS)
    _Parser.parents_for_subcommands = [common]
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    sub.add_parser("gui", help="open the window (the default)")

    demo = sub.add_parser("demo", help="add realistic sample data")
    demo.add_argument("--customers", type=_positive_int, required=True, metavar="N")
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--json", action="store_true")

    db = sub.add_parser("db", help="schema: upgrade or show the current revision")
    db_sub = db.add_subparsers(dest="db_command", required=True, parser_class=_Parser)
    db_sub.add_parser("upgrade", help="create the database or bring its schema up to date")
    db_sub.add_parser("current", help="show the schema revision")

    backup = sub.add_parser("backup", help="copy the live database to FILE (default: the backups folder)")
    backup.add_argument("file", nargs="?", type=Path)
    restore = sub.add_parser("restore", help="replace the database with a backup; the current one is kept aside")
    restore.add_argument("file", type=Path)

    customers = sub.add_parser("customers", help="find and show customers")
    c_sub = customers.add_subparsers(dest="customers_command", required=True, parser_class=_Parser)
    search = c_sub.add_parser("search", help="search names, company, code, phones, e-mail, city, contacts")
    search.add_argument("text")
    search.add_argument("--limit", type=_positive_int, default=20)
    search.add_argument("--json", action="store_true")
    show = c_sub.add_parser("show", help="a customer's file card")
    show.add_argument("code")
    show.add_argument("--json", action="store_true")

    managers = sub.add_parser("managers", help="list managers, hand customers over")
    m_sub = managers.add_subparsers(dest="managers_command", required=True, parser_class=_Parser)
    m_list = m_sub.add_parser("list", help="the managers and how many customers each has")
    m_list.add_argument("--json", action="store_true")
    handover = m_sub.add_parser("handover", help="hand all customers of FROM to TO, keeping the history, with an "
                                                 "introduction call for TO at each customer")
    handover.add_argument("from_login", metavar="FROM")
    handover.add_argument("to_login", metavar="TO")
    handover.add_argument("--codes", nargs="+", metavar="CODE", help="only these customers")
    handover.add_argument("--within-days", type=_positive_int, default=14, metavar="N",
                          help="spread the introduction calls over N days from tomorrow (default 14)")
    handover.add_argument("--dossier", type=Path, metavar="FILE.pdf",
                          help="first write the dossier: the open promises, then one card per customer")
    handover.add_argument("--json", action="store_true")
    dossier = m_sub.add_parser("dossier", help="write the handover dossier of FROM as a PDF, handing nothing over")
    dossier.add_argument("from_login", metavar="FROM")
    dossier.add_argument("file", type=Path, metavar="FILE.pdf")
    dossier.add_argument("--to", dest="to_login", metavar="TO", help="the successor named in the dossier")
    dossier.add_argument("--codes", nargs="+", metavar="CODE", help="only these customers")
    dossier.add_argument("--within-days", type=_positive_int, default=14, metavar="N",
                         help="the introduction calls the dossier lists, over N days (default 14)")

    imp = sub.add_parser("import", help="import customers, purchases, care events or a field sheet from Excel/CSV; "
                                         "'import list' shows past imports, 'import undo ID' takes one back")
    imp.add_argument("target", nargs="+", metavar="FILE | list | undo ID")
    imp.add_argument("--sheet", metavar="NAME", help="the sheet to read (default: the first with values)")
    imp.add_argument("--kind", choices=["customers", "purchases", "care"], help="what the rows are (default: guessed)")
    imp.add_argument("--mapping", metavar="NAME", help="a saved column mapping")
    imp.add_argument("--save-mapping", metavar="NAME", help="save the column mapping used under this name")
    imp.add_argument("--dry-run", action="store_true", help="do everything, then write nothing")
    imp.add_argument("--skip-bad-rows", action="store_true", help="import the good rows and leave out the bad ones")
    imp.add_argument("--date-order", choices=["dmy", "mdy", "ymd"], help="how to read dates like 03/04/1985")
    imp.add_argument("--phone-region", metavar="CC", help="where numbers without +country are read (e.g. RU)")
    imp.add_argument("--currency", metavar="CUR", help="currency of amounts that name none (e.g. GBP)")
    imp.add_argument("--create-managers", action="store_true", help="create the managers the file names")
    imp.add_argument("--conflicts", choices=["keep-database", "take-sheet"], default="keep-database",
                     help="field sheets: for a field changed in both, keep the database's value or take the sheet's")
    imp.add_argument("--json", action="store_true")

    agenda = sub.add_parser("agenda", help="what is due today: calls, visits, follow-ups, occasions, holidays, "
                                           "re-orders, customers at risk, complaints")
    agenda.add_argument("--date", type=_iso_date, metavar="YYYY-MM-DD", help="the day to look at (default: today)")
    agenda.add_argument("--days", type=int, metavar="N", help="how far ahead to look for occasions (default 14)")
    agenda.add_argument("--manager", metavar="LOGIN", help="only this manager's customers (default: everyone)")
    agenda.add_argument("--limit", type=_positive_int, default=20, metavar="N", help="rows per section (default 20)")
    agenda.add_argument("--ics", type=Path, metavar="FILE", help="also write the rows to an iCalendar file")
    agenda.add_argument("--json", action="store_true")

    exp = sub.add_parser("export", help="write a field sheet (.xlsx) of customers to take on visits")
    exp.add_argument("file", type=Path)
    exp.add_argument("--manager", metavar="LOGIN", help="only this manager's customers")
    exp.add_argument("--tier", metavar="T", help="only customers of this tier")
    exp.add_argument("--due-within", type=int, metavar="DAYS", help="only customers due for contact within DAYS")
    exp.add_argument("--codes", nargs="+", metavar="CODE", help="only these customers")
    exp.add_argument("--per-manager", action="store_true", help="one sheet per manager")
    exp.add_argument("--occasions-days", type=int, default=60, metavar="DAYS",
                     help="add a sheet of occasions in the next DAYS days (0: none)")
    exp.add_argument("--json", action="store_true")

    # Commands kept in their own modules: each adds its parser and names its handler.
    for module in _command_modules():
        module.register(sub)
    return p


def _command_modules():
    from desktop_crm import cli_cards, cli_reports, cli_tiers

    return (cli_cards, cli_tiers, cli_reports)


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number <= 0:
        raise argparse.ArgumentTypeError(f"{value!r} must be greater than zero")
    return number


def _iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2026-11-21") from None


# ----- output helpers ----------------------------------------------------------------------


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _table(rows: list[list[str]], out) -> None:
    if not rows:
        return
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(_pad(cell, w) for cell, w in zip(row, widths)).rstrip(), file=out)


def _print_json(data, out) -> None:
    json.dump(data, out, ensure_ascii=False, indent=2, default=str)
    out.write("\n")


# ----- commands ----------------------------------------------------------------------------


def _open(args, *, must_exist: bool = True):
    from desktop_crm.services import Crm

    return Crm.open(args.db, actor=args.actor, must_exist=must_exist)


def cmd_gui(args, out) -> int:
    from desktop_crm.ui.app import run_gui

    return run_gui(args.db, actor=args.actor)


def cmd_demo(args, out) -> int:
    from desktop_crm.services import demo

    crm = _open(args, must_exist=False)
    try:
        def progress(done: int, total: int) -> None:
            if sys.stderr.isatty():
                print(f"\r{done:,} of {total:,} customers", end="", file=sys.stderr, flush=True)

        summary = demo.generate(crm.db, args.customers, seed=args.seed, progress=progress)
        if sys.stderr.isatty():
            print(file=sys.stderr)
    finally:
        crm.close()
    data = dict(vars(summary))
    if args.json:
        _print_json(data, out)
    else:
        print(f"Added {summary.customers:,} customers with {summary.contacts:,} contact persons, "
              f"{summary.purchases:,} purchases, {summary.care_events:,} care events, {summary.occasions:,} occasions, "
              f"{summary.gifts:,} gifts and {summary.complaints:,} complaints in {summary.seconds:.1f} s.", file=out)
    return EXIT_OK


def cmd_db(args, out) -> int:
    from desktop_crm.db import Database, migrate

    if args.db_command == "upgrade":
        db = Database.connect(args.db)
        try:
            before = migrate.current_revision(db)
            taken = migrate.upgrade(db)
            after = migrate.current_revision(db)
        finally:
            db.dispose()
        if before == after:
            print(f"{db.describe()} is up to date (schema {after}).", file=out)
        else:
            print(f"{db.describe()}: schema {before or 'none'} → {after}.", file=out)
            if taken:
                print(f"Backup of the previous version: {taken}", file=out)
        return EXIT_OK
    db = Database.connect(args.db, must_exist=True)
    try:
        current, head = migrate.current_revision(db), migrate.head_revision()
    finally:
        db.dispose()
    state = "up to date" if current == head else f"needs upgrade to {head}"
    print(f"{current or 'empty'} ({state})", file=out)
    return EXIT_OK


def cmd_backup(args, out) -> int:
    from desktop_crm.db import Database, backup

    db = Database.connect(args.db, must_exist=True)
    try:
        if not db.is_sqlite:
            raise CrmError("Backups of a PostgreSQL database are made on the server (pg_dump); "
                           "desktop-crm backup copies the SQLite file.")
        dest = backup.make_backup(db.sqlite_path, args.file.expanduser().resolve() if args.file else None)
    finally:
        db.dispose()
    print(f"Backup written to {dest}", file=out)
    return EXIT_OK


def cmd_restore(args, out) -> int:
    from desktop_crm.db import Database, backup, migrate

    db = Database.connect(args.db)
    try:
        if not db.is_sqlite:
            raise CrmError("A PostgreSQL database is restored on the server (pg_restore); "
                           "desktop-crm restore replaces the SQLite file.")
        path = db.sqlite_path
    finally:
        db.dispose()
    aside = backup.restore(path, args.file.expanduser().resolve())
    restored = Database.connect(str(path))
    try:
        migrate.upgrade(restored)
    finally:
        restored.dispose()
    print(f"Restored {path} from {args.file}.", file=out)
    if aside.exists():
        print(f"The database as it was is kept at {aside}", file=out)
    return EXIT_OK


def cmd_customers(args, out) -> int:
    crm = _open(args)
    try:
        if args.customers_command == "search":
            result = crm.customers.search(args.text, limit=args.limit)
            if args.json:
                _print_json({"text": args.text, "more": result.more, "customers": [r.to_json() for r in result.rows]},
                            out)
                return EXIT_OK
            if not result.rows:
                print(f"No customer matches {args.text!r}.", file=out)
                return EXIT_OK
            rows = [["code", "name", "company", "phone", "city", "tier", "manager"]]
            rows += [[r.code, r.name, r.company or "", r.mobile or r.phone or "", r.city or "", r.tier or "",
                      r.manager_name or ""] for r in result.rows]
            _table(rows, out)
            if result.more:
                print(f"(more than {args.limit} match; refine the search or raise --limit)", file=out)
            return EXIT_OK
        record = crm.customers.by_code(args.code)
        if args.json:
            _print_json(record.to_json(), out)
        else:
            _print_card(record, out)
        return EXIT_OK
    finally:
        crm.close()


def _print_card(record, out) -> None:
    data = record.to_json()
    contacts, assignments = data.pop("contacts"), data.pop("assignments")
    for key, value in data.items():
        if value not in (None, "", {}, False):
            print(f"{key.replace('_', ' '):>18}: {value}", file=out)
    if contacts:
        print("contact persons:", file=out)
        for c in contacts:
            left = f" (left {c['left_on']})" if c["left_on"] else ""
            print(f"  - {c['name']}, {c['role'] or ''} {c['mobile'] or c['phone'] or ''} {c['email'] or ''}{left}"
                  .rstrip(), file=out)
    if assignments:
        print("managers:", file=out)
        for a in assignments:
            span = f"{a['started_on']} – {a['ended_on'] or 'now'}"
            print(f"  - {a['manager_name']} ({a['manager_login']}), {a['role']}, {span}", file=out)


def cmd_managers(args, out) -> int:
    crm = _open(args)
    try:
        if args.managers_command == "list":
            managers = crm.managers.list(include_inactive=True)
            counts = crm.customers.count_by_manager()
            if args.json:
                _print_json([{**m.to_json(), "customers": counts.get(m.login, 0)} for m in managers], out)
            else:
                rows = [["login", "name", "role", "active", "customers"]]
                rows += [[m.login, m.name, m.role, "yes" if m.active else "no", f"{counts.get(m.login, 0):,}"]
                         for m in managers]
                _table(rows, out)
            return EXIT_OK
        ids = [crm.customers.by_code(code).id for code in args.codes] if args.codes else None
        if args.managers_command == "dossier" or args.dossier:
            plan = crm.handovers.plan(args.from_login, args.to_login, customer_ids=ids, within_days=args.within_days)
            path = args.file if args.managers_command == "dossier" else args.dossier
            pages = _write_dossier(crm, plan, path)
            print(f"Wrote the dossier of {plan.from_name} ({len(plan.customer_ids):,} customers, {pages:,} pages) "
                  f"to {path}.", file=out if not getattr(args, "json", False) else sys.stderr)
            if args.managers_command == "dossier":
                return EXIT_OK
        outcome, _ = crm.handovers.execute(args.from_login, args.to_login, customer_ids=ids,
                                           within_days=args.within_days)
        if args.json:
            _print_json(outcome.to_json(), out)
        else:
            print(f"Handed {outcome.moved:,} customers from {outcome.from_login} to {outcome.to_login}; "
                  f"planned {outcome.intro_calls:,} introduction calls and moved {outcome.tasks_moved:,} open "
                  f"care tasks.", file=out)
        return EXIT_OK
    finally:
        crm.close()


def _write_dossier(crm, plan, path: Path) -> int:
    if path.suffix.lower() != ".pdf":
        raise UsageError(f"the dossier is a PDF: name the file FILE.pdf (not {path.name})")
    if not plan.customer_ids:
        raise CrmError(f"{plan.from_name} ({plan.from_login}) has no customers: there is no dossier to write.")
    from desktop_crm.printing.dossier import write_dossier_pdf
    from desktop_crm.ui.headless import ensure_app

    ensure_app()
    return write_dossier_pdf(crm, plan, path)


def _tty_progress(what: str, stage: str = ""):
    """A progress callback that keeps one line on a terminal up to date: "what: stage done of total".

    It takes the stage as a third argument too (the importer names its stages), and never stops the job.
    """
    def progress(done: int, total: int, current: str = stage) -> bool:
        if sys.stderr.isatty() and total:
            print(f"\r{what}: {current} {done:,} of {total:,}   ", end="", file=sys.stderr, flush=True)
        return True
    return progress


def _print_plan(plan, out, *, written: bool, batch_id: int | None, dry_run: bool) -> None:
    c = plan.counts
    head = {True: f"Imported {plan.path.name} (import {batch_id})", False: f"Test import of {plan.path.name}"
            if dry_run else f"Nothing was imported from {plan.path.name}"}[written]
    print(f"{head}: sheet '{plan.sheet}', {plan.kind.replace('_', ' ')}, {plan.rows_total:,} rows.", file=out)
    parts = [("new customers", c.new), ("updated", c.updated), ("unchanged", c.unchanged), ("rejected", c.rejected),
             ("skipped", c.skipped), ("care events", c.care_events), ("purchases", c.purchases),
             ("contact persons", c.contacts), ("managers created", c.managers)]
    print("  " + ", ".join(f"{label}: {n:,}" for label, n in parts if n or label in ("new customers", "rejected")),
          file=out)
    for issue in plan.errors:
        print(f"  error   {issue}", file=out)
    for issue in plan.warnings[:200]:
        print(f"  warning {issue}", file=out)
    if len(plan.warnings) > 200:
        print(f"  … and {len(plan.warnings) - 200:,} more warnings (--json lists them all)", file=out)
    for conflict in plan.conflicts:
        print(f"  conflict row {conflict.row}, {conflict.code} {conflict.name}, {conflict.label}: database "
              f"'{conflict.database or ''}', sheet '{conflict.sheet or ''}' (exported '{conflict.exported or ''}')",
              file=out)
    if plan.unknown_managers:
        print(f"  managers not in the database: {', '.join(plan.unknown_managers)}"
              + ("" if written else " (--create-managers creates them)"), file=out)


def cmd_import(args, out) -> int:
    from desktop_crm.io.plan import KEEP_DATABASE, TAKE_SHEET, ImportOptions, ImportRejected

    target = args.target
    crm = _open(args, must_exist=target[0] in ("list", "undo"))
    try:
        if target == ["list"]:
            batches = crm.imports.batches()
            if args.json:
                _print_json([b.__dict__ for b in batches], out)
            else:
                rows = [["id", "file", "kind", "when", "by", "status", "counts"]]
                rows += [[str(b.id), b.file_name, b.kind, f"{b.started_at:%Y-%m-%d %H:%M}", b.actor or "", b.status,
                          ", ".join(f"{k} {v:,}" for k, v in b.counts.items() if v)] for b in batches]
                _table(rows, out) if batches else print("No imports yet.", file=out)
            return EXIT_OK
        if target[0] == "undo":
            if len(target) != 2 or not target[1].isdigit():
                raise UsageError("say which import to undo: desktop-crm import undo ID (see desktop-crm import list)")
            crm.imports.undo(int(target[1]))
            print(f"Import {target[1]} was undone.", file=out)
            return EXIT_OK
        if len(target) != 1:
            raise UsageError("import one file at a time")
        options = ImportOptions(
            kind=args.kind, sheet=args.sheet, mapping_name=args.mapping, date_order=args.date_order,
            phone_region=args.phone_region, currency=args.currency, skip_bad_rows=args.skip_bad_rows,
            create_managers=args.create_managers,
            conflict_default=TAKE_SHEET if args.conflicts == "take-sheet" else KEEP_DATABASE)
        path = Path(target[0])
        if not path.is_file():
            raise CrmError(f"There is no file {path}.")
        try:
            result = crm.imports.run(path, options, dry_run=args.dry_run, progress=_tty_progress(path.name))
        except ImportRejected as exc:
            if sys.stderr.isatty():
                print(file=sys.stderr)
            if args.json:
                _print_json({**exc.plan.as_dict(), "written": False, "batch": None}, out)
            else:
                _print_plan(exc.plan, out, written=False, batch_id=None, dry_run=args.dry_run)
            print(f"desktop-crm: {exc}", file=sys.stderr)
            return EXIT_DOMAIN
        if sys.stderr.isatty():
            print(file=sys.stderr)
        plan = result.plan
        if args.save_mapping and plan.kind != "field_sheet":
            crm.imports.save_mapping(args.save_mapping, plan.kind, plan.headers, plan.mapping)
        if args.json:
            _print_json({**plan.as_dict(), "written": result.written, "batch": result.batch_id,
                         "seconds": round(result.seconds, 3)}, out)
        else:
            _print_plan(plan, out, written=result.written, batch_id=result.batch_id, dry_run=args.dry_run)
        return EXIT_OK
    finally:
        crm.close()


def cmd_export(args, out) -> int:
    from desktop_crm.io.export import ExportOptions, ids_for

    crm = _open(args)
    try:
        ids = ids_for(crm, manager_login=args.manager, tier=args.tier, due_within_days=args.due_within,
                      codes=args.codes)
        if not ids:
            raise CrmError("No customer matches; nothing was exported.")
        options = ExportOptions(per_manager=args.per_manager, occasions_days=args.occasions_days or None)
        result = crm.exports.field_sheet(args.file, ids, options, progress=_tty_progress(args.file.name))
        if sys.stderr.isatty():
            print(file=sys.stderr)
        if args.json:
            _print_json({"file": str(result.path), "customers": result.customers, "sheets": list(result.sheets),
                         "export_id": result.export_id, "seconds": round(result.seconds, 3)}, out)
        else:
            print(f"Wrote {result.customers:,} customers to {result.path} ({', '.join(result.sheets)}).", file=out)
        return EXIT_OK
    finally:
        crm.close()


def cmd_agenda(args, out) -> int:
    from desktop_crm.services.agenda_records import SECTION_TITLES
    from desktop_crm.services.agenda_text import headline, why

    crm = _open(args)
    try:
        agenda = crm.agenda.build(today=args.date, days=args.days, manager=args.manager, limit=args.limit)
        written = None
        if args.ics:
            from desktop_crm.io.calendar_file import write_ics

            written = write_ics(args.ics, agenda)
        if args.json:
            _print_json({
                "date": agenda.today.isoformat(), "days": agenda.days, "manager": agenda.manager_login,
                "total": agenda.total, "ics_events": written,
                "sections": [{"name": s.name, "title": SECTION_TITLES[s.name], "count": s.count,
                              "rows": [_agenda_row(r, agenda.today) for r in s.rows]} for s in agenda.sections],
            }, out)
            return EXIT_OK
        who = f"{agenda.manager_login}'s customers" if agenda.manager_login else "all customers"
        print(f"Agenda for {agenda.today:%A %Y-%m-%d}, {who}: {agenda.total:,} things to do.", file=out)
        for section in agenda.sections:
            print(f"\n{SECTION_TITLES[section.name]} ({section.count:,})", file=out)
            for row in section.rows:
                code = f"[{row.customer_code}] " if row.customer_code else ""
                print(f"  {code}{headline(row)} - {why(row, agenda.today)}", file=out)
            if section.count > len(section.rows):
                print(f"  … and {section.count - len(section.rows):,} more", file=out)
        if written is not None:
            print(f"\nWrote {written:,} events to {args.ics}.", file=out)
        return EXIT_OK
    finally:
        crm.close()


def _agenda_row(row, today) -> dict:
    from desktop_crm.services.agenda_text import why

    data = {"key": row.key, "reason": row.reason, "due_on": row.due_on.isoformat(), "why": why(row, today),
            "customer_code": row.customer_code, "customer_name": row.customer_name, "company": row.company,
            "tier": row.tier, "manager": row.manager_login, "title": row.title, "person": row.person,
            "kind": row.kind, "lunar": row.lunar, "years": row.years}
    if row.holiday is not None:
        h = row.holiday
        data["holiday"] = {"country": h.country, "name": h.name, "local_name": h.local_name, "label": h.label,
                           "customers": h.customers, "gifts_planned": h.gifts_planned, "gifts_given": h.gifts_given,
                           "gift_cost": str(h.gift_cost)}
    c = row.context
    if c is not None:
        data["context"] = {"phone": c.phone, "mobile": c.mobile,
                           "last_contact": c.last_contact_at.isoformat(sep=" ") if c.last_contact_at else None,
                           "last_contact_kind": c.last_contact_kind, "last_contact_summary": c.last_contact_summary,
                           "family_notes": c.family_notes, "last_gift": c.last_gift_item,
                           "last_gift_on": c.last_gift_on.isoformat() if c.last_gift_on else None,
                           "open_complaints": c.open_complaints}
    return data


COMMANDS: dict[str, Callable] = {
    "gui": cmd_gui, "demo": cmd_demo, "db": cmd_db, "backup": cmd_backup, "restore": cmd_restore,
    "customers": cmd_customers, "managers": cmd_managers, "import": cmd_import, "export": cmd_export,
    "agenda": cmd_agenda,
}


def main(argv: Sequence[str] | None = None, out=None) -> int:
    out = out or sys.stdout
    args = build_parser().parse_args(argv)
    commands = dict(COMMANDS)
    for module in _command_modules():
        commands.update(module.COMMANDS)
    command = commands[args.command or "gui"]
    try:
        return command(args, out)
    except CrmError as exc:
        print(f"desktop-crm: {exc}", file=sys.stderr)
        return EXIT_DOMAIN
    except UsageError as exc:
        print(f"desktop-crm: usage error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OperationalError as exc:
        print(f"desktop-crm: cannot use the database: {_first_line(exc.orig or exc)}", file=sys.stderr)
        return EXIT_DOMAIN
    except SADatabaseError as exc:
        print(f"desktop-crm: the database cannot be read: {_first_line(exc.orig or exc)}. "
              "Is it a desktop_crm database?", file=sys.stderr)
        return EXIT_DOMAIN
    except TimeoutError as exc:
        print(f"desktop-crm: {exc}", file=sys.stderr)
        return EXIT_DOMAIN
    except KeyboardInterrupt:
        print("desktop-crm: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (``desktop-crm customers search x | head``): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK


def _first_line(exc) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
