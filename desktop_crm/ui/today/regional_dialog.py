"""Regional care: after a storm or a flood, one care task for every customer in the regions hit.

The list shows the regions (or cities) with how many customers each has; choosing some previews
the customers there with their managers, and "Create N care tasks" gives every one of them a task
for its own manager, named by the campaign ("Typhoon Haikui, Fujian"). Customers who already have
an open task of that campaign are left out, so pressing it twice makes nothing new.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.errors import ValidationError
from desktop_crm.services.regional import AreaCount, RegionalCustomer, RegionalPreview

from ..card import labels
from ..card.table_model import Column, RecordTableModel
from ..card.widgets import Banner, FieldWithError, table_view
from ..context import AppContext
from .worker_dialog import WorkerDialog
from ..tasks import message_for

NAME_ROLE = Qt.ItemDataRole.UserRole + 1
BY_REGION, BY_CITY = "region", "city"


class RegionalCustomersModel(RecordTableModel):
    """The customers in the chosen area; those who already have an open task of the campaign are greyed."""

    def __init__(self, parent=None):
        super().__init__([], parent)
        tr = self.tr
        self._columns = [
            Column(tr("Code"), lambda r: r.code),
            Column(tr("Customer"), lambda r: r.name),
            Column(tr("Tier"), lambda r: r.tier or labels.NONE),
            Column(tr("Manager"), lambda r: r.manager_name or tr("no manager")),
            Column(tr("Phone"), lambda r: r.phone or ""),
            Column(tr("Region"), lambda r: r.region or ""),
            Column(tr("City"), lambda r: r.city or ""),
            Column(tr("Task"), lambda r: tr("Already has one") if r.has_open_task else tr("New task")),
        ]

    def greyed(self, record: RegionalCustomer) -> bool:
        return record.has_open_task


class RegionalCareDialog(WorkerDialog):
    previewed = Signal(object)  # RegionalPreview, once shown
    areas_loaded = Signal(int)  # how many regions (or cities) the list shows
    created = Signal(int)  # how many tasks were made
    failed = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.preview: RegionalPreview | None = None
        self.busy = False
        self.setObjectName("regionalCareDialog")
        self.setWindowTitle(self.tr("Regional care"))
        self.setSizeGripEnabled(True)
        self.banner = Banner(self)
        self._fields: dict[str, FieldWithError] = {}

        # ----- where: country, region or city, the list with its filter
        self.country_combo = QComboBox(self)
        self.country_combo.setObjectName("country")
        self.country_combo.addItem(self.tr("All countries"), None)
        self.level_combo = QComboBox(self)
        self.level_combo.setObjectName("level")
        self.level_combo.addItem(self.tr("Regions"), BY_REGION)
        self.level_combo.addItem(self.tr("Cities"), BY_CITY)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("areaFilter")
        self.filter_edit.setPlaceholderText(self.tr("Filter the list"))
        self.filter_edit.setClearButtonEnabled(True)
        self.area_list = QListWidget(self)
        self.area_list.setObjectName("areas")
        self.area_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.chosen_label = QLabel(self)
        self.chosen_label.setObjectName("chosenAreas")
        self.chosen_label.setWordWrap(True)
        where = QGroupBox(self.tr("Where"), self)
        where_layout = QVBoxLayout(where)
        top = QHBoxLayout()
        top.addWidget(self.country_combo, 1)
        top.addWidget(self.level_combo, 1)
        where_layout.addLayout(top)
        where_layout.addWidget(self.filter_edit)
        where_layout.addWidget(self.area_list, 1)
        where_layout.addWidget(self.chosen_label)
        self._fields["regions"] = FieldWithError(QWidget(self), self)
        where_layout.addWidget(self._fields["regions"])

        # ----- who: the customers there
        self.summary = QLabel(self)
        self.summary.setObjectName("regionalSummary")
        self.summary.setWordWrap(True)
        self.customers_model = RegionalCustomersModel(self)
        self.customers_view = table_view(self.customers_model, self, stretch=1, cap=180)
        self.customers_view.setObjectName("regionalCustomers")
        self.shown_note = QLabel(self)
        who = QGroupBox(self.tr("Customers there"), self)
        who_layout = QVBoxLayout(who)
        who_layout.addWidget(self.summary)
        who_layout.addWidget(self.customers_view, 1)
        who_layout.addWidget(self.shown_note)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(where)
        splitter.addWidget(who)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)

        # ----- what: the task
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.title_edit = QLineEdit(self.tr("Call to ask how they are"), self)
        self.title_edit.setObjectName("taskTitle")
        self.title_edit.setMaxLength(200)
        self._add(form, "title", self.tr("&Task"), self.title_edit)
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("kind")
        for value, text in labels.choices("care_kind"):
            self.kind_combo.addItem(text, value)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData("call")))
        self.due_edit = QDateEdit(QDate.currentDate(), self)
        self.due_edit.setObjectName("dueOn")
        self.due_edit.setCalendarPopup(True)
        self.due_edit.setDisplayFormat("yyyy-MM-dd")
        kind_row = QWidget(self)
        kind_layout = QHBoxLayout(kind_row)
        kind_layout.setContentsMargins(0, 0, 0, 0)
        kind_layout.addWidget(self.kind_combo)
        kind_layout.addSpacing(12)
        kind_layout.addWidget(QLabel(self.tr("Due"), kind_row))
        kind_layout.addWidget(self.due_edit)
        kind_layout.addStretch(1)
        self._add(form, "kind", self.tr("&Kind"), kind_row)
        self.campaign_edit = QLineEdit(self)
        self.campaign_edit.setObjectName("campaign")
        self.campaign_edit.setMaxLength(200)
        self.campaign_edit.setPlaceholderText(self.tr("The event, e.g. Typhoon Haikui, Fujian"))
        self._add(form, "campaign", self.tr("&Campaign"), self.campaign_edit)

        self.buttons = QDialogButtonBox(self)
        self.create_button = self.buttons.addButton(self.tr("Create care tasks"),
                                                    QDialogButtonBox.ButtonRole.ActionRole)
        self.create_button.setObjectName("createTasks")
        self.create_button.setEnabled(False)
        self.create_button.clicked.connect(self.create)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(1000, 680)
        splitter.setSizes([280, 720])

        self._make_preview_timer()
        self.area_list.itemSelectionChanged.connect(self.schedule)
        self.campaign_edit.textChanged.connect(self.schedule)
        self.title_edit.textChanged.connect(self.schedule)
        self.filter_edit.textChanged.connect(self.filter_areas)
        self.country_combo.currentIndexChanged.connect(self.load_areas)
        self.level_combo.currentIndexChanged.connect(self.load_areas)
        self._show_nothing()

        crm = ctx.crm
        self._run(crm.regional.countries, self._fill_countries, self._failed)
        self.load_areas()


    # ----- the list of regions -----------------------------------------------------------------

    def _fill_countries(self, countries: list[AreaCount]) -> None:
        for name, count in countries:
            self.country_combo.addItem(f"{name} ({count:,})", name)

    def load_areas(self, *_args) -> None:
        crm = self.ctx.crm
        country = self.country_combo.currentData()
        by_city = self.level_combo.currentData() == BY_CITY
        self.area_list.clear()
        self.area_list.setEnabled(False)

        def work():
            return crm.regional.cities(country) if by_city else crm.regional.regions(country)

        self._run(work, self._fill_areas, self._failed, key=f"regional-areas:{id(self)}")

    def _fill_areas(self, areas: list[AreaCount]) -> None:
        self.area_list.blockSignals(True)
        self.area_list.clear()
        for name, count in areas:
            item = QListWidgetItem(self.tr("{name} ({count})").format(name=name, count=f"{count:,}"))
            item.setData(NAME_ROLE, name)
            self.area_list.addItem(item)
        self.area_list.blockSignals(False)
        self.area_list.setEnabled(True)
        self.filter_areas()
        self.refresh()
        self.areas_loaded.emit(len(areas))

    def filter_areas(self, *_args) -> None:
        """Hide the list entries that do not contain the filter text (chosen ones stay chosen)."""
        needle = self.filter_edit.text().strip().casefold()
        for row in range(self.area_list.count()):
            item = self.area_list.item(row)
            item.setHidden(bool(needle) and needle not in str(item.data(NAME_ROLE)).casefold())

    def chosen(self) -> list[str]:
        return [item.data(NAME_ROLE) for item in self.area_list.selectedItems()]

    def choose(self, names: list[str]) -> None:
        """Select these regions (or cities) in the list."""
        wanted = set(names)
        for row in range(self.area_list.count()):
            item = self.area_list.item(row)
            item.setSelected(item.data(NAME_ROLE) in wanted)

    # ----- the preview -------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        names = self.chosen()
        by_city = self.level_combo.currentData() == BY_CITY
        return {
            "regions": [] if by_city else names,
            "cities": names if by_city else [],
            "country": self.country_combo.currentData(),
            "title": self.title_edit.text().strip(),
            "kind": self.kind_combo.currentData(),
            "due_on": self.due_edit.date().toPython(),
            "campaign": self.campaign_edit.text().strip() or None,
        }

    def refresh(self) -> None:
        self._timer.stop()
        values = self.values()
        names = values["regions"] or values["cities"]
        if not names:
            self._show_nothing()
            return
        self.chosen_label.setText(self.tr("Chosen: {names}").format(names=", ".join(names)))
        self.summary.setText(self.tr("Counting…"))
        crm = self.ctx.crm

        def work():
            return crm.regional.customers_in(values["regions"], cities=values["cities"], country=values["country"],
                                             campaign=values["campaign"], title=values["title"] or None)

        self._run(work, self._show_preview, self._failed, key=f"regional-preview:{id(self)}")

    def _show_nothing(self) -> None:
        self.preview = None
        self.chosen_label.setText(self.tr("Choose one or more regions (Ctrl+click for several)."))
        self.summary.setText(self.tr("No region chosen yet."))
        self.customers_model.set_records([])
        self.shown_note.clear()
        self._update_button()

    def _show_preview(self, preview: RegionalPreview) -> None:
        self.preview = preview
        self.show_problems({})
        if preview.count == 0:
            text = self.tr("No customers there.")
        else:
            parts = [self.tr("%Ln customer(s) there.", "", preview.count)]
            managers = [f"{name or self.tr('no manager')}: {n:,}" for name, n in preview.by_manager]
            parts.append(self.tr("By manager: {list}.").format(list=", ".join(managers)))
            if preview.already:
                parts.append(self.tr("%Ln already have an open task of this campaign and get no second one.", "",
                                     preview.already))
            if preview.without_manager:
                parts.append(self.tr("%Ln have no manager: their tasks will wait for someone to take them.", "",
                                     preview.without_manager))
            text = " ".join(parts)
        self.summary.setText(text)
        self.customers_model.set_records(preview.rows)
        if preview.more:
            self.shown_note.setText(self.tr("Showing the first %Ln of {total} customers.", "", len(preview.rows))
                                    .format(total=self.locale().toString(preview.count)))
        else:
            self.shown_note.clear()
        self._update_button()
        self.previewed.emit(preview)

    def _update_button(self) -> None:
        n = self.preview.to_create if self.preview is not None else 0
        self.create_button.setText(self.tr("Create %Ln care task(s)", "", n))
        self.create_button.setEnabled(n > 0 and not self.busy)

    def show_problems(self, problems: dict[str, str]) -> None:
        stray = [text for key, text in problems.items() if key not in self._fields]
        for key, box in self._fields.items():
            box.error.show_message(problems.get(key))
        if stray:
            self.banner.show_error("\n".join(stray))
        else:
            self.banner.clear_message()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            self.show_problems(exc.problems)
        else:
            self.banner.show_error(message_for(exc))
        self.failed.emit(message_for(exc))

    # ----- creating ----------------------------------------------------------------------------

    def create(self) -> None:
        if self.busy or self.preview is None:
            return
        values = self.values()
        if not values["title"]:
            self.show_problems({"title": self.tr("Say what to do, e.g. Call to ask how they are.")})
            self.title_edit.setFocus()
            return
        self.show_problems({})
        self.busy = True
        self._update_button()
        crm = self.ctx.crm
        today = dt.date.today()

        def work():
            return crm.regional.create_tasks(values["regions"], values["title"], cities=values["cities"],
                                             kind=values["kind"], due_on=values["due_on"],
                                             campaign=values["campaign"], country=values["country"], today=today)

        self._run(work, self._created, self._create_failed, announce=True)

    def _created(self, result) -> None:
        count, changes = result
        self.busy = False
        self.banner.show_note(self.tr("%Ln care task(s) created.", "", count))
        self.ctx.notify.emit(self.tr("%Ln care task(s) created.", "", count))
        self.created.emit(count)
        self.refresh()

    def _create_failed(self, exc: BaseException) -> None:
        self.busy = False
        self._update_button()
        self._failed(exc)
