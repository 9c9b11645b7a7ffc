"""A Qt application for printing when there is none (the command line, a script)."""

from __future__ import annotations

import os
import sys

from PySide6.QtGui import QGuiApplication


def ensure_gui_app() -> QGuiApplication:
    """The running Qt application, or a new offscreen QGuiApplication when none runs.

    Fonts, QTextDocument and QPdfWriter need one; the command line has no screen, so it asks
    for the offscreen platform unless the user chose another.
    """
    app = QGuiApplication.instance()
    if app is not None:
        return app
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QGuiApplication(sys.argv[:1] or ["desktop-crm"])
