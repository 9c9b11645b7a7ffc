"""The "Recompute from purchases…" dialog of Settings ▸ Tiers, on both databases."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QDate, QSettings  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402
from sqlalchemy import text  # noqa: E402

from desktop_crm.models import Purchase  # noqa: E402
from desktop_crm.ui.context import AppContext  # noqa: E402
from desktop_crm.ui.settings.tiers_section import TiersSection  # noqa: E402

WAIT = 20_000
DAY = dt.date(2026, 3, 10)


@pytest.fixture
def section(crm, qtbot, tmp_path):
    ctx = AppContext(crm, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    widget = TiersSection(ctx)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitUntil(lambda: widget.loaded, timeout=WAIT)
    yield widget
    ctx.tasks.wait()


def _shop(crm) -> list[int]:
    """Four customers: 700 CNY, 200 CNY, 100 CNY and 10,000 KRW (no rate yet)."""
    ids = [crm.customers.create({"name": name})[0].id for name in ("Big", "Middle", "Small", "Won buyer")]
    with crm.session() as s:
        for n, (cid, amount, currency) in enumerate(zip(ids, ("700", "200", "100", "10000"),
                                                        ("CNY", "CNY", "CNY", "KRW"))):
            s.add(Purchase(customer_id=cid, purchased_on=DAY, amount=Decimal(amount), currency=currency,
                           reference=f"G{n}", line_ref="1"))
        s.commit()
    return ids


def _open(section, qtbot):
    dialog = section.open_abc_dialog()
    qtbot.waitUntil(lambda: dialog.home == "CNY", timeout=WAIT)
    dialog.since_edit.setDate(QDate(2026, 1, 1))
    dialog.until_edit.setDate(QDate(2026, 12, 31))
    return dialog


def _cell(table, row: int, column: int) -> str:
    return table.item(row, column).text()


def test_preview_shows_counts_and_the_left_out_currency(crm, section, qtbot):
    ids = _shop(crm)
    dialog = _open(section, qtbot)
    assert not dialog.apply_button.isEnabled()
    dialog.preview()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=WAIT)
    # 700 + 200 + 100 = 1000: Big (0 before) and Middle (700) -> A, Small (900) -> B; Won buyer -> C.
    rows = {_cell(dialog.tiers_table, r, 0): (_cell(dialog.tiers_table, r, 2), _cell(dialog.tiers_table, r, 3))
            for r in range(dialog.tiers_table.rowCount())}
    assert rows["A"] == ("0", "2") and rows["B"] == ("0", "1") and rows["C"] == ("0", "1")
    assert dialog.up_table.rowCount() == 4 and _cell(dialog.up_table, 0, 1) == "Big"
    assert "KRW" in dialog.left_out_label.text() and dialog.left_out_label.isVisibleTo(dialog)
    assert "KRW" in dialog.rates()  # offered for a rate
    assert dialog.apply_button.isEnabled() and dialog.message.kind == "info"
    with crm.session() as s:  # a preview writes nothing
        assert s.execute(text("SELECT COUNT(*) FROM customers WHERE tier_id IS NOT NULL")).scalar() == 0
    assert len(ids) == 4


def test_apply_after_confirming_writes_and_announces(crm, section, qtbot, monkeypatch):
    ids = _shop(crm)
    dialog = _open(section, qtbot)
    dialog.preview()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=WAIT)
    row = [r for r in range(dialog.rates_table.rowCount()) if _cell(dialog.rates_table, r, 0) == "KRW"][0]
    dialog.rates_table.item(row, 1).setText("0.05")  # 10,000 KRW = 500 CNY: now the second customer
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.Yes)
    announced = []
    section.ctx.changed.connect(announced.append)
    dialog.apply()
    qtbot.waitUntil(lambda: dialog.result is not None and dialog.result.applied, timeout=WAIT)
    assert asked and dialog.message.kind == "good"
    # 700, 500, 200, 100 = 1500: A ends at 1200, B at 1425 -> Big 0 A, Won 700 A, Middle 1200 B, Small 1400 B.
    with crm.session() as s:
        codes = dict(s.execute(text("SELECT c.id, t.code FROM customers c JOIN tiers t ON t.id = c.tier_id")).all())
        history = s.execute(text("SELECT COUNT(*) FROM tier_changes WHERE reason = 'automatic'")).scalar()
    assert [codes[i] for i in ids] == ["A", "B", "B", "A"] and history == 4
    assert crm.abc.rates() == {"KRW": 0.05}
    assert any(c.customer_list for c in announced) and any(c.settings for c in announced)


def test_a_wrong_rate_is_shown_and_nothing_runs(crm, section, qtbot):
    _shop(crm)
    dialog = _open(section, qtbot)
    dialog._add_rate("KRW", "minus one")
    dialog.preview()
    qtbot.waitUntil(lambda: dialog.message.kind == "error", timeout=WAIT)
    assert "KRW" in dialog.message.text() and dialog.result is None
    assert crm.abc.rates() == {}
