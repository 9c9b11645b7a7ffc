"""Wizard page 3: what the import would do — counts, preview, issues, options, conflicts, a test import.

Every option re-runs ``plan()`` on the worker (a moment after the last change); nothing is
written until the Import page, except a test import, which writes and rolls back.
"""

from __future__ import annotations

import phonenumbers
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop_crm.io.plan import FIELD_SHEET, ImportPlan, ImportRejected
from desktop_crm.services.settings import phone_region_choices

from ..settings.common import by_country_name, country_label, country_name
from ..tasks import message_for
from .check_models import IssuesModel, PreviewModel
from .columns_page import field_choices
from .common import (
    PageJob,
    ProgressRow,
    counts_text,
    fit_columns,
    message_label,
    region_language,
    set_message,
    table_view,
)
from .conflicts import ConflictsPanel

CURRENCIES = ("CNY", "USD", "EUR", "GBP", "RUB", "KRW", "JPY", "HKD", "TWD", "SGD", "INR", "IRR")
AMBIGUOUS_DATE = "day/month order"  # words of the importer's sentence for a date that reads two ways


def ambiguous_dates(plan: ImportPlan) -> int:
    return sum(1 for i in plan.errors if AMBIGUOUS_DATE in i.message)


def writes_something(plan: ImportPlan) -> bool:
    c = plan.counts
    return bool(c.new or c.updated or c.care_events or c.purchases or c.contacts)


