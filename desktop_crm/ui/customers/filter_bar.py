"""The customer table's filters: tier, manager, status, region, overdue for contact."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QMenu, QToolButton, QWidget

from desktop_crm.services.records import ManagerRecord, TierRecord

STATUS_VALUES = ("prospect", "active", "dormant", "lost")
NO_VALUE = ""  # "customers without a tier" / "without a region"


@dataclass
class Filters:
    """What the filter bar says, in stable terms (tier codes, manager logins) for saved views."""

    tiers: list[str] = field(default_factory=list)
    managers: list[str] = field(default_factory=list)  # logins
    statuses: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    overdue: bool = False

    def to_json(self) -> dict:
        return {"tiers": self.tiers, "managers": self.managers, "statuses": self.statuses,
                "regions": self.regions, "overdue": self.overdue}

    @classmethod
    def from_json(cls, data: dict) -> "Filters":
        def strings(key):
            value = data.get(key) or []
            return [str(v) for v in value] if isinstance(value, list) else []

        return cls(strings("tiers"), strings("managers"), strings("statuses"), strings("regions"),
                   bool(data.get("overdue")))

    def is_empty(self) -> bool:
        return not (self.tiers or self.managers or self.statuses or self.regions or self.overdue)


class _ChoiceButton(QToolButton):
    """A button with a menu of checkable choices; its text says what is chosen."""

    changed = Signal()

    def __init__(self, label: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._label = label
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setMenu(QMenu(self))
        self._choices: list[tuple[str, str]] = []
        self._checked: set[str] = set()
        self._update_text()

    def set_choices(self, choices: list[tuple[str, str]]) -> None:
        """(value, text) pairs; checked values that are still offered stay checked."""
        if self._choices:  # values restored before the first choices arrived are kept for them
            self._checked &= {value for value, _ in choices}
        self._choices = choices
        self._rebuild()

    def checked(self) -> list[str]:
        return [value for value, _ in self._choices if value in self._checked]

    def set_checked(self, values: list[str]) -> None:
        self._checked = set(values)
        self._rebuild()

    def _rebuild(self) -> None:
        menu = self.menu()
        menu.clear()
        for value, text in self._choices:
            action = QAction(text, menu)
            action.setCheckable(True)
            action.setChecked(value in self._checked)
            action.toggled.connect(lambda on, v=value: self._toggle(v, on))
            menu.addAction(action)
        if not self._choices:
            empty = menu.addAction(self.tr("(nothing to choose)"))
            empty.setEnabled(False)
        self._update_text()

    def _toggle(self, value: str, on: bool) -> None:
        if on:
            self._checked.add(value)
        else:
            self._checked.discard(value)
        self._update_text()
        self.changed.emit()

    def _update_text(self) -> None:
        names = [text for value, text in self._choices if value in self._checked]
        if not names:
            self.setText(self._label)
        elif len(names) <= 2:
            self.setText(f"{self._label}: {', '.join(names)}")
        else:
            self.setText(self.tr("{label}: {count} chosen").format(label=self._label, count=len(names)))
        self.setToolTip(", ".join(names))


class FilterBar(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.tier_button = _ChoiceButton(self.tr("Tier"), self)
        self.manager_button = _ChoiceButton(self.tr("Manager"), self)
        self.status_button = _ChoiceButton(self.tr("Status"), self)
        self.region_button = _ChoiceButton(self.tr("Region"), self)
        self.overdue_box = QCheckBox(self.tr("Overdue for contact"), self)
        self.overdue_box.setToolTip(self.tr("Customers whose last call or visit is older than their tier's call cadence"))
        self.clear_button = QToolButton(self)
        self.clear_button.setText(self.tr("Clear filters"))
        for widget in (self.tier_button, self.manager_button, self.status_button, self.region_button,
                       self.overdue_box, self.clear_button):
            layout.addWidget(widget)
        layout.addStretch(1)
        for button in (self.tier_button, self.manager_button, self.status_button, self.region_button):
            button.changed.connect(self._changed)
        self.overdue_box.toggled.connect(self._changed)
        self.clear_button.clicked.connect(self.clear)
        self.status_button.set_choices([(value, status_text(value)) for value in STATUS_VALUES])
        self._update_clear()

    def set_tiers(self, tiers: list[TierRecord]) -> None:
        self.tier_button.set_choices([(t.code, f"{t.code} — {t.name}") for t in tiers]
                                     + [(NO_VALUE, self.tr("No tier"))])

    def set_managers(self, managers: list[ManagerRecord]) -> None:
        self.manager_button.set_choices([(m.login, m.name) for m in managers])

    def set_regions(self, regions: list[str]) -> None:
        self.region_button.set_choices([(r, r) for r in regions])

    def filters(self) -> Filters:
        return Filters(self.tier_button.checked(), self.manager_button.checked(), self.status_button.checked(),
                       self.region_button.checked(), self.overdue_box.isChecked())

    def set_filters(self, filters: Filters) -> None:
        """Show these filters without emitting ``changed`` once per widget."""
        self.blockSignals(True)
        try:
            self.tier_button.set_checked(filters.tiers)
            self.manager_button.set_checked(filters.managers)
            self.status_button.set_checked(filters.statuses)
            self.region_button.set_checked(filters.regions)
            self.overdue_box.setChecked(filters.overdue)
        finally:
            self.blockSignals(False)
        self._update_clear()

    def clear(self) -> None:
        self.set_filters(Filters())
        self.changed.emit()

    def _changed(self, *_args) -> None:
        self._update_clear()
        if not self.signalsBlocked():
            self.changed.emit()

    def _update_clear(self) -> None:
        self.clear_button.setEnabled(not self.filters().is_empty())


def status_text(value: str) -> str:
    from PySide6.QtCore import QCoreApplication

    texts = {
        "prospect": QCoreApplication.translate("FilterBar", "Prospect"),
        "active": QCoreApplication.translate("FilterBar", "Active"),
        "dormant": QCoreApplication.translate("FilterBar", "Dormant"),
        "lost": QCoreApplication.translate("FilterBar", "Lost"),
    }
    return texts.get(value, value)


__all__ = ["FilterBar", "Filters", "NO_VALUE", "STATUS_VALUES", "status_text"]
