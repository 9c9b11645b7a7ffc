"""Settings ▸ Database: where the data lives, testing and choosing another database, backups."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.engine import make_url

from desktop_crm.db import backup, migrate
from desktop_crm.db.engine import DatabaseError, resolve_url
from desktop_crm.db.probe import EMPTY, FOREIGN, NEWER, OURS, ProbeResult, probe

from ..context import AppContext
from ..tasks import TaskRunner, message_for
from .common import MessageLabel

BACKUP_SUFFIX = ".sqlite3"


class DatabaseSection(QWidget):
    """Shows the open database; tests another one; backs up and restores a SQLite file.

    The switch and the restore are the window's: this section only asks, by signal.
    """

    switch_requested = Signal(str)  # the URL or path to open instead
    restore_requested = Signal(str)  # the backup file to put in place of the database
    probed = Signal(object)  # ProbeResult, after a test (tests and the window may listen)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        # Probes and file checks get a worker of their own: a server that does not answer
        # must not hold up the window's database work for the seconds of its timeout.
        self.checks = TaskRunner(self)
        self._tested: str | None = None  # the target that passed the test, for "Use this database"
        self._build()

    # ----- building ------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_current())
        layout.addWidget(self._build_other())
        layout.addWidget(self._build_backups())
        layout.addStretch(1)

    def _build_current(self) -> QGroupBox:
        box = QGroupBox(self.tr("Where the data lives now"), self)
        form = QFormLayout(box)
        db = self.ctx.crm.db
        kind = self.tr("A file on this computer") if db.is_sqlite else self.tr("A PostgreSQL server shared by the team")
        self.kind_label = QLabel(kind, box)
        self.location_label = QLabel(db.describe(), box)  # describe() never holds a password
        self.location_label.setObjectName("currentDatabase")
        self.location_label.setWordWrap(True)
        self.location_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.tr("Kind:"), self.kind_label)
        form.addRow(self.tr("Location:"), self.location_label)
        return box

    def _build_other(self) -> QGroupBox:
        box = QGroupBox(self.tr("Use another database"), self)
        layout = QVBoxLayout(box)
        about = QLabel(self.tr(
            "To share customers with your team, enter the address of the PostgreSQL server your administrator "
            "gave you (or the path of a desktop_crm file) and test it. A test only looks; it changes nothing."), box)
        about.setWordWrap(True)
        layout.addWidget(about)
        form = QFormLayout()
        self.url_edit = QLineEdit(box)
        self.url_edit.setObjectName("databaseUrl")
        self.url_edit.setPlaceholderText(self.tr("postgresql://user@server/crm"))
        self.url_edit.setClearButtonEnabled(True)
        self.password_edit = QLineEdit(box)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("only if the server asks for one"))
        form.addRow(self.tr("Server address:"), self.url_edit)
        form.addRow(self.tr("Password:"), self.password_edit)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        self.test_button = QPushButton(self.tr("Test connection"), box)
        self.use_button = QPushButton(self.tr("Use this database"), box)
        self.use_button.setEnabled(False)
        self.use_button.setToolTip(self.tr("Test the connection first"))
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.use_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.probe_message = MessageLabel(box)
        self.probe_message.setObjectName("probeMessage")
        layout.addWidget(self.probe_message)

        self.url_edit.returnPressed.connect(self.test_connection)
        self.url_edit.textEdited.connect(self._target_edited)
        self.password_edit.textEdited.connect(self._target_edited)
        self.test_button.clicked.connect(self.test_connection)
        self.use_button.clicked.connect(self._use)
        return box

    def _build_backups(self) -> QGroupBox:
        box = QGroupBox(self.tr("Backups"), self)
        layout = QVBoxLayout(box)
        sqlite = self.ctx.crm.db.is_sqlite
        if sqlite:
            text = self.tr("desktop_crm copies this file by itself every day. You can also make a copy now, "
                           "or put back an earlier copy.")
        else:
            text = self.tr("This database lives on a PostgreSQL server: back it up and restore it with the "
                           "server's own tools (pg_dump and pg_restore), or ask your administrator.")
        self.backup_about = QLabel(text, box)
        self.backup_about.setWordWrap(True)
        layout.addWidget(self.backup_about)
        buttons = QHBoxLayout()
        self.backup_button = QPushButton(self.tr("Back up now…"), box)
        self.restore_button = QPushButton(self.tr("Restore from backup…"), box)
        for button in (self.backup_button, self.restore_button):
            button.setEnabled(sqlite)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.backup_message = MessageLabel(box)
        self.backup_message.setObjectName("backupMessage")
        layout.addWidget(self.backup_message)
        self.backup_button.clicked.connect(self.back_up)
        self.restore_button.clicked.connect(self.restore)
        return box

    # ----- testing another database -----------------------------------------------------------

    def target(self) -> str:
        """What the fields name: the text as typed, with the password put into a URL when one is given."""
        text = self.url_edit.text().strip()
        password = self.password_edit.text()
        if not password or "://" not in text:
            return text
        try:
            return make_url(resolve_url(text)).set(password=password).render_as_string(hide_password=False)
        except (DatabaseError, ValueError):
            return text

    def test_connection(self) -> None:
        target = self.target()
        self._tested = None
        self.use_button.setEnabled(False)
        if not target:
            self.probe_message.error(self.tr("Enter a server address or a file path first."))
            return
        self.test_button.setEnabled(False)
        self.probe_message.info(self.tr("Testing the connection…"))
        self.checks.run(lambda: probe(target), lambda result: self._probed(target, result), self._probe_failed,
                        key="probe")

    def _probed(self, target: str, result: ProbeResult) -> None:
        self.test_button.setEnabled(True)
        if target != self.target():  # edited while the test ran: the answer is about something else
            self.probe_message.clear()
            return
        text = self._describe(result, target)
        if result.ok and self._is_current(target):
            self.probe_message.info(text + "\n" + self.tr("This is the database in use now."))
        elif result.ok:
            self._tested = target
            self.use_button.setEnabled(True)
            self.use_button.setToolTip("")
            self.probe_message.good(text)
        else:
            self.probe_message.error(text)
        self.probe_message.setToolTip(result.message)
        self.probed.emit(result)

    def _probe_failed(self, exc: BaseException) -> None:
        self.test_button.setEnabled(True)
        self.probe_message.error(message_for(exc))

    def _describe(self, result: ProbeResult, target: str) -> str:
        where = result.where or target
        if result.kind == EMPTY:
            if "://" not in target and not Path(result.where).exists():
                said = self.tr("No file there yet: desktop_crm will create a new database.")
            else:
                said = self.tr("An empty database: desktop_crm will create its tables.")
        elif result.kind == OURS:
            count = self.tr("1 customer") if result.customers == 1 else self.tr("{count} customers").format(
                count=self.locale().toString(int(result.customers or 0)))
            said = self.tr("A desktop_crm database (schema revision {revision}, {count}).").format(
                revision=result.revision or "-", count=count)
            if result.revision != migrate.head_revision():
                said += " " + self.tr("It will be brought up to date when you use it.")
        elif result.kind == NEWER:
            said = self.tr("A newer desktop_crm database (schema revision {revision}): update the app to use it."
                           ).format(revision=result.revision)
        elif result.kind == FOREIGN:
            said = self.tr("It holds tables of another program: desktop_crm will not use it.")
        else:
            return result.message  # cannot connect: the server's own reason, in the core's sentence
        return f"{where}\n{said}"

    def _is_current(self, target: str) -> bool:
        try:
            mine, theirs = make_url(self.ctx.crm.db.url), make_url(resolve_url(target))
        except (DatabaseError, ValueError):
            return False
        return mine.set(password=None) == theirs.set(password=None)

    def _target_edited(self) -> None:
        if self._tested is not None or self.probe_message.kind:
            self._tested = None
            self.use_button.setEnabled(False)
            self.use_button.setToolTip(self.tr("Test the connection first"))
            self.probe_message.clear()

    def _use(self) -> None:
        if self._tested is not None and self._tested == self.target():
            self.switch_requested.emit(self._tested)

    # ----- backups (SQLite) -------------------------------------------------------------------

    def _backups_folder(self) -> Path | None:
        path = self.ctx.crm.db.sqlite_path
        if path is None:
            return None
        folder = backup.backups_dir(path)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return path.parent
        return folder

    def _filter(self) -> str:
        return self.tr("desktop_crm databases (*.sqlite3 *.db);;All files (*)")

    def back_up(self) -> None:
        source = self.ctx.crm.db.sqlite_path
        folder = self._backups_folder()
        if source is None or folder is None:
            return
        suggested = folder / f"manual-{backup.stamp(dt.datetime.now())}{BACKUP_SUFFIX}"
        chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Back up the database"), str(suggested), self._filter())
        if not chosen:
            return
        dest = Path(chosen)
        if not dest.suffix:
            dest = dest.with_suffix(BACKUP_SUFFIX)
        self.backup_button.setEnabled(False)
        self.backup_message.info(self.tr("Copying the database…"))
        self.ctx.tasks.run(lambda: str(backup.make_backup(source, dest)), self._backed_up, self._backup_failed)

    def _backed_up(self, where: str) -> None:
        self.backup_button.setEnabled(True)
        self.backup_message.good(self.tr("Backup written to {path}").format(path=where))

    def _backup_failed(self, exc: BaseException) -> None:
        self.backup_button.setEnabled(True)
        self.backup_message.error(self.tr("The backup failed: {reason}").format(reason=message_for(exc)))

    def restore(self) -> None:
        folder = self._backups_folder()
        if folder is None:
            return
        chosen, _ = QFileDialog.getOpenFileName(self, self.tr("Restore from a backup"), str(folder), self._filter())
        if not chosen:
            return
        path = Path(chosen)
        self.restore_button.setEnabled(False)
        self.backup_message.info(self.tr("Checking {file}…").format(file=path.name))
        self.checks.run(lambda: backup.check_database_file(path), lambda check: self._checked(path, check),
                        self._check_failed)

    def _checked(self, path: Path, check: backup.Check) -> None:
        self.restore_button.setEnabled(True)
        if not check.ok:
            self.backup_message.error(self.tr("This file cannot be restored: {reason}.").format(reason=check.reason))
            return
        self.backup_message.clear()
        answer = QMessageBox.question(
            self, self.tr("Restore from backup"), self.restore_question(path),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self.backup_message.info(self.tr("Restoring from {file}…").format(file=path.name))
            self.restore_requested.emit(str(path))

    def restore_question(self, path: Path) -> str:
        current = self.ctx.crm.db.sqlite_path or Path("desktop_crm.sqlite3")
        return self.tr("Restore the backup {name}?\n\n"
                       "It takes the place of the current database, which is kept aside in the same folder "
                       "(as {stem}.before-restore-DATE{suffix}), so nothing is lost. Changes made after the "
                       "backup was taken are not in it.\n\nBackup file: {file}").format(
            name=path.name, stem=current.stem, suffix=current.suffix, file=str(path))

    def _check_failed(self, exc: BaseException) -> None:
        self.restore_button.setEnabled(True)
        self.backup_message.error(message_for(exc))

    def wait_for_workers(self, msecs: int = 30_000) -> bool:
        return self.checks.wait(msecs)
