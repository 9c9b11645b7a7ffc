"""What the Today page's planning dialogs share: work on the worker thread whose answer is dropped
when the dialog is already gone, a preview timer stopped on closing, and fields with an error line."""

from __future__ import annotations

import shiboken6
from PySide6.QtWidgets import QDialog, QFormLayout, QWidget

from ..card.widgets import FieldWithError


class WorkerDialog(QDialog):
    """Subclasses set ``ctx`` (the AppContext), ``_timer`` (their preview delay) and ``_fields``."""

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
