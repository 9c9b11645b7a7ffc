"""Saved views of the customer table: a name for a search, filters, sort and columns.

Views are the user's own and live in QSettings as JSON, keyed by name.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from PySide6.QtCore import QByteArray, QSettings

from .filter_bar import Filters

VIEWS_KEY = "customers/views"


@dataclass
class SavedView:
    name: str
    search: str = ""
    filters: Filters = field(default_factory=Filters)
    sort: str = "name"
    descending: bool = False
    header_state: bytes = b""  # QHeaderView.saveState(): column order, widths, hidden columns

    def to_json(self) -> dict:
        return {"name": self.name, "search": self.search, "filters": self.filters.to_json(), "sort": self.sort,
                "descending": self.descending, "header": bytes(QByteArray(self.header_state).toBase64()).decode()}

    @classmethod
    def from_json(cls, data: dict) -> "SavedView":
        header = QByteArray.fromBase64(str(data.get("header") or "").encode())
        return cls(name=str(data["name"]), search=str(data.get("search") or ""),
                   filters=Filters.from_json(data.get("filters") or {}), sort=str(data.get("sort") or "name"),
                   descending=bool(data.get("descending")), header_state=bytes(header.data()))


class ViewStore:
    def __init__(self, settings: QSettings):
        self._settings = settings

    def all(self) -> list[SavedView]:
        raw = self._settings.value(VIEWS_KEY, "[]")
        try:
            items = json.loads(raw if isinstance(raw, str) else "[]")
        except ValueError:
            return []  # a damaged entry must not stop the table from opening
        views = []
        for item in items if isinstance(items, list) else []:
            try:
                views.append(SavedView.from_json(item))
            except (KeyError, TypeError, ValueError):
                continue
        return sorted(views, key=lambda v: v.name.casefold())

    def get(self, name: str) -> SavedView | None:
        return next((v for v in self.all() if v.name == name), None)

    def save(self, view: SavedView) -> None:
        views = [v for v in self.all() if v.name != view.name] + [view]
        self._write(views)

    def delete(self, name: str) -> None:
        self._write([v for v in self.all() if v.name != name])

    def _write(self, views: list[SavedView]) -> None:
        self._settings.setValue(VIEWS_KEY, json.dumps([v.to_json() for v in views], ensure_ascii=False))
        self._settings.sync()
