"""initial schema: every table of the domain, and the default A/B/C tiers

Revision ID: 0001
Revises: 
Create Date: 2026-11-21 13:56:02.104919
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('app_settings',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_app_settings'))
    )
    op.create_table('import_batches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=400), nullable=False),
    sa.Column('file_hash', sa.String(length=64), nullable=True),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('actor', sa.String(length=64), nullable=True),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('undone_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_batches'))
    )
    with op.batch_alter_table('import_batches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_batches_file_hash'), ['file_hash'], unique=False)

    op.create_table('managers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('login', sa.String(length=64), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('role', sa.Enum('manager', 'supervisor', 'admin', name='manager_role', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('active', sa.Boolean(), server_default=sa.text('(true)'), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_managers')),
    sa.UniqueConstraint('login', name=op.f('uq_managers_login'))
    )
    op.create_table('tiers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('colour', sa.String(length=9), nullable=False),
    sa.Column('call_cadence_days', sa.Integer(), nullable=True),
    sa.Column('visit_cadence_days', sa.Integer(), nullable=True),
    sa.Column('gift_budget', sa.BigInteger(), nullable=True),
    sa.Column('revenue_share', sa.Float(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tiers')),
    sa.UniqueConstraint('code', name=op.f('uq_tiers_code'))
    )
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=True),
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.Enum('create', 'update', 'delete', name='audit_action', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('field', sa.String(length=64), nullable=True),
    sa.Column('old_value', sa.Text(), nullable=True),
    sa.Column('new_value', sa.Text(), nullable=True),
    sa.Column('import_batch_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['import_batch_id'], ['import_batches.id'], name=op.f('fk_audit_log_import_batch_id_import_batches'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index('ix_audit_log_entity', ['entity', 'entity_id', 'at'], unique=False)

    op.create_table('customers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.Enum('person', 'company', name='customer_kind', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('sort_name', sa.String(length=200), nullable=False),
    sa.Column('company', sa.String(length=200), nullable=True),
    sa.Column('title', sa.String(length=100), nullable=True),
    sa.Column('phone', sa.String(length=64), nullable=True),
    sa.Column('phone_e164', sa.String(length=20), nullable=True),
    sa.Column('mobile', sa.String(length=64), nullable=True),
    sa.Column('mobile_e164', sa.String(length=20), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('address', sa.String(length=300), nullable=True),
    sa.Column('city', sa.String(length=100), nullable=True),
    sa.Column('region', sa.String(length=100), nullable=True),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.Column('status', sa.Enum('prospect', 'active', 'dormant', 'lost', name='customer_status', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('tier_id', sa.Integer(), nullable=True),
    sa.Column('tier_pinned', sa.Boolean(), server_default=sa.text('(false)'), nullable=False),
    sa.Column('loyalty', sa.Enum('loyal', 'switching', 'none', name='loyalty', native_enum=False, create_constraint=True, length=24), nullable=True),
    sa.Column('industry', sa.String(length=100), nullable=True),
    sa.Column('purpose', sa.String(length=200), nullable=True),
    sa.Column('source', sa.String(length=100), nullable=True),
    sa.Column('credit_rating', sa.String(length=16), nullable=True),
    sa.Column('credit_limit', sa.BigInteger(), nullable=True),
    sa.Column('hobbies', sa.Text(), nullable=True),
    sa.Column('personality', sa.Text(), nullable=True),
    sa.Column('family_notes', sa.Text(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('custom_fields', sa.JSON(), nullable=False),
    sa.Column('manager_id', sa.Integer(), nullable=True),
    sa.Column('last_call_at', sa.DateTime(), nullable=True),
    sa.Column('last_visit_at', sa.DateTime(), nullable=True),
    sa.Column('import_batch_id', sa.Integer(), nullable=True),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('birth_calendar', sa.Enum('solar', 'lunar', name='calendar', native_enum=False, create_constraint=True, length=24), nullable=True),
    sa.Column('birth_year', sa.SmallInteger(), nullable=True),
    sa.Column('birth_month', sa.SmallInteger(), nullable=True),
    sa.Column('birth_day', sa.SmallInteger(), nullable=True),
    sa.Column('birth_leap_month', sa.Boolean(), server_default=sa.text('(false)'), nullable=False),
    sa.CheckConstraint('birth_day IS NULL OR (birth_day BETWEEN 1 AND 31)', name=op.f('ck_customers_birth_day')),
    sa.CheckConstraint('birth_month IS NULL OR (birth_month BETWEEN 1 AND 12)', name=op.f('ck_customers_birth_month')),
    sa.ForeignKeyConstraint(['import_batch_id'], ['import_batches.id'], name=op.f('fk_customers_import_batch_id_import_batches'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['manager_id'], ['managers.id'], name=op.f('fk_customers_manager_id_managers'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tier_id'], ['tiers.id'], name=op.f('fk_customers_tier_id_tiers'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_customers')),
    sa.UniqueConstraint('code', name=op.f('uq_customers_code'))
    )
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.create_index('ix_customers_birthday', ['birth_month', 'birth_day'], unique=False)
        batch_op.create_index(batch_op.f('ix_customers_email'), ['email'], unique=False)
        batch_op.create_index('ix_customers_import_batch', ['import_batch_id'], unique=False)
        batch_op.create_index('ix_customers_last_call', ['last_call_at'], unique=False)
        batch_op.create_index('ix_customers_manager', ['manager_id', 'sort_name'], unique=False, sqlite_where=sa.text('deleted_at IS NULL'), postgresql_where=sa.text('deleted_at IS NULL'))
        batch_op.create_index(batch_op.f('ix_customers_mobile_e164'), ['mobile_e164'], unique=False)
        batch_op.create_index(batch_op.f('ix_customers_phone_e164'), ['phone_e164'], unique=False)
        batch_op.create_index('ix_customers_region', ['region'], unique=False)
        batch_op.create_index('ix_customers_sort_name', ['sort_name', 'id'], unique=False, sqlite_where=sa.text('deleted_at IS NULL'), postgresql_where=sa.text('deleted_at IS NULL'))
        batch_op.create_index('ix_customers_status', ['status'], unique=False)
        batch_op.create_index('ix_customers_tier', ['tier_id'], unique=False, sqlite_where=sa.text('deleted_at IS NULL'), postgresql_where=sa.text('deleted_at IS NULL'))

    op.create_table('contact_persons',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=100), nullable=True),
    sa.Column('phone', sa.String(length=64), nullable=True),
    sa.Column('phone_e164', sa.String(length=20), nullable=True),
    sa.Column('mobile', sa.String(length=64), nullable=True),
    sa.Column('mobile_e164', sa.String(length=20), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('decision_maker', sa.Boolean(), server_default=sa.text('(false)'), nullable=False),
    sa.Column('joined_on', sa.Date(), nullable=True),
    sa.Column('left_on', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('import_batch_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('birth_calendar', sa.Enum('solar', 'lunar', name='calendar', native_enum=False, create_constraint=True, length=24), nullable=True),
    sa.Column('birth_year', sa.SmallInteger(), nullable=True),
    sa.Column('birth_month', sa.SmallInteger(), nullable=True),
    sa.Column('birth_day', sa.SmallInteger(), nullable=True),
    sa.Column('birth_leap_month', sa.Boolean(), server_default=sa.text('(false)'), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_contact_persons_customer_id_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['import_batch_id'], ['import_batches.id'], name=op.f('fk_contact_persons_import_batch_id_import_batches'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contact_persons'))
    )
    with op.batch_alter_table('contact_persons', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_persons_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contact_persons_phone_e164'), ['phone_e164'], unique=False)

    op.create_table('customer_assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('manager_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('primary', 'secondary', name='assignment_role', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_customer_assignments_customer_id_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['manager_id'], ['managers.id'], name=op.f('fk_customer_assignments_manager_id_managers'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_customer_assignments'))
    )
    with op.batch_alter_table('customer_assignments', schema=None) as batch_op:
        batch_op.create_index('ix_customer_assignments_customer', ['customer_id', 'ended_on'], unique=False)
        batch_op.create_index('ix_customer_assignments_manager', ['manager_id', 'ended_on'], unique=False)

    op.create_table('purchases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('purchased_on', sa.Date(), nullable=False),
    sa.Column('product_code', sa.String(length=64), nullable=True),
    sa.Column('product_name', sa.String(length=200), nullable=True),
    sa.Column('quantity', sa.Float(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('reference', sa.String(length=64), nullable=True),
    sa.Column('line_ref', sa.String(length=64), nullable=True),
    sa.Column('import_batch_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_purchases_customer_id_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['import_batch_id'], ['import_batches.id'], name=op.f('fk_purchases_import_batch_id_import_batches'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_purchases')),
    sa.UniqueConstraint('reference', 'line_ref', name=op.f('uq_purchases_reference_line_ref'))
    )
    with op.batch_alter_table('purchases', schema=None) as batch_op:
        batch_op.create_index('ix_purchases_customer', ['customer_id', 'purchased_on'], unique=False)
        batch_op.create_index('ix_purchases_date', ['purchased_on'], unique=False)

    op.create_table('tier_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('from_tier_id', sa.Integer(), nullable=True),
    sa.Column('to_tier_id', sa.Integer(), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.Column('reason', sa.Enum('automatic', 'manual', 'import', name='tier_change_reason', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_tier_changes_customer_id_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['from_tier_id'], ['tiers.id'], name=op.f('fk_tier_changes_from_tier_id_tiers'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['to_tier_id'], ['tiers.id'], name=op.f('fk_tier_changes_to_tier_id_tiers'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tier_changes'))
    )
    with op.batch_alter_table('tier_changes', schema=None) as batch_op:
        batch_op.create_index('ix_tier_changes_customer', ['customer_id', 'changed_at'], unique=False)

    op.create_table('care_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('manager_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('call', 'visit', 'greeting', 'gift', 'congratulation', 'help', 'disaster_care', 'complaint_follow_up', 'other', name='care_kind', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('happened_at', sa.DateTime(), nullable=False),
    sa.Column('channel', sa.String(length=32), nullable=True),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.Column('outcome', sa.Text(), nullable=True),
    sa.Column('next_step', sa.Text(), nullable=True),
    sa.Column('next_due', sa.Date(), nullable=True),
    sa.Column('next_done_at', sa.DateTime(), nullable=True),
    sa.Column('source', sa.Enum('manual', 'import', 'field_sheet', 'demo', 'system', name='record_source', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('import_batch_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['contact_persons.id'], name=op.f('fk_care_events_contact_id_contact_persons'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_care_events_customer_id_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['import_batch_id'], ['import_batches.id'], name=op.f('fk_care_events_import_batch_id_import_batches'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['manager_id'], ['managers.id'], name=op.f('fk_care_events_manager_id_managers'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_care_events'))
    )
    with op.batch_alter_table('care_events', schema=None) as batch_op:
        batch_op.create_index('ix_care_events_customer', ['customer_id', 'happened_at'], unique=False)
        batch_op.create_index('ix_care_events_manager', ['manager_id', 'happened_at'], unique=False)
        batch_op.create_index('ix_care_events_next_due', ['next_due'], unique=False)

    op.create_table('complaints',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('manager_id', sa.Integer(), nullable=True),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('channel', sa.String(length=32), nullable=True),
    sa.Column('category', sa.String(length=64), nullable=True),
    sa.Column('severity', sa.Enum('low', 'medium', 'high', 'critical', name='severity', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('open', 'investigating', 'resolved', 'closed', name='complaint_status', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('target_at', sa.DateTime(), nullable=True),
    sa.Column('resolution', sa.Text(), nullable=True),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('feedback', sa.Text(), nullable=True),
    sa.Column('satisfaction', sa.SmallInteger(), nullable=True),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint('satisfaction IS NULL OR (satisfaction BETWEEN 1 AND 5)', name=op.f('ck_complaints_satisfaction')),
    sa.ForeignKeyConstraint(['contact_id'], ['contact_persons.id'], name=op.f('fk_complaints_contact_id_contact_persons'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_complaints_customer_id_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['manager_id'], ['managers.id'], name=op.f('fk_complaints_manager_id_managers'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaints'))
    )
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_complaints_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index('ix_complaints_status', ['status', 'target_at'], unique=False)

    op.create_table('occasions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=True),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('birthday', 'company_anniversary', 'store_opening', 'wedding', 'custom', name='occasion_kind', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=True),
    sa.Column('calendar', sa.Enum('solar', 'lunar', name='calendar', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('year', sa.SmallInteger(), nullable=True),
    sa.Column('month', sa.SmallInteger(), nullable=False),
    sa.Column('day', sa.SmallInteger(), nullable=False),
    sa.Column('leap_month', sa.Boolean(), server_default=sa.text('(false)'), nullable=False),
    sa.Column('yearly', sa.Boolean(), server_default=sa.text('(true)'), nullable=False),
    sa.Column('lead_days', sa.SmallInteger(), server_default=sa.text('7'), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.CheckConstraint('customer_id IS NOT NULL OR contact_id IS NOT NULL', name=op.f('ck_occasions_owner')),
    sa.CheckConstraint('day BETWEEN 1 AND 31', name=op.f('ck_occasions_day')),
    sa.CheckConstraint('month BETWEEN 1 AND 12', name=op.f('ck_occasions_month')),
    sa.ForeignKeyConstraint(['contact_id'], ['contact_persons.id'], name=op.f('fk_occasions_contact_id_contact_persons'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_occasions_customer_id_customers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_occasions'))
    )
    with op.batch_alter_table('occasions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_occasions_contact_id'), ['contact_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_occasions_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index('ix_occasions_month_day', ['month', 'day'], unique=False)

    op.create_table('gifts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('occasion_id', sa.Integer(), nullable=True),
    sa.Column('occasion_label', sa.String(length=200), nullable=True),
    sa.Column('item', sa.String(length=200), nullable=False),
    sa.Column('story', sa.Text(), nullable=True),
    sa.Column('cost', sa.BigInteger(), nullable=True),
    sa.Column('status', sa.Enum('idea', 'planned', 'bought', 'given', name='gift_status', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('planned_for', sa.Date(), nullable=True),
    sa.Column('given_on', sa.Date(), nullable=True),
    sa.Column('manager_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['contact_persons.id'], name=op.f('fk_gifts_contact_id_contact_persons'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_gifts_customer_id_customers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['manager_id'], ['managers.id'], name=op.f('fk_gifts_manager_id_managers'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['occasion_id'], ['occasions.id'], name=op.f('fk_gifts_occasion_id_occasions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gifts'))
    )
    with op.batch_alter_table('gifts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_gifts_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index('ix_gifts_status', ['status', 'planned_for'], unique=False)


    tiers = sa.table(
        "tiers",
        sa.column("code", sa.String), sa.column("name", sa.String), sa.column("rank", sa.Integer),
        sa.column("colour", sa.String), sa.column("call_cadence_days", sa.Integer),
        sa.column("visit_cadence_days", sa.Integer), sa.column("gift_budget", sa.BigInteger),
        sa.column("revenue_share", sa.Float), sa.column("created_at", sa.DateTime), sa.column("updated_at", sa.DateTime),
    )
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    # Gift budgets are in minor units (cents) per customer and year.
    op.bulk_insert(tiers, [
        {"code": "A", "name": "A", "rank": 1, "colour": "#C8102E", "call_cadence_days": 14, "visit_cadence_days": 60,
         "gift_budget": 150000, "revenue_share": 0.80, "created_at": now, "updated_at": now},
        {"code": "B", "name": "B", "rank": 2, "colour": "#E08E0B", "call_cadence_days": 30, "visit_cadence_days": 120,
         "gift_budget": 50000, "revenue_share": 0.15, "created_at": now, "updated_at": now},
        {"code": "C", "name": "C", "rank": 3, "colour": "#2F6DB5", "call_cadence_days": 90, "visit_cadence_days": 365,
         "gift_budget": 10000, "revenue_share": 0.05, "created_at": now, "updated_at": now},
    ])


def downgrade() -> None:
    with op.batch_alter_table('gifts', schema=None) as batch_op:
        batch_op.drop_index('ix_gifts_status')
        batch_op.drop_index(batch_op.f('ix_gifts_customer_id'))

    op.drop_table('gifts')
    with op.batch_alter_table('occasions', schema=None) as batch_op:
        batch_op.drop_index('ix_occasions_month_day')
        batch_op.drop_index(batch_op.f('ix_occasions_customer_id'))
        batch_op.drop_index(batch_op.f('ix_occasions_contact_id'))

    op.drop_table('occasions')
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.drop_index('ix_complaints_status')
        batch_op.drop_index(batch_op.f('ix_complaints_customer_id'))

    op.drop_table('complaints')
    with op.batch_alter_table('care_events', schema=None) as batch_op:
        batch_op.drop_index('ix_care_events_next_due')
        batch_op.drop_index('ix_care_events_manager')
        batch_op.drop_index('ix_care_events_customer')

    op.drop_table('care_events')
    with op.batch_alter_table('tier_changes', schema=None) as batch_op:
        batch_op.drop_index('ix_tier_changes_customer')

    op.drop_table('tier_changes')
    with op.batch_alter_table('purchases', schema=None) as batch_op:
        batch_op.drop_index('ix_purchases_date')
        batch_op.drop_index('ix_purchases_customer')

    op.drop_table('purchases')
    with op.batch_alter_table('customer_assignments', schema=None) as batch_op:
        batch_op.drop_index('ix_customer_assignments_manager')
        batch_op.drop_index('ix_customer_assignments_customer')

    op.drop_table('customer_assignments')
    with op.batch_alter_table('contact_persons', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contact_persons_phone_e164'))
        batch_op.drop_index(batch_op.f('ix_contact_persons_customer_id'))

    op.drop_table('contact_persons')
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.drop_index('ix_customers_tier', sqlite_where=sa.text('deleted_at IS NULL'), postgresql_where=sa.text('deleted_at IS NULL'))
        batch_op.drop_index('ix_customers_status')
        batch_op.drop_index('ix_customers_sort_name', sqlite_where=sa.text('deleted_at IS NULL'), postgresql_where=sa.text('deleted_at IS NULL'))
        batch_op.drop_index('ix_customers_region')
        batch_op.drop_index(batch_op.f('ix_customers_phone_e164'))
        batch_op.drop_index(batch_op.f('ix_customers_mobile_e164'))
        batch_op.drop_index('ix_customers_manager', sqlite_where=sa.text('deleted_at IS NULL'), postgresql_where=sa.text('deleted_at IS NULL'))
        batch_op.drop_index('ix_customers_last_call')
        batch_op.drop_index('ix_customers_import_batch')
        batch_op.drop_index(batch_op.f('ix_customers_email'))
        batch_op.drop_index('ix_customers_birthday')

    op.drop_table('customers')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_log_entity')

    op.drop_table('audit_log')
    op.drop_table('tiers')
    op.drop_table('managers')
    with op.batch_alter_table('import_batches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_batches_file_hash'))

    op.drop_table('import_batches')
    op.drop_table('app_settings')
