"""Plan a gift for many customers at once: an occasion, the tiers, the item and its cost.

The dialog previews the plan as it is filled in (on the worker, the newest request replacing an
older one): who gets a gift, who already has one for this occasion (skipped), what each customer
received before, and each tier's spending against its yearly gift budget, with the tiers that
would go over it in red. "Create N planned gifts" writes them in one transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.errors import ValidationError
from desktop_crm.services.gift_plans import GiftPlanPreview, PlanCustomer, TierBudget

from ..card import labels
from ..card.table_model import Column, RecordTableModel
from ..card.widgets import Banner, FieldWithError, OptionalDate, table_view
from ..context import AppContext
from .worker_dialog import WorkerDialog
from ..tasks import message_for

OVER_BUDGET = QColor("#FBE1DF")
WARNING_STYLE = "color: #B3261E;"
EARLIER_IN_CELL = 3  # earlier gifts written in the cell; the tooltip lists them all


def earlier_text(gifts, limit: int | None = None) -> str:
    """'Tea set (Spring Festival 2026, 2026-01-28); Silk scarf (2025-09-17)'."""
    parts = []
    for gift in gifts[:limit] if limit else gifts:
        about = [x for x in (gift.occasion_label, labels.date_text(gift.when)) if x]
        parts.append(f"{gift.item} ({', '.join(about)})" if about else gift.item)
    if limit and len(gifts) > limit:
        parts.append("…")
    return "; ".join(parts)


class PlanCustomersModel(RecordTableModel):
    """The plan's customers; those skipped (they already hold a gift for the occasion) are greyed."""

    def __init__(self, parent=None):
        super().__init__([], parent)
        tr = self.tr
        self._columns = [
            Column(tr("Code"), lambda r: r.code),
            Column(tr("Customer"), lambda r: r.name),
            Column(tr("Tier"), lambda r: r.tier or labels.NONE),
            Column(tr("Manager"), lambda r: r.manager_name or labels.NONE),
            Column(tr("Earlier gifts"), lambda r: earlier_text(r.earlier, EARLIER_IN_CELL),
                   tip=lambda r: "\n".join(earlier_text([g]) for g in r.earlier) or None),
            Column(tr("Plan"), lambda r: tr("Already has one: skipped") if r.has_label else tr("Gift planned")),
        ]

    def greyed(self, record: PlanCustomer) -> bool:
        return record.has_label


class TierBudgetModel(RecordTableModel):
    """One row per tier: customers, budget, spending of the year and the plan; over-budget rows in red."""

    def __init__(self, parent=None):
        super().__init__([], parent)
        tr = self.tr
        money = labels.money_text
        self._columns = [
            Column(tr("Tier"), lambda r: r.tier or tr("No tier")),
            Column(tr("Customers"), lambda r: f"{r.customers:,}", right=True),
            Column(tr("New gifts"), lambda r: f"{r.to_create:,}", right=True),
            Column(tr("Budget per customer"), lambda r: money(r.gift_budget) if r.gift_budget is not None
                   else tr("none"), right=True),
            Column(tr("Budget"), lambda r: money(r.budget) if r.budget is not None else labels.NONE, right=True),
            Column(tr("Spent this year"), lambda r: money(r.spent), right=True),
            Column(tr("This plan"), lambda r: money(r.plan_cost), right=True),
            Column(tr("Left after the plan"), lambda r: money(r.budget - r.total) if r.budget is not None
                   else labels.NONE, right=True),
        ]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and index.isValid():
            record = self.record(index.row())
            if record is not None and record.over_budget:
                return QBrush(OVER_BUDGET)
        return super().data(index, role)


