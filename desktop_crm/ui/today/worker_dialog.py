"""What the planning dialogs share: work on the worker thread whose answer is dropped when the
dialog is already gone, a preview asked for once the typing pauses, and fields with an error line."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QFormLayout, QWidget

from ..card.widgets import FieldWithError


PREVIEW_DELAY_MS = 250  # typing pauses this long before the preview is asked for


class WorkerDialog(QDialog):
    """Subclasses set ``ctx`` (the AppContext) and ``_fields``, call ``_make_preview_timer()`` and
    define ``refresh()`` (the preview)."""

    def _make_preview_timer(self) -> None:
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh)

    def schedule(self, *_args) -> None:
        """Ask for a new preview once the typing pauses."""
        self._timer.start()

    def _run(self, fn, on_done, on_failed, *, key: str | None = None, announce: bool = False) -> None:
        """``fn`` on the worker; its result is dropped when the dialog is gone by the time it arrives.

        With ``announce`` the result is ``(count, Changes)`` and the Changes reach the other views even
        if the dialog was closed meanwhile.
        """
        ctx = self.ctx

        def done(value) -> None:
            if announce:
                ctx.announce(value[1])
            if shiboken6.isValid(self):
                on_done(value)

        def failed(exc) -> None:
            if shiboken6.isValid(self):
                on_failed(exc)

        ctx.tasks.run(fn, done, failed, key=key)

    def done(self, result: int) -> None:
        self._timer.stop()
        super().done(result)

    def _add(self, form: QFormLayout, key: str, label: str, widget: QWidget) -> None:
        box = FieldWithError(widget, self)
        self._fields[key] = box
        form.addRow(label, box)
