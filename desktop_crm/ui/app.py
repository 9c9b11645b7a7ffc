"""Starting the GUI: the QApplication, the database, the main window."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from desktop_crm.db.engine import ENV_DB, default_database_path
from desktop_crm.errors import CrmError
from desktop_crm.services import Crm

from .main_window import MainWindow

APP_NAME = "desktop_crm"
EXIT_OPEN_FAILED = 1


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


def open_main_window(db: str | os.PathLike | None, actor: str | None = None) -> MainWindow | None:
    """Open the database and show the main window, or explain in a message box why not."""
    application()
    try:
        crm = Crm.open(db, actor=actor)
    except (CrmError, SQLAlchemyError, OSError) as exc:
        QMessageBox.critical(
            None,
            _tr("desktop_crm"),
            _tr("The database {where} could not be opened.\n\n{reason}").format(where=_where(db), reason=_reason(exc)),
        )
        return None
    window = MainWindow(crm)
    window.show()
    return window


def run_gui(db: str | os.PathLike | None, actor: str | None = None) -> int:
    """Run the desktop app on ``db`` (a path or URL; None means $DESKTOP_CRM_DB or the default file).

    Returns the process exit code: the event loop's, or 1 when the database cannot be opened.
    """
    app = application()
    window = open_main_window(db, actor)
    if window is None:
        return EXIT_OPEN_FAILED
    try:
        return app.exec()
    finally:
        window.wait_for_workers()
        window.crm.close()