class GiftPlanDialog(WorkerDialog):
    """``occasion_label`` and ``tiers`` (codes) fill the form in; the rest is the user's."""

    previewed = Signal(object)  # GiftPlanPreview, once shown
    created = Signal(int)  # how many gifts were made
    failed = Signal(str)  # a failure, in words, once shown

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, occasion_label: str = "",
                 tiers: list[str] | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.preview: GiftPlanPreview | None = None
        self.busy = False
        self._wanted_tiers = list(tiers or [])
        self._loaded = False
        self.setObjectName("giftPlanDialog")
        self.setWindowTitle(self.tr("Plan gifts"))
        self.setSizeGripEnabled(True)

        self.banner = Banner(self)
        self._fields: dict[str, FieldWithError] = {}

        left = QFormLayout()
        left.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.label_edit = QLineEdit(self)
        self.label_edit.setObjectName("occasionLabel")
        self.label_edit.setMaxLength(200)
        self.label_edit.setPlaceholderText(self.tr("e.g. Spring Festival 2027"))
        self.label_edit.setText(occasion_label)
        self._add(left, "occasion_label", self.tr("&Occasion"), self.label_edit)
        self.tier_row = QWidget(self)
        self.tier_layout = QHBoxLayout(self.tier_row)
        self.tier_layout.setContentsMargins(0, 0, 0, 0)
        self.tier_boxes: dict[str, QCheckBox] = {}
        self._add(left, "tiers", self.tr("Tiers"), self.tier_row)
        self.manager_combo = QComboBox(self)
        self.manager_combo.setObjectName("manager")
        self.manager_combo.addItem(self.tr("All managers"), None)
        self._add(left, "manager", self.tr("&Manager"), self.manager_combo)

        right = QFormLayout()
        right.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.item_edit = QLineEdit(self)
        self.item_edit.setObjectName("item")
        self.item_edit.setMaxLength(200)
        self.item_edit.setPlaceholderText(self.tr("e.g. Longjing tea, 250 g tin"))
        self._add(right, "item", self.tr("&Gift"), self.item_edit)
        self.cost_edit = QLineEdit(self)
        self.cost_edit.setObjectName("cost")
        self.cost_edit.setPlaceholderText("0.00")
        self._add(right, "cost", self.tr("&Cost per gift"), self.cost_edit)
        self.planned_for = OptionalDate(self.tr("set"), self)
        self._add(right, "planned_for", self.tr("&Planned for"), self.planned_for)
        self.story_edit = QPlainTextEdit(self)
        self.story_edit.setObjectName("story")
        self.story_edit.setPlaceholderText(self.tr("Why this gift, where it comes from"))
        self.story_edit.setFixedHeight(self.story_edit.fontMetrics().lineSpacing() * 2 + 14)
        self._add(right, "story", self.tr("&Story"), self.story_edit)

        form_row = QHBoxLayout()
        form_row.addLayout(left, 1)
        form_row.addSpacing(12)
        form_row.addLayout(right, 1)

        self.summary = QLabel(self)
        self.summary.setObjectName("planSummary")
        self.summary.setWordWrap(True)
        self.warning = QLabel(self)
        self.warning.setObjectName("budgetWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(WARNING_STYLE)
        self.warning.setTextFormat(Qt.TextFormat.PlainText)
        self.warning.hide()

        self.budget_model = TierBudgetModel(self)
        self.budget_view = table_view(self.budget_model, self, stretch=7, cap=200)
        self.budget_view.setObjectName("budgetTable")
        self.budget_view.setAlternatingRowColors(False)
        budget_box = QGroupBox(self.tr("Budget of the year"), self)
        budget_layout = QVBoxLayout(budget_box)
        budget_layout.addWidget(self.budget_view)
        budget_layout.addWidget(self.warning)

        self.customers_model = PlanCustomersModel(self)
        self.customers_view = table_view(self.customers_model, self, stretch=4, cap=220)
        self.customers_view.setObjectName("planCustomers")
        self.shown_note = QLabel(self)
        self.shown_note.setObjectName("shownNote")
        customers_box = QGroupBox(self.tr("Customers"), self)
        customers_layout = QVBoxLayout(customers_box)
        customers_layout.addWidget(self.customers_view)
        customers_layout.addWidget(self.shown_note)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(budget_box)
        splitter.addWidget(customers_box)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)

        self.buttons = QDialogButtonBox(self)
        self.create_button = self.buttons.addButton(self.tr("Create planned gifts"),
                                                    QDialogButtonBox.ButtonRole.ActionRole)
        self.create_button.setObjectName("createGifts")
        self.create_button.setEnabled(False)
        self.create_button.clicked.connect(self.create)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(form_row)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)
        self.resize(980, 720)

        self._make_preview_timer()
        self.label_edit.textChanged.connect(self.schedule)
        self.manager_combo.currentIndexChanged.connect(self.schedule)
        self.cost_edit.textChanged.connect(self.schedule)
        self.planned_for.changed.connect(self.schedule)
        self.summary.setText(self.tr("Loading the tiers…"))

        crm = ctx.crm
        self._run(lambda: (crm.tiers.list(), crm.managers.list()), self._fill_choices, self._load_failed)

    # ----- the form ----------------------------------------------------------------------------


    def _fill_choices(self, loaded) -> None:
        tiers, managers = loaded
        for tier in tiers:
            text = tier.code if tier.name in ("", tier.code) else f"{tier.code} – {tier.name}"
            box = QCheckBox(text, self.tier_row)
            box.setObjectName(f"tier_{tier.code}")
            if tier.gift_budget is not None:
                box.setToolTip(self.tr("Gift budget: {amount} per customer and year").format(
                    amount=labels.money_text(tier.gift_budget)))
            box.setChecked(tier.code in self._wanted_tiers)
            box.toggled.connect(self.schedule)
            self.tier_layout.addWidget(box)
            self.tier_boxes[tier.code] = box
        self.tier_layout.addStretch(1)
        for manager in managers:
            self.manager_combo.addItem(f"{manager.name} ({manager.login})", manager.login)
        self._loaded = True
        self.refresh()

    def _load_failed(self, exc: BaseException) -> None:
        self.banner.show_error(message_for(exc))
        self.failed.emit(message_for(exc))

    def values(self) -> dict[str, Any]:
        """What the form says, as plain values for the core."""
        planned = self.planned_for.value()
        return {
            "occasion_label": self.label_edit.text().strip(),
            "tiers": [code for code, box in self.tier_boxes.items() if box.isChecked()],
            "manager": self.manager_combo.currentData(),
            "item": self.item_edit.text().strip(),
            "cost": self.cost_edit.text().strip() or None,
            "planned_for": planned,
            "story": self.story_edit.toPlainText().strip() or None,
            "year": planned.year if planned else dt.date.today().year,
        }

    def show_problems(self, problems: dict[str, str]) -> None:
        stray = []
        for key, box in self._fields.items():
            box.error.show_message(problems.get(key))
        for key, text in problems.items():
            if key not in self._fields:
                stray.append(text)
        if stray:
            self.banner.show_error("\n".join(stray))
        else:
            self.banner.clear_message()

    # ----- the preview -------------------------------------------------------------------------

    def refresh(self) -> None:
        self._timer.stop()
        if not self._loaded:
            return
        values = self.values()
        self.show_problems({})
        if not values["occasion_label"]:
            self._clear(self.tr("Name the occasion (e.g. Spring Festival 2027) to see the plan."))
            return
        if not values["tiers"]:
            self._clear(self.tr("Choose at least one tier."))
            return
        crm = self.ctx.crm
        self.summary.setText(self.tr("Counting…"))

        def work():
            return crm.gift_plans.preview(values["occasion_label"], tiers=values["tiers"], manager=values["manager"],
                                          cost=values["cost"], year=values["year"])

        self._run(work, self._show_preview, self._preview_failed, key=f"gift-plan-preview:{id(self)}")

    def _clear(self, text: str) -> None:
        self.preview = None
        self.summary.setText(text)
        self.budget_model.set_records([])
        self.customers_model.set_records([])
        self.shown_note.clear()
        self.warning.hide()
        self._update_button()

    def _show_preview(self, preview: GiftPlanPreview) -> None:
        self.preview = preview
        label = preview.occasion_label
        if preview.customers == 0:
            text = self.tr("No customers in the chosen tiers.")
        else:
            parts = [self.tr("%Ln customer(s) in the chosen tiers.", "", preview.customers)]
            if preview.skipped:
                parts.append(self.tr("%Ln already have a gift for “{label}” and are skipped.", "", preview.skipped)
                             .format(label=label))
            parts.append(self.tr("%Ln gift(s) to plan.", "", preview.to_create))
            text = " ".join(parts)
        self.summary.setText(text)
        self.budget_model.set_records(preview.tiers)
        self.customers_model.set_records(preview.rows)
        self.budget_view.setFixedHeight(self._table_height(self.budget_view, max(1, len(preview.tiers))))
        if preview.more:
            self.shown_note.setText(self.tr("Showing the first %Ln of {total} customers.", "", len(preview.rows))
                                    .format(total=self.locale().toString(preview.customers)))
        else:
            self.shown_note.clear()
        self._show_warning(preview)
        self._update_button()
        self.previewed.emit(preview)

    def _show_warning(self, preview: GiftPlanPreview) -> None:
        lines = [self.budget_sentence(t, preview.year) for t in preview.tiers if t.over_budget]
        self.warning.setText("\n".join(lines))
        self.warning.setVisible(bool(lines))

    def budget_sentence(self, tier: TierBudget, year: int) -> str:
        return self.tr("Over budget in tier {tier}: the gifts of {year} would come to {total} ({spent} already, "
                       "{plan} in this plan) against a budget of {budget}, {over} too much.").format(
            tier=tier.tier, year=year, total=labels.money_text(tier.total), spent=labels.money_text(tier.spent),
            plan=labels.money_text(tier.plan_cost), budget=labels.money_text(tier.budget),
            over=labels.money_text(tier.total - tier.budget))

    @staticmethod
    def _table_height(view, rows: int) -> int:
        header = view.horizontalHeader().sizeHint().height()
        return header + rows * view.verticalHeader().defaultSectionSize() + 2 * view.frameWidth() + 2

    def _preview_failed(self, exc: BaseException) -> None:
        self.preview = None
        self._clear(self.tr("The plan cannot be shown yet."))
        if isinstance(exc, ValidationError):
            self.show_problems(exc.problems)
        else:
            self.banner.show_error(message_for(exc))
        self.failed.emit(message_for(exc))

    def _update_button(self) -> None:
        n = self.preview.to_create if self.preview is not None else 0
        self.create_button.setText(self.tr("Create %Ln planned gift(s)", "", n))
        self.create_button.setEnabled(n > 0 and not self.busy)

    # ----- creating ----------------------------------------------------------------------------

    def create(self) -> None:
        if self.busy or self.preview is None:
            return
        values = self.values()
        if not values["item"]:
            self.show_problems({"item": self.tr("Say what the gift is.")})
            self.item_edit.setFocus()
            return
        if self.preview.over_budget:
            answer = QMessageBox.question(
                self, self.tr("Plan gifts"),
                self.tr("This plan goes over the gift budget of the year:\n\n{lines}\n\nCreate the gifts anyway?")
                .format(lines=self.warning.text()),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.show_problems({})
        self.busy = True
        self._update_button()
        crm = self.ctx.crm

        def work():
            return crm.gift_plans.create(values["occasion_label"], values["item"], tiers=values["tiers"],
                                         manager=values["manager"], cost=values["cost"],
                                         planned_for=values["planned_for"], story=values["story"])

        self._run(work, self._created, self._create_failed, announce=True)

    def _created(self, result) -> None:
        count, changes = result
        self.busy = False
        self.banner.show_note(self.tr("%Ln planned gift(s) created for “{label}”.", "", count).format(
            label=self.label_edit.text().strip()))
        self.ctx.notify.emit(self.tr("%Ln planned gift(s) created.", "", count))
        self.created.emit(count)
        self.refresh()

    def _create_failed(self, exc: BaseException) -> None:
        self.busy = False
        self._update_button()
        if isinstance(exc, ValidationError):
            self.show_problems(exc.problems)
        else:
            self.banner.show_error(message_for(exc))
        self.failed.emit(message_for(exc))
