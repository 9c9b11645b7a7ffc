"""A Qt application for the command line's printing, when no window runs.

It is a QApplication (not a bare QGuiApplication) so that a window or a widget test that comes
later in the same process finds the kind of application it needs.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtWidgets import QApplication


def ensure_app() -> QApplication:
    app = QApplication.instance()
    if app is not None:
        return app
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # the command line has no screen
    return QApplication(sys.argv[:1] or ["desktop-crm"])
