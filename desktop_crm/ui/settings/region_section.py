"""Settings ▸ Region and holidays: how phone numbers are read, and whose public holidays count."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.services import Changes
from desktop_crm.services.settings import holiday_country_choices, phone_region_choices

from ..context import AppContext
from .common import MessageLabel, by_country_name, country_label, country_name


class RegionSection(QWidget):
    """Three team-wide settings, saved together with one button."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.loaded = False
        self._saved_values: tuple[str, str, list[str]] | None = None
        self._build()
        ctx.changed.connect(self._changed)
        self.reload()

    # ----- building ------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)

        phones = QGroupBox(self.tr("Phone numbers"), self)
        phone_form = QFormLayout(phones)
        self.phone_combo = self._country_combo(phone_region_choices(), phones)
        self.phone_combo.setObjectName("phoneRegion")
        phone_about = QLabel(self.tr("A number typed without +country code is read as a number of this country."),
                             phones)
        phone_about.setWordWrap(True)
        phone_form.addRow(self.tr("Default country:"), _left(self.phone_combo))
        phone_form.addRow("", phone_about)
        layout.addWidget(phones)

        days = QGroupBox(self.tr("Public holidays"), self)
        days_layout = QVBoxLayout(days)
        days_form = QFormLayout()
        self.default_combo = self._country_combo(holiday_country_choices(), days)
        self.default_combo.setObjectName("defaultCountry")
        days_form.addRow(self.tr("Default country:"), _left(self.default_combo))
        default_about = QLabel(self.tr("Its holidays apply to customers whose country is not known."), days)
        default_about.setWordWrap(True)
        days_form.addRow("", default_about)
        days_layout.addLayout(days_form)
        team_about = QLabel(self.tr("Countries the team works in: their holidays appear in Today, so greetings "
                                    "and gifts can be prepared in time."), days)
        team_about.setWordWrap(True)
        days_layout.addWidget(team_about)
        self.filter_edit = QLineEdit(days)
        self.filter_edit.setPlaceholderText(self.tr("Find a country…"))
        self.filter_edit.setClearButtonEnabled(True)
        days_layout.addWidget(self.filter_edit)
        self.countries_list = QListWidget(days)
        self.countries_list.setObjectName("holidayCountries")
        for code in by_country_name(holiday_country_choices()):
            item = QListWidgetItem(country_label(code), self.countries_list)
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        days_layout.addWidget(self.countries_list, 1)
        self.chosen_label = QLabel(days)
        self.chosen_label.setWordWrap(True)
        days_layout.addWidget(self.chosen_label)
        layout.addWidget(days, 1)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.revert_button = QPushButton(self.tr("Undo changes"), self)
        self.save_button = QPushButton(self.tr("Save changes"), self)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        self.message = MessageLabel(self)
        self.message.setObjectName("regionMessage")
        layout.addWidget(self.message)

        self.phone_combo.currentIndexChanged.connect(self._edited)
        self.default_combo.currentIndexChanged.connect(self._edited)
        self.countries_list.itemChanged.connect(self._edited)
        self.filter_edit.textChanged.connect(self._filter)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        self._update_buttons()

    def _country_combo(self, codes: list[str], parent: QWidget) -> QComboBox:
        combo = QComboBox(parent)
        combo.setMaxVisibleItems(20)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for code in by_country_name(codes):
            combo.addItem(country_label(code), code)
        return combo

    # ----- values ---------------------------------------------------------------------------

    def values(self) -> tuple[str, str, list[str]]:
        """(phone region, default holiday country, chosen holiday countries in list order) as shown."""
        chosen = [self.countries_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.countries_list.count())
                  if self.countries_list.item(i).checkState() == Qt.CheckState.Checked]
        return self.phone_combo.currentData(), self.default_combo.currentData(), chosen

    def set_phone_region(self, code: str) -> None:
        self.phone_combo.setCurrentIndex(self.phone_combo.findData(code))

    def set_default_country(self, code: str) -> None:
        self.default_combo.setCurrentIndex(self.default_combo.findData(code))

    def set_holiday_countries(self, codes: list[str]) -> None:
        wanted = set(codes)
        self.countries_list.blockSignals(True)
        try:
            for i in range(self.countries_list.count()):
                item = self.countries_list.item(i)
                checked = item.data(Qt.ItemDataRole.UserRole) in wanted
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        finally:
            self.countries_list.blockSignals(False)
        self._edited()

    def is_dirty(self) -> bool:
        if self._saved_values is None:
            return False
        phone, default, chosen = self.values()
        saved_phone, saved_default, saved_chosen = self._saved_values
        return (phone, default, set(chosen)) != (saved_phone, saved_default, set(saved_chosen))

    # ----- loading and saving ---------------------------------------------------------------------

    def reload(self) -> None:
        settings = self.ctx.crm.settings
        self.ctx.tasks.run(lambda: (settings.phone_region(), settings.default_country(), settings.holiday_countries()),
                           self._loaded, self.message.failure, key="settings.region")

    def _loaded(self, values: tuple[str, str, list[str]]) -> None:
        if self.is_dirty():  # changed elsewhere while the user edits here: keep the user's choice
            self._saved_values = values
            self.message.info(self.tr("These settings were changed elsewhere; your choices not saved yet are kept."))
            self._update_buttons()
            return
        self._saved_values = values
        phone, default, chosen = values
        self.set_phone_region(phone)
        self.set_default_country(default)
        self.set_holiday_countries(chosen)
        self._chosen_first()
        self.loaded = True
        self._update_buttons()

    def save(self) -> None:
        phone, default, chosen = self.values()
        settings = self.ctx.crm.settings
        self.save_button.setEnabled(False)
        self.message.info(self.tr("Saving…"))
        self.ctx.tasks.run(lambda: settings.update_region(phone_region=phone, default_country=default,
                                                          holiday_countries=chosen),
                           lambda changes: self._saved(changes, (phone, default, chosen)), self._save_failed)

    def _saved(self, changes: Changes, values: tuple[str, str, list[str]]) -> None:
        self._saved_values = values
        self.message.good(self.tr("Saved."))
        self._update_buttons()
        self.ctx.announce(changes)

    def _save_failed(self, exc: BaseException) -> None:
        self.message.failure(exc)
        self._update_buttons()

    def revert(self) -> None:
        if self._saved_values is None:
            return
        phone, default, chosen = self._saved_values
        self._saved_values = None  # not dirty while the widgets are set back
        self.set_phone_region(phone)
        self.set_default_country(default)
        self.set_holiday_countries(chosen)
        self._saved_values = (phone, default, chosen)
        self.message.clear()
        self._update_buttons()

    def _changed(self, changes: Changes) -> None:
        if changes.settings:
            self.reload()

    # ----- small things -----------------------------------------------------------------------

    def _edited(self, *_args) -> None:
        chosen = self.values()[2]
        if chosen:
            names = ", ".join(sorted((country_name(c) for c in chosen), key=str.casefold))
            self.chosen_label.setText(self.tr("Chosen ({count}): {names}").format(count=len(chosen), names=names))
        else:
            self.chosen_label.setText(self.tr("No country chosen: Today shows no public holidays."))
        if self.message.kind == "good" and self.is_dirty():
            self.message.clear()
        self._update_buttons()

    def _update_buttons(self) -> None:
        dirty = self.is_dirty()
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)

    def _chosen_first(self) -> None:
        """The chosen countries at the top of the list, so they are seen without scrolling.

        Done on loading only: an item jumping away while the user ticks it would be confusing.
        """
        items = [self.countries_list.takeItem(0) for _ in range(self.countries_list.count())]
        items.sort(key=lambda item: (item.checkState() != Qt.CheckState.Checked, item.text().casefold()))
        self.countries_list.blockSignals(True)
        try:
            for item in items:
                self.countries_list.addItem(item)
        finally:
            self.countries_list.blockSignals(False)
        self.countries_list.scrollToTop()

    def _filter(self, text: str) -> None:
        needle = text.strip().casefold()
        for i in range(self.countries_list.count()):
            item = self.countries_list.item(i)
            code = item.data(Qt.ItemDataRole.UserRole)
            item.setHidden(bool(needle) and needle not in item.text().casefold() and needle != code.casefold())


def _left(widget: QWidget) -> QHBoxLayout:
    """The widget at its natural width, the rest of the row empty (a wide combo box is hard to read)."""
    row = QHBoxLayout()
    row.addWidget(widget)
    row.addStretch(1)
    return row
