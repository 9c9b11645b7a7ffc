"""desktop-crm: the command-line companion. The same services the window uses.

Exit codes: 0 success, 1 an expected failure (told in one line), 2 a usage error.
"""

from __future__ import annotations

import argparse
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
    handover = m_sub.add_parser("handover", help="hand all customers of FROM to TO, keeping the history")
    handover.add_argument("from_login", metavar="FROM")
    handover.add_argument("to_login", metavar="TO")
    handover.add_argument("--codes", nargs="+", metavar="CODE", help="only these customers")
    handover.add_argument("--json", action="store_true")
    return p


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number <= 0:
        raise argparse.ArgumentTypeError(f"{value!r} must be greater than zero")
    return number


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
        ids = None
        if args.codes:
            ids = [crm.customers.by_code(code).id for code in args.codes]
        result = crm.managers.handover(args.from_login, args.to_login, customer_ids=ids)
        if args.json:
            _print_json(result.to_json(), out)
        else:
            print(f"Handed {result.moved:,} customers from {result.from_login} to {result.to_login}.", file=out)
        return EXIT_OK
    finally:
        crm.close()


COMMANDS: dict[str, Callable] = {
    "gui": cmd_gui, "demo": cmd_demo, "db": cmd_db, "backup": cmd_backup, "restore": cmd_restore,
    "customers": cmd_customers, "managers": cmd_managers,
}


def main(argv: Sequence[str] | None = None, out=None) -> int:
    out = out or sys.stdout
    args = build_parser().parse_args(argv)
    command = COMMANDS[args.command or "gui"]
    try:
        return command(args, out)
    except CrmError as exc:
        print(f"desktop-crm: {exc}", file=sys.stderr)
        return EXIT_DOMAIN
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
