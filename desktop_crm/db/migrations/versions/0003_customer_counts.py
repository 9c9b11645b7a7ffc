"""customer counts per tier, manager and status, kept by triggers

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _rows(alias: str, sign: str, text_cast: str) -> str:
    """The three (dim, key, delta) rows of one customer row version (OLD or NEW)."""
    return (
        f"SELECT 'tier' AS dim, coalesce({text_cast.format(f'{alias}.tier_id')}, '') AS key, {sign}1 AS n "
        f"UNION ALL SELECT 'manager', coalesce({text_cast.format(f'{alias}.manager_id')}, ''), {sign}1 "
        f"UNION ALL SELECT 'status', {alias}.status, {sign}1"
    )


def _upsert(source: str) -> str:
    # One statement, rows summed and sorted by key: unchanged dimensions cancel out, and
    # concurrent writers on PostgreSQL take the counter rows' locks in the same order.
    return (
        "INSERT INTO customer_counts (dim, key, n) "
        f"SELECT dim, key, sum(n) FROM ({source}) AS d WHERE true GROUP BY dim, key ORDER BY dim, key "
        "ON CONFLICT (dim, key) DO UPDATE SET n = customer_counts.n + excluded.n"
    )


SQLITE_CAST = "CAST({} AS TEXT)"
PG_CAST = "CAST({} AS TEXT)"

BACKFILL = (
    "INSERT INTO customer_counts (dim, key, n) "
    "SELECT 'tier', coalesce(CAST(tier_id AS TEXT), ''), count(*) FROM customers WHERE deleted_at IS NULL "
    "GROUP BY coalesce(CAST(tier_id AS TEXT), '') "
    "UNION ALL SELECT 'manager', coalesce(CAST(manager_id AS TEXT), ''), count(*) FROM customers "
    "WHERE deleted_at IS NULL GROUP BY coalesce(CAST(manager_id AS TEXT), '') "
    "UNION ALL SELECT 'status', status, count(*) FROM customers WHERE deleted_at IS NULL GROUP BY status"
)


def sqlite_triggers() -> list[str]:
    old, new = _rows("old", "-", SQLITE_CAST), _rows("new", "", SQLITE_CAST)
    return [
        "CREATE TRIGGER customer_counts_ai AFTER INSERT ON customers WHEN new.deleted_at IS NULL BEGIN "
        f"{_upsert(new)}; END",
        "CREATE TRIGGER customer_counts_ad AFTER DELETE ON customers WHEN old.deleted_at IS NULL BEGIN "
        f"{_upsert(old)}; END",
        "CREATE TRIGGER customer_counts_au AFTER UPDATE OF tier_id, manager_id, status, deleted_at ON customers BEGIN "
        f"{_upsert(f'SELECT * FROM ({old}) WHERE old.deleted_at IS NULL UNION ALL SELECT * FROM ({new}) WHERE new.deleted_at IS NULL')}; END",
    ]


def postgres_statements() -> list[str]:
    old, new = _rows("OLD", "-", PG_CAST), _rows("NEW", "", PG_CAST)
    body = f"""
    BEGIN
        IF TG_OP = 'INSERT' THEN
            IF NEW.deleted_at IS NULL THEN {_upsert(new)}; END IF;
        ELSIF TG_OP = 'DELETE' THEN
            IF OLD.deleted_at IS NULL THEN {_upsert(old)}; END IF;
        ELSE
            {_upsert(f"SELECT * FROM ({old}) AS o WHERE OLD.deleted_at IS NULL UNION ALL SELECT * FROM ({new}) AS n WHERE NEW.deleted_at IS NULL")};
        END IF;
        RETURN NULL;
    END"""
    return [
        f"CREATE FUNCTION customer_counts_trg() RETURNS trigger LANGUAGE plpgsql AS $fn${body}$fn$",
        "CREATE TRIGGER customer_counts_trg AFTER INSERT OR DELETE OR UPDATE OF tier_id, manager_id, status, deleted_at "
        "ON customers FOR EACH ROW EXECUTE FUNCTION customer_counts_trg()",
    ]


def upgrade() -> None:
    op.create_table(
        "customer_counts",
        sa.Column("dim", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("dim", "key", name=op.f("pk_customer_counts")),
    )
    op.execute(BACKFILL)
    statements = sqlite_triggers() if op.get_bind().dialect.name == "sqlite" else postgres_statements()
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("customer_counts_ai", "customer_counts_ad", "customer_counts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    else:
        op.execute("DROP TRIGGER IF EXISTS customer_counts_trg ON customers")
        op.execute("DROP FUNCTION IF EXISTS customer_counts_trg()")
    op.drop_table("customer_counts")
