"""New customer: the few fields a customer starts with; the card takes it from there."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.errors import ValidationError
from desktop_crm.services.records import ManagerRecord, TierRecord

from ..context import AppContext
from ..tasks import message_for

FIELDS = ("name", "kind", "company", "phone", "email", "city", "tier", "manager")


class NewCustomerDialog(QDialog):
    created = Signal(int)  # the new customer's id

    def __init__(self, ctx: AppContext, tiers: list[TierRecord], managers: list[ManagerRecord],
                 parent: QWidget | None = None, *, default_manager: str | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self.setWindowTitle(self.tr("New customer"))
        self.setMinimumWidth(440)
        form = QFormLayout()
        self.inputs: dict[str, QWidget] = {}
        self.problems: dict[str, QLabel] = {}

        def add(field: str, label: str, widget: QWidget) -> None:
            problem = QLabel(self)
            problem.setObjectName(f"problem_{field}")
            problem.setStyleSheet("color: #b00020;")
            problem.setWordWrap(True)
            problem.hide()
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(widget)
            box.addWidget(problem)
            form.addRow(label, box)
            self.inputs[field] = widget
            self.problems[field] = problem

        add("name", self.tr("Name"), QLineEdit(self))
        kind = QComboBox(self)
        kind.addItem(self.tr("Person"), "person")
        kind.addItem(self.tr("Company"), "company")
        add("kind", self.tr("Kind"), kind)
        add("company", self.tr("Company"), QLineEdit(self))
        add("phone", self.tr("Phone"), QLineEdit(self))
        add("email", self.tr("E-mail"), QLineEdit(self))
        add("city", self.tr("City"), QLineEdit(self))
        tier = QComboBox(self)
        tier.addItem(self.tr("(none)"), None)
        for t in tiers:
            tier.addItem(f"{t.code} — {t.name}", t.code)
        add("tier", self.tr("Tier"), tier)
        manager = QComboBox(self)
        manager.addItem(self.tr("(none)"), None)
        for m in managers:
            manager.addItem(f"{m.name} ({m.login})", m.login)
        if default_manager:
            manager.setCurrentIndex(max(0, manager.findData(default_manager)))
        add("manager", self.tr("Manager"), manager)

        self.error_label = QLabel(self)
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                        Qt.Orientation.Horizontal, self)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def values(self) -> dict:
        out = {}
        for field, widget in self.inputs.items():
            value = widget.currentData() if isinstance(widget, QComboBox) else widget.text().strip()
            if value not in (None, ""):
                out[field] = value
        return out

    def save(self) -> None:
        data = self.values()
        for label in self.problems.values():
            label.hide()
        self.error_label.hide()
        if not data.get("name"):
            self._show_problems({"name": self.tr("a customer needs a name")})
            return
        self.buttons.setEnabled(False)
        crm = self._ctx.crm
        self._ctx.tasks.run(lambda: crm.customers.create(data), self._saved, self._failed)

    def _saved(self, result) -> None:
        record, changes = result
        self._ctx.announce(changes)
        self.created.emit(record.id)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, ValidationError):
            self._show_problems(exc.problems)
        else:
            self.error_label.setText(message_for(exc))
            self.error_label.show()

    def _show_problems(self, problems: dict[str, str]) -> None:
        others = []
        for field, message in problems.items():
            label = self.problems.get(field)
            if label is None:
                others.append(message)
            else:
                label.setText(message)
                label.show()
        if others:
            self.error_label.setText("; ".join(others))
            self.error_label.show()
