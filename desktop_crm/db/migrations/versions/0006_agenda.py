"""the care engine: care tasks, agenda snoozes, company days; assignment time and purchase rhythms
on customers; the agenda's partial indexes

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-21

* ``care_tasks``: something to do for a customer by a date (regional care makes many at once).
* ``agenda_marks``: agenda rows snoozed or done, hidden until a date.
* ``company_days``: days the company marks for its customers, besides public holidays.
* ``customers.assigned_at``: when the current primary manager took the customer, filled from
  the open primary assignment; a never-contacted customer is due from it.
* ``customers.purchase_days`` … ``at_risk_from``: the purchase rhythm (services/rhythms.py),
  computed here from the purchases already stored.
* ``care_events.follow_up_owner``, kept by triggers: the manager (0: none) of a live, not lost
  customer on each event with a next step, so due follow-ups are counted from one index.
* The agenda's partial indexes and those triggers (services/agenda_sql.py writes them out).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from desktop_crm.services import agenda_sql, rhythms

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

CALENDAR = sa.Enum("solar", "lunar", name="calendar", native_enum=False, create_constraint=True, length=24)
CARE_KIND = sa.Enum("call", "visit", "greeting", "gift", "congratulation", "help", "disaster_care",
                    "complaint_follow_up", "other", name="care_kind", native_enum=False, create_constraint=True,
                    length=24)
RHYTHM = (("purchase_days", sa.Integer), ("last_purchase_on", sa.Date), ("usual_gap_days", sa.Integer),
          ("long_gap_days", sa.Integer), ("next_purchase_on", sa.Date), ("reorder_from", sa.Date),
          ("at_risk_from", sa.Date))


def upgrade() -> None:
    bind = op.get_bind()
    dialect = bind.dialect.name
    op.create_table(
        "care_tasks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("customer_id", sa.Integer, sa.ForeignKey("customers.id", ondelete="CASCADE"), nullable=False),
        sa.Column("manager_id", sa.Integer, sa.ForeignKey("managers.id", ondelete="SET NULL")),
        sa.Column("kind", CARE_KIND, nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("campaign", sa.String(200)),
        sa.Column("due_on", sa.Date, nullable=False),
        sa.Column("done_at", sa.DateTime),
        sa.Column("done_event_id", sa.Integer, sa.ForeignKey("care_events.id", ondelete="SET NULL")),
        sa.Column("created_by", sa.String(64)),
        sa.Column("created_at", sa.DateTime, server_default=sa.func.current_timestamp(), nullable=False),
        sa.Column("updated_at", sa.DateTime, server_default=sa.func.current_timestamp(), nullable=False),
    )
    op.create_index("ix_care_tasks_customer_id", "care_tasks", ["customer_id"])
    op.create_index("ix_care_tasks_campaign", "care_tasks", ["campaign"])
    op.create_index("ix_care_tasks_open_due", "care_tasks", ["due_on"], sqlite_where=sa.text("done_at IS NULL"),
                    postgresql_where=sa.text("done_at IS NULL"))
    op.create_table(
        "agenda_marks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(120), nullable=False, unique=True),
        sa.Column("section", sa.String(16), nullable=False),
        sa.Column("customer_id", sa.Integer, sa.ForeignKey("customers.id", ondelete="CASCADE")),
        sa.Column("until", sa.Date, nullable=False),
        sa.Column("done", sa.Boolean, server_default=sa.text("false"), nullable=False),
        sa.Column("actor", sa.String(64)),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_agenda_marks_section", "agenda_marks", ["section", "customer_id", "until"])
    op.create_table(
        "company_days",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("calendar", CALENDAR, nullable=False),
        sa.Column("year", sa.SmallInteger),
        sa.Column("month", sa.SmallInteger, nullable=False),
        sa.Column("day", sa.SmallInteger, nullable=False),
        sa.Column("leap_month", sa.Boolean, server_default=sa.text("false"), nullable=False),
        sa.Column("yearly", sa.Boolean, server_default=sa.text("true"), nullable=False),
        sa.Column("country", sa.String(2)),
        sa.Column("lead_days", sa.SmallInteger, server_default=sa.text("14"), nullable=False),
        sa.Column("notes", sa.Text),
    )
    with op.batch_alter_table("customers") as batch:
        batch.add_column(sa.Column("assigned_at", sa.DateTime))
        for name, type_ in RHYTHM:
            batch.add_column(sa.Column(name, type_))
    with op.batch_alter_table("care_events") as batch:
        batch.add_column(sa.Column("follow_up_owner", sa.Integer))
    owner = agenda_sql.OWNER.format(c="c.")
    op.execute(f"UPDATE care_events SET follow_up_owner = (SELECT {owner} FROM customers c "
               "WHERE c.id = care_events.customer_id) WHERE next_due IS NOT NULL")
    # Customers never have a month without a calendar (services/validation.py); make sure of it,
    # since the agenda's birthday look-up reads 'solar' literally.
    op.execute("UPDATE customers SET birth_calendar = 'solar' WHERE birth_month IS NOT NULL AND birth_calendar IS NULL")
    op.execute("UPDATE contact_persons SET birth_calendar = 'solar' "
               "WHERE birth_month IS NOT NULL AND birth_calendar IS NULL")
    started = ("CAST(a.started_on AS TIMESTAMP)" if dialect == "postgresql"
               else "a.started_on || ' 00:00:00.000000'")
    op.execute(
        f"UPDATE customers SET assigned_at = (SELECT max({started}) FROM customer_assignments a "
        "WHERE a.customer_id = customers.id AND a.role = 'primary' AND a.ended_on IS NULL "
        "AND a.manager_id = customers.manager_id) WHERE manager_id IS NOT NULL")
    rhythms.refresh(bind)
    op.execute("DROP INDEX IF EXISTS ix_occasions_month_day")  # ix_agenda_occasions covers it
    for statement in agenda_sql.create_statements(dialect) + agenda_sql.trigger_statements(dialect):
        op.execute(statement)
    if dialect == "postgresql":
        op.execute("ANALYZE customers")
        op.execute("ANALYZE care_events")
        op.execute("ANALYZE contact_persons")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in agenda_sql.drop_trigger_statements(dialect):
        op.execute(statement)
    for name in agenda_sql.indexes(dialect):
        op.execute(f"DROP INDEX IF EXISTS {name}")
    op.create_index("ix_occasions_month_day", "occasions", ["month", "day"])
    with op.batch_alter_table("care_events") as batch:
        batch.drop_column("follow_up_owner")
    with op.batch_alter_table("customers") as batch:
        for name, _ in reversed(RHYTHM):
            batch.drop_column(name)
        batch.drop_column("assigned_at")
    op.drop_table("company_days")
    op.drop_index("ix_agenda_marks_section", table_name="agenda_marks")
    op.drop_table("agenda_marks")
    op.drop_index("ix_care_tasks_open_due", table_name="care_tasks")
    op.drop_index("ix_care_tasks_campaign", table_name="care_tasks")
    op.drop_index("ix_care_tasks_customer_id", table_name="care_tasks")
    op.drop_table("care_tasks")