class CheckPage(QWizardPage):
    def __init__(self, wizard):
        super().__init__(wizard)
        self._wiz = wizard
        self.state = wizard.state
        self.setTitle(self.tr("Check what will be imported"))
        self.setSubTitle(self.tr("Every row has been read and checked; nothing is written yet. Change an option "
                                 "and the check runs again."))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("&Import"))
        self.checks = 0  # plans shown so far (tests wait for the next one)
        self._filling = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self.check)

        self.progress = ProgressRow(self)
        self.job = PageJob(wizard.ctx, self.progress, "import-check", self)
        self.summary = QLabel(self)
        self.summary.setObjectName("checkSummary")
        self.summary.setWordWrap(True)
        font = self.summary.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.summary.setFont(font)
        self.message = message_label(self, "checkMessage")

        self._build_date_banner()
        self.hint_button = QPushButton(self)
        self.hint_button.setObjectName("regionHint")
        self.hint_button.setFlat(True)
        self.hint_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.hint_button.setStyleSheet("QPushButton#regionHint { color: #1A5FB4; text-decoration: underline; "
                                       "text-align: left; padding: 2px; }")
        self.hint_button.clicked.connect(self._take_hint)
        self.hint_button.hide()

        self.options_box = self._build_options()
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("checkTabs")
        self._build_preview()
        self._build_issues()
        self._build_conflicts()

        self.test_button = QPushButton(self.tr("&Test import"), self)
        self.test_button.setToolTip(self.tr("Do the whole import and then take it back: shows whether it goes "
                                            "through, writes nothing"))
        self.test_button.clicked.connect(self.test_import)
        self.again_button = QPushButton(self.tr("Check &again"), self)
        self.again_button.setToolTip(self.tr("Read the file again (after you saved changes to it)"))
        self.again_button.clicked.connect(self.check)
        self.test_label = message_label(self, "testResult")
        bottom = QHBoxLayout()
        bottom.addWidget(self.test_button)
        bottom.addWidget(self.again_button)
        bottom.addWidget(self.test_label, 1)
        bottom.addStretch(0)

        layout = QVBoxLayout(self)
        layout.addWidget(self.options_box)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addWidget(self.date_banner)
        layout.addWidget(self.hint_button)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)

    # ----- building --------------------------------------------------------------------------

    def _build_date_banner(self) -> None:
        self.date_banner = QFrame(self)
        self.date_banner.setObjectName("dateBanner")
        self.date_banner.setStyleSheet("QFrame#dateBanner { background: #FFF4CC; border: 1px solid #E0C060; "
                                       "border-radius: 4px; }")
        row = QHBoxLayout(self.date_banner)
        row.setContentsMargins(8, 4, 8, 4)
        self.date_banner_label = QLabel(self.date_banner)
        self.date_banner_label.setWordWrap(True)
        self.day_first_button = QPushButton(self.tr("Day first (31/12/1985)"), self.date_banner)
        self.month_first_button = QPushButton(self.tr("Month first (12/31/1985)"), self.date_banner)
        self.day_first_button.clicked.connect(lambda: self._set_date_order("dmy"))
        self.month_first_button.clicked.connect(lambda: self._set_date_order("mdy"))
        row.addWidget(self.date_banner_label, 1)
        row.addWidget(self.day_first_button)
        row.addWidget(self.month_first_button)
        self.date_banner.hide()

    def _build_options(self) -> QWidget:
        box = QFrame(self)
        box.setObjectName("checkOptions")

        self.date_combo = QComboBox(box)
        self.date_combo.setObjectName("dateOrder")
        self.date_combo.addItem(self.tr("Ask when unclear"), None)
        self.date_combo.addItem(self.tr("Day first (31/12/1985)"), "dmy")
        self.date_combo.addItem(self.tr("Month first (12/31/1985)"), "mdy")
        self.date_combo.addItem(self.tr("Year first (1985/12/31)"), "ymd")
        self.date_combo.currentIndexChanged.connect(self._date_changed)
        dates = QLabel(self.tr("&Dates like 03/04/1985:"), box)
        dates.setBuddy(self.date_combo)

        self.region_combo = QComboBox(box)
        self.region_combo.setObjectName("phoneRegion")
        self.region_combo.setMaxVisibleItems(20)
        for code in by_country_name(phone_region_choices()):
            self.region_combo.addItem(country_label(code), code)
        self.region_combo.currentIndexChanged.connect(self._region_changed)
        phones = QLabel(self.tr("&Phones without +country:"), box)
        phones.setBuddy(self.region_combo)

        self.currency_combo = QComboBox(box)
        self.currency_combo.setObjectName("currency")
        self.currency_combo.addItem(self.tr("As set for the team"), None)
        for code in CURRENCIES:
            self.currency_combo.addItem(code, code)
        self.currency_combo.currentIndexChanged.connect(self._currency_changed)
        self.currency_label = QLabel(self.tr("Amounts without a &currency:"), box)
        self.currency_label.setBuddy(self.currency_combo)

        self.skip_check = QCheckBox(self.tr("S&kip rows with errors"), box)
        self.skip_check.setObjectName("skipBadRows")
        self.skip_check.setToolTip(self.tr("Import the good rows and leave out the rows with errors"))
        self.skip_check.toggled.connect(self._skip_changed)
        self.managers_check = QCheckBox(box)
        self.managers_check.setObjectName("createManagers")
        self.managers_check.toggled.connect(self._managers_changed)
        self.managers_check.hide()

        first = QHBoxLayout()
        first.setSpacing(16)
        self.date_pair = _pair(box, dates, self.date_combo)
        self.currency_pair = _pair(box, self.currency_label, self.currency_combo)
        for pair in (self.date_pair, _pair(box, phones, self.region_combo), self.currency_pair):
            first.addWidget(pair)
        first.addStretch(1)
        checks = QHBoxLayout()
        checks.setSpacing(16)
        checks.addWidget(self.skip_check)
        checks.addWidget(self.managers_check, 1)
        rows = QVBoxLayout(box)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.addLayout(first)
        rows.addLayout(checks)
        return box

    def _build_preview(self) -> None:
        self.preview_model = PreviewModel(self)
        self.preview_view = table_view(self, "previewTable")
        self.preview_view.setModel(self.preview_model)
        self.tabs.addTab(self.preview_view, self.tr("Preview"))

    def _build_issues(self) -> None:
        page = QWidget(self)
        self.issues_model = IssuesModel(self)
        self.issues_view = table_view(page, "issuesTable")
        self.issues_view.setModel(self.issues_model)
        header = self.issues_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.issues_view.setColumnWidth(1, 140)
        self.issue_filter = QComboBox(page)
        self.issue_filter.setObjectName("issueFilter")
        self.issue_filter.addItem(self.tr("All problems"), IssuesModel.ALL)
        self.issue_filter.addItem(self.tr("Errors only"), IssuesModel.ERRORS)
        self.issue_filter.addItem(self.tr("Warnings only"), IssuesModel.WARNINGS)
        self.issue_filter.currentIndexChanged.connect(
            lambda _i: self.issues_model.set_filter(self.issue_filter.currentData()))
        self.issue_counts = QLabel(page)
        top = QHBoxLayout()
        shown = QLabel(self.tr("Sho&w:"), page)
        shown.setBuddy(self.issue_filter)
        top.addWidget(shown)
        top.addWidget(self.issue_filter)
        top.addWidget(self.issue_counts, 1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.issues_view, 1)
        self.issues_page = page
        self.tabs.addTab(page, self.tr("Problems"))

    def _build_conflicts(self) -> None:
        self.conflicts_page = ConflictsPanel(self)
        self.conflicts_page.hide()  # a tab only while there are conflicts
        self.conflict_table = self.conflicts_page.table
        self.keep_all_button = self.conflicts_page.keep_all_button
        self.take_all_button = self.conflicts_page.take_all_button
        self.conflicts_page.chosen.connect(self._conflict_chosen)
        self.conflicts_page.chosen_for_all.connect(self._all_chosen)

    # ----- the check ----------------------------------------------------------------------------

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        state = self.state
        purchases = state.current_kind == "purchases"
        self.currency_pair.setVisible(purchases)
        self.date_pair.setVisible(not state.is_field_sheet)  # a field sheet's dates are real date cells
        self.test_label.hide()
        if state.plan is not None and self._plan_matches(state.plan):
            self.show_plan(state.plan)
        else:
            self.check()

    def cleanupPage(self) -> None:  # noqa: N802 - going Back: a check under way is of no use any more
        self._timer.stop()
        if self.job.running:
            self.job.cancel()

    def _plan_matches(self, plan: ImportPlan) -> bool:
        return plan.path == self.state.path

    def schedule(self) -> None:
        """An option changed: check again a moment after the last change."""
        if self._filling:
            return
        self.state.plan = None
        self.completeChanged.emit()
        self._timer.start()

    def check(self) -> None:
        self._timer.stop()
        state = self.state
        if state.path is None:
            return
        path, options, imports = state.path, state.options(), self._wiz.ctx.crm.imports
        state.plan = None
        set_message(self.test_label, "")
        self.job.start(lambda progress, stop: imports.plan(path, options, progress=progress, should_stop=stop),
                       self.tr("Checking {name}…").format(name=path.name), self.show_plan, self._check_failed,
                       self._check_stopped)
        self.completeChanged.emit()

    def _check_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ImportRejected):
            self.show_plan(exc.plan)
            return
        self.state.plan = None
        self.summary.setText(self.tr("The file cannot be imported as it is."))
        set_message(self.message, message_for(exc), "error")
        self.preview_model.clear()
        self.issues_model.set_issues([])
        self.completeChanged.emit()

    def _check_stopped(self) -> None:
        self.summary.setText(self.tr("The check was cancelled."))
        set_message(self.message, self.tr("Press “Check again” to check the file."), "")
        self.completeChanged.emit()

    def show_plan(self, plan: ImportPlan) -> None:
        state = self.state
        state.plan = plan
        self.checks += 1
        self._filling = True
        try:
            if state.phone_region is None and plan.phone_region:
                self.region_combo.setCurrentIndex(max(0, self.region_combo.findData(plan.phone_region)))
            self._show_summary(plan)
            self._show_date_banner(plan)
            self._show_hint(plan)
            self._show_managers(plan)
            self._show_preview(plan)
            self._show_issues(plan)
            self._show_conflicts(plan)
        finally:
            self._filling = False
        self.completeChanged.emit()

    def _show_summary(self, plan: ImportPlan) -> None:
        rows = self.tr("%n row(s)", "", plan.rows_total)
        self.summary.setText(self.tr("{rows}: {counts}").format(rows=rows, counts=counts_text(plan.counts, plan.kind)))
        errors = len({i.row for i in plan.errors})
        if errors and not self.state.skip_bad_rows:
            set_message(self.message, self.tr(
                "%n row(s) have errors, so nothing would be imported. Fix the file, change the columns or the "
                "options, or tick “Skip rows with errors” to import the other rows.", "", errors), "error")
        elif not writes_something(plan):
            set_message(self.message, self.tr("Nothing to import: every row is already in the database as it is."),
                        "")
        elif errors:
            set_message(self.message, self.tr("%n row(s) with errors will be left out.", "", errors), "")
        else:
            set_message(self.message, "")

    def _show_date_banner(self, plan: ImportPlan) -> None:
        ambiguous = ambiguous_dates(plan)
        self.date_banner.setVisible(bool(ambiguous))
        if ambiguous:
            self.date_banner_label.setText(self.tr(
                "%n date(s) can be read two ways, like 03/04/1985 (3 April or 4 March). How does this file write "
                "dates?", "", ambiguous))

    def _show_hint(self, plan: ImportPlan) -> None:
        hint = plan.region_hint
        if not hint or hint == self.region_combo.currentData():
            self.hint_button.hide()
            return
        language = region_language(hint)
        country = country_name(hint)
        code = phonenumbers.country_code_for_region(hint)
        if language:
            text = self.tr("Names look {language} — read phone numbers without +country as numbers in {country} "
                           "(+{code})?").format(language=language, country=country, code=code)
        else:
            text = self.tr("Names suggest {country} — read phone numbers without +country as numbers in "
                           "{country} (+{code})?").format(country=country, code=code)
        self.hint_button.setText(text)
        self.hint_button.setProperty("region", hint)
        self.hint_button.show()

    def _show_managers(self, plan: ImportPlan) -> None:
        names = plan.unknown_managers
        visible = bool(names) or self.state.create_managers
        self.managers_check.setVisible(visible)
        if names:
            shown = ", ".join(names[:6]) + ("…" if len(names) > 6 else "")
            self.managers_check.setText(self.tr("Create the managers the file names: {names}").format(names=shown))
            self.managers_check.setToolTip(", ".join(names))

    def _show_preview(self, plan: ImportPlan) -> None:
        labels = self.field_labels(plan)
        order = [key for key in plan.mapping if key] if plan.kind != FIELD_SHEET else list(labels)
        self.preview_model.set_rows(plan.preview, labels, order)
        fit_columns(self.preview_view)
        shown = len(plan.preview)
        self.tabs.setTabText(0, self.tr("Preview (first %n row(s))", "", shown) if shown < plan.rows_total
                             else self.tr("Preview"))

    def field_labels(self, plan: ImportPlan) -> dict[str, str]:
        labels = {
            "code": self.tr("Code"), "name": self.tr("Name"), "visit_date": self.tr("Visit date"),
            "kind": self.tr("Kind"), "summary": self.tr("Result"), "next_step": self.tr("Next step"),
            "next_date": self.tr("Next date"), "phone": self.tr("Phone"), "mobile": self.tr("Mobile"),
            "email": self.tr("E-mail"), "address": self.tr("Address"), "tier": self.tr("Tier"),
            "manager": self.tr("Manager"), "contact_name": self.tr("Contact person"),
        }
        if plan.kind != FIELD_SHEET:
            try:
                labels.update(field_choices(plan.kind))
            except (ImportError, KeyError):
                pass
        return labels

    def _show_issues(self, plan: ImportPlan) -> None:
        self.issues_model.set_issues(plan.issues)
        errors, warnings = len(plan.errors), len(plan.warnings)
        self.issue_counts.setText(self.tr("{errors}, {warnings}").format(
            errors=self.tr("%n error(s)", "", errors), warnings=self.tr("%n warning(s)", "", warnings)))
        index = self.tabs.indexOf(self.issues_page)
        self.tabs.setTabText(index, self.tr("Problems (%n)", "", errors + warnings) if errors + warnings
                             else self.tr("Problems"))
        if errors and self.tabs.currentIndex() == 0 and not plan.conflicts:
            self.tabs.setCurrentIndex(index)
        elif not errors + warnings and self.tabs.currentIndex() == index:
            self.tabs.setCurrentIndex(0)

    def _show_conflicts(self, plan: ImportPlan) -> None:
        index = self.tabs.indexOf(self.conflicts_page)
        if not plan.conflicts:
            if index >= 0:
                self.tabs.removeTab(index)
                self.conflicts_page.hide()
            self.conflict_table.setRowCount(0)
            return
        if index < 0:
            index = self.tabs.addTab(self.conflicts_page, "")
            self.tabs.setCurrentIndex(index)
        self.tabs.setTabText(index, self.tr("Conflicts (%n)", "", len(plan.conflicts)))
        self.conflicts_page.show_conflicts(plan.conflicts, self.state.conflicts, self.state.conflict_default)

    # ----- options ---------------------------------------------------------------------------------

    def _set_date_order(self, order: str) -> None:
        self.date_combo.setCurrentIndex(self.date_combo.findData(order))

    def _date_changed(self, _index: int) -> None:
        self.state.date_order = self.date_combo.currentData()
        self.schedule()

    def _region_changed(self, _index: int) -> None:
        if self._filling:
            return
        self.state.phone_region = self.region_combo.currentData()
        self.hint_button.hide()
        self.schedule()

    def _take_hint(self) -> None:
        region = self.hint_button.property("region")
        if region:
            self.region_combo.setCurrentIndex(self.region_combo.findData(region))

    def _currency_changed(self, _index: int) -> None:
        self.state.currency = self.currency_combo.currentData()
        self.schedule()

    def _skip_changed(self, on: bool) -> None:
        self.state.skip_bad_rows = on
        self.schedule()

    def _managers_changed(self, on: bool) -> None:
        self.state.create_managers = on
        self.schedule()

    def _conflict_chosen(self, key: tuple[int, str], choice: str) -> None:
        self.state.conflicts[key] = choice
        self.schedule()

    def _all_chosen(self, choice: str) -> None:
        state = self.state
        state.conflict_default = choice
        keys = [c.key for c in state.plan.conflicts] if state.plan is not None else list(state.conflicts)
        state.conflicts = {key: choice for key in keys}
        self.schedule()

    # ----- the test import ----------------------------------------------------------------------------

    def test_import(self) -> None:
        self._timer.stop()
        state = self.state
        path, options, imports = state.path, state.options(), self._wiz.ctx.crm.imports
        set_message(self.test_label, "")
        self.job.start(lambda progress, stop: imports.run(path, options, dry_run=True, progress=progress,
                                                          should_stop=stop),
                       self.tr("Test import of {name}…").format(name=path.name), self._tested, self._test_failed,
                       lambda: set_message(self.test_label, self.tr("The test import was cancelled."), ""))
        self.completeChanged.emit()

    def _tested(self, result) -> None:
        self.show_plan(result.plan)
        set_message(self.test_label, self.tr("The test import went through: nothing was written."), "good")

    def _test_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ImportRejected):
            self.show_plan(exc.plan)
        set_message(self.test_label, message_for(exc), "error")
        self.completeChanged.emit()

    # ----- the wizard ---------------------------------------------------------------------------------

    def show_rejection(self, exc: ImportRejected) -> None:
        """The import page came back: the rows the import refused, and why."""
        self.show_plan(exc.plan)
        set_message(self.message, message_for(exc), "error")

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        plan = self.state.plan
        if plan is None or self.job.running or self._timer.isActive():
            return False
        if plan.errors and not self.state.skip_bad_rows:
            return False
        return writes_something(plan)

    def nextId(self) -> int:  # noqa: N802
        from .wizard import ImportWizard

        return ImportWizard.IMPORT


def _pair(parent: QWidget, label: QLabel, field: QWidget) -> QWidget:
    """A label and its field, shown or hidden together."""
    pair = QWidget(parent)
    row = QHBoxLayout(pair)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(label)
    row.addWidget(field)
    return pair


__all__ = ["CheckPage"]
