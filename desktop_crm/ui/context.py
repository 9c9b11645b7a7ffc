"""What every page and dialog of one window shares: the core facade, the worker, the change signal."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Signal

from desktop_crm.services import Changes, Crm

from .tasks import TaskRunner


class AppContext(QObject):
    """The facade (``crm``), the serialized worker (``tasks``), per-user settings (``settings``).

    Every mutation's ``Changes`` goes through ``changed``: a view looks at it and decides
    whether it is stale, instead of every widget re-querying everything.
    """

    changed = Signal(object)  # Changes
    # A page asks the window to show a customer's card (customer id).
    open_customer = Signal(int)
    # The status bar shows a transient message (text).
    notify = Signal(str)

    def __init__(self, crm: Crm, settings: QSettings, parent: QObject | None = None):
        super().__init__(parent)
        self.crm = crm
        self.settings = settings
        self.tasks = TaskRunner(self)
        # Long work that needs no session of ours (a file backup with its own connection) runs here,
        # so that it never holds up the table's queries on ``tasks``.
        self.background = TaskRunner(self)

    def announce(self, changes: Changes) -> None:
        """Tell every view what a mutation changed (call on the GUI thread)."""
        self.changed.emit(changes)
