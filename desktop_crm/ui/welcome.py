"""The first-run page of an empty database: ways in."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class WelcomePage(QWidget):
    import_requested = Signal()
    sample_requested = Signal()
    new_customer_requested = Signal()

    def __init__(self, location: str, parent: QWidget | None = None, *, can_import: bool = False):
        super().__init__(parent)
        self.setObjectName("welcomePage")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 48, 48, 48)
        layout.addStretch(1)
        title = QLabel(self.tr("Welcome to desktop_crm"), self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 2)
        font.setBold(True)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        about = QLabel(self.tr(
            "There are no customers in this database yet. Start with your existing customer list, "
            "try the app on realistic sample data, or add your first customer by hand.") if can_import else self.tr(
            "There are no customers in this database yet. Try the app on realistic sample data, "
            "or add your first customer by hand."), self)
        about.setWordWrap(True)
        about.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(about)
        layout.addSpacing(24)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.import_button = QPushButton(self.tr("Import from Excel…"), self)
        self.import_button.setToolTip(self.tr("Read a customer list from an Excel or CSV file"))
        self.import_button.setVisible(can_import)
        self.sample_button = QPushButton(self.tr("Load sample data"), self)
        self.sample_button.setToolTip(self.tr("Add 2,000 realistic sample customers with their history, to try the app"))
        self.new_button = QPushButton(self.tr("New customer"), self)
        self.new_button.setToolTip(self.tr("Add a customer by hand (Ctrl+N)"))
        for button in (self.import_button, self.sample_button, self.new_button):
            button.setMinimumHeight(40)
            button.setMinimumWidth(170)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.import_button.clicked.connect(self.import_requested)
        self.sample_button.clicked.connect(self.sample_requested)
        self.new_button.clicked.connect(self.new_customer_requested)

        layout.addSpacing(24)
        self.location_label = QLabel(self.tr("Data: {location}").format(location=location), self)
        self.location_label.setObjectName("welcomeLocation")
        self.location_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.location_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.location_label)
        layout.addStretch(2)
