"""Settings ▸ Tiers ▸ "Recompute from purchases…": A/B/C tiers by revenue, previewed, then applied."""

from __future__ import annotations

import datetime as dt

import shiboken6
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.errors import ValidationError
from desktop_crm.services import Changes
from desktop_crm.services.abc import clean_rates

from ..context import AppContext
from .common import ERROR_STYLE, MessageLabel

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def _money(value) -> str:
    return f"{value:,.2f}"


def _item(text: str, align=None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if align is not None:
        item.setTextAlignment(align)
    return item


def _compact(table: QTableWidget) -> None:
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)


def _read_only_table(parent: QWidget, headers: list[str], name: str, stretch: int) -> QTableWidget:
    """A table to show rows in; column ``stretch`` takes the spare width."""
    table = QTableWidget(0, len(headers), parent)
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    _compact(table)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


class AbcDialog(QDialog):
    """Period and exchange rates; Preview (off the GUI thread, cancellable); Apply after a confirmation.

    ``result`` holds the last preview or apply (AbcResult); ``changes`` what the apply changed.
    """

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.result = None
        self.loaded = False
        self.changes: Changes | None = None
        self.home = ""
        self.setWindowTitle(self.tr("Recompute tiers from purchases"))
        self.setMinimumSize(760, 640)
        layout = QVBoxLayout(self)
        about = QLabel(self.tr(
            "Customers are sorted by their revenue in the period, highest first. The first tiers take the "
            "customers who together make their share of the revenue (set under Tiers), counted from the top; "
            "the last tier takes the rest and everyone without revenue. Customers whose tier was set by hand "
            "keep it."), self)
        about.setWordWrap(True)
        layout.addWidget(about)
        layout.addLayout(self._build_inputs())
        layout.addWidget(self._build_results(), 1)
        self.message = MessageLabel(self)
        self.message.setObjectName("abcMessage")
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.preview_button = QPushButton(self.tr("Preview"), self)
        self.preview_button.setDefault(True)
        self.apply_button = QPushButton(self.tr("Apply…"), self)
        self.apply_button.setToolTip(self.tr("Move the customers as previewed (recomputed first) and keep the "
                                             "moves in each customer's tier history"))
        self.apply_button.setEnabled(False)
        close = QPushButton(self.tr("Close"), self)
        buttons.addWidget(self.preview_button)
        buttons.addStretch(1)
        buttons.addWidget(self.apply_button)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.preview_button.clicked.connect(self.preview)
        self.apply_button.clicked.connect(self.apply)
        close.clicked.connect(self.reject)
        self.preview_button.setEnabled(False)  # until the period and the rates are in
        self._load()

    # ----- building ----------------------------------------------------------------------------

    def _build_inputs(self) -> QHBoxLayout:
        row = QHBoxLayout()
        period = QGroupBox(self.tr("Period"), self)
        period_layout = QVBoxLayout(period)
        dates = QHBoxLayout()
        self.since_edit = QDateEdit(self)
        self.until_edit = QDateEdit(self)
        for edit in (self.since_edit, self.until_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        dates.addWidget(QLabel(self.tr("From"), self))
        dates.addWidget(self.since_edit)
        dates.addWidget(QLabel(self.tr("to"), self))
        dates.addWidget(self.until_edit)
        dates.addStretch(1)
        period_layout.addLayout(dates)
        self.currency_label = QLabel(self)
        self.currency_label.setWordWrap(True)
        period_layout.addWidget(self.currency_label)
        period_layout.addStretch(1)
        row.addWidget(period, 1)

        rates = QGroupBox(self.tr("Exchange rates"), self)
        rates_layout = QVBoxLayout(rates)
        self.rates_table = QTableWidget(0, 2, self)
        self.rates_table.setObjectName("ratesTable")
        _compact(self.rates_table)
        self.rates_table.horizontalHeader().setStretchLastSection(True)
        rows_shown = 4
        self.rates_table.setFixedHeight(self.rates_table.horizontalHeader().sizeHint().height()
                                        + rows_shown * self.rates_table.verticalHeader().defaultSectionSize()
                                        + 2 * self.rates_table.frameWidth())
        rates_layout.addWidget(self.rates_table)
        rate_buttons = QHBoxLayout()
        add = QPushButton(self.tr("Add currency"), self)
        remove = QPushButton(self.tr("Remove"), self)
        rate_buttons.addWidget(add)
        rate_buttons.addWidget(remove)
        rate_buttons.addStretch(1)
        rates_layout.addLayout(rate_buttons)
        add.clicked.connect(lambda: self._add_rate("", ""))
        remove.clicked.connect(self._remove_rate)
        row.addWidget(rates, 1)
        return row

    def _build_results(self) -> QWidget:
        box = QGroupBox(self.tr("Preview"), self)
        layout = QVBoxLayout(box)
        self.summary_label = QLabel(self.tr("Choose the period and press Preview."), self)
        self.summary_label.setObjectName("abcSummary")
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)
        self.left_out_label = QLabel(self)
        self.left_out_label.setObjectName("abcLeftOut")
        self.left_out_label.setWordWrap(True)
        self.left_out_label.setStyleSheet(ERROR_STYLE)
        self.left_out_label.hide()
        layout.addWidget(self.left_out_label)
        self.tiers_table = _read_only_table(box, [self.tr("Tier"), self.tr("ABC share"), self.tr("Before"),
                                                  self.tr("After"), self.tr("Revenue after"),
                                                  self.tr("Share of revenue")], "abcTiers", 0)
        layout.addWidget(self.tiers_table)
        self._fit_tiers()
        self.movers_tabs = QTabWidget(box)
        headers = [self.tr("Code"), self.tr("Customer"), self.tr("Move"), self.tr("Revenue")]
        self.up_table = _read_only_table(box, headers, "moversUp", 1)
        self.down_table = _read_only_table(box, headers, "moversDown", 1)
        self.movers_tabs.addTab(self.up_table, self.tr("Moving up"))
        self.movers_tabs.addTab(self.down_table, self.tr("Moving down"))
        layout.addWidget(self.movers_tabs, 1)
        return box

    # ----- loading -----------------------------------------------------------------------------

    def _load(self) -> None:
        abc = self.ctx.crm.abc
        self.ctx.tasks.run(lambda: (abc.home_currency(), abc.rates(), abc.default_period()), self._loaded,
                           self._failed)

    def _loaded(self, loaded) -> None:
        if not shiboken6.isValid(self):
            return
        self.home, rates, (since, until) = loaded
        self.since_edit.setDate(_qdate(since))
        self.until_edit.setDate(_qdate(until))
        self.currency_label.setText(self.tr("Revenue is counted in {home}, net of returns. Other currencies "
                                            "count at the rates on the right; lines in a currency without a "
                                            "rate are left out.").format(home=self.home))
        self.rates_table.setHorizontalHeaderLabels([self.tr("Currency"),
                                                    self.tr("{home} per unit").format(home=self.home)])
        for code, rate in rates.items():
            self._add_rate(code, f"{rate:g}")
        self.loaded = True
        self.preview_button.setEnabled(True)

    # ----- exchange rates ----------------------------------------------------------------------

    def _add_rate(self, code: str, rate: str) -> None:
        row = self.rates_table.rowCount()
        self.rates_table.insertRow(row)
        self.rates_table.setItem(row, 0, QTableWidgetItem(code))
        rate_item = QTableWidgetItem(rate)
        rate_item.setTextAlignment(RIGHT)
        self.rates_table.setItem(row, 1, rate_item)
        if not code:
            self.rates_table.editItem(self.rates_table.item(row, 0))

    def _remove_rate(self) -> None:
        row = self.rates_table.currentRow()
        if row >= 0:
            self.rates_table.removeRow(row)

    def rates(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for row in range(self.rates_table.rowCount()):
            code = (self.rates_table.item(row, 0).text() if self.rates_table.item(row, 0) else "").strip()
            rate = (self.rates_table.item(row, 1).text() if self.rates_table.item(row, 1) else "").strip()
            if code or rate:
                out[code] = rate
        return out

    # ----- preview and apply -------------------------------------------------------------------

    def period(self) -> tuple[dt.date, dt.date]:
        return _date(self.since_edit.date()), _date(self.until_edit.date())

    def preview(self) -> None:
        self._run(apply=False)

    def apply(self) -> None:
        if self.result is None:
            return
        result = self.result
        text = self.tr("Move the customers between tiers by their revenue from {since} to {until}? The preview "
                       "showed {up} moving up and {down} moving down; it is recomputed now, so the numbers may "
                       "differ a little. Each move is kept in the customer's tier history.").format(
            since=self.period()[0].isoformat(), until=self.period()[1].isoformat(),
            up=f"{result.up:,}", down=f"{result.down:,}")
        answer = QMessageBox.question(self, self.tr("Apply tiers"), text,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self._run(apply=True)

    def _run(self, *, apply: bool) -> None:
        abc, rates = self.ctx.crm.abc, self.rates()
        since, until = self.period()

        def work(report):
            cleaned = clean_rates(rates, abc.home_currency())  # a wrong rate stops here, nothing saved
            saved = abc.set_rates(cleaned) if cleaned != abc.rates() else Changes()
            if apply:
                result, changes = abc.apply(since, until, progress=report)
                return result, changes | saved
            return abc.preview(since, until, progress=report), saved

        self._busy(True)
        self.message.info(self.tr("Applying…") if apply else self.tr("Computing the preview…"))
        self.ctx.tasks.run_job(work, parent=self, title=self.windowTitle(),
                               label=self.tr("Moving customers between tiers…") if apply
                               else self.tr("Adding up revenue per customer…"),
                               on_done=self._done, on_failed=self._failed, on_cancelled=self._cancelled)

    def _done(self, outcome) -> None:
        if not shiboken6.isValid(self):
            return
        result, changes = outcome
        self._busy(False)
        self.show_result(result)
        if result.applied:
            self.changes = changes
            self.message.good(self.tr("Applied: %n customer(s) moved.", "", result.moved))
        else:
            self.message.info(self.tr("This is a preview; nothing was changed yet."))
        if changes.settings or changes.customer_list:
            self.ctx.announce(changes)

    def _failed(self, exc: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self._busy(False)
        if isinstance(exc, ValidationError):
            self.message.error("\n".join(exc.problems.values()))
        else:
            self.message.failure(exc)

    def _cancelled(self) -> None:
        if shiboken6.isValid(self):
            self._busy(False)
            self.message.info(self.tr("Cancelled; nothing was changed."))

    def _busy(self, busy: bool) -> None:
        self.preview_button.setEnabled(not busy)
        self.apply_button.setEnabled(not busy and self.result is not None)

    # ----- showing -----------------------------------------------------------------------------

    def show_result(self, result) -> None:
        self.result = result
        self.apply_button.setEnabled(True)
        self.summary_label.setText(self.tr(
            "Revenue {total} {home} from {paying} of {customers} customers. Moving up: {up}; moving down: "
            "{down}.").format(total=_money(result.total_revenue), home=result.currency,
                              paying=f"{result.with_revenue:,}", customers=f"{result.customers:,}",
                              up=f"{result.up:,}", down=f"{result.down:,}")
            + ("" if not result.kept else " " + self.tr("Kept by hand although revenue says otherwise: {n}.").format(
                n=f"{result.kept:,}")))
        self._show_left_out(result)
        self._fill_tiers(result)
        self._fill_movers(self.up_table, result.top_up, result.currency)
        self._fill_movers(self.down_table, result.top_down, result.currency)
        self.movers_tabs.setTabText(0, self.tr("Moving up ({n})").format(n=f"{result.up:,}"))
        self.movers_tabs.setTabText(1, self.tr("Moving down ({n})").format(n=f"{result.down:,}"))

    def _show_left_out(self, result) -> None:
        lines = [self.tr("Left out: {lines} lines in {currency} ({amount}) of {customers} customers; add a rate "
                         "for {currency} to count them.").format(
            lines=f"{x.lines:,}", currency=x.currency, amount=_money(x.amount), customers=f"{x.customers:,}")
            for x in result.left_out]
        self.left_out_label.setText("\n".join(lines))
        self.left_out_label.setVisible(bool(lines))
        known = set(self.rates())
        for x in result.left_out:
            if x.currency not in known:
                self._add_rate(x.currency, "")

    def _fill_tiers(self, result) -> None:
        table = self.tiers_table
        table.setRowCount(0)
        for tier in result.tiers:
            row = table.rowCount()
            table.insertRow(row)
            name = self.tr("(no tier)") if tier.code is None else (
                tier.code if tier.name in ("", tier.code) else f"{tier.code} · {tier.name}")
            share = ("—" if tier.code is None else self.tr("by hand")) if tier.share is None else f"{tier.share * 100:g} %"
            part = tier.revenue_after / result.total_revenue * 100 if result.total_revenue else 0
            cells = [_item(name), _item(share, RIGHT), _item(f"{tier.before:,}", RIGHT),
                     _item(f"{tier.after:,}", RIGHT), _item(_money(tier.revenue_after), RIGHT),
                     _item(f"{part:.1f} %", RIGHT)]
            for column, item in enumerate(cells):
                table.setItem(row, column, item)
        self._fit_tiers()

    def _fit_tiers(self) -> None:
        """As tall as its rows (three before there are any), so the movers get the rest."""
        table = self.tiers_table
        rows = max(table.rowCount(), 3)
        table.setFixedHeight(table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
                             + rows * table.verticalHeader().defaultSectionSize())

    def _fill_movers(self, table: QTableWidget, movers, currency: str) -> None:
        table.setRowCount(len(movers))
        for row, m in enumerate(movers):
            move = f"{m.from_tier or '—'} → {m.to_tier or '—'}"
            for column, item in enumerate((_item(m.code), _item(m.name), _item(move, Qt.AlignmentFlag.AlignCenter),
                                           _item(f"{_money(m.revenue)} {currency}", RIGHT))):
                table.setItem(row, column, item)

