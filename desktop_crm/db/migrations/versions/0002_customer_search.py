"""customer search index: documents in customer_search, FTS5 on SQLite, tsvector + GIN on PostgreSQL

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# The documents are already folded and split by desktop_crm.services.search_text, so the
# database only has to split on spaces: FTS5's ascii tokenizer keeps every non-ASCII
# character inside a token; PostgreSQL takes the lexemes as they are.
SQLITE_UP = [
    """CREATE VIRTUAL TABLE customer_fts USING fts5(
           doc, content='customer_search', content_rowid='customer_id',
           tokenize='ascii', detail='none', prefix='2 3 4')""",
    """CREATE TRIGGER customer_search_ai AFTER INSERT ON customer_search BEGIN
           INSERT INTO customer_fts(rowid, doc) VALUES (new.customer_id, new.doc);
       END""",
    """CREATE TRIGGER customer_search_ad AFTER DELETE ON customer_search BEGIN
           INSERT INTO customer_fts(customer_fts, rowid, doc) VALUES ('delete', old.customer_id, old.doc);
       END""",
    """CREATE TRIGGER customer_search_au AFTER UPDATE ON customer_search BEGIN
           INSERT INTO customer_fts(customer_fts, rowid, doc) VALUES ('delete', old.customer_id, old.doc);
           INSERT INTO customer_fts(rowid, doc) VALUES (new.customer_id, new.doc);
       END""",
]
POSTGRES_UP = [
    """ALTER TABLE customer_search ADD COLUMN tsv tsvector
           GENERATED ALWAYS AS (array_to_tsvector(string_to_array(doc, ' '))) STORED""",
    "CREATE INDEX ix_customer_search_tsv ON customer_search USING gin (tsv)",
]


def upgrade() -> None:
    op.create_table(
        "customer_search",
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("doc", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], name=op.f("fk_customer_search_customer_id_customers"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("customer_id", name=op.f("pk_customer_search")),
    )
    bind = op.get_bind()
    for statement in SQLITE_UP if bind.dialect.name == "sqlite" else POSTGRES_UP:
        op.execute(statement)
    # Index the customers that exist already.
    from desktop_crm.services.search_index import rebuild_all

    rebuild_all(bind)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("customer_search_ai", "customer_search_ad", "customer_search_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS customer_fts")
    op.drop_table("customer_search")
