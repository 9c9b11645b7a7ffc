"""What the Today page's buttons, keys and menus do: log a call or a visit, snooze, done, open the
card, plan the gifts of a holiday, regional care, export to a calendar file.

Every change runs on the worker through the agenda service; when it is done the page is told
(``TodayPage.after_change``), which announces the service's ``Changes`` and builds the agenda
again. The optional dialogs (gift plan, regional care) are imported when first used, and their
buttons are hidden when their module is not part of this build.
"""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, QRect, QStandardPaths, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu
from shiboken6 import isValid

from desktop_crm.services.agenda_records import AgendaRow

from ..tasks import message_for
from .log_popup import LogPopup
from .model import Kind, Role

if TYPE_CHECKING:
    from .page import TodayPage

SNOOZE_DAYS = (1, 3, 7, 14)
GIFT_PLAN_MODULE = "desktop_crm.ui.today.gift_plan_dialog"
REGIONAL_MODULE = "desktop_crm.ui.today.regional_dialog"
ICS_DIR_KEY = "today/ics_folder"


def module_exists(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


class TodayActions(QObject):
    def __init__(self, page: "TodayPage"):
        super().__init__(page)
        self._page = page
        self._ctx = page.ctx
        self.can_plan_gifts = module_exists(GIFT_PLAN_MODULE)
        self.can_care_regionally = module_exists(REGIONAL_MODULE)
        self.can_export_ics = self._ics_writer() is not None
        self.busy_keys: set[str] = set()  # rows with a change on its way: a second click waits for it
        self.log_popup: LogPopup | None = None
        self.snooze_menu: QMenu | None = None
        self.gift_dialog = None
        self.regional_dialog = None
        self.key_actions: dict[str, QAction] = {}

    # ----- keys and menus ----------------------------------------------------------------------------

    def add_keys(self) -> None:
        """One-key actions on the current row, while the agenda has the focus."""
        tree = self._page.tree
        keys = (("call", self.tr("Log call…"), [QKeySequence(Qt.Key.Key_C)]),
                ("visit", self.tr("Log visit…"), [QKeySequence(Qt.Key.Key_V)]),
                ("snooze", self.tr("Snooze…"), [QKeySequence(Qt.Key.Key_S)]),
                ("done", self.tr("Done"), [QKeySequence(Qt.Key.Key_D)]),
                ("open", self.tr("Open card"), [QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)]),
                ("plan", self.tr("Plan gifts…"), [QKeySequence(Qt.Key.Key_G)]))
        for name, label, shortcuts in keys:
            action = QAction(label, tree)
            action.setShortcuts(shortcuts)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(lambda _checked=False, name=name: self.act_on_current(name))
            tree.addAction(action)
            self.key_actions[name] = action

    def context_menu(self, pos: QPoint) -> None:
        page = self._page
        index = page.tree.indexAt(pos)
        row = page.model.row_at(index)
        menu = QMenu(page)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if row is not None:
            page.tree.setCurrentIndex(index)
            available = dict(page.delegate.actions_for(row))
            for name in ("call", "visit", "done", "open", "plan"):
                if name in available:
                    action = menu.addAction(self.key_actions[name].text(), lambda name=name: self.act(name, row))
                    action.setEnabled(available[name])
            snooze = menu.addMenu(self.tr("Snooze"))
            for days in SNOOZE_DAYS:
                snooze.addAction(self.tr("Snooze for %n day(s)", "", days), lambda days=days: self.snooze(row, days))
        elif page.model.kind(index) is Kind.SECTION and index.data(Role.COUNT):
            expanded = page.tree.isExpanded(index)
            menu.addAction(self.tr("Collapse") if expanded else self.tr("Expand"),
                           lambda: page.tree.setExpanded(index, not expanded))
        menu.addAction(self.tr("Refresh"), page.reload)
        menu.popup(page.tree.viewport().mapToGlobal(pos))

    # ----- which action ---------------------------------------------------------------------------------

    def button_clicked(self, action: str, index, rect: QRect) -> None:
        row = self._page.model.row_at(index)
        if row is not None:
            self._page.tree.setCurrentIndex(index)
            self.act(action, row, rect)

    def act_on_current(self, action: str) -> None:
        page = self._page
        row = page.model.row_at(page.tree.currentIndex())
        if row is not None and action in dict(page.delegate.actions_for(row)):
            self.act(action, row)

    def act(self, action: str, row: AgendaRow, anchor: QRect | None = None) -> None:
        """Do ``action`` (call, visit, snooze, done, open, plan) on ``row``; ``anchor``: its button."""
        anchor = anchor if anchor is not None else self._page.button_rect(row.key, action, scroll=False)
        if action in ("call", "visit"):
            self.open_log(row, action, anchor)
        elif action == "snooze":
            self.open_snooze_menu(row, anchor)
        elif action == "done":
            self.mark_done(row)
        elif action == "open":
            self.open_card(row)
        elif action == "plan":
            self.plan_gifts(row)

    def _who(self, row: AgendaRow) -> str:
        return row.customer_name or self._page.model.text_of(row).title

    # ----- logging a call or a visit ----------------------------------------------------------------------

    def open_log(self, row: AgendaRow, kind: str, anchor: QRect | None = None) -> LogPopup | None:
        """The small editor for the summary, under the row's button; Enter or Save logs it."""
        if row.customer_id is None or row.key in self.busy_keys:
            return None
        if self.log_popup is not None and isValid(self.log_popup):
            self.log_popup.close()
        who = self._who(row)
        popup = LogPopup(row.key, kind, who, self._page)
        popup.save_requested.connect(lambda key, k, summary: self._save_log(popup, key, k, summary, who))
        popup.destroyed.connect(lambda *_: self._popup_gone(popup))
        self.log_popup = popup
        if anchor is None:
            anchor = self._page.button_rect(row.key, kind, scroll=False) or QRect()
        popup.show_under(anchor, self._page.tree.viewport())
        return popup

    def _popup_gone(self, popup) -> None:
        if self.log_popup is popup:
            self.log_popup = None

    def _save_log(self, popup: LogPopup, key: str, kind: str, summary: str, who: str) -> None:
        crm, today = self._ctx.crm, self._page.today
        self.busy_keys.add(key)

        def done(changes) -> None:
            self.busy_keys.discard(key)
            if isValid(popup):
                popup.close()
            message = (self.tr("Call with {who} logged.") if kind == "call"
                       else self.tr("Visit to {who} logged.")).format(who=who)
            self._page.after_change(changes, message)

        def failed(exc: BaseException) -> None:
            self.busy_keys.discard(key)
            if isValid(popup) and popup.isVisible():
                popup.show_error(message_for(exc))
            else:
                self._page.show_message(self.tr("The care event was not logged: {reason}").format(
                    reason=message_for(exc)))

        self._ctx.tasks.run(lambda: crm.agenda.log(key, kind, summary, today=today), done, failed)

    # ----- snooze and done ----------------------------------------------------------------------------------

    def open_snooze_menu(self, row: AgendaRow, anchor: QRect | None = None) -> QMenu:
        menu = QMenu(self._page)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for days in SNOOZE_DAYS:
            action = menu.addAction(self.tr("Snooze for %n day(s)", "", days))
            action.setData(days)
            action.triggered.connect(lambda _checked=False, days=days: self.snooze(row, days))
        self.snooze_menu = menu
        menu.destroyed.connect(lambda *_: self._menu_gone(menu))
        if anchor is None:
            anchor = self._page.button_rect(row.key, "snooze", scroll=False) or QRect()
        menu.popup(self._page.tree.viewport().mapToGlobal(QPoint(anchor.left(), anchor.bottom() + 1)))
        return menu

    def _menu_gone(self, menu) -> None:
        if self.snooze_menu is menu:
            self.snooze_menu = None

    def snooze(self, row: AgendaRow, days: int) -> None:
        crm, today, key = self._ctx.crm, self._page.today, row.key
        self._change(key, lambda: crm.agenda.snooze(key, days, today=today),
                     self.tr("{who}: snoozed for %n day(s).", "", days).format(who=self._who(row)))

    def mark_done(self, row: AgendaRow) -> None:
        delegate = self._page.delegate
        if not delegate.can_be_done(row):
            self._ctx.notify.emit(delegate.done_refused)
            return
        crm, today, key = self._ctx.crm, self._page.today, row.key
        self._change(key, lambda: crm.agenda.done(key, today=today), self.tr("{who}: done.").format(who=self._who(row)))

    def _change(self, key: str, fn, message: str) -> None:
        """Snooze or done: the row leaves at once when the service has answered, then the agenda is rebuilt."""
        if key in self.busy_keys:
            return
        self.busy_keys.add(key)

        def done(changes) -> None:
            self.busy_keys.discard(key)
            self._page.after_change(changes, message, removed=key)

        def failed(exc: BaseException) -> None:
            self.busy_keys.discard(key)
            self._page.show_message(message_for(exc))
            self._page.reload()

        self._ctx.tasks.run(fn, done, failed)

    # ----- elsewhere: the card, the dialogs, the calendar file ----------------------------------------------

    def open_card(self, row: AgendaRow) -> None:
        if row.customer_id is not None:
            self._ctx.open_customer.emit(row.customer_id)

    def plan_gifts(self, row: AgendaRow):
        if not self.can_plan_gifts or row.holiday is None:
            return None
        module = importlib.import_module(GIFT_PLAN_MODULE)
        dialog = module.GiftPlanDialog(self._ctx, self._page, occasion_label=row.holiday.label)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.gift_dialog = dialog
        return dialog

    def open_regional_care(self):
        if not self.can_care_regionally:
            return None
        module = importlib.import_module(REGIONAL_MODULE)
        dialog = module.RegionalCareDialog(self._ctx, self._page)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.regional_dialog = dialog
        return dialog

    def _ics_writer(self):
        """``write(path, agenda)``: the agenda service's calendar export."""
        return self._ctx.crm.agenda.export_ics

    def export_ics(self) -> None:
        agenda = self._page.agenda
        if agenda is None or not self.can_export_ics:
            return
        settings = self._ctx.settings
        folder = settings.value(ICS_DIR_KEY) or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = str(Path(str(folder)) / f"agenda-{agenda.today.isoformat()}.ics")
        path, _filter = QFileDialog.getSaveFileName(self._page, self.tr("Export to calendar"), suggested,
                                                    self.tr("Calendar files (*.ics)"))
        if not path:
            return
        if not path.lower().endswith(".ics"):
            path += ".ics"
        settings.setValue(ICS_DIR_KEY, str(Path(path).parent))
        write = self._ics_writer()
        self._ctx.tasks.run(
            lambda: write(path, agenda),
            lambda _result: self._ctx.notify.emit(self.tr("The agenda was saved to {path}.").format(path=path)),
            lambda exc: self._page.show_message(self.tr("The calendar file was not written: {reason}").format(
                reason=message_for(exc))))


__all__ = ["GIFT_PLAN_MODULE", "REGIONAL_MODULE", "SNOOZE_DAYS", "TodayActions", "module_exists"]
