"""The SQL the agenda's indexes are built on, shared by migration 0006 and the agenda queries.

A customer is due for a call when its *call clock* is older than its tier's call cadence: the
clock is its last call or visit (a visit is the fuller touch, so it restarts the call clock
too), or, for a customer never contacted, the later of its creation and the day its current
manager took it. The *visit clock* is the last visit, else the same creation/assignment time.

The indexes are partial: only live customers that are not lost count, and only those with a
tier for the clocks (a customer without a tier has no cadence). The agenda's queries repeat the
index's expression and condition word for word, so both SQLite and PostgreSQL use them
(tests/test_agenda_engine.py checks the query plans).
"""

from __future__ import annotations

CALL_CLOCK = {
    "sqlite": "coalesce(max(ifnull(last_call_at, last_visit_at), ifnull(last_visit_at, last_call_at)), "
              "max(created_at, ifnull(assigned_at, created_at)))",
    "postgresql": "coalesce(greatest(last_call_at, last_visit_at), greatest(created_at, assigned_at))",
}
VISIT_CLOCK = {
    "sqlite": "coalesce(last_visit_at, max(created_at, ifnull(assigned_at, created_at)))",
    "postgresql": "coalesce(last_visit_at, greatest(created_at, assigned_at))",
}
LIVE = "deleted_at IS NULL AND status <> 'lost'"
CADENCE_LIVE = LIVE + " AND tier_id IS NOT NULL"
RHYTHM_LIVE = LIVE + " AND reorder_from IS NOT NULL"
BIRTHDAY_LIVE = LIVE + " AND birth_month IS NOT NULL"
CONTACT_BIRTHDAY_LIVE = "birth_month IS NOT NULL AND left_on IS NULL"
OPEN_FOLLOW_UP = "next_due IS NOT NULL AND next_done_at IS NULL AND follow_up_owner IS NOT NULL"

# care_events.follow_up_owner, kept by triggers: the customer's manager (0: none) while the
# customer is live and not lost, else NULL. Only events with a next step carry it.
OWNER = "CASE WHEN {c}deleted_at IS NULL AND {c}status <> 'lost' THEN coalesce({c}manager_id, 0) END"


def trigger_statements(dialect: str) -> list[str]:
    owner_of = f"(SELECT {OWNER.format(c='c.')} FROM customers c WHERE c.id = {{new}}.customer_id)"
    changed = ("old.deleted_at IS NOT new.deleted_at OR old.status IS NOT new.status "
               "OR old.manager_id IS NOT new.manager_id")
    follow = "UPDATE care_events SET follow_up_owner = {value} WHERE customer_id = {new}.id AND next_due IS NOT NULL"
    if dialect == "sqlite":
        return [
            "CREATE TRIGGER agenda_owner_ai AFTER INSERT ON care_events "
            "WHEN new.next_due IS NOT NULL AND new.follow_up_owner IS NULL BEGIN "
            f"UPDATE care_events SET follow_up_owner = {owner_of.format(new='new')} WHERE id = new.id; END",
            "CREATE TRIGGER agenda_owner_au AFTER UPDATE OF next_due, customer_id ON care_events BEGIN "
            f"UPDATE care_events SET follow_up_owner = CASE WHEN new.next_due IS NULL THEN NULL "
            f"ELSE {owner_of.format(new='new')} END WHERE id = new.id; END",
            f"CREATE TRIGGER agenda_owner_customer AFTER UPDATE OF deleted_at, status, manager_id ON customers "
            f"WHEN {changed} BEGIN {follow.format(value=OWNER.format(c='new.'), new='new')}; END",
        ]
    return [
        "CREATE FUNCTION agenda_owner_event() RETURNS trigger LANGUAGE plpgsql AS $fn$ BEGIN "
        "IF NEW.next_due IS NULL THEN NEW.follow_up_owner := NULL; "
        "ELSIF TG_OP = 'UPDATE' OR NEW.follow_up_owner IS NULL THEN "
        f"NEW.follow_up_owner := {owner_of.format(new='NEW')}; END IF; RETURN NEW; END $fn$",
        "CREATE TRIGGER agenda_owner_event BEFORE INSERT OR UPDATE OF next_due, customer_id ON care_events "
        "FOR EACH ROW EXECUTE FUNCTION agenda_owner_event()",
        "CREATE FUNCTION agenda_owner_customer() RETURNS trigger LANGUAGE plpgsql AS $fn$ BEGIN "
        f"{follow.format(value=OWNER.format(c='NEW.'), new='NEW')}; RETURN NULL; END $fn$",
        "CREATE TRIGGER agenda_owner_customer AFTER UPDATE OF deleted_at, status, manager_id ON customers "
        f"FOR EACH ROW WHEN ({changed.replace('IS NOT', 'IS DISTINCT FROM').replace('old.', 'OLD.').replace('new.', 'NEW.')}) "
        "EXECUTE FUNCTION agenda_owner_customer()",
    ]


