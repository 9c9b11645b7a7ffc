"""Settings ▸ Managers ▸ Hand over…: a leaving manager's customers to a successor.

The dialog shows what is handed over (customers per tier, open follow-ups, complaints, promised
gifts, care tasks), saves the dossier as a PDF (a summary, then one card per customer), and hands
over with an introduction call planned for the successor at each customer.
"""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QDir, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.services import Changes
from desktop_crm.services.records import ManagerRecord

from ..context import AppContext
from ..today.worker_dialog import WorkerDialog
from .common import MessageLabel

FOLDER_KEY = "handover/folder"


class HandoverDialog(WorkerDialog):
    """``outcome`` holds the HandoverOutcome once the handover is done."""

    def __init__(self, ctx: AppContext, leaver: ManagerRecord, managers: list[ManagerRecord],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.leaver = leaver
        self.plan = None
        self.outcome = None
        self.dossier_path: Path | None = None
        self._fields = {}
        self.setWindowTitle(self.tr("Hand over the customers of {name}").format(name=leaver.name))
        self._make_preview_timer()
        self._build([m for m in managers if m.active and m.login != leaver.login])
        self.refresh()

    def _build(self, successors: list[ManagerRecord]) -> None:
        layout = QVBoxLayout(self)
        about = QLabel(self.tr("Every customer of {who} goes to the successor with its whole history. The "
                               "successor gets an introduction call at each customer, the most valuable tiers "
                               "first, and the open care tasks.").format(who=f"{self.leaver.name} ({self.leaver.login})"),
                       self)
        about.setWordWrap(True)
        layout.addWidget(about)
        form = QFormLayout()
        self.successor_combo = QComboBox(self)
        self.successor_combo.setObjectName("successor")
        for m in successors:
            self.successor_combo.addItem(f"{m.name} ({m.login})", m.login)
        form.addRow(self.tr("&Successor:"), self.successor_combo)
        self.days_spin = QSpinBox(self)
        self.days_spin.setObjectName("introDays")
        self.days_spin.setRange(1, 366)
        self.days_spin.setValue(14)
        self.days_spin.setSuffix(self.tr(" days"))
        form.addRow(self.tr("Introduction calls &within:"), self.days_spin)
        self.deactivate_check = QCheckBox(self.tr("Deactivate {name} afterwards").format(name=self.leaver.name), self)
        self.deactivate_check.setChecked(True)
        form.addRow("", self.deactivate_check)
        layout.addLayout(form)
        self.summary = QLabel(self)
        self.summary.setObjectName("handoverSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setMinimumHeight(self.fontMetrics().lineSpacing() * 4)
        layout.addWidget(self.summary)
        self.message = MessageLabel(self)
        layout.addWidget(self.message)
        layout.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.dossier_button = QPushButton(self.tr("Save &dossier as PDF…"), self)
        self.handover_button = QPushButton(self.tr("&Hand over"), self)
        buttons.addButton(self.dossier_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.handover_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.dossier_button.clicked.connect(self.save_dossier)
        self.handover_button.clicked.connect(self.hand_over)
        self.successor_combo.currentIndexChanged.connect(self.schedule)
        self.days_spin.valueChanged.connect(self.schedule)
        if not successors:
            self.message.error(self.tr("There is no other active manager to take the customers. "
                                       "Add one in Settings ▸ Managers first."))
        self._update_buttons()
        self.setMinimumWidth(560)

    def successor(self) -> str | None:
        return self.successor_combo.currentData()

    def _update_buttons(self) -> None:
        has_customers = self.plan is not None and bool(self.plan.customer_ids)
        self.dossier_button.setEnabled(has_customers)
        self.handover_button.setEnabled(has_customers and self.successor() is not None and self.outcome is None)

    # ----- the plan ----------------------------------------------------------------------------

    def refresh(self) -> None:
        crm, leaver, successor, days = self.ctx.crm, self.leaver.login, self.successor(), self.days_spin.value()
        self._run(lambda: crm.handovers.plan(leaver, successor, within_days=days), self._planned, self.message.failure,
                  key="handover.plan")

    def _planned(self, plan) -> None:
        self.plan = plan
        self.summary.setText(self.summary_text(plan))
        self._update_buttons()

    def summary_text(self, plan) -> str:
        loc = self.locale()
        n = len(plan.customer_ids)
        if not n:
            return self.tr("{name} has no customers to hand over.").format(name=plan.from_name)
        tiers = ", ".join(f"{code or self.tr('no tier')} {loc.toString(count)}" for code, count in plan.by_tier)
        lines = [self.tr("Customers: {n} ({tiers}).").format(n=loc.toString(n), tiers=tiers),
                 self.tr("Open promises: follow-ups {f}, complaints {c}, promised gifts {g}, care tasks {t}.").format(
                     f=plan.count("follow_up"), c=plan.count("complaint"), g=plan.count("gift"), t=plan.count("task"))]
        if plan.intro_calls:
            lines.append(self.tr("Introduction calls from {first} to {last}.").format(
                first=plan.intro_calls[0].due_on.isoformat(), last=plan.intro_calls[-1].due_on.isoformat()))
        return "\n".join(lines)

    # ----- the dossier -------------------------------------------------------------------------

    def save_dossier(self) -> None:
        if self.plan is None:
            return
        folder = self.ctx.settings.value(FOLDER_KEY, QDir.homePath())
        suggested = str(Path(folder) / f"handover-{self.plan.from_login}-{self.plan.today.isoformat()}.pdf")
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Save the handover dossier"), suggested,
                                                    self.tr("PDF files (*.pdf)"))
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        self.ctx.settings.setValue(FOLDER_KEY, str(Path(path).parent))
        crm, plan = self.ctx.crm, self.plan

        def work(report):
            from desktop_crm.printing.dossier import write_dossier_pdf

            return write_dossier_pdf(crm, plan, Path(path), progress=report)

        self.dossier_button.setEnabled(False)
        self.ctx.tasks.run_job(work, parent=self, title=self.tr("Handover dossier"),
                               label=self.tr("Writing the dossier…"), on_done=lambda pages: self._saved(path, pages),
                               on_failed=self._dossier_failed,
                               on_cancelled=lambda: self._dossier_failed(None))

    def _saved(self, path: str, pages: int) -> None:
        if not shiboken6.isValid(self):
            return
        self.dossier_path = Path(path)
        self._update_buttons()
        self.message.good(self.tr("Dossier saved: {path} (%n page(s)).", "", pages).format(path=path))

    def _dossier_failed(self, exc: BaseException | None) -> None:
        if not shiboken6.isValid(self):
            return
        self._update_buttons()
        if exc is None:
            self.message.info(self.tr("Cancelled; no dossier was written."))
        else:
            self.message.failure(exc)

    # ----- the handover ------------------------------------------------------------------------

    def hand_over(self) -> None:
        plan, successor = self.plan, self.successor()
        if plan is None or successor is None or not plan.customer_ids:
            return
        text = self.tr("Hand %n customer(s) of {leaver} over to {successor}, and plan an introduction call at "
                       "each?", "", len(plan.customer_ids)).format(leaver=plan.from_name,
                                                                    successor=self.successor_combo.currentText())
        if self.dossier_path is None:
            text += "\n\n" + self.tr("No dossier was saved. The open promises stay on each customer's card.")
        answer = QMessageBox.question(self, self.tr("Hand over"), text,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.Yes)
        if answer != QMessageBox.StandardButton.Yes:
            return
        crm, leaver, ids, days = self.ctx.crm, plan.from_login, list(plan.customer_ids), self.days_spin.value()
        deactivate = self.deactivate_check.isChecked()

        def work():
            outcome, changes = crm.handovers.execute(leaver, successor, customer_ids=ids, within_days=days)
            if deactivate:
                crm.managers.set_active(leaver, False)
            return outcome, changes | Changes(managers=True)

        self.handover_button.setEnabled(False)
        self._run(work, self._handed_over, self._handover_failed, announce=True)

    def _handed_over(self, result) -> None:
        self.outcome = result[0]
        self._update_buttons()
        self.message.good(self.tr("%n customer(s) handed over, each with an introduction call planned.", "",
                                  self.outcome.moved))
        self.accept()

    def _handover_failed(self, exc: BaseException) -> None:
        self._update_buttons()
        self.message.failure(exc)
