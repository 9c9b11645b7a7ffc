"""Small pieces the card's tabs share: inline error labels, a message banner, an optional date,
a table view, and a form dialog that saves through the worker and shows the service's problems."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.errors import ConflictError, ValidationError
from desktop_crm.ui.tasks import message_for

from .labels import field_label

ERROR_COLOUR = "#b3261e"
ROW_PADDING = 6  # pixels added to rows that grow with wrapped text


class ErrorLabel(QLabel):
    """A red sentence under a field; takes no room while empty."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.setVisible(False)

    def show_message(self, text: str | None) -> None:
        self.setText(text or "")
        self.setVisible(bool(text))


class Banner(QLabel):
    """A message across the top of a card or dialog (errors in red, notes in the window's colours)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setVisible(False)
        self.setMargin(6)

    def show_error(self, text: str) -> None:
        self.setStyleSheet(f"background: #fdecea; color: {ERROR_COLOUR}; border: 1px solid #f5c2c0;"
                           "border-radius: 3px;")
        self.setText(text)
        self.setVisible(True)

    def show_note(self, text: str) -> None:
        self.setStyleSheet("background: #eef4fb; color: #1d3c5e; border: 1px solid #c8daf0; border-radius: 3px;")
        self.setText(text)
        self.setVisible(True)

    def clear_message(self) -> None:
        self.setText("")
        self.setVisible(False)


class FieldWithError(QWidget):
    """A field with its error label under it."""

    def __init__(self, field: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(field)
        self.field = field
        self.error = ErrorLabel(self)
        layout.addWidget(self.error)


class OptionalDate(QWidget):
    """A date that may be left out: a check box switches the date field on."""

    changed = Signal()

    def __init__(self, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.check = QCheckBox(text, self)
        self.edit = QDateEdit(self)
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd")
        self.edit.setDate(QDate.currentDate())
        self.edit.setEnabled(False)
        layout.addWidget(self.check)
        layout.addWidget(self.edit, 1)
        self.check.toggled.connect(self.edit.setEnabled)
        self.check.toggled.connect(self.changed)
        self.edit.dateChanged.connect(self.changed)

    def value(self) -> dt.date | None:
        return self.edit.date().toPython() if self.check.isChecked() else None

    def set_value(self, value: dt.date | None) -> None:
        self.check.setChecked(value is not None)
        if value is not None:
            self.edit.setDate(QDate(value.year, value.month, value.day))






class RecordView(QTableView):
    """A read-only, row-selecting table that fits its width.

    ``stretch`` is the column that takes the spare width; the others fit their contents up to
    ``cap`` pixels (longer texts are elided, and the model gives them as tooltips). With ``wrap``,
    long texts wrap and rows grow to show them whole, refitted whenever the widths change.
    """

    def __init__(self, model, parent: QWidget | None = None, *, stretch: int, wrap: bool = False, cap: int = 170):
        super().__init__(parent)
        self._stretch, self._wrap, self._cap = stretch, wrap, cap
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(wrap)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(40)
        # Rows are refitted once the widths have settled (a hidden tab has no final widths yet).
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self.fit_rows)
        model.modelReset.connect(self.fit_columns)
        if wrap:
            header.sectionResized.connect(lambda *_a: self._refit.start())

    def fit_columns(self) -> None:
        header = self.horizontalHeader()
        for column in range(self.model().columnCount()):
            if column != self._stretch:
                self.resizeColumnToContents(column)
                header.resizeSection(column, min(header.sectionSize(column), self._cap))
        if self._wrap:
            self.fit_rows()

    def fit_rows(self) -> None:
        if not self._wrap:
            return
        self.resizeRowsToContents()
        for row in range(self.model().rowCount()):
            self.setRowHeight(row, self.rowHeight(row) + ROW_PADDING)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._wrap:
            self._refit.start()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self._wrap:
            self._refit.start()


def table_view(model, parent: QWidget | None = None, *, stretch: int, wrap: bool = False,
               cap: int = 170) -> RecordView:
    return RecordView(model, parent, stretch=stretch, wrap=wrap, cap=cap)


def selected_record(view: QTableView) -> Any | None:
    rows = view.selectionModel().selectedRows() if view.selectionModel() else []
    return view.model().record(rows[0].row()) if rows else None




class FormDialog(QDialog):
    """A form whose OK runs a core call on the worker.

    The dialog stays open until the call succeeds; the service's ValidationError problems appear
    next to their fields, other failures in the banner. ``saved`` carries the call's result.
    """

    saved = Signal(object)

    def __init__(self, ctx, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setMinimumWidth(440)
        outer = QVBoxLayout(self)
        self.banner = Banner(self)
        outer.addWidget(self.banner)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        outer.addLayout(self.form)
        outer.addStretch(1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        self._errors: dict[str, FieldWithError] = {}
        self.result_value: Any = None
        self.busy = False

    def add_field(self, key: str, label: str, widget: QWidget) -> QWidget:
        box = FieldWithError(widget, self)
        self._errors[key] = box
        self.form.addRow(label, box)
        return widget

    # ----- what subclasses provide ---------------------------------------------------------

    def values(self) -> dict[str, Any]:
        raise NotImplementedError

    def check(self, values: dict[str, Any]) -> dict[str, str]:
        """Problems found without the database (field -> sentence)."""
        return {}

    def call(self, values: dict[str, Any]) -> Callable[[], Any]:
        """The core call to run on the worker (it must only use plain values)."""
        raise NotImplementedError

    def conflict(self, exc: ConflictError) -> None:
        self.banner.show_error(message_for(exc))

    # ----- saving --------------------------------------------------------------------------

    def submit(self) -> None:
        if self.busy:
            return
        self.show_problems({})
        values = self.values()
        problems = self.check(values)
        if problems:
            self.show_problems(problems)
            return
        self.busy = True
        self.ok_button.setEnabled(False)
        self.ctx.tasks.run(self.call(values), self._done, self._failed)

    def _done(self, result: Any) -> None:
        self.busy = False
        self.ok_button.setEnabled(True)
        self.result_value = result
        self.saved.emit(result)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self.ok_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.show_problems(exc.problems)
        elif isinstance(exc, ConflictError):
            self.conflict(exc)
        else:
            self.banner.show_error(message_for(exc))

    def show_problems(self, problems: dict[str, str]) -> None:
        stray = []
        for key, box in self._errors.items():
            box.error.show_message(problems.get(key))
        for key, text in problems.items():
            if key not in self._errors:
                stray.append(f"{field_label(key)}: {text}")
        if stray:
            self.banner.show_error("\n".join(stray))
        elif not problems:
            self.banner.clear_message()
        else:
            self.banner.show_error(self.tr("Please correct the marked fields."))
        first = next((self._errors[k].field for k in problems if k in self._errors), None)
        if first is not None:
            first.setFocus()
