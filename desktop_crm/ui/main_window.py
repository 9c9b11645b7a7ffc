"""The main window: navigation on the left, the pages, and a status bar.

Pages appear as their features exist (Today, Customers, Settings). The window opens on Today,
the manager's agenda, and says at start-up how much is on it (a desktop notification when
there is a system tray, else a status-bar note); an empty database shows the welcome page with
ways in instead.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

from PySide6.QtCore import QSettings, Qt, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QSystemTrayIcon,
    QWidget,
)

from desktop_crm.db import backup
from desktop_crm.services import Crm

from .context import AppContext
from .customers.page import CustomersPage
from .tasks import message_for
from .today.model import section_title
from .today.page import TodayPage
from .welcome import WelcomePage

GEOMETRY_KEY = "main_window/geometry"
STATE_KEY = "main_window/state"
PAGE_KEY = "main_window/page"
PAGE_DAY_KEY = "main_window/page_day"  # the day the page was left: a new day starts on Today
START_PAGE = "today"
NOTIFICATION_MS = 15_000
SAMPLE_CUSTOMERS = 2000
PENDING = "…"


class MainWindow(QMainWindow):
    count_changed = Signal(int)
    # The user chose another database in Settings (a URL or path); the app reopens on it.
    database_switch_requested = Signal(str)
    restore_requested = Signal(str)

    def __init__(self, crm: Crm, *, settings: QSettings | None = None, parent: QWidget | None = None,
                 today: dt.date | None = None, tray_available: Callable[[], bool] | None = None):
        """``today``: the day the Today page is built for (None: the real date; tests fix it).
        ``tray_available``: whether start-up news can go to the system tray (default: ask Qt)."""
        super().__init__(parent)
        self.crm = crm
        self._today = today
        self._tray_available = tray_available or QSystemTrayIcon.isSystemTrayAvailable
        self.tray: QSystemTrayIcon | None = None
        self.startup_news: str | None = None  # what the start-up notification or note said
        self._news_pending = True
        self._settings = settings if settings is not None else QSettings()
        self.ctx = AppContext(crm, self._settings, self)
        self.customer_count: int | None = None
        self.last_auto_backup: object = None
        self.settings_page = None
        self.import_wizard = None
        self.import_history = None
        self.export_dialog = None

        # The agenda's one-time caches fill on a thread of their own while the window builds itself.
        threading.Thread(target=self._warm_up_agenda, name="agenda-warm-up", daemon=True).start()
        self.setWindowTitle(self.tr("desktop_crm"))
        self._build_actions()
        self._build_pages()
        self._build_status_bar()
        self._restore_geometry()
        self.setAcceptDrops(True)  # an Excel or CSV file dropped on the window opens the import wizard
        self.ctx.changed.connect(self._on_changed)
        self.ctx.notify.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.ctx.open_customer.connect(self.open_customer)
        self.refresh_count()
        self._load_signed_in_manager()
        self.ctx.background.run(self._auto_backup, self._backup_done, self._backup_failed)

    # ----- building ---------------------------------------------------------------------------

    def _build_actions(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.new_action = QAction(self.tr("&New customer…"), self)
        self.new_action.setShortcut(QKeySequence(QKeySequence.StandardKey.New))
        self.new_action.triggered.connect(self.new_customer)
        file_menu.addAction(self.new_action)
        file_menu.addSeparator()
        self.import_action = QAction(self.tr("&Import from Excel…"), self)
        self.import_action.setShortcut(QKeySequence(self.tr("Ctrl+I")))
        self.import_action.setStatusTip(self.tr("Read customers, purchases, care events or a field sheet from an "
                                                "Excel or CSV file"))
        self.import_action.triggered.connect(lambda: self.open_import_wizard())
        file_menu.addAction(self.import_action)
        self.export_action = QAction(self.tr("&Export field sheet…"), self)
        self.export_action.setShortcut(QKeySequence(self.tr("Ctrl+E")))
        self.export_action.setStatusTip(self.tr("Write the selected customers, or the current list, to an Excel "
                                                "field sheet for visits"))
        self.export_action.triggered.connect(self.export_field_sheet)
        file_menu.addAction(self.export_action)
        self.history_action = QAction(self.tr("Import &history…"), self)
        self.history_action.setStatusTip(self.tr("Past imports, and Undo for an import"))
        self.history_action.triggered.connect(self.open_import_history)
        file_menu.addAction(self.history_action)
        file_menu.addSeparator()
        self.quit_action = QAction(self.tr("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence(self.tr("Ctrl+Q")))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.setStatusTip(self.tr("Close desktop_crm"))
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.quit_action)

        self.find_action = QAction(self.tr("&Find customers"), self)
        self.find_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
        self.find_action.triggered.connect(self.focus_search)
        self.close_card_action = QAction(self.tr("Close the customer card"), self)
        self.close_card_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.close_card_action.triggered.connect(self._escape)
        edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        edit_menu.addAction(self.find_action)
        self.addAction(self.close_card_action)

    def _build_pages(self) -> None:
        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(max(150, self.fontMetrics().horizontalAdvance("M") * 12))
        self.nav.setFrameShape(QListWidget.Shape.NoFrame)
        self.nav.setStyleSheet("QListWidget#navigation { background: palette(window); border-right: 1px solid palette(mid); }"
                               "QListWidget#navigation::item { padding: 9px 12px; }")
        self.stack = QStackedWidget(self)

        # Today comes first: its agenda is the first thing the worker builds.
        self.today_page = TodayPage(self.ctx, self, today=self._today)
        self.today_page.loaded.connect(lambda _agenda: self._startup_news())
        self._add_page("today", self.tr("Today"), self.today_page)

        self.welcome = WelcomePage(self.crm.db.describe(), self, can_import=True)
        self.welcome.import_requested.connect(lambda: self.open_import_wizard())
        # Its row of three wide buttons must not set the window's minimum width (the table page decides it).
        self.welcome.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.welcome.sample_requested.connect(self.load_sample_data)
        self.welcome.new_customer_requested.connect(self.new_customer)
        self.customers_page = CustomersPage(self.ctx, self)
        self.customers_stack = QStackedWidget(self)
        self.customers_stack.addWidget(self.welcome)
        self.customers_stack.addWidget(self.customers_page)
        self.edit_undo = self.customers_page.bulk.undo_action
        self.menuBar().actions()[1].menu().addAction(self.edit_undo)
        self._add_page("customers", self.tr("Customers"), self.customers_stack)
        # Reports is built on its first visit too: QtCharts loads then, and the first report is built.
        self.reports_page = None
        self.reports_holder = QStackedWidget(self)
        self._add_page("reports", self.tr("Reports"), self.reports_holder)
        # Settings is built on its first visit: its country lists cost half a second at start-up.
        self.settings_holder = QStackedWidget(self)
        self._add_page("settings", self.tr("Settings"), self.settings_holder)
        self.nav.currentRowChanged.connect(self._page_chosen)

        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.customers_stack.setCurrentWidget(self.customers_page)

    def _page_chosen(self, row: int) -> None:
        if self.page_keys()[row] == "settings":
            self.ensure_settings_page()
        elif self.page_keys()[row] == "reports":
            self.ensure_reports_page()
        self.stack.setCurrentIndex(row)

    def ensure_settings_page(self):
        if self.settings_page is None:
            from .settings.page import SettingsPage

            self.settings_page = SettingsPage(self.ctx, self)
            self.settings_page.switch_requested.connect(self.database_switch_requested)
            self.settings_page.restore_requested.connect(self.restore_requested)
            self.settings_holder.addWidget(self.settings_page)
        return self.settings_page

    def ensure_reports_page(self):
        if self.reports_page is None:
            from .reports import ReportsPage

            self.reports_page = ReportsPage(self.ctx, self, today=self._today)
            self.reports_holder.addWidget(self.reports_page)
        return self.reports_page

    def _add_page(self, key: str, title: str, widget: QWidget) -> None:
        item = QListWidgetItem(title, self.nav)
        item.setData(Qt.ItemDataRole.UserRole, key)
        self.stack.addWidget(widget)

    def page_keys(self) -> list[str]:
        return [self.nav.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.nav.count())]

    def _warm_up_agenda(self) -> None:
        try:
            self.crm.agenda.warm_up(self._today)
        except Exception:  # noqa: BLE001 - only a head start; the Today page reports real errors itself
            pass

    def show_page(self, key: str) -> None:
        keys = self.page_keys()
        if key in keys:
            self.nav.setCurrentRow(keys.index(key))

    def current_page(self) -> str:
        item = self.nav.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else ""

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.location_label = QLabel(self.tr("Data: {location}").format(location=self.crm.db.describe()), self)
        self.location_label.setObjectName("statusLocation")
        self.location_label.setToolTip(self.tr("Where this window's data lives"))
        self.count_label = QLabel(self)
        self.count_label.setObjectName("statusCount")
        self.user_label = QLabel(self.tr("Signed in as {user}").format(user=self.crm.actor), self)
        self.user_label.setObjectName("statusUser")
        bar.addPermanentWidget(self.location_label, 1)
        bar.addPermanentWidget(self.count_label)
        bar.addPermanentWidget(self.user_label)
        self._show_count(None)

    # ----- actions ------------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.show_page("customers")
        self.customers_stack.setCurrentWidget(self.customers_page)
        self.customers_page.focus_search()

    def _escape(self) -> None:
        page = self.customers_page
        if self.current_page() == "customers" and page.card_open() and page.card.confirm_close():
            page.close_card()

    def new_customer(self) -> None:
        from .customers.new_customer import NewCustomerDialog

        crm = self.crm

        def open_dialog(choices) -> None:
            tiers, managers = choices
            me = next((m.login for m in managers if m.login == crm.actor), None)
            dialog = NewCustomerDialog(self.ctx, tiers, managers, self, default_manager=me)
            dialog.created.connect(self._created)
            dialog.open()
            self.new_dialog = dialog

        self.ctx.tasks.run(lambda: (crm.tiers.list(), crm.managers.list()), open_dialog,
                           lambda exc: QMessageBox.warning(self, self.tr("New customer"), message_for(exc)))

    def _created(self, customer_id: int) -> None:
        self.open_customer(customer_id)

    def open_customer(self, customer_id: int) -> None:
        """Show the customer's card on the Customers page (asked by Today, a new customer…)."""
        self.show_page("customers")
        self.customers_stack.setCurrentWidget(self.customers_page)
        self.customers_page.open_card(customer_id)

    def load_sample_data(self) -> None:
        from desktop_crm.services import demo

        db = self.crm.db

        def done(summary) -> None:
            self.ctx.announce(self._everything_changed())
            self.statusBar().showMessage(self.tr("Sample data added: %n customer(s).", "", summary.customers), 8000)

        self.sample_job = self.ctx.tasks.run_job(
            lambda report: demo.generate(db, SAMPLE_CUSTOMERS, progress=report), parent=self,
            title=self.tr("Sample data"), label=self.tr("Adding sample customers with their history…"),
            on_done=done, on_failed=lambda exc: QMessageBox.warning(self, self.tr("Sample data"), message_for(exc)),
            on_cancelled=lambda: self.statusBar().showMessage(self.tr("Cancelled: no sample data was added."), 8000))

    # ----- Excel in and out ------------------------------------------------------------------------

    def open_import_wizard(self, path: str | None = None):
        """Show the import wizard (one per window), on ``path`` when given."""
        from .imports import ImportWizard

        wizard = self.import_wizard
        if wizard is not None and wizard.isVisible():
            if path and not wizard.jobs_running():
                wizard.open_path(path)
            wizard.raise_()
            wizard.activateWindow()
            return wizard
        if wizard is not None:
            wizard.deleteLater()  # closed earlier; a new one starts afresh
        wizard = ImportWizard(self.ctx, self, path)
        wizard.imported.connect(lambda _batch: self.show_page("customers"))
        self.import_wizard = wizard
        wizard.show()
        return wizard

    def open_import_history(self):
        from .imports import ImportHistoryDialog

        dialog = self.import_history
        if dialog is None or not dialog.isVisible():
            dialog = ImportHistoryDialog(self.ctx, self)
            self.import_history = dialog
        dialog.show()
        dialog.raise_()
        return dialog

    def export_field_sheet(self):
        if self.customer_count == 0:
            self.statusBar().showMessage(self.tr("There are no customers to export yet."), 8000)
            return None
        self.show_page("customers")
        self.customers_stack.setCurrentWidget(self.customers_page)
        self.export_dialog = self.customers_page.export_field_sheet()
        return self.export_dialog

    @staticmethod
    def _dropped_file(event) -> str | None:
        from .imports import IMPORTABLE_SUFFIXES

        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if len(urls) != 1 or not urls[0].isLocalFile():
            return None
        path = urls[0].toLocalFile()
        return path if path.lower().endswith(IMPORTABLE_SUFFIXES) else None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        if self._dropped_file(event):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        path = self._dropped_file(event)
        if path:
            event.acceptProposedAction()
            self.open_import_wizard(path)
        else:
            super().dropEvent(event)

    @staticmethod
    def _everything_changed():
        from desktop_crm.services import Changes

        return Changes(customer_list=True, managers=True, tiers=True, care=True)

    # ----- the customer count and the signed-in manager ------------------------------------------------

    def refresh_count(self) -> None:
        self.ctx.tasks.run(self.crm.customers.count, self._count_arrived, self._count_failed, key="window-count")

    def _on_changed(self, changes) -> None:
        if changes.customer_list:
            self.refresh_count()
        if changes.managers:
            self._load_signed_in_manager()

    @Slot(object)
    def _count_arrived(self, count: object) -> None:
        self.customer_count = int(count)
        self._show_count(self.customer_count)
        empty = self.customer_count == 0
        self.customers_stack.setCurrentWidget(self.welcome if empty else self.customers_page)
        if empty and self.current_page() == "today":
            self.show_page("customers")  # nothing to do yet: the ways in instead of an empty agenda
        self.count_changed.emit(self.customer_count)
        self._startup_news()

    def _count_failed(self, exc: BaseException) -> None:
        self.customer_count = None
        reason = message_for(exc)
        self.count_label.setText(self.tr("Customers: ?"))
        self.count_label.setToolTip(self.tr("The customers could not be counted: {reason}").format(reason=reason))
        self.statusBar().showMessage(self.tr("The customers could not be counted: {reason}").format(reason=reason))

    def _show_count(self, count: int | None) -> None:
        if count is None:
            self.count_label.setText(self.tr("Customers: {count}").format(count=PENDING))
            return
        self.count_label.setText(self.tr("Customers: {count}").format(count=self.locale().toString(count)))
        self.count_label.setToolTip("")

    def _load_signed_in_manager(self) -> None:
        crm = self.crm

        def who():
            return next((m for m in crm.managers.list(include_inactive=True) if m.login == crm.actor), None)

        def show(manager) -> None:
            user = f"{manager.name} ({manager.login})" if manager else crm.actor
            self.user_label.setText(self.tr("Signed in as {user}").format(user=user))

        self.ctx.tasks.run(who, show, lambda exc: None, key="window-user")

    # ----- what is on today's agenda, said once at start-up ----------------------------------------------

    def _startup_news(self) -> None:
        """Once both the agenda and the customer count are known: say how much is due today."""
        agenda = self.today_page.agenda
        if not self._news_pending or agenda is None or self.customer_count is None:
            return
        self._news_pending = False
        if self.customer_count == 0:
            return
        if agenda.total == 0:
            self.startup_news = self.tr("Nothing is due today.")
            self.statusBar().showMessage(self.startup_news, NOTIFICATION_MS)
            return
        busy = [self.tr("{section}: {count}").format(section=section_title(s.name),
                                                     count=self.locale().toString(s.count))
                for s in agenda.sections if s.count]
        title = self.tr("%n thing(s) to do today", "", agenda.total)
        self.startup_news = f"{title}\n" + "\n".join(busy)
        if self._tray_available():
            self._notify_in_tray(title, "\n".join(busy))
        else:
            self.statusBar().showMessage(self.tr("Today: {summary}").format(summary=title + " — " + ", ".join(busy)),
                                         NOTIFICATION_MS)

    def _notify_in_tray(self, title: str, text: str) -> None:
        if self.tray is None:
            icon = self.windowIcon()
            if icon.isNull():
                icon = QApplication.windowIcon()
            if icon.isNull():
                icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogInfoView)
            self.tray = QSystemTrayIcon(icon, self)
            self.tray.setToolTip(self.tr("desktop_crm"))
            self.tray.messageClicked.connect(self._show_today)
            self.tray.activated.connect(lambda _reason: self._show_today())
        self.tray.show()
        self.tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, NOTIFICATION_MS)

    def _show_today(self) -> None:
        self.show_page("today")
        if self.isMinimized():
            self.showNormal()
        else:
            self.show()
        self.raise_()
        self.activateWindow()

    # ----- the automatic backup at start-up ---------------------------------------------------------

    def _auto_backup(self) -> str | None:  # worker thread
        path = self.crm.db.sqlite_path
        made = backup.auto_backup(path) if path is not None else None
        return str(made) if made else None

    def _backup_done(self, made: object) -> None:
        self.last_auto_backup = made

    def _backup_failed(self, exc: BaseException) -> None:
        self.statusBar().showMessage(self.tr("The automatic backup failed: {reason}").format(reason=message_for(exc)))

    # ----- window state ----------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        geometry = self._settings.value(GEOMETRY_KEY)
        if geometry is not None and self.restoreGeometry(geometry):
            state = self._settings.value(STATE_KEY)
            if state is not None:
                self.restoreState(state)
        else:
            self.resize(1180, 720)
        # Every day starts with the agenda; reopened the same day (another database, a restart), the
        # window comes back to the page it was left on.
        page = self._settings.value(PAGE_KEY)
        same_day = self._settings.value(PAGE_DAY_KEY) == self._day().isoformat()
        self.show_page(page if same_day and page in self.page_keys() else START_PAGE)

    def _day(self) -> dt.date:
        return self._today or dt.date.today()

    def wait_for_workers(self, msecs: int = 30_000) -> bool:
        """Block until queued database work has finished (shutdown and tests)."""
        done = self.ctx.tasks.wait(msecs)
        if self.settings_page is not None:
            done = self.settings_page.wait_for_workers(msecs) and done
        return self.ctx.background.wait(msecs) and done

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        page = self.customers_page
        if page.card_open() and not page.card.confirm_close():
            event.ignore()
            return
        if self.settings_page is not None and self.settings_page.has_unsaved_changes():
            answer = QMessageBox.question(
                self, self.tr("Settings"), self.tr("Settings has changes that are not saved. Close and lose them?"),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Discard:
                self.show_page("settings")
                event.ignore()
                return
        wizard = self.import_wizard
        if wizard is not None and wizard.import_page.job.running:
            answer = QMessageBox.question(
                self, self.tr("Import"), self.tr("An import is under way. Stop it (nothing is imported) and close?"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
            wizard.import_page.job.cancel()
        page.save_state()
        self._settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        self._settings.setValue(STATE_KEY, self.saveState())
        self._settings.setValue(PAGE_KEY, self.current_page())
        self._settings.setValue(PAGE_DAY_KEY, self._day().isoformat())
        self._settings.sync()
        if self.tray is not None:
            self.tray.hide()
        self.wait_for_workers()
        super().closeEvent(event)
