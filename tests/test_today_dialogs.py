"""The gift-plan and regional-care dialogs (pytest-qt, offscreen) over a real database: the preview
shows the right numbers, the over-budget warning appears, pressing create makes the rows."""

from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from desktop_crm.models import CareTask, Gift, Manager  # noqa: E402
from desktop_crm.ui.today.gift_plan_dialog import OVER_BUDGET, GiftPlanDialog  # noqa: E402
from desktop_crm.ui.today.regional_dialog import BY_CITY, RegionalCareDialog  # noqa: E402

TIMEOUT = 10_000
LABEL = "Spring Festival 2027"


@pytest.fixture
def customers(crm):
    crm.managers.create("li", "Li Hongmei")
    crm.managers.create("wang", "Wang Lei")
    ids = {}
    for key, name, tier, manager, region, city in (
        ("a1", "Alpha Trading", "A", "li", "Fujian", "Xiamen"),
        ("a2", "Beta Foods", "A", "wang", "Fujian", "Fuzhou"),
        ("a3", "Gamma Tools", "A", "li", "Zhejiang", "Hangzhou"),
        ("b1", "Echo Shop", "B", "wang", "Zhejiang", "Ningbo"),
    ):
        record, _ = crm.customers.create({"name": name, "tier": tier, "manager": manager, "region": region,
                                          "city": city})
        ids[key] = record.id
    crm.gifts.add(ids["a1"], {"item": "Tea set", "occasion_label": LABEL, "status": "planned", "cost": "100",
                              "planned_for": "2027-01-20"})
    crm.gifts.add(ids["a2"], {"item": "Mooncakes", "occasion_label": "Mid-Autumn 2026", "status": "given",
                              "cost": "80", "given_on": "2026-09-25"})
    return ids


def count(crm, model, *where) -> int:
    with crm.session() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def open_gift_plan(qtbot, ctx, **kwargs) -> GiftPlanDialog:
    dialog = GiftPlanDialog(ctx, None, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


# ----- gift plan ----------------------------------------------------------------------------------


def test_gift_plan_preview_shows_who_gets_a_gift_and_who_is_skipped(qtbot, qtmodeltester, ctx, customers):
    dialog = open_gift_plan(qtbot, ctx, occasion_label=LABEL, tiers=["A"])
    with qtbot.waitSignal(dialog.previewed, timeout=TIMEOUT) as shown:
        pass
    preview = shown.args[0]
    assert (preview.customers, preview.skipped, preview.to_create) == (3, 1, 2)
    assert set(dialog.tier_boxes) == {"A", "B", "C"}
    assert dialog.tier_boxes["A"].isChecked() and not dialog.tier_boxes["B"].isChecked()
    assert dialog.customers_model.rowCount() == 3 and dialog.budget_model.rowCount() == 1
    assert dialog.create_button.isEnabled() and "2" in dialog.create_button.text()
    assert "skipped" in dialog.summary.text()
    column = next(c for c in range(dialog.customers_model.columnCount())
                  if dialog.customers_model.headerData(c, Qt.Orientation.Horizontal) == "Earlier gifts")
    earlier = [dialog.customers_model.index(r, column).data() for r in range(3)]
    assert any("Mooncakes" in text for text in earlier)
    qtmodeltester.check(dialog.customers_model)
    qtmodeltester.check(dialog.budget_model)

    # ticking B adds its customer
    with qtbot.waitSignal(dialog.previewed, timeout=TIMEOUT) as shown:
        dialog.tier_boxes["B"].setChecked(True)
    assert shown.args[0].to_create == 3 and dialog.budget_model.rowCount() == 2


def test_gift_plan_over_budget_warns_and_create_makes_the_gifts(qtbot, ctx, crm, customers, monkeypatch):
    tier_a = next(t for t in crm.tiers.list() if t.code == "A")
    crm.tiers.update(tier_a.id, {"gift_budget": "100"})  # 3 customers: 300.00 a year
    dialog = open_gift_plan(qtbot, ctx, occasion_label=LABEL, tiers=["A"])
    with qtbot.waitSignal(dialog.previewed, timeout=TIMEOUT):
        pass
    dialog.planned_for.set_value(dt.date(2027, 1, 25))
    with qtbot.waitSignal(dialog.previewed, timeout=TIMEOUT) as shown:
        dialog.cost_edit.setText("50")
    assert not shown.args[0].over_budget and not dialog.warning.isVisibleTo(dialog)
    with qtbot.waitSignal(dialog.previewed, timeout=TIMEOUT) as shown:
        dialog.cost_edit.setText("150")  # 100 already + 2 × 150 = 400 > 300
    assert shown.args[0].over_budget
    assert dialog.warning.isVisibleTo(dialog) and "tier A" in dialog.warning.text()
    assert dialog.budget_model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole).color() == OVER_BUDGET

    # without an item nothing is asked nor written
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog._fields["item"].error.isVisibleTo(dialog)
    assert count(crm, Gift, Gift.occasion_label == LABEL) == 1

    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.Cancel)
    dialog.item_edit.setText("Longjing tea")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and count(crm, Gift, Gift.occasion_label == LABEL) == 1  # cancelled: nothing

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    announced = []
    ctx.changed.connect(announced.append)
    with qtbot.waitSignal(dialog.created, timeout=TIMEOUT) as made:
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert made.args == [2]
    assert count(crm, Gift, Gift.occasion_label == LABEL, Gift.item == "Longjing tea") == 2
    assert announced and announced[0].gifts == {customers["a2"], customers["a3"]}
    with qtbot.waitSignal(dialog.previewed, timeout=TIMEOUT) as shown:
        pass
    assert shown.args[0].to_create == 0 and not dialog.create_button.isEnabled()


