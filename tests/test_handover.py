"""A leaving manager's handover: the dossier's open promises, the move, the introduction calls."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from desktop_crm.cli import main
from desktop_crm.errors import CrmError, NotFoundError, ValidationError
from desktop_crm.models import CareTask, CustomerAssignment
from desktop_crm.services import Crm
from pdf_tools import needs_poppler, page_text, pdf_pages

TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def book(crm):
    """Olga leaves: five customers of hers (tiers C, A, none, B, A), one of Wang's."""
    crm.managers.create("olga", "Ольга Смирнова")
    crm.managers.create("wang", "王芳")
    crm.managers.create("kim", "김서연")
    made = {}
    for name, tier in (("Дмитрий", "C"), ("Борис", "A"), ("Алина", None), ("Вера", "B"), ("Анна", "A")):
        made[name] = crm.customers.create({"name": name, "manager": "olga", "tier": tier})[0]
    made["其他"] = crm.customers.create({"name": "其他", "manager": "wang"})[0]
    return made


def _promises(crm, book):
    anna, vera, boris = book["Анна"].id, book["Вера"].id, book["Борис"].id
    crm.care.log(anna, "call", summary="Обсудили заказ", next_step="Прислать прайс", next_due="2026-11-25",
                 happened_at="2026-11-10 10:00")
    crm.care.log(anna, "call", summary="Old", next_step="done already", next_due="2026-11-01",
                 happened_at="2026-10-01 10:00")
    with crm.session() as s:  # the second follow-up was done
        from desktop_crm.models import CareEvent
        event = s.scalar(select(CareEvent).where(CareEvent.next_step == "done already"))
        event.next_done_at = dt.datetime(2026, 10, 5, 9)
        s.commit()
    crm.complaints.add(vera, {"description": "Опоздала поставка", "category": "delivery",
                              "received_at": "2026-11-12 09:00", "target_at": "2026-11-22 18:00"})
    crm.complaints.add(vera, {"description": "Старая жалоба", "received_at": "2026-01-12 09:00",
                              "status": "closed"})
    crm.gifts.add(boris, {"item": "Чай пуэр", "status": "planned", "planned_for": "2026-12-30",
                          "occasion_label": "Новый год 2027"})
    crm.gifts.add(boris, {"item": "Книга", "status": "given", "given_on": "2026-05-01"})
    with crm.session() as s:
        olga = crm.managers.get_in(s, "olga")
        s.add(CareTask(customer_id=boris, manager_id=olga.id, title="Позвонить после наводнения", due_on=TODAY,
                       created_at=dt.datetime(2026, 11, 15, 8)))
        s.commit()


def test_plan_orders_by_tier_and_gathers_open_promises(crm, book):
    _promises(crm, book)
    plan = crm.handovers.plan("olga", "kim", today=TODAY, within_days=10)
    names = {c.id: name for name, c in book.items()}
    # A first (by name), then B, C, then no tier; Wang's customer is not in it
    assert [names[i] for i in plan.customer_ids] == ["Анна", "Борис", "Вера", "Дмитрий", "Алина"]
    assert dict(plan.by_tier) == {"A": 2, "B": 1, "C": 1, None: 1}
    kinds = [(names[i.customer_id], i.kind, i.text, i.due_on) for i in plan.items]
    assert kinds == [
        ("Анна", "follow_up", "Прислать прайс", dt.date(2026, 11, 25)),
        ("Борис", "task", "Позвонить после наводнения", TODAY),
        ("Борис", "gift", "Чай пуэр (Новый год 2027)", dt.date(2026, 12, 30)),
        ("Вера", "complaint", "delivery: Опоздала поставка", dt.date(2026, 11, 22)),
    ]
    assert (plan.count("follow_up"), plan.count("complaint"), plan.count("gift"), plan.count("task")) == (1, 1, 1, 1)
    # five calls over ten days from tomorrow, A customers first, never two on one day here
    days = [c.due_on for c in plan.intro_calls]
    assert days == sorted(days) and len(set(days)) == 5
    assert days[0] == TODAY + dt.timedelta(days=1) and days[-1] <= TODAY + dt.timedelta(days=10)
    assert [c.customer_id for c in plan.intro_calls] == list(plan.customer_ids)


