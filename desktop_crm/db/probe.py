"""Look at a database before using it: can it be reached, and whose tables does it hold?

``probe`` only reads. A SQLite file is opened read-only (and not created when missing); a
PostgreSQL session runs with ``default_transaction_read_only``. The engine is disposed
before returning, and every failure comes back as a result with a sentence, never raised.
"""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.pool import NullPool

from . import backup, migrate
from .engine import DatabaseError, resolve_url

EMPTY = "empty"
OURS = "ours"
NEWER = "newer"
FOREIGN = "foreign"
UNREACHABLE = "unreachable"

CONNECT_TIMEOUT_S = 5
STATEMENT_TIMEOUT_MS = 15_000
OUR_TABLES = {"customers", "managers", "tiers"}


@dataclass(frozen=True)
class ProbeResult:
    """What was found. ``ok``: desktop_crm can use this database (empty, or its own)."""

    ok: bool
    kind: str  # EMPTY, OURS, NEWER, FOREIGN or UNREACHABLE
    message: str  # one sentence for the user; never holds a password
    revision: str | None = None  # the schema revision of a desktop_crm database
    customers: int | None = None  # live customers in a desktop_crm database
    where: str = ""  # the database in words (file path, or "name on host:port")


def probe(url_or_path: str | os.PathLike, *, timeout: int = CONNECT_TIMEOUT_S) -> ProbeResult:
    """Connect briefly, read the table names and schema revision, and say what the database is."""
    value = os.fspath(url_or_path).strip() if url_or_path is not None else ""
    if not value:
        return ProbeResult(False, UNREACHABLE, "Give a database: a postgresql:// URL or the path of a SQLite file.")
    if "://" not in value:  # a path: taken as it is, so '#' or '?' in a folder name stay part of it
        return _probe_sqlite(Path(value).expanduser().resolve())
    try:
        url = resolve_url(value)
    except DatabaseError as exc:
        return ProbeResult(False, UNREACHABLE, str(exc))
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _probe_sqlite(Path(parsed.database or ""))
    return _probe_postgresql(url, timeout)


