"""The Profile tab: the form, Save / Cancel, and what happens when a save meets someone else's."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from desktop_crm.errors import ConflictError, ValidationError
from desktop_crm.services.records import CustomerRecord
from desktop_crm.ui.tasks import message_for

from . import labels
from .conflict import ConflictDialog, ConflictRow
from .profile_form import ProfileForm
from .profile_values import BIRTHDAY, normalise, unit_text, units

if TYPE_CHECKING:
    from .card import CustomerCard

Finished = Callable[[bool], None]


def fetch_profile(crm, customer_id: int) -> tuple[CustomerRecord, list[tuple[str, str]], str]:
    """Worker side: the customer, the tiers to choose from, and the team's phone region."""
    record = crm.customers.get(customer_id)
    tiers = [(t.code, t.name) for t in crm.tiers.list()]
    return record, tiers, crm.settings.phone_region()


def _nothing(_ok: bool) -> None:
    return None


class ProfileTab(QWidget):
    saved = Signal(object)  # Changes
    dirty_changed = Signal(bool)

    def __init__(self, card: "CustomerCard"):
        super().__init__(card)
        self.card = card
        self.ctx = card.ctx
        self.record: CustomerRecord | None = None
        self._baseline: dict[str, Any] = {}
        self._dirty = False
        self.saving = False
        self.conflict_dialog: ConflictDialog | None = None

        layout = QVBoxLayout(self)
        self.form = ProfileForm()
        self.form.edited.connect(self._update_state)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.form)
        layout.addWidget(scroll, 1)

        bar = QHBoxLayout()
        self.state_label = QLabel()
        self.state_label.setObjectName("profileState")
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Put back the values as they were loaded"))
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setDefault(True)
        self.cancel_button.clicked.connect(self.revert)
        self.save_button.clicked.connect(lambda: self.save())
        bar.addWidget(self.state_label, 1)
        bar.addWidget(self.cancel_button)
        bar.addWidget(self.save_button)
        layout.addLayout(bar)
        self.setEnabled(False)
        self._update_state()

    # ----- loading -------------------------------------------------------------------------

    def show_data(self, data: tuple[CustomerRecord, list[tuple[str, str]], str], *, force: bool) -> bool:
        """Show freshly loaded data unless there are edits (and ``force`` is off); True if shown."""
        record, tiers, region = data
        self.form.region = region
        if not force and (self.is_dirty() or self.saving):
            return False
        self.form.set_tiers(tiers)
        self.set_record(record)
        self.setEnabled(True)
        return True

    def set_record(self, record: CustomerRecord) -> None:
        self.record = record
        self.form.set_record(record)
        self._baseline = self.form.values()
        self._update_state()

    def clear(self) -> None:
        self.record = None
        self._baseline = {}
        self.setEnabled(False)
        self._update_state()

    # ----- state ---------------------------------------------------------------------------

    def changes(self) -> dict[str, Any]:
        """The fields edited since loading, as the customer service takes them."""
        if self.record is None:
            return {}
        current = self.form.values()
        out = {k: v for k, v in current.items() if self._baseline.get(k) != v}
        if any(k in out for k in BIRTHDAY):  # the birthday is checked as a whole
            out.update({k: current[k] for k in BIRTHDAY})
        return out

    def is_dirty(self) -> bool:
        return bool(self.changes())

    def revert(self) -> None:
        """Cancel: back to the values as loaded."""
        if self.record is not None:
            self.set_record(self.record)
            self.card.banner.clear_message()

    def _update_state(self) -> None:
        dirty = self.is_dirty()
        self.save_button.setEnabled(dirty and not self.saving)
        self.cancel_button.setEnabled(dirty and not self.saving)
        if self.saving:
            self.state_label.setText(self.tr("Saving…"))
        elif dirty:
            self.state_label.setText(self.tr("Unsaved changes"))
        else:
            self.state_label.setText("")
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    # ----- saving --------------------------------------------------------------------------

    def save(self, finished: Finished | None = None) -> None:
        """Save the edits; ``finished(ok)`` is called once it is clear whether they are saved."""
        finished = finished or _nothing
        if self.saving or self.record is None:
            finished(False)
            return
        changes = self.changes()
        if not changes:
            finished(True)
            return
        problems = self.form.check_all()
        if problems:
            self.card.banner.show_error(self.tr("Not saved: please correct the marked fields first."))
            self.form.focus_first_problem()
            finished(False)
            return
        self._submit(changes, self.record.version, finished)

    def _submit(self, changes: dict[str, Any], version: int, finished: Finished) -> None:
        crm, customer_id = self.ctx.crm, self.record.id

        def work():  # worker thread
            try:
                return "saved", crm.customers.update(customer_id, changes, version)
            except ConflictError as exc:
                return "conflict", (exc, crm.customers.get(customer_id))

        self.saving = True
        self.form.setEnabled(False)
        self._update_state()
        self.ctx.tasks.run(work, lambda result: self._submitted(customer_id, result, changes, finished),
                           lambda exc: self._failed(customer_id, exc, finished))

    def _end_saving(self) -> None:
        self.saving = False
        self.form.setEnabled(True)
        self._update_state()

    def _elsewhere(self, customer_id: int) -> bool:
        """The card shows another customer by now (the save's outcome no longer belongs in the form)."""
        return self.record is None or self.record.id != customer_id

    def _submitted(self, customer_id: int, result, changes: dict[str, Any], finished: Finished) -> None:
        self._end_saving()
        outcome, payload = result
        if outcome == "saved":
            record, announced = payload
            if self._elsewhere(customer_id):
                self.saved.emit(announced)
                finished(True)
                return
            self.set_record(record)
            self.card.banner.clear_message()
            self.saved.emit(announced)
            finished(True)
        elif self._elsewhere(customer_id):
            finished(False)
        else:
            _exc, current = payload
            self._show_conflict(changes, current, finished)

    def _failed(self, customer_id: int, exc: BaseException, finished: Finished) -> None:
        self._end_saving()
        if self._elsewhere(customer_id):
            finished(False)
            return
        if isinstance(exc, ValidationError):
            stray = self.form.show_problems(exc.problems)
            text = self.tr("Not saved: please correct the marked fields.")
            if stray:
                text += "\n" + "\n".join(f"{labels.field_label(k)}: {v}" for k, v in stray.items())
            self.card.banner.show_error(text)
        else:
            self.card.banner.show_error(self.tr("Not saved: {reason}").format(reason=message_for(exc)))
        finished(False)

    # ----- conflicts -----------------------------------------------------------------------

    def _show_conflict(self, changes: dict[str, Any], current: CustomerRecord, finished: Finished) -> None:
        mine = self.form.values()
        theirs = normalise(current)
        rows = [
            ConflictRow(key=key, label=labels.field_label(key), mine=unit_text(key, mine),
                        theirs=unit_text(key, theirs),
                        they_changed=any(theirs.get(f) != self._baseline.get(f) for f in fields))
            for key, fields in units(changes)
        ]
        subject = self.tr("Customer {code} ({name})").format(code=current.code, name=current.name)
        dialog = ConflictDialog(subject, rows, self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.decided.connect(lambda choice: self._resolve(dialog, choice, changes, mine, current, finished))
        dialog.rejected.connect(lambda: self._undecided(finished))
        dialog.finished.connect(dialog.deleteLater)
        self.conflict_dialog = dialog
        dialog.open()

    def _resolve(self, dialog: ConflictDialog, choice: str, changes: dict[str, Any], mine: dict[str, Any],
                 current: CustomerRecord, finished: Finished) -> None:
        self.conflict_dialog = None
        if choice == ConflictDialog.RELOAD:
            self.set_record(current)
            self.card.banner.show_note(self.tr("Your changes were dropped; this is what the database holds now."))
            finished(True)
            return
        if choice == ConflictDialog.KEEP_MINE:
            send = dict(changes)
        else:
            keep = dialog.merge_choices()
            send = {}
            for key, fields in units(changes):
                if keep.get(key):
                    send.update({f: mine[f] for f in fields})
        self._rebase(current, send)
        if not send:
            self.card.banner.show_note(self.tr("Their values were kept; nothing of yours needed saving."))
            finished(True)
            return
        self._submit(send, current.version, finished)

    def _rebase(self, current: CustomerRecord, values: dict[str, Any]) -> None:
        """Take ``current`` as the loaded record and put ``values`` on top of it as edits."""
        self.set_record(current)
        on_top = {k: v for k, v in values.items() if k in {f.name for f in dataclasses.fields(current)}}
        self.form.set_record(dataclasses.replace(current, **on_top))
        self._update_state()

    def _undecided(self, finished: Finished) -> None:
        self.conflict_dialog = None
        self.card.banner.show_note(self.tr(
            "Not saved: someone else changed this customer. Your changes are still here; save again to compare "
            "them with the database, or Cancel to drop them."))
        finished(False)
