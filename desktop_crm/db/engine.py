"""Where the database lives, how connections are set up, and the session factory."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from desktop_crm.errors import CrmError

APP_NAME = "desktop_crm"
ENV_DB = "DESKTOP_CRM_DB"
SQLITE_BUSY_TIMEOUT_MS = 10_000


class DatabaseError(CrmError):
    """The database cannot be opened or is not a desktop_crm database."""


def default_database_path() -> Path:
    return Path(user_data_dir(APP_NAME, appauthor=False)) / "desktop_crm.sqlite3"


def resolve_url(db: str | os.PathLike | None = None) -> str:
    """Turn ``--db`` (a path or a URL), else $DESKTOP_CRM_DB, else the default file, into a URL."""
    value = str(db) if db else os.environ.get(ENV_DB) or str(default_database_path())
    if "://" not in value:
        return "sqlite:///" + str(Path(value).expanduser().resolve())
    if value.startswith(("postgresql://", "postgres://")):
        value = "postgresql+psycopg://" + value.split("://", 1)[1]
    try:
        backend = make_url(value).get_backend_name()
    except ArgumentError as exc:
        raise DatabaseError(f"Not a database path or URL: {value!r}") from exc
    if backend not in ("sqlite", "postgresql"):
        raise DatabaseError(f"Not a database path or URL desktop_crm can use: {value!r} "
                            "(give a SQLite file path or a postgresql:// URL)")
    return value


def _set_sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA cache_size=-65536")  # 64 MiB page cache per connection
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.close()


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = parsed.database
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _set_sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 10})


@dataclass
class Database:
    """An open database: its URL, engine and session factory."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def sqlite_path(self) -> Path | None:
        if not self.is_sqlite:
            return None
        database = make_url(self.url).database
        return Path(database) if database and database != ":memory:" else None

    def describe(self) -> str:
        """Where the data lives, in words for the status bar and the CLI."""
        if self.is_sqlite:
            return str(self.sqlite_path)
        parsed = make_url(self.url)
        return f"{parsed.database} on {parsed.host or 'localhost'}:{parsed.port or 5432}"

    @classmethod
    def connect(cls, db: str | os.PathLike | None = None, *, must_exist: bool = False) -> "Database":
        url = resolve_url(db)
        parsed = make_url(url)
        if must_exist and parsed.get_backend_name() == "sqlite":
            path = Path(parsed.database or "")
            if not path.is_file():
                raise DatabaseError(
                    f"No database at {path}. Create one by starting the app, "
                    f"or with 'desktop-crm --db {path} db upgrade'."
                )
        engine = make_engine(url)
        return cls(url=url, engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))

    def dispose(self) -> None:
        self.engine.dispose()