def describe_url(url: str) -> str:
    """A database in words without its password: "crm on server:5432" or the file path."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return str(parsed.database)
    return f"{parsed.database} on {parsed.host or 'localhost'}:{parsed.port or 5432}"


# ----- SQLite ------------------------------------------------------------------------------

def _probe_sqlite(path: Path) -> ProbeResult:
    where = str(path)
    if not path.exists():
        if not path.parent.is_dir():
            return ProbeResult(True, EMPTY, f"There is no file at {where} yet: desktop_crm will create the "
                                            f"folder {path.parent} and a new database in it.", where=where)
        return ProbeResult(True, EMPTY, f"There is no file at {where} yet: desktop_crm will create a new "
                                        "database there.", where=where)
    if not path.is_file():
        return ProbeResult(False, UNREACHABLE, f"{where} is a folder, not a database file.", where=where)
    if path.stat().st_size and not _has_sqlite_header(path):
        return ProbeResult(False, UNREACHABLE, f"Cannot use {where}: it is not a database file.", where=where)
    uri = backup._read_only_uri(path)
    engine = create_engine("sqlite://", poolclass=NullPool,
                           creator=lambda: sqlite3.connect(uri, uri=True, timeout=5, check_same_thread=False))
    return _inspect(engine, where)


def _has_sqlite_header(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(16) == backup.SQLITE_HEADER
    except OSError:
        return False


# ----- PostgreSQL --------------------------------------------------------------------------

def _probe_postgresql(url: str, timeout: int) -> ProbeResult:
    where = describe_url(url)
    options = f"-c default_transaction_read_only=on -c statement_timeout={STATEMENT_TIMEOUT_MS}"
    engine = create_engine(url, poolclass=NullPool,
                           connect_args={"connect_timeout": max(1, int(timeout)), "options": options})
    return _inspect(engine, where, make_url(url))


# ----- both --------------------------------------------------------------------------------

def _inspect(engine, where: str, parsed=None) -> ProbeResult:
    try:
        with engine.connect() as conn:
            names = set(inspect(conn).get_table_names())
            if not names:
                return ProbeResult(True, EMPTY, f"{where} is an empty database: desktop_crm will create its "
                                                "tables.", where=where)
            if "alembic_version" not in names or not OUR_TABLES <= names:
                shown = ", ".join(sorted(names)[:5]) + ("…" if len(names) > 5 else "")
                return ProbeResult(False, FOREIGN, f"{where} holds tables of another program ({shown}): "
                                                   "desktop_crm will not use it.", where=where)
            revision = MigrationContext.configure(conn).get_current_revision()
            if revision is not None and revision not in migrate._known_revisions():
                return ProbeResult(False, NEWER, f"{where} is a newer desktop_crm database (schema revision "
                                                 f"{revision}): update the app to use it.",
                                   revision=revision, where=where)
            customers = _count_customers(conn, names)
            conn.rollback()
    except DBAPIError as exc:
        verb = "open" if parsed is None else "connect to"
        return ProbeResult(False, UNREACHABLE, f"Cannot {verb} {where}: {_reason(exc, parsed)}", where=where)
    except SQLAlchemyError as exc:
        return ProbeResult(False, UNREACHABLE, f"Cannot use {where}: {_first_line(str(exc))}", where=where)
    finally:
        engine.dispose()
    head = migrate.head_revision()
    later = "" if revision == head else f"; it will be upgraded to revision {head} when opened"
    count = f"{customers} customer" + ("" if customers == 1 else "s")
    schema = f"schema revision {revision}" if revision else "no schema revision yet"
    return ProbeResult(True, OURS, f"{where} is a desktop_crm database ({schema}, {count}){later}.",
                       revision=revision, customers=customers, where=where)


def _count_customers(conn, names: set[str]) -> int:
    if "customer_counts" in names:  # kept by triggers: one small read instead of a scan
        total = conn.execute(text("SELECT COALESCE(SUM(n), 0) FROM customer_counts WHERE dim = 'status'")).scalar()
        return int(total or 0)
    customers = inspect(conn).get_columns("customers")
    stmt = select(func.count()).select_from(text("customers"))
    if any(c["name"] == "deleted_at" for c in customers):
        stmt = stmt.where(text("deleted_at IS NULL"))
    return int(conn.execute(stmt).scalar() or 0)


def _first_line(text_: str) -> str:
    lines = [line.strip() for line in text_.strip().splitlines() if line.strip()]
    return lines[0] if lines else "unknown error"


_SERVER_PREFIX = re.compile(r'^(connection failed: )?(connection to server at "[^"]*"( \([^)]*\))?, port \d+ failed: )?'
                            r"(FATAL:\s+)?", re.IGNORECASE)


def _reason(exc: DBAPIError, parsed) -> str:
    """The server's reason, in words, with what to check."""
    raw = str(exc.orig if exc.orig is not None else exc).strip()
    said = _SERVER_PREFIX.sub("", _first_line(raw))
    low = raw.lower()
    host = (parsed.host or "localhost") if parsed is not None else ""
    port = (parsed.port or 5432) if parsed is not None else ""
    if "file is not a database" in low:
        return "it is not a database file."
    if parsed is None:
        return said + ("" if said.endswith(".") else ".")
    if "does not exist" in low and "database" in low:
        return f"the server has no such database ({said}). Check the database name at the end of the URL."
    if "password authentication failed" in low or "no password supplied" in low \
            or ("role" in low and "does not exist" in low) or "authentication" in low:
        return f"authentication failed ({said}). Check the user name and password."
    if "connection refused" in low:
        return (f"nothing answers at {host} port {port} ({said}). Check the server name and port, "
                "and that the server is running.")
    if "timeout" in low or "timed out" in low:
        return f"the server did not answer in time ({said}). Check the server name, the port and the network."
    if "could not translate host name" in low or "name or service not known" in low \
            or "nodename nor servname" in low or "name resolution" in low:
        return f"no computer named {host} was found ({said}). Check the server name."
    if "no route to host" in low or "network is unreachable" in low:
        return f"{host} cannot be reached over the network ({said})."
    return said + ("" if said.endswith(".") else ".")
