"""Schema migrations, shipped in the package and run from code at start-up."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import OperationalError

from . import backup
from .engine import Database, DatabaseError
from .locks import file_lock, pg_advisory_lock

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _has_foreign_tables(conn) -> bool:
    names = set(inspect(conn).get_table_names())
    return bool(names) and "alembic_version" not in names


def upgrade(db: Database, *, now: dt.datetime | None = None) -> str | None:
    """Bring the schema to head under a lock. Returns the pre-upgrade backup's path, if one was taken.

    A server that cannot be reached, or a file that is not a database, raises DatabaseError
    with a sentence saying so.
    """
    try:
        return _upgrade(db, now)
    except OperationalError as exc:
        raise DatabaseError(f"Cannot open {db.describe()}: {_first_line(exc)}") from exc
    except SADatabaseError as exc:
        raise DatabaseError(f"{db.describe()} cannot be read as a desktop_crm database: {_first_line(exc)}") from exc


def _first_line(exc: SADatabaseError) -> str:
    text = str(exc.orig if exc.orig is not None else exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _upgrade(db: Database, now: dt.datetime | None) -> str | None:
    path = db.sqlite_path
    with contextlib.ExitStack() as stack:
        if path:
            stack.enter_context(file_lock(_lock_path(path)))
        conn = stack.enter_context(db.engine.connect())
        if not path:
            stack.enter_context(pg_advisory_lock(conn))
        if _has_foreign_tables(conn):
            raise DatabaseError(f"{db.describe()} holds tables of another program; desktop_crm will not change it.")
        current = MigrationContext.configure(conn).get_current_revision()
        if current == head_revision():
            conn.commit()
            return None
        if current is not None and current not in _known_revisions():
            raise DatabaseError(f"{db.describe()} was written by a newer desktop_crm "
                                f"(schema {current}); update the app to open it.")
        taken = None
        if current is not None and path is not None:
            taken = str(backup.make_backup(path, now=now, prefix=f"pre-upgrade-{current}-"))
        conn.commit()
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        conn.commit()
        return taken


def _lock_path(db_path: Path) -> Path:
    """The upgrade lock lives in the temp folder, keyed by the database's path, not beside the user's file."""
    digest = hashlib.sha1(str(db_path.resolve()).encode("utf-8")).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"desktop_crm-upgrade-{digest}.lock"


def _known_revisions() -> set[str]:
    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
