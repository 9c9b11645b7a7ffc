"""Starting the GUI: the QApplication, the database, the main window — and moving to another database.

Which database opens, first to last: ``--db``, ``$DESKTOP_CRM_DB``, the database last chosen in
Settings (QSettings ``database/url``), the default SQLite file.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QSettings, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from desktop_crm.db import backup
from desktop_crm.db.engine import ENV_DB, default_database_path
from desktop_crm.errors import CrmError
from desktop_crm.services import Crm

from .main_window import MainWindow
from .tasks import message_for

APP_NAME = "desktop_crm"
EXIT_OPEN_FAILED = 1
CHOSEN_DB_KEY = "database/url"


def _tr(text: str) -> str:
    return QCoreApplication.translate("run_gui", text)


def application() -> QApplication:
    """The running QApplication, created (and named) on first use."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    _install_qt_translations(app)
    return app


def _install_qt_translations(app: QApplication) -> None:
    """Qt's own strings (standard buttons, dialogs) in the user's language, when Qt ships them."""
    if app.property("desktop_crm_translations"):
        return
    translator = QTranslator(app)
    if translator.load(QLocale(), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
    app.setProperty("desktop_crm_translations", True)


def chosen_database(db: str | os.PathLike | None, settings: QSettings) -> str | os.PathLike | None:
    """``--db`` if given, else $DESKTOP_CRM_DB, else the one chosen in Settings, else None (the default file)."""
    if db:
        return db
    if os.environ.get(ENV_DB):
        return None  # resolve_url reads the environment
    chosen = settings.value(CHOSEN_DB_KEY)
    return str(chosen) if chosen else None


def remembered_form(url: str) -> str:
    """The database as it is remembered between starts: a server URL without its password.

    A password is not written to the settings file in plain text; the PostgreSQL driver finds it
    in ~/.pgpass (pgpass.conf on Windows) or $PGPASSWORD, as other PostgreSQL programs do.
    """
    if "://" not in url:
        return url
    from sqlalchemy.engine import URL, make_url

    parsed = make_url(url)
    if not parsed.password:
        return url
    bare = URL.create(parsed.drivername, parsed.username, None, parsed.host, parsed.port, parsed.database, parsed.query)
    return bare.render_as_string(hide_password=False)


def _where(db: str | os.PathLike | None) -> str:
    return str(db) if db else os.environ.get(ENV_DB) or str(default_database_path())


def _reason(exc: Exception) -> str:
    """One readable line for the user; never a traceback."""
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        return str(exc.orig).strip().splitlines()[0] if str(exc.orig).strip() else type(exc.orig).__name__
    text = str(exc).strip()
    if isinstance(exc, SQLAlchemyError):
        text = text.split("\n(Background on this error", 1)[0]
    return text or type(exc).__name__


class GuiSession(QObject):
    """Holds the open window; replaces it when the user moves to another database or restores one."""

    def __init__(self, settings: QSettings, actor: str | None):
        super().__init__()
        self.settings = settings
        self.actor = actor
        self.window: MainWindow | None = None

    def open(self, db: str | os.PathLike | None) -> MainWindow | None:
        try:
            crm = Crm.open(db, actor=self.actor)
        except (CrmError, SQLAlchemyError, OSError) as exc:
            QMessageBox.critical(
                None, _tr("desktop_crm"),
                _tr("The database {where} could not be opened.\n\n{reason}").format(where=_where(db), reason=_reason(exc)))
            return None
        self._show(crm)
        return self.window

    def _show(self, crm: Crm) -> None:
        window = MainWindow(crm, settings=self.settings)
        window.database_switch_requested.connect(self.switch_to)
        window.restore_requested.connect(self.restore)
        old, self.window = self.window, window
        window.show()
        if old is not None:
            old.close()
            old.crm.close()
            old.deleteLater()

    def switch_to(self, url: str) -> None:
        """Open ``url`` off the GUI thread (creating or upgrading its schema); remember it; swap windows."""
        old = self.window
        if old is None:
            return
        actor = self.actor or old.crm.actor

        def opened(crm: Crm) -> None:
            self.settings.setValue(CHOSEN_DB_KEY, remembered_form(url))
            self.settings.sync()
            self._show(crm)

        def failed(exc: BaseException) -> None:
            old.setEnabled(True)
            QMessageBox.warning(old, _tr("Database"),
                                _tr("desktop_crm stays on {current}: {where} could not be opened.\n\n{reason}").format(
                                    current=old.crm.db.describe(), where=url, reason=message_for(exc)))

        old.setEnabled(False)
        old.statusBar().showMessage(_tr("Opening {where}…").format(where=url))
        old.ctx.tasks.run(lambda: Crm.open(url, actor=actor), opened, failed)

    def restore(self, path: str) -> None:
        """Replace the open SQLite database with the backup at ``path``; the current file is kept aside."""
        old = self.window
        if old is None or old.crm.db.sqlite_path is None:
            return
        live = old.crm.db.sqlite_path
        actor = self.actor or old.crm.actor
        old.setEnabled(False)

        def work():  # on the worker: nothing else of this window's runs meanwhile
            old.crm.close()
            aside = backup.restore(live, Path(path))
            return aside, Crm.open(str(live), actor=actor)

        def done(result) -> None:
            aside, crm = result
            self._show(crm)
            QMessageBox.information(self.window, _tr("Restore"),
                                    _tr("The backup {file} is restored. The database as it was is kept at {aside}.").format(
                                        file=path, aside=aside))

        def failed(exc: BaseException) -> None:
            QMessageBox.warning(old, _tr("Restore"), _tr("The backup was not restored: {reason}").format(
                reason=message_for(exc)))
            try:  # the old file is untouched on failure; open it again
                self._show(Crm.open(str(live), actor=actor))
            except (CrmError, SQLAlchemyError, OSError) as again:
                QMessageBox.critical(old, _tr("Restore"), message_for(again))

        old.ctx.tasks.run(work, done, failed)


def run_gui(db: str | os.PathLike | None, actor: str | None = None) -> int:
    """Run the desktop app on ``db`` (a path or URL; None: $DESKTOP_CRM_DB, the chosen one, or the default file).

    Returns the process exit code: the event loop's, or 1 when the database cannot be opened.
    """
    app = application()
    session = GuiSession(QSettings(), actor)
    if session.open(chosen_database(db, session.settings)) is None:
        return EXIT_OPEN_FAILED
    try:
        return app.exec()
    finally:
        if session.window is not None:
            session.window.wait_for_workers()
            session.window.crm.close()
