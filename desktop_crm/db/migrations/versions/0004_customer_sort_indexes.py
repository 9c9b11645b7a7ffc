"""indexes the customer table sorts on: blanks last, a name order inside tier/manager/status, last contact

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21

Each sortable column of the customer table has a partial index (live customers only) whose
columns are exactly the ORDER BY of ``desktop_crm.services.customer_order``, so that the first
page of any order, and the whole ordered id list, is read from an index instead of sorted:

* code: ``(code, id)`` (the unique index on code is not partial, so it cannot skip deleted rows);
* company, city, region: ``(col IS NULL, col, id)`` — customers without a value come last;
* tier and status: ``(col, sort_name, id)`` — within a tier (or status), by name; the tiers
  themselves are walked in rank order one index range at a time;
* last contact: the later of the last call and the last visit, ``(expr, id)``. SQLite's
  two-argument max() is NULL when either side is, so the expression is written as
  max(ifnull(a, b), ifnull(b, a)); PostgreSQL's greatest() the same way.

The expression indexes live only here (and are left out of the model comparison in env.py);
the model (desktop_crm.models.customer) documents them.
"""
from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

ALIVE = "WHERE deleted_at IS NULL"
LAST_CONTACT = {
    "sqlite": "max(ifnull(last_call_at, last_visit_at), ifnull(last_visit_at, last_call_at))",
    "postgresql": "greatest(coalesce(last_call_at, last_visit_at), coalesce(last_visit_at, last_call_at))",
}
# name -> columns (SQL), per dialect where they differ
INDEXES = {
    "ix_customers_order_code": "code, id",
    "ix_customers_order_company": "(company IS NULL), company, id",
    "ix_customers_order_city": "(city IS NULL), city, id",
    "ix_customers_order_region": "(region IS NULL), region, id",
    "ix_customers_order_tier": "tier_id, sort_name, id",
    "ix_customers_order_status": "status, sort_name, id",
}
LAST_CONTACT_INDEX = "ix_customers_order_last_contact"
REPLACED = ("ix_customers_tier",)  # (tier_id) alone: the new (tier_id, sort_name, id) covers it


def expression_index_names() -> tuple[str, ...]:
    return (*INDEXES, LAST_CONTACT_INDEX)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for name in REPLACED:
        op.execute(f"DROP INDEX IF EXISTS {name}")
    for name, columns in INDEXES.items():
        op.execute(f"CREATE INDEX {name} ON customers ({columns}) {ALIVE}")
    # Ascending puts never-contacted customers first: they are the longest without contact.
    nulls = " NULLS FIRST" if dialect == "postgresql" else ""
    op.execute(f"CREATE INDEX {LAST_CONTACT_INDEX} ON customers (({LAST_CONTACT[dialect]}){nulls}, id) {ALIVE}")
    if dialect == "postgresql":
        op.execute("ANALYZE customers")


def downgrade() -> None:
    for name in expression_index_names():
        op.execute(f"DROP INDEX IF EXISTS {name}")
    op.execute(f"CREATE INDEX ix_customers_tier ON customers (tier_id) {ALIVE}")
