"""The dialog shown when someone else saved a customer after it was opened here.

Each field this user changed is listed with "yours" and "theirs" side by side, and there are three
ways out: Reload (drop my edits), Keep mine (save my values over theirs), Merge (choose per field).
Closing the dialog decides nothing: the edits stay in the card, unsaved.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class ConflictRow:
    key: str  # a field, or "birthday" for the five birthday fields
    label: str
    mine: str
    theirs: str
    they_changed: bool  # theirs differs from what this user loaded


class ConflictDialog(QDialog):
    RELOAD = "reload"
    KEEP_MINE = "keep_mine"
    MERGE = "merge"

    decided = Signal(str)  # RELOAD / KEEP_MINE / MERGE

    def __init__(self, subject: str, rows: list[ConflictRow], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Someone else changed this customer"))
        self.setMinimumWidth(620)
        self.rows = list(rows)
        self.choice: str | None = None
        self._mine_buttons: dict[str, QRadioButton] = {}
        self._theirs_buttons: dict[str, QRadioButton] = {}

        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "{subject} was saved by someone else after you opened it. Your changes are not saved yet. "
            "Compare the values and choose what to keep.").format(subject=subject), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)

        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(6)
        bold = QFont(self.font())
        bold.setBold(True)
        for column, text in enumerate((self.tr("Field"), self.tr("Yours"), self.tr("Theirs (in the database)"),
                                       self.tr("Keep when merging"))):
            header = QLabel(text)
            header.setFont(bold)
            grid.addWidget(header, 0, column)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        grid.addWidget(line, 1, 0, 1, 4)
        for i, row in enumerate(self.rows, start=2):
            grid.addWidget(QLabel(row.label), i, 0, Qt.AlignmentFlag.AlignTop)
            mine = QLabel(row.mine)
            theirs = QLabel(row.theirs if row.they_changed else self.tr("{value} (not changed by them)").format(
                value=row.theirs))
            for label in (mine, theirs):
                label.setWordWrap(True)
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                label.setMinimumWidth(140)
            if row.they_changed:
                theirs.setFont(bold)
            grid.addWidget(mine, i, 1, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(theirs, i, 2, Qt.AlignmentFlag.AlignTop)
            choice = QWidget()
            choice_layout = QVBoxLayout(choice)
            choice_layout.setContentsMargins(0, 0, 0, 0)
            choice_layout.setSpacing(0)
            keep_mine = QRadioButton(self.tr("yours"))
            keep_theirs = QRadioButton(self.tr("theirs"))
            group = QButtonGroup(choice)
            group.addButton(keep_mine)
            group.addButton(keep_theirs)
            # A field they changed defaults to their value: nothing of theirs is overwritten unless chosen.
            (keep_theirs if row.they_changed else keep_mine).setChecked(True)
            choice_layout.addWidget(keep_mine)
            choice_layout.addWidget(keep_theirs)
            grid.addWidget(choice, i, 3, Qt.AlignmentFlag.AlignTop)
            self._mine_buttons[row.key] = keep_mine
            self._theirs_buttons[row.key] = keep_theirs
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        grid.setRowStretch(len(self.rows) + 2, 1)

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(grid_host)
        layout.addWidget(scroll, 1)

        explain = QLabel(self.tr(
            "Reload: drop your changes and show what is in the database.\n"
            "Keep mine: save your values over theirs.\n"
            "Merge: save the values chosen in the last column."), self)
        explain.setWordWrap(True)
        layout.addWidget(explain)

        buttons = QDialogButtonBox(self)
        self.reload_button = QPushButton(self.tr("Reload"))
        self.keep_button = QPushButton(self.tr("Keep mine"))
        self.merge_button = QPushButton(self.tr("Merge"))
        buttons.addButton(self.reload_button, QDialogButtonBox.ButtonRole.ResetRole)
        buttons.addButton(self.keep_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.merge_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setDefault(True)
        self.reload_button.clicked.connect(lambda: self._decide(self.RELOAD))
        self.keep_button.clicked.connect(lambda: self._decide(self.KEEP_MINE))
        self.merge_button.clicked.connect(lambda: self._decide(self.MERGE))
        layout.addWidget(buttons)

    def keep_mine_for(self, key: str) -> bool:
        return self._mine_buttons[key].isChecked()

    def choose(self, key: str, mine: bool) -> None:
        (self._mine_buttons if mine else self._theirs_buttons)[key].setChecked(True)

    def merge_choices(self) -> dict[str, bool]:
        """Per unit: True to keep mine, False to keep theirs."""
        return {row.key: self.keep_mine_for(row.key) for row in self.rows}

    def _decide(self, choice: str) -> None:
        self.choice = choice
        self.accept()
        self.decided.emit(choice)
