"""The small editor that pops up under "Log call" / "Log visit": a summary, Enter saves.

It only collects the words; the page runs the service call and tells the popup how it went
(``saving``, then ``close`` or ``show_error``).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

SUMMARY_LIMIT = 2000


class LogPopup(QFrame):
    """Log a care event of ``kind`` ('call' or 'visit') for one agenda row."""

    save_requested = Signal(str, str, str)  # row key, kind, summary

    def __init__(self, key: str, kind: str, who: str, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("todayLogPopup")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.key, self.kind = key, kind
        self.saving = False

        title = self.tr("Log a call with {who}") if kind == "call" else self.tr("Log a visit to {who}")
        self.title_label = QLabel(title.format(who=who), self)
        font = self.title_label.font()
        font.setBold(True)
        self.title_label.setFont(font)
        self.summary = QLineEdit(self)
        self.summary.setObjectName("todayLogSummary")
        self.summary.setMaxLength(SUMMARY_LIMIT)
        self.summary.setPlaceholderText(self.tr("What was said, in a few words — Enter saves"))
        self.summary.setMinimumWidth(380)
        self.summary.returnPressed.connect(self.save)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("todayLogError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #a4251b;")
        self.error_label.hide()
        self.save_button = QPushButton(self.tr("Save"), self)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.clicked.connect(self.close)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.close)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addWidget(self.title_label)
        layout.addWidget(self.summary)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)

    def show_under(self, anchor: QRect, owner: QWidget) -> None:
        """Show below ``anchor`` (a rectangle in ``owner``'s coordinates), kept on the screen."""
        self.adjustSize()
        width, height = self.width(), self.height()
        corner = owner.mapToGlobal(QPoint(anchor.left(), anchor.bottom() + 2))
        x, y = corner.x(), corner.y()
        screen = QGuiApplication.screenAt(corner) or QGuiApplication.primaryScreen()
        if screen is not None:
            room = screen.availableGeometry()
            if x + width > room.right():  # right-align with the button instead
                x = owner.mapToGlobal(QPoint(anchor.right(), 0)).x() - width
            x = max(room.left(), min(x, room.right() - width))
            if y + height > room.bottom():  # above the button instead
                y = owner.mapToGlobal(QPoint(0, anchor.top())).y() - height - 2
            y = max(room.top(), y)
        self.move(x, y)
        self.show()
        self.summary.setFocus(Qt.FocusReason.PopupFocusReason)

    def save(self) -> None:
        if self.saving:
            return
        text = self.summary.text().strip()
        if not text:
            self.show_error(self.tr("Say in a few words what happened."))
            return
        self.set_saving(True)
        self.save_requested.emit(self.key, self.kind, text)

    def set_saving(self, saving: bool) -> None:
        self.saving = saving
        self.summary.setReadOnly(saving)
        self.save_button.setEnabled(not saving)
        self.save_button.setText(self.tr("Saving…") if saving else self.tr("Save"))

    def show_error(self, message: str) -> None:
        self.set_saving(False)
        self.error_label.setText(message)
        self.error_label.show()
        self.adjustSize()
        self.summary.setFocus()


__all__ = ["LogPopup"]