def test_execute_moves_customers_tasks_and_plans_calls(crm, book):
    _promises(crm, book)
    outcome, changes = crm.handovers.execute("olga", "kim", today=TODAY, within_days=5)
    olgas = {c.id for name, c in book.items() if name != "其他"}
    assert (outcome.moved, outcome.tasks_moved, outcome.intro_calls) == (5, 1, 5)
    assert changes.customers == frozenset(olgas) and changes.agenda
    assert crm.customers.count_by_manager() == {"kim": 5, "wang": 1}
    with crm.session() as s:
        kim = crm.managers.get_in(s, "kim").id
        tasks = s.execute(select(CareTask.customer_id, CareTask.manager_id, CareTask.title, CareTask.due_on,
                                 CareTask.campaign).where(CareTask.done_at.is_(None))).all()
        intro = [t for t in tasks if t.campaign == outcome.campaign]
        assert {t.customer_id for t in intro} == olgas and all(t.manager_id == kim for t in tasks)
        assert all("김서연" in t.title and "Ольга Смирнова" in t.title for t in intro)
        assert max(t.due_on for t in intro) <= TODAY + dt.timedelta(days=5)
        ended = s.scalars(select(CustomerAssignment.ended_on).where(CustomerAssignment.customer_id.in_(olgas),
                                                                    CustomerAssignment.manager_id != kim)).all()
        assert ended and set(ended) == {TODAY}
    # the agenda now shows Kim the introduction calls and Anna's follow-up
    agenda = crm.agenda.build(today=TODAY + dt.timedelta(days=5), manager="kim")
    follow = agenda.section("follow_ups")
    titles = {row.title for row in follow.rows}
    assert "Прислать прайс" in titles and any(t and "Introduction call" in t for t in titles)
    # nothing left to hand over: said in words, nothing written
    with pytest.raises(CrmError, match="no customers to hand over"):
        crm.handovers.execute("olga", "kim", today=TODAY)


def test_selected_customers_and_refusals(crm, book):
    anna = book["Анна"].id
    outcome, _ = crm.handovers.execute("olga", "wang", customer_ids=[anna], today=TODAY)
    assert outcome.moved == 1 and outcome.intro_calls == 1
    assert crm.customers.count_by_manager() == {"olga": 4, "wang": 2}
    with pytest.raises(CrmError, match="not Ольга"):
        crm.handovers.plan("olga", "kim", customer_ids=[anna])
    with pytest.raises(CrmError, match="themselves"):
        crm.handovers.plan("olga", "olga")
    with pytest.raises(NotFoundError, match="ghost"):
        crm.handovers.execute("olga", "ghost", today=TODAY)
    with pytest.raises(ValidationError, match="1 to 366 days"):
        crm.handovers.plan("olga", within_days=0)
    crm.managers.set_active("kim", False)
    with pytest.raises(CrmError, match="no longer active"):
        crm.handovers.execute("olga", "kim", today=TODAY)
    # every refusal left the book as it was
    assert crm.customers.count_by_manager() == {"olga": 4, "wang": 2}
    with crm.session() as s:
        assert len(s.scalars(select(CareTask)).all()) == 1


# ----- the dossier ------------------------------------------------------------------------------

@pytest.fixture
def qt(qapp):
    """pytest-qt's QApplication, made before any printing (a bare QGuiApplication would stop widget tests)."""
    return qapp


@needs_poppler
def test_dossier_lists_promises_then_one_card_per_customer(crm, book, qt, tmp_path):
    _promises(crm, book)
    plan = crm.handovers.plan("olga", "kim", today=TODAY, within_days=10)
    from desktop_crm.printing.dossier import write_dossier_pdf

    path = tmp_path / "dossier.pdf"
    seen = []
    pages = write_dossier_pdf(crm, plan, path, page_size="A5", progress=lambda done, total: seen.append((done, total)))
    assert pages == pdf_pages(path) == 1 + len(plan.customer_ids)  # the summary fits one page here
    summary = " ".join(page_text(path, 1).split())
    for words in ("Ольга Смирнова", "김서연", "Прислать прайс", "Опоздала поставка", "Чай пуэр",
                  "Позвонить после наводнения", "2026-11-21"):
        assert words in summary
    names = {c.id: name for name, c in book.items()}
    for page, cid in enumerate(plan.customer_ids, start=2):  # the cards in the handover's order
        assert names[cid] in page_text(path, page)
    assert seen[-1] == (5, 5)


@needs_poppler
def test_cli_dossier_then_handover(db_url, book, qt, tmp_path, capsys):
    _promises(Crm.open(db_url), book)
    path = tmp_path / "olga.pdf"
    assert main(["--db", db_url, "managers", "dossier", "olga", str(path), "--to", "kim"]) == 0
    out = capsys.readouterr().out
    assert "5 customers" in out and pdf_pages(path) == 6
    assert "김서연" in page_text(path, 1)
    assert main(["--db", db_url, "managers", "handover", "olga", "kim", "--within-days", "3",
                 "--dossier", str(tmp_path / "again.pdf"), "--json"]) == 0
    captured = capsys.readouterr()
    assert '"intro_calls": 5' in captured.out and "Wrote the dossier" in captured.err
    assert pdf_pages(tmp_path / "again.pdf") == 6
    # nothing left: a dossier of nobody is refused in one line, and no file appears
    assert main(["--db", db_url, "managers", "dossier", "olga", str(tmp_path / "none.pdf")]) == 1
    err = capsys.readouterr().err
    assert "no customers" in err and "Traceback" not in err and not (tmp_path / "none.pdf").exists()
    assert main(["--db", db_url, "managers", "dossier", "kim", str(tmp_path / "x.txt")]) == 2
