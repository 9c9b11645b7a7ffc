"""The customer card: a customer's profile and everything around it, in tabs.

All database work runs on the window's worker (``ctx.tasks``); each tab fetches its own part, so
a change announced elsewhere reloads only what it touches. A profile with unsaved edits is never
reloaded underneath the user: the save then meets the conflict dialog instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QTabWidget, QToolButton, QVBoxLayout, QWidget

from desktop_crm.services import Changes
from desktop_crm.services.phones import DEFAULT_REGION
from desktop_crm.services.records import ContactRecord, CustomerRecord
from desktop_crm.ui.print_actions import CardPrintActions
from desktop_crm.ui.tasks import message_for

from . import labels
from .care_tab import CareTab
from .changes_tab import ChangesTab
from .complaints_tab import ComplaintsTab
from .contacts_tab import ContactsTab
from .occasions_tab import OccasionsTab
from .profile_tab import ProfileTab, fetch_profile
from .purchases_tab import PurchasesTab
from .widgets import Banner

PARTS = ("profile", "contacts", "care", "occasions", "purchases", "complaints", "changes")


def ask_unsaved(parent: QWidget, name: str) -> QMessageBox.StandardButton:
    """Save / Discard / Cancel for a card with unsaved edits (tests replace QMessageBox.question)."""
    return QMessageBox.question(
        parent,
        QCoreApplication.translate("CustomerCard", "Unsaved changes"),
        QCoreApplication.translate("CustomerCard", "The changes to {name} are not saved yet. Save them?").format(
            name=name),
        QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Save,
    )


class CustomerCard(QWidget):
    """``CustomerCard(ctx)``; ``load(customer_id)`` shows a customer."""

    close_requested = Signal()
    saved = Signal(object)  # the Changes of a saved profile
    loaded = Signal(int)  # the profile of this customer id is shown (after load() and after reloads)
    dirty_changed = Signal(bool)

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._customer_id: int | None = None
        self.phone_region = DEFAULT_REGION

        layout = QVBoxLayout(self)
        self.title_label = QLabel(self.tr("No customer chosen"))
        self.title_label.setObjectName("cardTitle")
        font = QFont(self.title_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title_label.setFont(font)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subtitle_label = QLabel()
        self.subtitle_label.setObjectName("cardSubtitle")
        self.subtitle_label.setWordWrap(True)
        self.banner = Banner(self)
        self.banner.setObjectName("cardBanner")
        self.printing = CardPrintActions(ctx, self, self._ids_to_print, lambda: self.record.name if self.record else "")
        self.printing.set_enabled(False)
        self.print_button = QToolButton(self)
        self.print_button.setObjectName("cardPrint")
        self.print_button.setText(self.tr("Print"))
        self.print_button.setToolTip(self.tr("Print this customer's card, preview it or save it as PDF"))
        self.print_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.print_button.setMenu(self.printing.menu)
        self.print_button.setEnabled(False)
        heading = QHBoxLayout()
        heading.addWidget(self.title_label, 1)
        heading.addWidget(self.print_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(heading)
        layout.addWidget(self.subtitle_label)
        layout.addWidget(self.banner)

        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.profile = ProfileTab(self)
        self.contacts_tab = ContactsTab(self)
        self.care_tab = CareTab(self)
        self.occasions_tab = OccasionsTab(self)
        self.purchases_tab = PurchasesTab(self)
        self.complaints_tab = ComplaintsTab(self)
        self.changes_tab = ChangesTab(self)
        self._tabs: dict[str, QWidget] = {
            "profile": self.profile, "contacts": self.contacts_tab, "care": self.care_tab,
            "occasions": self.occasions_tab, "purchases": self.purchases_tab, "complaints": self.complaints_tab,
            "changes": self.changes_tab,
        }
        self._fetchers: dict[str, Callable[[Any, int], Any]] = {
            "profile": fetch_profile, "contacts": ContactsTab.fetch, "care": CareTab.fetch,
            "occasions": OccasionsTab.fetch, "purchases": PurchasesTab.fetch, "complaints": ComplaintsTab.fetch,
            "changes": ChangesTab.fetch,
        }
        for part, tab in self._tabs.items():
            self.tabs.addTab(tab, self._title(part, None))
        layout.addWidget(self.tabs, 1)

        self.profile.saved.connect(self._profile_saved)
        self.profile.dirty_changed.connect(self._dirty_changed)
        ctx.changed.connect(self._on_changed)

    # ----- the API the customer table uses -------------------------------------------------

    @property
    def customer_id(self) -> int | None:
        return self._customer_id

    @property
    def record(self) -> CustomerRecord | None:
        return self.profile.record

    def load(self, customer_id: int) -> None:
        """Show this customer (any unsaved edits of the previous one are dropped: ask confirm_close first)."""
        self._customer_id = customer_id
        self._set_printable(False)
        self.banner.clear_message()
        self.profile.clear()
        self.title_label.setText(self.tr("Loading…"))
        self.subtitle_label.setText("")
        for part in PARTS:
            self._fetch(part, force=True)

    def reload(self) -> None:
        """Fetch every part again; profile edits are kept."""
        if self._customer_id is not None:
            for part in PARTS:
                self._fetch(part)

    def has_unsaved_changes(self) -> bool:
        return self.profile.is_dirty()

    def confirm_close(self) -> bool:
        """True when the card may close: nothing unsaved, or saved, or the user discards the edits."""
        if not self.has_unsaved_changes():
            return True
        name = self.record.name if self.record else self.tr("this customer")
        answer = ask_unsaved(self, name)
        if answer == QMessageBox.StandardButton.Save:
            return self._save_and_wait()
        if answer == QMessageBox.StandardButton.Discard:
            self.profile.revert()
            return True
        return False

    def request_close(self) -> None:
        if self.confirm_close():
            self.close_requested.emit()

    def save(self, finished: Callable[[bool], None] | None = None) -> None:
        self.profile.save(finished)

    # ----- what the tabs use ---------------------------------------------------------------

    def contacts(self) -> list[ContactRecord]:
        """The customer's contact persons as last loaded."""
        loaded = self.contacts_tab.model.records()
        if loaded:
            return loaded
        return list(self.record.contacts) if self.record else []

    def announce(self, changes: Changes) -> None:
        """A mutation made from this card: every view (this card too) hears of it."""
        self.ctx.announce(changes)

    # ----- fetching ------------------------------------------------------------------------

    def _fetch(self, part: str, *, force: bool = False) -> None:
        crm, customer_id, fetch = self.ctx.crm, self._customer_id, self._fetchers[part]
        self.ctx.tasks.run(lambda: fetch(crm, customer_id),
                           lambda data: self._arrived(part, customer_id, data, force),
                           lambda exc: self._fetch_failed(part, customer_id, exc),
                           key=f"card-{id(self)}-{part}")

    def _arrived(self, part: str, customer_id: int, data: Any, force: bool) -> None:
        if customer_id != self._customer_id:
            return  # another customer was opened meanwhile
        if part == "profile":
            if self.profile.show_data(data, force=force):
                record, _tiers, region = data
                self.phone_region = region
                self._show_header(record)
                self._set_printable(True)
                self.contacts_tab.set_customer(record)
                self.loaded.emit(customer_id)
            else:
                self.phone_region = data[2]
            return
        tab = self._tabs[part]
        tab.show_data(data)
        self.tabs.setTabText(self.tabs.indexOf(tab), self._title(part, tab.count()))

    def _fetch_failed(self, part: str, customer_id: int, exc: BaseException) -> None:
        if customer_id != self._customer_id:
            return
        if part == "profile":
            self.title_label.setText(self.tr("This customer could not be shown"))
        self.banner.show_error(message_for(exc))

    def _ids_to_print(self) -> list[int]:
        return [self._customer_id] if self._customer_id is not None else []

    def _set_printable(self, on: bool) -> None:
        self.printing.set_enabled(on)
        self.print_button.setEnabled(on)

    # ----- changes announced anywhere ------------------------------------------------------

    def _on_changed(self, changes: object) -> None:
        customer_id = self._customer_id
        if customer_id is None or not isinstance(changes, Changes):
            return
        mine = customer_id in changes.customers
        contacts = customer_id in changes.contacts
        wanted = {
            "profile": mine or contacts or changes.tiers,
            "contacts": contacts,
            "care": mine and changes.care,
            "occasions": customer_id in changes.occasions or customer_id in changes.gifts or contacts,
            "purchases": customer_id in changes.purchases,
            "complaints": customer_id in changes.complaints or contacts,
            "changes": changes.touches(customer_id),
        }
        for part in PARTS:
            if wanted[part]:
                self._fetch(part)  # the profile keeps unsaved edits (show_data without force)

    def _profile_saved(self, changes: Changes) -> None:
        if self.record is not None:
            self._show_header(self.record)
        self.saved.emit(changes)
        self.announce(changes)

    # ----- showing -------------------------------------------------------------------------

    def _show_header(self, record: CustomerRecord) -> None:
        self.title_label.setText(record.name)
        bits = [record.code, labels.value_label("kind", record.kind), labels.value_label("status", record.status)]
        if record.tier:
            bits.append(self.tr("tier {tier}").format(tier=record.tier))
        bits.append(record.manager_name or self.tr("no manager"))
        if record.last_call_at:
            bits.append(self.tr("last call {when}").format(when=labels.datetime_text(record.last_call_at)))
        if record.last_visit_at:
            bits.append(self.tr("last visit {when}").format(when=labels.datetime_text(record.last_visit_at)))
        self.subtitle_label.setText(" · ".join(bits))

    def _title(self, part: str, count: int | None) -> str:
        n = count or 0
        if part == "profile":
            return self.tr("Profile •") if self.profile.is_dirty() else self.tr("Profile")
        if part == "contacts":
            return self.tr("Contact persons ({n})").format(n=n) if n else self.tr("Contact persons")
        if part == "care":
            return self.tr("Care history ({n})").format(n=n) if n else self.tr("Care history")
        if part == "occasions":
            return self.tr("Occasions and gifts ({n})").format(n=n) if n else self.tr("Occasions and gifts")
        if part == "purchases":
            return self.tr("Purchases ({n})").format(n=n) if n else self.tr("Purchases")
        if part == "complaints":
            return self.tr("Complaints ({n} open)").format(n=n) if n else self.tr("Complaints")
        return self.tr("Changes")

    def _dirty_changed(self, dirty: bool) -> None:
        self.tabs.setTabText(self.tabs.indexOf(self.profile), self._title("profile", None))
        self.dirty_changed.emit(dirty)

    # ----- closing -------------------------------------------------------------------------

    def _save_and_wait(self) -> bool:
        """Save and wait for the outcome (the event loop keeps running: dialogs and results still arrive)."""
        outcome: list[bool] = []
        loop = QEventLoop(self)

        def finished(ok: bool) -> None:
            outcome.append(ok)
            loop.quit()

        self.profile.save(finished)
        if not outcome:
            loop.exec()
        return outcome[0]

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Escape and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            event.accept()
            self.request_close()
            return
        super().keyPressEvent(event)
