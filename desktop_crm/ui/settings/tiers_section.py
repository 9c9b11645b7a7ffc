"""Settings ▸ Tiers: each tier's name, call and visit cadence, gift budget, ABC share and colour."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QColorDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.errors import ValidationError
from desktop_crm.services import Changes

from ..context import AppContext
from .common import ERROR_STYLE, MessageLabel
from .tiers_model import COLUMNS, TiersModel


class TiersSection(QWidget):
    """Edits collect in the table (marked until saved); Save sends them all in one checked step."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.model = TiersModel(self)
        self.loaded = False
        self._build()
        ctx.changed.connect(self._changed)
        self.reload()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        about = QLabel(self.tr(
            "How each tier of customers is looked after. Double-click a cell to change it; changed cells are "
            "marked until you save. Leave a cadence empty for no reminders. The ABC shares of revenue decide "
            "the automatic A/B/C tiers and together may be at most 100 %."), self)
        about.setWordWrap(True)
        layout.addWidget(about)
        self.view = QTableView(self)
        self.view.setObjectName("tiersTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMNS.index("name"), QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.view)
        self.total_label = QLabel(self)
        self.total_label.setObjectName("shareTotal")
        layout.addWidget(self.total_label)

        buttons = QHBoxLayout()
        self.colour_button = QPushButton(self.tr("Choose colour…"), self)
        self.colour_button.setToolTip(self.tr("Choose the colour of the selected tier"))
        self.save_button = QPushButton(self.tr("Save changes"), self)
        self.revert_button = QPushButton(self.tr("Undo changes"), self)
        self.revert_button.setToolTip(self.tr("Forget the changes not saved yet"))
        self.abc_button = QPushButton(self.tr("Recompute from purchases…"), self)
        self.abc_button.setToolTip(self.tr("Put customers into tiers by their revenue in a period: preview who "
                                           "moves, then apply"))
        buttons.addWidget(self.colour_button)
        buttons.addWidget(self.abc_button)
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        self.message = MessageLabel(self)
        self.message.setObjectName("tiersMessage")
        layout.addWidget(self.message)
        layout.addStretch(1)

        self.view.doubleClicked.connect(self._double_clicked)
        self.colour_button.clicked.connect(self._choose_colour_of_current)
        self.abc_button.clicked.connect(self.open_abc_dialog)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        self.model.dirty_changed.connect(self._dirty_changed)
        self.model.modelReset.connect(self._fit)
        self.model.dataChanged.connect(self._show_total)
        self._dirty_changed(False)

    # ----- loading ----------------------------------------------------------------------------

    def reload(self) -> None:
        crm = self.ctx.crm
        self.ctx.tasks.run(crm.tiers.list, self._loaded, self.message.failure, key="settings.tiers")

    def _loaded(self, records) -> None:
        kept = self.model.is_dirty()
        self.model.set_records(records)
        self.loaded = True
        if kept and self.model.is_dirty():
            self.message.info(self.tr("The tiers were changed elsewhere; your changes not saved yet are kept."))

    def _changed(self, changes: Changes) -> None:
        if changes.tiers:
            self.reload()

    def _fit(self) -> None:
        """As tall as its rows (there are a handful of tiers), so the buttons sit right under it."""
        self._show_total()
        height = self.view.horizontalHeader().height() + 2 * self.view.frameWidth()
        height += sum(self.view.rowHeight(row) for row in range(self.model.rowCount()))
        if self.view.horizontalScrollBar().isVisible():
            height += self.view.horizontalScrollBar().height()
        self.view.setFixedHeight(max(height, 80))

    def _show_total(self, *_args) -> None:
        total = self.model.share_total()
        percent = format((total * 100).quantize(Decimal("0.01")).normalize(), "f")
        text = self.tr("ABC shares of all tiers together: {percent} % (at most 100 %)").format(percent=percent)
        self.total_label.setText(text)
        self.total_label.setStyleSheet(ERROR_STYLE if total > 1 else "")

    # ----- colours ----------------------------------------------------------------------------

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.isValid() and COLUMNS[index.column()] == "colour":
            self.choose_colour(index.row())

    def _choose_colour_of_current(self) -> None:
        index = self.view.currentIndex()
        self.choose_colour(index.row() if index.isValid() else 0)

    def choose_colour(self, row: int) -> None:
        record = self.model.record(row)
        if record is None:
            return
        current = QColor(self.model.current_text(row, "colour"))
        chosen = QColorDialog.getColor(current, self, self.tr("Colour of tier {code}").format(code=record.code))
        if chosen.isValid():
            self.model.setData(self.model.index(row, COLUMNS.index("colour")), chosen.name().upper())

    def open_abc_dialog(self):
        """Open the ABC recompute dialog (window-modal over this page); returns it."""
        from .abc_dialog import AbcDialog

        dialog = AbcDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # ----- saving -----------------------------------------------------------------------------

    def has_unsaved_changes(self) -> bool:
        self._commit_open_editor()
        return self.model.is_dirty()

    def save(self) -> None:
        self._commit_open_editor()
        edits, sent = self.model.pending(), self.model.edits()
        if not edits:
            self.message.info(self.tr("Nothing to save."))
            return
        crm = self.ctx.crm
        self.save_button.setEnabled(False)
        self.message.info(self.tr("Saving…"))
        self.ctx.tasks.run(lambda: (crm.tiers.update_many(edits), crm.tiers.list()),
                           lambda result: self._saved(result, sent), self._save_failed)

    def _saved(self, result, sent) -> None:
        (_records, changes), everything = result
        self.model.saved(everything, sent)
        self.save_button.setEnabled(self.model.is_dirty())
        self.message.good(self.tr("The tiers were saved."))
        self.ctx.announce(changes)

    def _save_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(self.model.is_dirty())
        if isinstance(exc, ValidationError):
            lines = self.model.set_problems(exc.problems)
            self.message.error(self.tr("Not saved:") + "\n" + "\n".join(lines))
        else:
            self.message.failure(exc)

    def revert(self) -> None:
        self.model.revert()
        self.message.clear()

    def _dirty_changed(self, dirty: bool) -> None:
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)
        if dirty and self.message.kind == "good":
            self.message.clear()

    def _commit_open_editor(self) -> None:
        """A cell still being typed in counts: hand its text to the model before reading the edits."""
        if self.view.state() != QAbstractItemView.State.EditingState:
            return
        editor = QApplication.focusWidget()
        if editor is not None and self.view.isAncestorOf(editor):
            self.view.commitData(editor)
            self.view.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
