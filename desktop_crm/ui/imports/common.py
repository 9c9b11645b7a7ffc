"""Pieces the import wizard, the export dialog and the import history share.

* ``PageJob``: a long call into the core on the window's worker, with its progress and a Cancel
  button in the page itself (a progress row), so that the wizard stays one window.
* Sentences: the counts of an import in words, the kinds of rows, the actions of preview rows.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QSettings, Qt, Signal, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QWidget,
)

from desktop_crm.services.id_order import Stopped

from ..context import AppContext

Progress = Callable[[int, int, str], None]
StopCheck = Callable[[], bool]

LAST_FOLDER_KEY = "imports/last_folder"
EXPORT_FOLDER_KEY = "exports/last_folder"

ACTION_COLOURS = {  # background of a preview row by what the import does with it
    "new": QColor("#E3F4E1"),
    "update": QColor("#E1ECFA"),
    "unchanged": QColor("#F1F1F1"),
    "rejected": QColor("#FBE1DF"),
    "skipped": QColor("#FFF4CC"),
}
ACTION_MARKS = {"new": "+", "update": "✎", "unchanged": "=", "rejected": "✖", "skipped": "–"}
ERROR_STYLE = "color: #B3261E;"
GOOD_STYLE = "color: #1E6B33;"


def kind_text(kind: str) -> str:
    """The kind of rows a file holds, in words."""
    return {
        "customers": QCoreApplication.translate("imports", "Customers"),
        "purchases": QCoreApplication.translate("imports", "Purchases"),
        "care": QCoreApplication.translate("imports", "Care events (calls, visits)"),
        "field_sheet": QCoreApplication.translate("imports", "Field sheet"),
    }.get(kind, kind)


def action_text(action: str) -> str:
    return {
        "new": QCoreApplication.translate("imports", "New"),
        "update": QCoreApplication.translate("imports", "Update"),
        "unchanged": QCoreApplication.translate("imports", "Unchanged"),
        "rejected": QCoreApplication.translate("imports", "Rejected"),
        "skipped": QCoreApplication.translate("imports", "Skipped"),
    }.get(action, action)


def stage_text(stage: str) -> str:
    return {
        "reading": QCoreApplication.translate("imports", "Reading the file…"),
        "checking": QCoreApplication.translate("imports", "Checking the rows…"),
        "writing": QCoreApplication.translate("imports", "Writing to the database…"),
        "exporting": QCoreApplication.translate("imports", "Writing the field sheet…"),
    }.get(stage, QCoreApplication.translate("imports", "Working…"))


def counts_text(counts: Any, kind: str) -> str:
    """'120 new customers, 3 updated, 2 unchanged, 1 rejected' for a Counts or a batch's counts dict."""
    get = counts.get if isinstance(counts, dict) else (lambda key, default=0: getattr(counts, key, default))
    n = {key: int(get(key, 0) or 0) for key in ("new", "updated", "unchanged", "rejected", "skipped", "care_events",
                                                 "purchases", "contacts", "managers")}
    parts = []
    if n["care_events"]:
        parts.append(QCoreApplication.translate("imports", "%n care event(s)", None, n["care_events"]))
    if n["purchases"]:
        parts.append(QCoreApplication.translate("imports", "%n purchase line(s)", None, n["purchases"]))
    if n["new"]:
        parts.append(QCoreApplication.translate("imports", "%n new customer(s)", None, n["new"]))
    if n["updated"]:
        parts.append(QCoreApplication.translate("imports", "%n customer(s) updated", None, n["updated"]))
    if n["contacts"]:
        parts.append(QCoreApplication.translate("imports", "%n contact person(s)", None, n["contacts"]))
    if n["managers"]:
        parts.append(QCoreApplication.translate("imports", "%n new manager(s)", None, n["managers"]))
    if n["unchanged"]:
        if kind in ("customers", "field_sheet"):
            parts.append(QCoreApplication.translate("imports", "%n unchanged", None, n["unchanged"]))
        else:
            parts.append(QCoreApplication.translate("imports", "%n already imported", None, n["unchanged"]))
    if n["rejected"]:
        parts.append(QCoreApplication.translate("imports", "%n rejected", None, n["rejected"]))
    if n["skipped"]:
        parts.append(QCoreApplication.translate("imports", "%n skipped", None, n["skipped"]))
    return ", ".join(parts) if parts else QCoreApplication.translate("imports", "nothing to import")


