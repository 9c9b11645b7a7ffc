"""The Today page: the agenda of the day, section by section, and the actions on its rows.

The agenda is built on the worker (``crm.agenda.build``): one call answers every section with
its count and its most urgent rows. The page shows them in a tree (sections, then rows) whose
rows and buttons are painted by ``TodayDelegate``: nothing is built per row, so the page is as
quick with 400 rows as with 4.

After an action (a call logged, a row snoozed or done) the page announces the service's
``Changes`` to the other views and builds the agenda again. Changes made elsewhere make the
page build it again too — at once when it is on screen, else when it is next shown.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QEvent, QLocale, QModelIndex, QObject, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.services.agenda_records import SECTIONS, Agenda

from ..context import AppContext
from ..tasks import message_for
from .actions import TodayActions
from .delegate import TodayDelegate
from .model import Kind, Role, TodayModel, section_short_title, section_title

MANAGER_KEY = "today/manager"  # a login, or EVERYONE; absent: the manager who is the user at this computer
DAYS_KEY = "today/days"
COLLAPSED_KEY = "today/collapsed"  # section names, comma-separated
EVERYONE = "*"
DEFAULT_LIMIT = 50
MAX_DAYS = 366
BUSY_DELAY_MS = 300  # a reload quicker than this shows no "Updating…"
DAY_CHECK_MS = 5 * 60 * 1000  # how often the page looks whether midnight has passed


class TodayPage(QWidget):
    # An agenda is on screen (the first one too): the Agenda.
    loaded = Signal(object)
    # The agenda could not be built: the message shown.
    load_failed = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, today: dt.date | None = None,
                 limit: int = DEFAULT_LIMIT):
        super().__init__(parent)
        self.setObjectName("todayPage")
        self.ctx = ctx
        self.today = today  # None: the real date at each build (tests give a fixed day)
        self.limit = limit
        self.agenda: Agenda | None = None
        self.loading = False
        self.managers_loaded = False
        self._stale = False
        self._announcing = False
        self._restoring_expansion = False
        collapsed = ctx.settings.value(COLLAPSED_KEY, "")
        self._collapsed = {n for n in str(collapsed or "").split(",") if n}
        self.actions = TodayActions(self)

        self._build()
        ctx.changed.connect(self._on_changed)
        self._busy_timer = QTimer(self, singleShot=True, interval=BUSY_DELAY_MS)
        self._busy_timer.timeout.connect(self._show_busy)
        self._day_timer = QTimer(self, interval=DAY_CHECK_MS)
        self._day_timer.timeout.connect(self._check_day)
        self._day_timer.start()
        self._load_first()

    # ----- building ------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.title_label = QLabel(self.tr("Today"), self)
        self.title_label.setObjectName("todayTitle")
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title_label.setFont(font)
        self.date_label = QLabel(self)
        self.date_label.setObjectName("todayDate")
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("todaySummary")
        self.summary_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        self.manager_combo = QComboBox(self)
        self.manager_combo.setObjectName("todayManager")
        self.manager_combo.setToolTip(self.tr("Whose customers the agenda is about"))
        self.manager_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.manager_combo.setMinimumContentsLength(16)
        self.manager_combo.addItem(self.tr("Everyone"), None)
        self.manager_combo.setEnabled(False)  # until the managers have arrived
        self.manager_combo.currentIndexChanged.connect(self._manager_chosen)
        manager_label = QLabel(self.tr("&Whose customers:"), self)
        manager_label.setBuddy(self.manager_combo)

        self.days_spin = QSpinBox(self)
        self.days_spin.setObjectName("todayDays")
        self.days_spin.setRange(0, MAX_DAYS)
        self.days_spin.setValue(14)
        self.days_spin.setSuffix(self.tr(" days"))
        self.days_spin.setToolTip(self.tr("How far ahead to look for birthdays, anniversaries and holidays"))
        self.days_spin.setKeyboardTracking(False)  # typing "30" asks once, not for 3 and then 30
        self.days_spin.valueChanged.connect(self._days_chosen)
        days_label = QLabel(self.tr("&Look ahead:"), self)
        days_label.setBuddy(self.days_spin)

        self.regional_button = QPushButton(self.tr("Regional care…"), self)
        self.regional_button.setObjectName("todayRegional")
        self.regional_button.setToolTip(self.tr("Make care tasks for the customers of a region (after a storm, "
                                                "a flood, a local holiday)"))
        self.regional_button.clicked.connect(self.actions.open_regional_care)
        self.regional_button.setVisible(self.actions.can_care_regionally)
        self.export_button = QPushButton(self.tr("Export to calendar (.ics)…"), self)
        self.export_button.setObjectName("todayExportIcs")
        self.export_button.setToolTip(self.tr("Save this agenda as a calendar file for Outlook, Google Calendar "
                                              "or a phone"))
        self.export_button.clicked.connect(self.actions.export_ics)
        self.export_button.setVisible(self.actions.can_export_ics)
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.setObjectName("todayRefresh")
        self.refresh_button.setToolTip(self.tr("Build the agenda again (F5)"))
        self.refresh_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.refresh_button.clicked.connect(self.reload)

        # One button per section: the whole day at a glance, and a jump to the section.
        self.section_buttons: dict[str, QToolButton] = {}
        sections_row = QHBoxLayout()
        sections_row.setContentsMargins(0, 0, 0, 0)
        sections_row.setSpacing(2)
        for name in SECTIONS:
            button = QToolButton(self)
            button.setObjectName(f"todayJump_{name}")
            button.setAutoRaise(True)
            button.setText(section_short_title(name))
            button.setToolTip(self.tr("Go to “{section}”").format(section=section_title(name)))
            button.setEnabled(False)
            button.clicked.connect(lambda _checked=False, name=name: self.go_to_section(name))
            sections_row.addWidget(button)
            self.section_buttons[name] = button
        sections_row.addStretch(1)
        self.sections_box = QWidget(self)
        self.sections_box.setLayout(sections_row)
        self.sections_box.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.sections_box.setMinimumWidth(200)

        self.message_label = QLabel(self)
        self.message_label.setObjectName("todayMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet("QLabel#todayMessage { background: #fde2e0; color: #7a1c14; "
                                         "padding: 6px 10px; border-radius: 4px; }")
        self.message_label.hide()

        self.model = TodayModel(self)
        self.tree = QTreeView(self)
        self.tree.setObjectName("todayTree")
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(0)
        self.tree.setUniformRowHeights(False)
        self.tree.setExpandsOnDoubleClick(False)
        self.tree.setItemsExpandable(True)
        self.tree.setAnimated(False)
        self.tree.setMouseTracking(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.verticalScrollBar().setSingleStep(self.fontMetrics().height() * 2)
        self.tree.viewport().setAttribute(Qt.WidgetAttribute.WA_Hover, True)
        self.delegate = TodayDelegate(self.tree, can_plan_gifts=self.actions.can_plan_gifts,
                                      is_expanded=self.tree.isExpanded)
        self.delegate.action_clicked.connect(self.actions.button_clicked)
        self.tree.setItemDelegate(self.delegate)
        self.tree.viewport().installEventFilter(self)
        self.tree.clicked.connect(self._clicked)
        self.tree.doubleClicked.connect(self._double_clicked)
        self.tree.expanded.connect(lambda index: self._expansion_changed(index, True))
        self.tree.collapsed.connect(lambda index: self._expansion_changed(index, False))
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self.actions.context_menu)
        self.actions.add_keys()

        self.loading_label = QLabel(self.tr("Loading today's agenda…"), self)
        self.loading_label.setObjectName("todayLoading")
        self.loading_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.loading_label.setWordWrap(True)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.loading_label)
        self.stack.addWidget(self.tree)

        heading = QHBoxLayout()
        heading.addWidget(self.title_label)
        heading.addSpacing(12)
        heading.addWidget(self.date_label, 0, Qt.AlignmentFlag.AlignBottom)
        heading.addStretch(1)
        heading.addWidget(self.summary_label, 0, Qt.AlignmentFlag.AlignBottom)
        controls = QHBoxLayout()
        controls.addWidget(manager_label)
        controls.addWidget(self.manager_combo)
        controls.addSpacing(16)
        controls.addWidget(days_label)
        controls.addWidget(self.days_spin)
        controls.addStretch(1)
        controls.addWidget(self.regional_button)
        controls.addWidget(self.export_button)
        controls.addWidget(self.refresh_button)
        controls_box = QWidget(self)  # on a narrow window the buttons give way instead of widening it
        controls_box.setLayout(controls)
        controls.setContentsMargins(0, 0, 0, 0)
        controls_box.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        controls_box.setMinimumWidth(200)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.addLayout(heading)
        layout.addWidget(controls_box)
        layout.addWidget(self.sections_box)
        layout.addWidget(self.message_label)
        layout.addWidget(self.stack, 1)

    # ----- loading -------------------------------------------------------------------------------------

    def chosen_manager(self) -> str | None:
        """The login whose customers are shown; None for everyone."""
        return self.manager_combo.currentData()

    def _load_first(self) -> None:
        """Managers, the remembered or default choice, and the agenda: one trip to the worker."""
        crm, today, limit = self.ctx.crm, self.today, self.limit
        remembered = self.ctx.settings.value(MANAGER_KEY)
        remembered = str(remembered) if remembered not in (None, "") else None
        days = self.ctx.settings.value(DAYS_KEY)
        try:
            days = min(MAX_DAYS, max(0, int(days))) if days not in (None, "") else None
        except (TypeError, ValueError):
            days = None

        def first():
            managers = crm.managers.list()
            login = remembered if remembered is not None else crm.agenda.default_manager()
            if login == EVERYONE or login not in {m.login for m in managers}:
                login = None
            return managers, crm.agenda.build(today=today, days=days, manager=login, limit=limit)

        self._start_loading()
        self.ctx.tasks.run(first, self._first_arrived, self._failed, key="today-agenda")

    def _first_arrived(self, result) -> None:
        managers, agenda = result
        self._fill_managers(managers, agenda.manager_login)
        self.days_spin.blockSignals(True)
        self.days_spin.setValue(agenda.days)
        self.days_spin.blockSignals(False)
        self._show(agenda)

    def reload(self) -> None:
        """Build the agenda again for the chosen manager and days (the newest request wins)."""
        if not self.managers_loaded:
            self._load_first()
            return
        crm, today, limit = self.ctx.crm, self.today, self.limit
        manager, days = self.chosen_manager(), self.days_spin.value()
        self._stale = False
        self._start_loading()
        self.ctx.tasks.run(lambda: crm.agenda.build(today=today, days=days, manager=manager, limit=limit),
                            self._arrived, self._failed, key="today-agenda")

    def _start_loading(self) -> None:
        self.loading = True
        if self.agenda is None:
            self.loading_label.setText(self.tr("Loading today's agenda…"))
            self.stack.setCurrentWidget(self.loading_label)
        else:
            self._busy_timer.start()

    def _show_busy(self) -> None:
        if self.loading:
            self.summary_label.setText(self.tr("Updating…"))

    def _arrived(self, agenda: Agenda) -> None:
        if agenda.manager_login != self.chosen_manager() or agenda.days != self.days_spin.value():
            return  # the choice changed meanwhile; its agenda is on the way
        self._show(agenda)

    def _failed(self, exc: BaseException) -> None:
        self.loading = False
        self._busy_timer.stop()
        message = self.tr("The agenda could not be built: {reason}").format(reason=message_for(exc))
        if self.agenda is None:
            self.loading_label.setText(message)
            self.stack.setCurrentWidget(self.loading_label)
        else:
            self.show_message(message)
        self._show_summary()
        self.load_failed.emit(message)

    def _show(self, agenda: Agenda) -> None:
        self.loading = False
        self._busy_timer.stop()
        current_key, position = self._current_position()
        scroll = self.tree.verticalScrollBar().value()
        self.agenda = agenda
        self.model.set_agenda(agenda)
        self._apply_expansion()
        self._restore_position(current_key, position, scroll)
        self.stack.setCurrentWidget(self.tree)
        locale = self.locale()
        day = agenda.today
        self.date_label.setText(locale.toString(QDate(day.year, day.month, day.day), QLocale.FormatType.LongFormat))
        self._show_summary()
        self.loaded.emit(agenda)

    def _show_section_buttons(self) -> None:
        locale = self.locale()
        for name, button in self.section_buttons.items():
            count = self.model.count_of(name)
            button.setText(self.tr("{section} {count}").format(section=section_short_title(name),
                                                               count=locale.toString(count)))
            button.setEnabled(count > 0)
            font = button.font()
            font.setBold(count > 0 and name in ("calls", "complaints", "follow_ups"))
            button.setFont(font)

    def go_to_section(self, name: str) -> None:
        """Open the section and scroll it to the top."""
        index = self.model.section_index(name)
        if not index.isValid():
            return
        if index.data(Role.COUNT):
            self.tree.setExpanded(index, True)
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtTop)
        self.tree.setFocus()

    def _show_summary(self) -> None:
        self._show_section_buttons()
        if self.agenda is None:
            self.summary_label.clear()
        elif self.agenda.total:
            self.summary_label.setText(self.tr("%n thing(s) to do", "", self.agenda.total))
        else:
            self.summary_label.setText(self.tr("Nothing is due"))

    def show_message(self, text: str) -> None:
        """A line above the agenda for what went wrong (empty: hide it)."""
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    # ----- the choices ---------------------------------------------------------------------------------

    def _fill_managers(self, managers, chosen: str | None) -> None:
        combo = self.manager_combo
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("Everyone"), None)
        me = self.ctx.crm.actor
        for m in sorted(managers, key=lambda m: m.login != me):  # the user's own book first
            if m.login == me:
                combo.addItem(self.tr("Only my customers ({name})").format(name=m.name), m.login)
            else:
                combo.addItem(self.tr("{name} ({login})").format(name=m.name, login=m.login), m.login)
        found = combo.findData(chosen) if chosen is not None else 0
        combo.setCurrentIndex(max(0, found))
        combo.blockSignals(False)
        combo.setEnabled(True)
        self.managers_loaded = True

    def _reload_managers(self) -> None:
        crm = self.ctx.crm
        self.ctx.tasks.run(crm.managers.list, self._managers_arrived, lambda exc: None, key="today-managers")

    def _managers_arrived(self, managers) -> None:
        chosen = self.chosen_manager()
        self._fill_managers(managers, chosen)
        if self.chosen_manager() != chosen:  # the chosen manager is gone or inactive now
            self.reload()

    def _manager_chosen(self, _index: int) -> None:
        login = self.chosen_manager()
        self.ctx.settings.setValue(MANAGER_KEY, login if login is not None else EVERYONE)
        self.reload()

    def _days_chosen(self, days: int) -> None:
        self.ctx.settings.setValue(DAYS_KEY, days)
        self.reload()

    # ----- sections open and closed ---------------------------------------------------------------------

    def _apply_expansion(self) -> None:
        self._restoring_expansion = True
        try:
            for i in range(self.model.rowCount()):
                index = self.model.index(i, 0)
                name = index.data(Role.SECTION)
                self.tree.setExpanded(index, bool(index.data(Role.COUNT)) and name not in self._collapsed)
        finally:
            self._restoring_expansion = False

    def _expansion_changed(self, index: QModelIndex, expanded: bool) -> None:
        if self._restoring_expansion or self.model.kind(index) is not Kind.SECTION:
            return
        name = index.data(Role.SECTION)
        if expanded:
            self._collapsed.discard(name)
        else:
            self._collapsed.add(name)
        self.ctx.settings.setValue(COLLAPSED_KEY, ",".join(sorted(self._collapsed)))

    def set_section_expanded(self, name: str, expanded: bool) -> None:
        self.tree.setExpanded(self.model.section_index(name), expanded)

    def _clicked(self, index: QModelIndex) -> None:
        if self.model.kind(index) is Kind.SECTION and index.data(Role.COUNT):
            self.tree.setExpanded(index, not self.tree.isExpanded(index))

    def _double_clicked(self, index: QModelIndex) -> None:
        row = self.model.row_at(index)
        if row is not None and row.customer_id is not None:
            self.actions.open_card(row)

    def _current_position(self) -> tuple[str | None, tuple[str, int] | None]:
        index = self.tree.currentIndex()
        row = self.model.row_at(index)
        if row is None:
            return None, None
        return row.key, (row.section, index.row())

    def _restore_position(self, key: str | None, position: tuple[str, int] | None, scroll: int) -> None:
        if key is None:
            return
        index = self.model.index_of_key(key)
        if not index.isValid() and position is not None:  # the row left: its neighbour takes its place
            section, row = position
            parent = self.model.section_index(section)
            rows = len(self.model.rows_of(section))
            if parent.isValid() and rows:
                index = self.model.index(min(row, rows - 1), 0, parent)
        if index.isValid():
            self.tree.setCurrentIndex(index)
        self.tree.verticalScrollBar().setValue(scroll)

    # ----- the rows' buttons ---------------------------------------------------------------------------------

    def button_rect(self, key: str, action: str, *, scroll: bool = True) -> QRect | None:
        """Where the ``action`` button of the row ``key`` is, in the tree's viewport (tests click there)."""
        index = self.model.index_of_key(key)
        if not index.isValid():
            return None
        if scroll:
            self.tree.scrollTo(index)
        row = self.model.row_at(index)
        button = next((b for b in self.delegate.buttons(self.tree.visualRect(index), row) if b.action == action), None)
        return button.rect if button is not None else None

    def after_change(self, changes, message: str, *, removed: str | None = None) -> None:
        """An action changed the data: take the row off (snoozed or done), tell the others, build again."""
        if removed is not None and self.model.remove_key(removed):
            self._show_summary()
        self.show_message("")
        self._announcing = True
        try:
            self.ctx.announce(changes)
        finally:
            self._announcing = False
        self.ctx.notify.emit(message)
        self.reload()

    # ----- the mouse --------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.tree.viewport():
            if event.type() == QEvent.Type.MouseMove:
                pos = event.position().toPoint()
                self.delegate.hover(self.tree.indexAt(pos), pos)
            elif event.type() == QEvent.Type.Leave:
                self.delegate.hover(QModelIndex(), QPoint())
        return super().eventFilter(watched, event)

    # ----- changes made elsewhere, and the date -------------------------------------------------------------

    def _on_changed(self, changes) -> None:
        if changes.managers:
            self._reload_managers()
        if self._announcing:
            return  # our own action: reload() follows
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._stale:
            self.reload()
        else:
            self._check_day()

    def _check_day(self) -> None:
        if self.today is None and self.agenda is not None and not self.loading and self.agenda.today != dt.date.today():
            self.reload()  # midnight has passed: a new day, a new agenda

    def wait_for_workers(self, msecs: int = 30_000) -> bool:
        return self.ctx.tasks.wait(msecs)


__all__ = ["EVERYONE", "TodayPage"]
