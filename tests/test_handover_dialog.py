"""Settings ▸ Managers ▸ Hand over… (pytest-qt, offscreen) over a real database: the summary, the
dossier saved as a PDF, the handover with its introduction calls, and the way in from Deactivate."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QFileDialog, QMessageBox  # noqa: E402
from sqlalchemy import select  # noqa: E402

from desktop_crm.models import CareTask  # noqa: E402
from desktop_crm.ui.settings.managers_section import ManagersSection  # noqa: E402
from pdf_tools import needs_poppler, page_text, pdf_pages  # noqa: E402

TIMEOUT = 20_000


@pytest.fixture
def section(qtbot, ctx, crm):
    crm.managers.create("olga", "Ольга Смирнова")
    crm.managers.create("wang", "王芳")
    crm.managers.create("kim", "김서연")
    for name, tier in (("Борис", "B"), ("Анна", "A"), ("李红梅", None)):
        customer = crm.customers.create({"name": name, "manager": "olga", "tier": tier})[0]
        if tier == "A":
            crm.care.log(customer.id, "call", summary="Заказ", next_step="Прислать прайс", next_due="2026-12-01")
    widget = ManagersSection(ctx)
    qtbot.addWidget(widget)
    qtbot.waitUntil(lambda: widget.loaded, timeout=TIMEOUT)
    widget.select("olga")
    return widget


def _open(qtbot, section):
    dialog = section.hand_over()
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=TIMEOUT)
    return dialog


def test_summary_counts_customers_and_promises(qtbot, section):
    dialog = _open(qtbot, section)
    logins = [dialog.successor_combo.itemData(i) for i in range(dialog.successor_combo.count())]
    assert sorted(logins) == ["kim", "wang"]  # the leaver is not offered
    text = dialog.summary.text()
    assert "Customers: 3 (A 1, B 1, no tier 1)" in text and "follow-ups 1," in text
    assert dialog.handover_button.isEnabled() and dialog.dossier_button.isEnabled()
    dialog.reject()


@needs_poppler
def test_save_dossier_then_hand_over(qtbot, section, crm, tmp_path, monkeypatch):
    dialog = _open(qtbot, section)
    dialog.successor_combo.setCurrentIndex(dialog.successor_combo.findData("kim"))
    qtbot.waitUntil(lambda: dialog.plan.to_login == "kim", timeout=TIMEOUT)
    path = tmp_path / "olga"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(path), "")))
    dialog.dossier_button.click()
    qtbot.waitUntil(lambda: dialog.dossier_path is not None, timeout=TIMEOUT)
    pdf = tmp_path / "olga.pdf"  # the extension is added
    assert dialog.dossier_path == pdf and pdf_pages(pdf) == 1 + 3
    assert "김서연" in page_text(pdf, 1) and "Прислать прайс" in page_text(pdf, 1)
    assert "Анна" in page_text(pdf, 2)  # the A customer's card comes first

    asked = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda parent, title, text, *a, **k: asked.append(text) or QMessageBox.StandardButton.Yes))
    with qtbot.waitSignal(dialog.accepted, timeout=TIMEOUT):
        dialog.handover_button.click()
    assert "3 customer" in asked[0] and "No dossier" not in asked[0]
    assert dialog.outcome.moved == 3 and dialog.outcome.intro_calls == 3
    assert crm.customers.count_by_manager() == {"kim": 3}
    assert not crm.managers.by_login("olga").active  # "deactivate afterwards" was ticked
    with crm.session() as s:
        assert len(s.scalars(select(CareTask).where(CareTask.campaign == dialog.outcome.campaign)).all()) == 3
    qtbot.waitUntil(lambda: "handed over" in section.message.text(), timeout=TIMEOUT)


def test_declining_hands_nothing_over(qtbot, section, crm, monkeypatch):
    dialog = _open(qtbot, section)
    dialog.deactivate_check.setChecked(False)
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.No))
    dialog.handover_button.click()
    section.ctx.tasks.wait()
    assert dialog.outcome is None and crm.customers.count_by_manager() == {"olga": 3}
    dialog.reject()


def test_deactivating_a_manager_with_customers_offers_the_handover(qtbot, section, crm, monkeypatch):
    monkeypatch.setattr(section, "ask_with_customers", lambda text: "handover")
    section.deactivate_button.click()
    qtbot.waitUntil(lambda: section.handover_dialog is not None, timeout=TIMEOUT)
    dialog = section.handover_dialog
    assert dialog.leaver.login == "olga"
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=TIMEOUT)
    assert crm.managers.by_login("olga").active  # nothing was deactivated yet
    dialog.reject()
