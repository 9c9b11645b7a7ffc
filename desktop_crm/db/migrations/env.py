"""Alembic environment. Runs from code (desktop_crm.db.migrate) or the alembic CLI for development."""

from __future__ import annotations

from alembic import context
from sqlalchemy import engine_from_config, pool

from desktop_crm.models import Base

config = context.config
target_metadata = Base.metadata

# Objects the migrations create by hand that the models do not describe:
# the FTS5 table and its shadow tables on SQLite, the tsvector column on PostgreSQL.
_UNMAPPED_PREFIXES = ("customer_fts",)


def include_object(obj, name, type_, reflected, compare_to):
    if type_ == "table" and name and name.startswith(_UNMAPPED_PREFIXES):
        return False
    if type_ == "column" and name == "tsv" and getattr(obj, "table", None) is not None and obj.table.name == "customer_search":
        return False
    if type_ == "index" and name == "ix_customer_search_tsv":
        return False
    if type_ == "index" and name and name.startswith("ix_customers_order_"):
        return False  # the sort indexes of migration 0004 (expressions; the model names them in a comment)
    if type_ == "index" and name and name.startswith("ix_agenda_") and name != "ix_agenda_marks_section":
        return False  # the agenda's partial indexes of migration 0006 (services/agenda_sql.py)
    return True


def compare_type(context, inspected_column, metadata_column, inspected_type, metadata_type):
    """SQLite does not enforce VARCHAR lengths: a length-only difference there is no difference
    (migration 0005 widens customers.code on PostgreSQL only)."""
    if context.dialect.name == "sqlite" and type(inspected_type).__name__ in ("VARCHAR", "String") \
            and getattr(metadata_type, "length", None) is not None:
        return False if type(metadata_type).__name__ in ("String", "VARCHAR") else None
    return None


def _configure(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        include_object=include_object,
        compare_type=compare_type,
    )


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = engine_from_config(config.get_section(config.config_ini_section, {}), prefix="sqlalchemy.",
                                poolclass=pool.NullPool)
    with engine.connect() as conn:
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():  # pragma: no cover - offline SQL generation is not used
    raise SystemExit("desktop_crm migrations run online only")
run_migrations_online()
