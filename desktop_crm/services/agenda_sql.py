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
OPEN_FOLLOW_UP = "next_due IS NOT NULL AND next_done_at IS NULL"

PREFIX = "ix_agenda_"


def indexes(dialect: str) -> dict[str, tuple[str, str, str]]:
    """Index name -> (table, columns, condition) for ``dialect`` ('sqlite' or 'postgresql')."""
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
        "ix_agenda_follow_ups": ("care_events", "next_due, customer_id", OPEN_FOLLOW_UP),
        "ix_agenda_gift_label": ("gifts", "occasion_label, customer_id", "occasion_label IS NOT NULL"),
        "ix_agenda_occasion_lead": ("occasions", "lead_days", "lead_days > 0"),
    }


def create_statements(dialect: str) -> list[str]:
    return [f"CREATE INDEX {name} ON {table} ({columns}) WHERE {where}"
            for name, (table, columns, where) in indexes(dialect).items()]