def drop_trigger_statements(dialect: str) -> list[str]:
    if dialect == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {n}" for n in ("agenda_owner_ai", "agenda_owner_au", "agenda_owner_customer")]
    return ["DROP TRIGGER IF EXISTS agenda_owner_event ON care_events",
            "DROP TRIGGER IF EXISTS agenda_owner_customer ON customers",
            "DROP FUNCTION IF EXISTS agenda_owner_event()", "DROP FUNCTION IF EXISTS agenda_owner_customer()"]

PREFIX = "ix_agenda_"


def indexes(dialect: str) -> dict[str, tuple[str, str, str | None]]:
    """Index name -> (table, columns, condition or None) for ``dialect`` ('sqlite' or 'postgresql')."""
    call, visit = CALL_CLOCK[dialect], VISIT_CLOCK[dialect]
    return {
        "ix_agenda_call_clock": ("customers", f"tier_id, ({call})", CADENCE_LIVE),
        "ix_agenda_call_clock_manager": ("customers", f"manager_id, tier_id, ({call})", CADENCE_LIVE),
        "ix_agenda_visit_clock": ("customers", f"tier_id, ({visit})", CADENCE_LIVE),
        "ix_agenda_visit_clock_manager": ("customers", f"manager_id, tier_id, ({visit})", CADENCE_LIVE),
        "ix_agenda_reorder": ("customers", "reorder_from, at_risk_from", RHYTHM_LIVE),
        "ix_agenda_reorder_manager": ("customers", "manager_id, reorder_from, at_risk_from", RHYTHM_LIVE),
        "ix_agenda_at_risk": ("customers", "at_risk_from", RHYTHM_LIVE),
        "ix_agenda_at_risk_manager": ("customers", "manager_id, at_risk_from", RHYTHM_LIVE),
        "ix_agenda_birthday": ("customers", "birth_month, birth_day, birth_calendar, birth_leap_month, manager_id",
                               BIRTHDAY_LIVE),
        "ix_agenda_country": ("customers", "country, manager_id", LIVE),
        "ix_agenda_contact_birthday": ("contact_persons",
                                       "birth_month, birth_day, birth_calendar, birth_leap_month, customer_id",
                                       CONTACT_BIRTHDAY_LIVE),
        "ix_agenda_follow_ups": ("care_events", "next_due", OPEN_FOLLOW_UP),
        "ix_agenda_follow_ups_manager": ("care_events", "follow_up_owner, next_due", OPEN_FOLLOW_UP),
        # Joins from occasions and contact persons check "live and not lost" here, not in the wide row.
        "ix_agenda_live": ("customers", "id, manager_id", LIVE),
        # replaces ix_occasions_month_day (0001): the same look-up, answered from the index alone
        "ix_agenda_occasions": ("occasions", "month, day, calendar, leap_month, yearly, year, lead_days, "
                                             "customer_id, contact_id", None),
        "ix_agenda_gift_label": ("gifts", "occasion_label, customer_id", "occasion_label IS NOT NULL"),
        "ix_agenda_occasion_lead": ("occasions", "lead_days", "lead_days > 0"),
    }


def create_statements(dialect: str) -> list[str]:
    return [f"CREATE INDEX {name} ON {table} ({columns})" + (f" WHERE {where}" if where else "")
            for name, (table, columns, where) in indexes(dialect).items()]