def region_language(code: str) -> str | None:
    """The word for the names' script that made the importer suggest a phone region."""
    return {
        "RU": QCoreApplication.translate("imports", "Russian"),
        "KR": QCoreApplication.translate("imports", "Korean"),
        "JP": QCoreApplication.translate("imports", "Japanese"),
        "CN": QCoreApplication.translate("imports", "Chinese"),
        "IR": QCoreApplication.translate("imports", "Persian"),
        "FI": QCoreApplication.translate("imports", "Finnish"),
    }.get(code)


def last_folder(settings: QSettings, key: str) -> str:
    value = settings.value(key, "")
    return value if isinstance(value, str) else ""


class _Relay(QObject):
    progress = Signal(int, int, str)


class ProgressRow(QWidget):
    """'Checking the rows…  [=====     ] 2,000 of 5,000  [Cancel]' while a job runs; hidden otherwise."""

    cancel_clicked = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setTextVisible(True)
        self.bar.setMinimumWidth(220)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setToolTip(self.tr("Stop; nothing is written"))
        layout.addWidget(self.label)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.cancel_button)
        self.cancel_button.clicked.connect(self.cancel_clicked)
        self.hide()

    def begin(self, text: str) -> None:
        self.label.setText(text)
        self.bar.setRange(0, 0)  # busy until the first report says how much there is
        self.cancel_button.setEnabled(True)
        self.show()

    @Slot(int, int, str)
    def report(self, done: int, total: int, stage: str) -> None:
        self.label.setText(stage_text(stage))
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
            self.bar.setFormat(self.tr("{done} of {total}").format(done=self.locale().toString(min(done, total)),
                                                                    total=self.locale().toString(total)))

    def end(self) -> None:
        self.hide()


class PageJob(QObject):
    """A long core call on the window's worker, shown in a ``ProgressRow`` with Cancel.

    ``fn(progress, should_stop)`` runs on the worker; ``should_stop()`` turns true when Cancel was
    clicked or a newer job with the same key replaced this one (whose result is then dropped).
    ``on_stopped`` runs when the core raised ``Stopped`` after a Cancel.
    """

    def __init__(self, ctx: AppContext, row: ProgressRow, key: str, parent: QObject | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._row = row
        self._key = key
        self._cancel: threading.Event | None = None
        self._relay: _Relay | None = None
        self.running = False
        row.cancel_clicked.connect(self.cancel)

    def start(self, fn: Callable[[Progress, StopCheck], Any], text: str, on_done: Callable[[Any], None],
              on_failed: Callable[[BaseException], None], on_stopped: Callable[[], None] | None = None) -> None:
        if self._cancel is not None:
            self._cancel.set()  # an older job of this page gives up
        cancel = threading.Event()
        relay = _Relay()
        relay.progress.connect(self._row.report, Qt.ConnectionType.QueuedConnection)
        self._cancel, self._relay = cancel, relay
        self.running = True
        self._row.begin(text)

        def work(replaced: StopCheck) -> Any:  # worker thread
            def progress(done: int, total: int, stage: str = "") -> None:
                relay.progress.emit(int(done), int(total), str(stage))

            return fn(progress, lambda: cancel.is_set() or replaced())

        def finished() -> bool:
            if self._cancel is not cancel:
                return False  # a newer job of this page is under way
            self.running = False
            self._cancel = None
            self._row.end()
            return True

        def done(result: Any) -> None:
            if finished():
                on_done(result)

        def failed(exc: BaseException) -> None:
            if not finished():
                return
            if isinstance(exc, Stopped) and cancel.is_set() and on_stopped is not None:
                on_stopped()
            else:
                on_failed(exc)

        self._ctx.tasks.run(work, done, failed, key=self._key, with_stop=True)

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
            self._row.cancel_button.setEnabled(False)
            self._row.label.setText(self.tr("Stopping…"))


def set_message(label: QLabel, text: str, kind: str = "") -> None:
    """A message line: plain ('' / 'info'), 'good' (green) or 'error' (red); hidden when empty."""
    label.setProperty("kind", kind)
    label.setStyleSheet(ERROR_STYLE if kind == "error" else GOOD_STYLE if kind == "good" else "")
    label.setText(text)
    label.setVisible(bool(text))


def message_label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def fit_columns(view: QTableView) -> None:
    """Columns as wide as their contents, within reason."""
    view.resizeColumnsToContents()
    for column in range(view.model().columnCount()):
        view.setColumnWidth(column, min(max(view.columnWidth(column), 60), 260))


def table_view(parent: QWidget, name: str) -> QTableView:
    view = QTableView(parent)
    view.setObjectName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.setWordWrap(False)
    view.horizontalHeader().setHighlightSections(False)
    vertical = view.verticalHeader()
    vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vertical.setDefaultSectionSize(view.fontMetrics().height() + 8)
    return view
