"""Managers and handover: customers move with their history."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from desktop_crm.errors import CrmError, NotFoundError, ValidationError
from desktop_crm.models import CareEvent, CareKind, CustomerAssignment


@pytest.fixture
def team(crm):
    crm.managers.create("olga", "Ольга Смирнова")
    crm.managers.create("wang", "王芳")
    crm.managers.create("kim", "김서연", role="supervisor")
    olgas = [crm.customers.create({"name": f"Клиент {i}", "manager": "olga"})[0] for i in range(4)]
    wangs = [crm.customers.create({"name": f"客户{i}", "manager": "wang"})[0] for i in range(2)]
    return olgas, wangs


def test_handover_moves_all_and_keeps_history(crm, team):
    olgas, wangs = team
    with crm.session() as s:
        s.add(CareEvent(customer_id=olgas[0].id, kind=CareKind.CALL, happened_at=dt.datetime(2026, 1, 5, 10),
                        summary="Поздравила с Новым годом"))
        s.commit()
    day = dt.date(2026, 11, 30)
    result = crm.managers.handover("olga", "kim", today=day)
    assert result.moved == 4 and sorted(result.customer_ids) == sorted(c.id for c in olgas)
    assert crm.customers.count_by_manager() == {"kim": 4, "wang": 2}
    card = crm.customers.get(olgas[0].id)
    assert card.manager_login == "kim"
    assert [(a.manager_login, a.ended_on) for a in card.assignments] == [("kim", None), ("olga", day)]
    assert "Ольга Смирнова" in card.assignments[0].note
    with crm.session() as s:
        events = s.scalars(select(CareEvent).where(CareEvent.customer_id == olgas[0].id)).all()
        assert [e.summary for e in events] == ["Поздравила с Новым годом"]
        open_olga = s.scalars(select(CustomerAssignment).where(CustomerAssignment.manager_id == 1,
                                                                CustomerAssignment.ended_on.is_(None))).all()
        assert open_olga == []
    # a second handover of the now empty book moves nothing
    assert crm.managers.handover("olga", "wang").moved == 0


def test_handover_of_selected_customers(crm, team):
    olgas, _ = team
    result = crm.managers.handover("olga", "wang", customer_ids=[olgas[1].id])
    assert result.moved == 1
    assert crm.customers.count_by_manager() == {"olga": 3, "wang": 3}
    before = crm.customers.get(olgas[1].id)
    assert before.version >= 2  # a handover is a change to the card
    with pytest.raises(CrmError, match="not Ольга"):
        crm.managers.handover("olga", "kim", customer_ids=[olgas[1].id])


def test_handover_refusals(crm, team):
    with pytest.raises(NotFoundError, match="nobody"):
        crm.managers.handover("olga", "nobody")
    with pytest.raises(CrmError, match="themselves"):
        crm.managers.handover("olga", "olga")
    crm.managers.set_active("kim", False)
    with pytest.raises(CrmError, match="no longer active"):
        crm.managers.handover("olga", "kim")
    assert crm.customers.count_by_manager()["olga"] == 4  # nothing moved


def test_manager_validation(crm):
    with pytest.raises(ValidationError) as err:
        crm.managers.create("", "", role="boss")
    assert set(err.value.problems) == {"login", "name", "role"}
    crm.managers.create("x", "X")
    with pytest.raises(ValidationError, match="already taken"):
        crm.managers.create("x", "Another X")
    assert [m.login for m in crm.managers.list()] == ["x"]
