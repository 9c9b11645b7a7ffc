"""The "Add manager" dialog: saves through the worker and shows each problem next to its field."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.errors import ValidationError
from desktop_crm.models import ManagerRole
from desktop_crm.services.records import ManagerRecord

from ..context import AppContext
from .common import MessageLabel, add_fields_with_errors, sentence


def role_name(role: str) -> str:
    names = {
        ManagerRole.MANAGER.value: QCoreApplication.translate("settings", "Manager"),
        ManagerRole.SUPERVISOR.value: QCoreApplication.translate("settings", "Supervisor"),
        ManagerRole.ADMIN.value: QCoreApplication.translate("settings", "Administrator"),
    }
    return names.get(role, role)


class AddManagerDialog(QDialog):
    """Login, name, role and e-mail of a new manager. ``created`` holds the record once saved."""

    FIELDS = ("login", "name", "role", "email")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.created: ManagerRecord | None = None
        self.setWindowTitle(self.tr("Add manager"))
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.login_edit = QLineEdit(self)
        self.login_edit.setPlaceholderText(self.tr("e.g. wang.fang"))
        self.login_edit.setMaxLength(64)
        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText(self.tr("as colleagues and customers know them"))
        self.name_edit.setMaxLength(200)
        self.role_combo = QComboBox(self)
        for role in ManagerRole:
            self.role_combo.addItem(role_name(role.value), role.value)
        self.email_edit = QLineEdit(self)
        self.email_edit.setPlaceholderText(self.tr("optional"))
        self.errors = add_fields_with_errors(form, (
            ("login", self.tr("Login:"), self.login_edit),
            ("name", self.tr("Name:"), self.name_edit),
            ("role", self.tr("Role:"), self.role_combo),
            ("email", self.tr("E-mail:"), self.email_edit),
        ), self)
        layout.addLayout(form)
        self.message = MessageLabel(self)
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Add"))
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def save(self) -> None:
        """Create the manager on the worker; the dialog closes only when that worked."""
        for error in self.errors.values():
            error.clear()
            error.hide()
        self.message.clear()
        login, name = self.login_edit.text(), self.name_edit.text()
        role, email = self.role_combo.currentData(), self.email_edit.text().strip() or None
        crm = self.ctx.crm
        self.ok_button.setEnabled(False)
        self.ctx.tasks.run(lambda: crm.managers.create(login, name, role=role, email=email),
                           self._created, self._failed)

    def _created(self, record: ManagerRecord) -> None:
        self.created = record
        self.ok_button.setEnabled(True)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            rest = []
            for key, problem in exc.problems.items():
                label = self.errors.get(key)
                if label is None:
                    rest.append(sentence(problem))
                else:
                    label.setText(sentence(problem))
                    label.show()
            if rest:
                self.message.error("\n".join(rest))
            first = next((k for k in self.FIELDS if not self.errors[k].isHidden()), None)
            widget = {"login": self.login_edit, "name": self.name_edit, "role": self.role_combo,
                      "email": self.email_edit}.get(first or "")
            if widget is not None:
                widget.setFocus()
            return
        self.message.failure(exc)
