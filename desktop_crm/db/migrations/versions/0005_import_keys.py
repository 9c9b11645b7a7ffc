"""keys that make imports repeatable: a care event's external reference; longer customer codes

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21

* ``care_events.external_ref``: where an imported care event came from (a field sheet's export
  id and the customer, or an activity log line's own id or content hash). Unique, so importing
  the same sheet or log again adds nothing.
* ``customers.code`` grows from 32 to 64 characters: other programs key customers by UUIDs
  (36 characters), and the import keeps them as codes so that their purchases and activity
  logs find the customer. SQLite does not enforce VARCHAR lengths, so only PostgreSQL's column
  is altered (the model comparison in env.py ignores a length-only difference on SQLite).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("care_events") as batch:
        batch.add_column(sa.Column("external_ref", sa.String(100), nullable=True))
    op.create_index("ix_care_events_external_ref", "care_events", ["external_ref"], unique=True)
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("customers", "code", type_=sa.String(64), existing_type=sa.String(32),
                        existing_nullable=False)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("customers", "code", type_=sa.String(32), existing_type=sa.String(64),
                        existing_nullable=False)
    op.drop_index("ix_care_events_external_ref", table_name="care_events")
    with op.batch_alter_table("care_events") as batch:
        batch.drop_column("external_ref")