def test_gift_plan_shows_problems_in_words(qtbot, ctx, customers):
    dialog = open_gift_plan(qtbot, ctx, tiers=["A"])
    qtbot.waitUntil(lambda: bool(dialog.tier_boxes), timeout=TIMEOUT)
    assert "Name the occasion" in dialog.summary.text() and not dialog.create_button.isEnabled()
    dialog.label_edit.setText(LABEL)
    with qtbot.waitSignal(dialog.failed, timeout=TIMEOUT) as failed:
        dialog.cost_edit.setText("a lot")
    assert "cost" in failed.args[0]
    assert dialog._fields["cost"].error.isVisibleTo(dialog) and "a lot" in dialog._fields["cost"].error.text()
    assert not dialog.create_button.isEnabled()
    dialog.tier_boxes["A"].setChecked(False)
    dialog.refresh()
    assert "Choose at least one tier" in dialog.summary.text()


# ----- regional care ------------------------------------------------------------------------------


def open_regional(qtbot, ctx) -> RegionalCareDialog:
    dialog = RegionalCareDialog(ctx, None)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.areas_loaded, timeout=TIMEOUT) as loaded:
        dialog.show()
    assert loaded.args == [2]
    return dialog


def test_regional_care_preview_and_create_one_task_per_customer(qtbot, qtmodeltester, ctx, crm, customers):
    dialog = open_regional(qtbot, ctx)
    texts = [dialog.area_list.item(r).text() for r in range(dialog.area_list.count())]
    assert texts == ["Fujian (2)", "Zhejiang (2)"]
    assert dialog.title_edit.text() == "Call to ask how they are"
    assert not dialog.create_button.isEnabled()

    dialog.filter_edit.setText("fu")
    assert [dialog.area_list.item(r).isHidden() for r in range(2)] == [False, True]

    with qtbot.waitSignal(dialog.previewed, timeout=TIMEOUT) as shown:
        dialog.choose(["Fujian"])
    assert shown.args[0].count == 2 and dialog.customers_model.rowCount() == 2
    managers = {dialog.customers_model.record(r).manager_name for r in range(2)}
    assert managers == {"Li Hongmei", "Wang Lei"}
    assert "2" in dialog.create_button.text() and dialog.create_button.isEnabled()
    qtmodeltester.check(dialog.customers_model)

    with qtbot.waitSignal(dialog.previewed, timeout=TIMEOUT):
        dialog.campaign_edit.setText("Typhoon Haikui, Fujian")
    with qtbot.waitSignal(dialog.created, timeout=TIMEOUT) as made:
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert made.args == [2]
    with crm.session() as s:
        rows = s.execute(select(CareTask.customer_id, Manager.login, CareTask.campaign)
                         .join(Manager, Manager.id == CareTask.manager_id).order_by(CareTask.customer_id)).all()
    assert [tuple(r) for r in rows] == [(customers["a1"], "li", "Typhoon Haikui, Fujian"),
                                        (customers["a2"], "wang", "Typhoon Haikui, Fujian")]
    with qtbot.waitSignal(dialog.previewed, timeout=TIMEOUT) as shown:
        pass
    assert shown.args[0].already == 2 and not dialog.create_button.isEnabled()
    assert count(crm, CareTask) == 2


def test_regional_care_by_city_and_an_empty_title(qtbot, ctx, crm, customers):
    dialog = open_regional(qtbot, ctx)
    with qtbot.waitSignal(dialog.areas_loaded, timeout=TIMEOUT) as loaded:
        dialog.level_combo.setCurrentIndex(dialog.level_combo.findData(BY_CITY))
    assert loaded.args == [4]
    with qtbot.waitSignal(dialog.previewed, timeout=TIMEOUT) as shown:
        dialog.choose(["Ningbo", "Xiamen"])
    assert {r.id for r in shown.args[0].rows} == {customers["b1"], customers["a1"]}
    dialog.title_edit.setText("")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog._fields["title"].error.isVisibleTo(dialog)
    assert count(crm, CareTask) == 0
