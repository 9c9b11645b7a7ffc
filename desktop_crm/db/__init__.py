"""Engine, sessions, migrations and backups. No Qt here."""

from .engine import Database, DatabaseError, default_database_path, resolve_url

__all__ = ["Database", "DatabaseError", "default_database_path", "resolve_url"]
