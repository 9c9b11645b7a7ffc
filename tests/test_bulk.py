"""Bulk actions on selected customers, and undoing them, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from desktop_crm.errors import CrmError, NotFoundError, ValidationError
from desktop_crm.models import CustomerAssignment, TierChange
from desktop_crm.services import CustomerQuery
from desktop_crm.services.id_order import IdOrder

DAY = dt.date(2026, 11, 21)


@pytest.fixture
def book(crm):
    crm.managers.create("li", "李红梅")
    crm.managers.create("olga", "Ольга Смирнова")
    made = [
        crm.customers.create({"name": "Zhang Wei", "tier": "A", "manager": "li", "status": "active"})[0],
        crm.customers.create({"name": "Борис", "tier": "B", "manager": "olga", "status": "prospect"})[0],
        crm.customers.create({"name": "김민준", "status": "dormant"})[0],
    ]
    return [c.id for c in made]


def _state(crm, ids):
    return {i: (r.tier, r.tier_pinned, r.status, r.manager_login) for i in ids for r in [crm.customers.get(i)]}


def test_assign_manager_and_undo_restores_each_previous_manager(crm, book):
    before = _state(crm, book)
    result = crm.bulk.assign_manager(book, "olga", today=DAY)
    assert result.changed == 2  # Борис had olga already
    assert {crm.customers.get(i).manager_login for i in book} == {"olga"}
    assert result.changes.customer_list and result.changes.customers == frozenset(book)

    crm.bulk.undo(result.undo, today=DAY)
    assert _state(crm, book) == before
    with crm.session() as s:  # the history shows the move and its undoing; no current row is doubled
        current = s.execute(select(CustomerAssignment.customer_id, CustomerAssignment.manager_id)
                            .where(CustomerAssignment.ended_on.is_(None), CustomerAssignment.role == "primary")).all()
    assert sorted(cid for cid, _ in current) == sorted(book[:2])
    assert crm.customers.count(CustomerQuery(manager_ids=(crm.managers.by_login("olga").id,))) == 1


def test_set_tier_pins_and_undo_unpins(crm, book):
    before = _state(crm, book)
    result = crm.bulk.set_tier(book, "C")
    assert {crm.customers.get(i).tier for i in book} == {"C"}
    assert all(crm.customers.get(i).tier_pinned for i in book)
    assert crm.customers.count_by_tier()["C"] == 3
    with crm.session() as s:
        assert len(s.scalars(select(TierChange)).all()) == 3
    crm.bulk.undo(result.undo)
    assert _state(crm, book) == before
    assert crm.customers.count_by_tier() == {"A": 1, "B": 1, None: 1}


def test_set_status_and_undo(crm, book):
    before = _state(crm, book)
    result = crm.bulk.set_status(book, "lost")
    assert result.changed == 3
    assert crm.customers.count(CustomerQuery(statuses=("lost",))) == 3
    crm.bulk.undo(result.undo)
    assert _state(crm, book) == before
    with pytest.raises(ValidationError) as err:
        crm.bulk.set_status(book, "asleep")
    assert "status" in err.value.problems


def test_delete_and_undo(crm, book):
    result = crm.bulk.delete(book[:2])
    assert crm.customers.ids() == [book[2]]
    assert crm.customers.search("Борис").rows == []
    crm.bulk.undo(result.undo)
    assert sorted(crm.customers.ids()) == sorted(book)
    assert [r.name for r in crm.customers.search("Борис").rows] == ["Борис"]


def test_nothing_to_change_gives_an_empty_undo(crm, book):
    result = crm.bulk.set_status([book[0]], "active")
    assert result.changed == 0 and result.undo.count == 0
    assert crm.bulk.undo(result.undo).customers == frozenset()


def test_refusals_say_what_is_wrong(crm, book):
    with pytest.raises(CrmError, match="No customers"):
        crm.bulk.set_tier([], "A")
    with pytest.raises(NotFoundError, match="nobody"):
        crm.bulk.assign_manager(book, "nobody")
    with pytest.raises(NotFoundError, match="Z"):
        crm.bulk.set_tier(book, "Z")
    assert _state(crm, book)[book[0]] == ("A", False, "active", "li")  # unchanged


@given(st.lists(st.integers(min_value=1, max_value=400), unique=True),
       st.lists(st.integers(min_value=-5, max_value=500)))
def test_id_order_keeps_held_ids_in_held_order(held, asked):
    order = IdOrder(held)
    got = list(order.order(asked))
    assert got == [i for i in held if i in set(asked)]
    assert all((order.position(i) == held.index(i)) if i in held else order.position(i) == -1 for i in asked)
