"""Database work off the GUI thread.

One worker thread runs every call into the core, one after another (each service call opens
and closes its own short session, so serial work never waits on itself). Results come back
on the GUI thread through a signal; only plain data crosses threads, and a worker never
touches a widget.

* ``run(fn, on_done, on_failed, key=...)``: a short call. A newer call with the same ``key``
  replaces one that has not started yet (typing in the search box queues only the latest
  search), and the result of a call that was replaced meanwhile is dropped.
* ``run_job(fn, ...)``: a long job with a progress dialog and Cancel. ``fn(report)`` calls
  ``report(done, total)`` as it goes; it returns False once the user has cancelled, and the
  job is expected to stop and leave the database as it was.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from desktop_crm.errors import CrmError

log = logging.getLogger(__name__)

Report = Callable[[int, int], bool]


def message_for(exc: BaseException) -> str:
    """One readable sentence for the user about a failure; never a traceback."""
    if isinstance(exc, CrmError):
        return str(exc)
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        first = str(exc.orig).strip().splitlines()
        return QCoreApplication.translate("tasks", "The database reported an error: {reason}").format(
            reason=first[0] if first else type(exc.orig).__name__)
    if isinstance(exc, SQLAlchemyError):
        text = str(exc).split("\n(Background on this error", 1)[0].strip().splitlines()
        return QCoreApplication.translate("tasks", "The database reported an error: {reason}").format(
            reason=text[0] if text else type(exc).__name__)
    if isinstance(exc, OSError):
        return QCoreApplication.translate("tasks", "A file could not be used: {reason}").format(
            reason=exc.strerror or str(exc))
    return QCoreApplication.translate("tasks", "Something went wrong ({kind}: {reason}). Nothing was changed by "
                                      "the failed step; please report this.").format(
        kind=type(exc).__name__, reason=str(exc) or "-")


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)


class Task(QRunnable):
    """One call into the core on the worker thread."""

    def __init__(self, fn: Callable[..., Any], with_stop: bool = False):
        super().__init__()
        self.setAutoDelete(False)
        self.fn = fn
        self.with_stop = with_stop
        self.signals = _Signals()
        self.cancelled = threading.Event()  # set: do not start; if already running, drop the result

    def run(self) -> None:  # worker thread: no widgets here
        if self.cancelled.is_set():
            self.signals.done.emit(_SKIPPED)
            return
        try:
            result = self.fn(self.cancelled.is_set) if self.with_stop else self.fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread as a value, never raised there
            if not isinstance(exc, (CrmError, SQLAlchemyError, OSError)):
                log.error("unexpected error in a background task:\n%s", traceback.format_exc())
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


_SKIPPED = object()


class Job:
    """A long job under way: its progress dialog, and the last progress it reported."""

    def __init__(self, dialog: QProgressDialog):
        self.dialog = dialog
        self.progress: tuple[int, int] | None = None
        self.finished = False


class TaskRunner(QObject):
    """The single serialized worker of one window."""

    idle = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pool.setExpiryTimeout(-1)  # keep the thread: starting one per call costs more than the call
        self._live: set[Task] = set()
        self._latest: dict[str, Task] = {}

    def run(self, fn: Callable[..., Any], on_done: Callable[[Any], None] | None = None,
            on_failed: Callable[[BaseException], None] | None = None, *, key: str | None = None,
            with_stop: bool = False) -> Task:
        """Queue ``fn``; ``on_done(result)`` or ``on_failed(exc)`` runs later on the GUI thread.

        With ``with_stop`` the function is called as ``fn(should_stop)``: ``should_stop()`` turns
        true once a newer task with the same key has replaced this one, so a long read can give up.
        """
        task = Task(fn, with_stop)
        if key is not None:
            older = self._latest.get(key)
            if older is not None:
                older.cancelled.set()
            self._latest[key] = task
        self._live.add(task)

        def finished(result: Any, task: Task = task) -> None:
            self._forget(task, key)
            if result is _SKIPPED or task.cancelled.is_set():
                return
            if on_done is not None:
                on_done(result)

        def failed(exc: BaseException, task: Task = task) -> None:
            self._forget(task, key)
            if task.cancelled.is_set():
                return
            if on_failed is not None:
                on_failed(exc)
            else:
                log.warning("background task failed: %s", message_for(exc))

        task.signals.done.connect(finished, Qt.ConnectionType.QueuedConnection)
        task.signals.failed.connect(failed, Qt.ConnectionType.QueuedConnection)
        self._pool.start(task)
        return task

    def run_job(self, fn: Callable[[Report], Any], *, parent: QWidget | None, title: str, label: str,
                on_done: Callable[[Any], None] | None = None,
                on_failed: Callable[[BaseException], None] | None = None,
                on_cancelled: Callable[[], None] | None = None) -> Job:
        """A long job with a modal progress dialog and Cancel; the window keeps repainting."""
        dialog = QProgressDialog(label, QCoreApplication.translate("tasks", "Cancel"), 0, 0, parent)
        dialog.setWindowTitle(title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        cancel = threading.Event()
        dialog.canceled.connect(cancel.set)
        signals = _Signals()
        job = Job(dialog)

        def report(done: int, total: int) -> bool:  # worker thread
            signals.progress.emit(done, total)
            return not cancel.is_set()

        @Slot(int, int)
        def show_progress(done: int, total: int) -> None:
            job.progress = (done, total)
            if total > 0:
                dialog.setMaximum(total)
                dialog.setValue(min(done, total))

        signals.progress.connect(show_progress, Qt.ConnectionType.QueuedConnection)

        def finish() -> None:
            job.finished = True
            signals.progress.disconnect(show_progress)
            dialog.close()
            dialog.deleteLater()

        def done(result: Any) -> None:
            finish()
            if on_done is not None:
                on_done(result)

        def failed(exc: BaseException) -> None:
            cancelled = cancel.is_set()  # read first: closing the dialog emits ``canceled``
            finish()
            if cancelled:
                if on_cancelled is not None:
                    on_cancelled()
            elif on_failed is not None:
                on_failed(exc)

        job.signals = signals  # kept alive as long as the job
        self.run(lambda: fn(report), done, failed)
        return job

    def _forget(self, task: Task, key: str | None) -> None:
        self._live.discard(task)
        if key is not None and self._latest.get(key) is task:
            del self._latest[key]
        if not self._live:
            self.idle.emit()

    @property
    def busy(self) -> bool:
        return bool(self._live)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until queued work has run (shutdown and tests). Results are delivered afterwards."""
        return self._pool.waitForDone(msecs)
