"""The main window: for now a welcome page and a status bar saying where the data lives."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QSettings, Qt, QThreadPool, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget

from desktop_crm.db import backup
from desktop_crm.services import Crm

GEOMETRY_KEY = "main_window/geometry"
STATE_KEY = "main_window/state"
PENDING = "…"


class _TaskSignals(QObject):
    """Lives on the GUI thread; a worker emits through it, so slots run on the GUI thread."""

    done = Signal(object)
    failed = Signal(str)


class _Task(QRunnable):
    """Runs one call into the core on a pool thread and hands back plain data by signal."""

    def __init__(self, fn: Callable[[], Any]):
        super().__init__()
        self.fn = fn
        self.signals = _TaskSignals()

    def run(self) -> None:  # runs on the worker thread: no widgets here
        try:
            result = self.fn()
        except Exception as exc:  # noqa: BLE001 - reported to the GUI as text, never raised across threads
            self.signals.failed.emit(str(exc) or type(exc).__name__)
        else:
            self.signals.done.emit(result)


class MainWindow(QMainWindow):
    """A plain main window: welcome page, File ▸ Quit, and a status bar."""

    count_changed = Signal(int)

    def __init__(self, crm: Crm, *, settings: QSettings | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.crm = crm
        self._settings = settings if settings is not None else QSettings()
        # One serialized worker for database work, as every session is short and per call.
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._tasks: set[_Task] = set()
        self.customer_count: int | None = None
        self.last_auto_backup: object = None

        self.setWindowTitle(self.tr("desktop_crm"))
        self._build_menus()
        self._build_welcome()
        self._build_status_bar()
        self._restore_geometry()
        self.refresh_count()
        self._run(self._auto_backup, self._backup_done, self._backup_failed)

    # ----- building ------------------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.quit_action = QAction(self.tr("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence(self.tr("Ctrl+Q")))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.setStatusTip(self.tr("Close desktop_crm"))
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.quit_action)

    def _build_welcome(self) -> None:
        page = QWidget(self)
        page.setObjectName("welcomePage")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(48, 48, 48, 48)
        layout.addStretch(1)

        title = QLabel(self.tr("desktop_crm"), page)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 2)
        font.setBold(True)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)

        about = QLabel(self.tr(
            "Customer care for account-manager teams: customer file cards, tiers, care events, "
            "occasions, gifts, complaints and Excel field work."), page)
        about.setWordWrap(True)
        about.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(about)

        self.welcome_count_label = QLabel(page)
        self.welcome_count_label.setObjectName("welcomeCount")
        count_font = self.welcome_count_label.font()
        count_font.setPointSizeF(count_font.pointSizeF() * 1.4)
        self.welcome_count_label.setFont(count_font)
        self.welcome_count_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.welcome_count_label)

        self.welcome_location_label = QLabel(page)
        self.welcome_location_label.setObjectName("welcomeLocation")
        self.welcome_location_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.welcome_location_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.welcome_location_label.setText(self.tr("Data: {location}").format(location=self.crm.db.describe()))
        layout.addWidget(self.welcome_location_label)

        layout.addStretch(2)
        self.setCentralWidget(page)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.location_label = QLabel(self.tr("Data: {location}").format(location=self.crm.db.describe()), self)
        self.location_label.setObjectName("statusLocation")
        self.location_label.setToolTip(self.tr("Where this window's data lives"))
        self.count_label = QLabel(self)
        self.count_label.setObjectName("statusCount")
        self.user_label = QLabel(self.tr("Signed in as {user}").format(user=self.crm.actor), self)
        self.user_label.setObjectName("statusUser")
        bar.addWidget(self.location_label, 1)
        bar.addPermanentWidget(self.count_label)
        bar.addPermanentWidget(self.user_label)
        self._show_count(None)

    # ----- the customer count, fetched off the GUI thread ------------------------------------

    def refresh_count(self) -> None:
        self._show_count(None)
        self._run(self.crm.customers.count, self._count_arrived, self._count_failed)

    def _run(self, fn: Callable[[], Any], on_done: Callable[[Any], None], on_failed: Callable[[str], None]) -> None:
        task = _Task(fn)
        task.setAutoDelete(False)  # kept in self._tasks until its result has been delivered
        self._tasks.add(task)
        task.signals.done.connect(on_done)
        task.signals.failed.connect(on_failed)
        task.signals.done.connect(lambda _result, t=task: self._tasks.discard(t))
        task.signals.failed.connect(lambda _message, t=task: self._tasks.discard(t))
        self._pool.start(task)

    @Slot(object)
    def _count_arrived(self, count: object) -> None:
        self.customer_count = int(count)
        self._show_count(self.customer_count)
        self.count_changed.emit(self.customer_count)

    @Slot(str)
    def _count_failed(self, message: str) -> None:
        self.customer_count = None
        self.count_label.setText(self.tr("Customers: ?"))
        self.count_label.setToolTip(self.tr("The customers could not be counted: {reason}").format(reason=message))
        self.welcome_count_label.setText(self.tr("The customers could not be counted."))
        self.statusBar().showMessage(self.tr("The customers could not be counted: {reason}").format(reason=message))

    def _show_count(self, count: int | None) -> None:
        if count is None:
            self.count_label.setText(self.tr("Customers: {count}").format(count=PENDING))
            self.welcome_count_label.setText(self.tr("Counting customers {ellipsis}").format(ellipsis=PENDING))
            return
        shown = self.locale().toString(count)
        self.count_label.setText(self.tr("Customers: {count}").format(count=shown))
        self.count_label.setToolTip("")
        if count == 0:
            text = self.tr("No customers yet.")
        else:
            text = self.tr("Customers in this database: {count}").format(count=shown)
        self.welcome_count_label.setText(text)

    # ----- the automatic backup at start-up, on the worker ------------------------------------

    def _auto_backup(self) -> str | None:  # runs on the worker thread
        path = self.crm.db.sqlite_path
        made = backup.auto_backup(path) if path is not None else None
        return str(made) if made else None

    @Slot(object)
    def _backup_done(self, made: object) -> None:
        self.last_auto_backup = made

    @Slot(str)
    def _backup_failed(self, message: str) -> None:
        self.statusBar().showMessage(self.tr("The automatic backup failed: {reason}").format(reason=message))

    # ----- window state --------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        geometry = self._settings.value(GEOMETRY_KEY)
        if geometry is not None and self.restoreGeometry(geometry):
            state = self._settings.value(STATE_KEY)
            if state is not None:
                self.restoreState(state)
        else:
            self.resize(960, 640)

    def wait_for_workers(self, msecs: int = 30_000) -> bool:
        """Block until queued database work has finished (used at shutdown and by tests)."""
        return self._pool.waitForDone(msecs)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self._settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        self._settings.setValue(STATE_KEY, self.saveState())
        self._settings.sync()
        self.wait_for_workers()
        super().closeEvent(event)
