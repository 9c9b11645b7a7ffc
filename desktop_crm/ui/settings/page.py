"""The Settings page of the main window: one tab per kind of setting."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from ..context import AppContext
from .agenda_section import AgendaSection
from .database_section import DatabaseSection
from .managers_section import ManagersSection
from .printing_section import PrintingSection
from .region_section import RegionSection
from .tiers_section import TiersSection


class SettingsPage(QWidget):
    """Database, Managers, Tiers, Region and holidays, Agenda, Printing.

    The page never switches or restores the database itself; it asks the window:
    ``switch_requested(url)`` after a successful connection test and "Use this database",
    ``restore_requested(path)`` after the backup file was checked and the user confirmed.
    Each section loads its data off the GUI thread and reloads when ``ctx.changed`` says
    managers, tiers or settings (company days among them) changed elsewhere.
    """

    switch_requested = Signal(str)
    restore_requested = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("settingsPage")
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.database = DatabaseSection(ctx, self)
        self.managers = ManagersSection(ctx, self)
        self.tiers = TiersSection(ctx, self)
        self.region = RegionSection(ctx, self)
        self.agenda = AgendaSection(ctx, self)
        self.printing = PrintingSection(ctx, self)
        self.tabs.addTab(self.database, self.tr("Database"))
        self.tabs.addTab(self.managers, self.tr("Managers"))
        self.tabs.addTab(self.tiers, self.tr("Tiers"))
        self.tabs.addTab(self.region, self.tr("Region and holidays"))
        self.tabs.addTab(self.agenda, self.tr("Agenda"))
        self.tabs.addTab(self.printing, self.tr("Printing"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.database.switch_requested.connect(self.switch_requested)
        self.database.restore_requested.connect(self.restore_requested)

    def has_unsaved_changes(self) -> bool:
        """Tier edits or region choices not saved yet (the window may ask before closing)."""
        return self.tiers.has_unsaved_changes() or self.region.is_dirty()

    def wait_for_workers(self, msecs: int = 30_000) -> bool:
        """Block until this page's own checks (connection tests, backup checks) have finished."""
        return self.database.wait_for_workers(msecs)
