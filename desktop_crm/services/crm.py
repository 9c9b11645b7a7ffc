"""The facade the GUI and the CLI hold: one object, a manager per domain."""

from __future__ import annotations

import contextlib
import functools
import getpass
import os
from collections.abc import Iterator

from sqlalchemy.orm import Session

from desktop_crm.db import Database, migrate

from . import session_hooks
from .agenda import AgendaService
from .audit import AuditService
from .bulk import BulkService
from .care import CareService
from .company_days import CompanyDayService
from .complaints import ComplaintService
from .contacts import ContactService
from .customers import CustomerService
from .gift_plans import GiftPlanService
from .managers import ManagerService
from .occasions import GiftService, OccasionService
from .purchases import PurchaseService
from .regional import RegionalCareService
from .settings import SettingsService
from .tiers import TierService


class Crm:
    """Opens the database (upgrading its schema) and offers the domain services.

    Every service call opens a short session and closes it; results are plain data.
    """

    def __init__(self, db: Database, *, actor: str | None = None):
        session_hooks.install()
        self.db = db
        self.actor = actor or _os_user()
        self.settings = SettingsService(self)
        self.customers = CustomerService(self)
        self.managers = ManagerService(self)
        self.tiers = TierService(self)
        self.contacts = ContactService(self)
        self.care = CareService(self)
        self.occasions = OccasionService(self)
        self.gifts = GiftService(self)
        self.purchases = PurchaseService(self)
        self.complaints = ComplaintService(self)
        self.audit = AuditService(self)
        self.bulk = BulkService(self)
        self.gift_plans = GiftPlanService(self)
        self.regional = RegionalCareService(self)
        self.agenda = AgendaService(self)
        self.company_days = CompanyDayService(self)

    @classmethod
    def open(cls, db: str | os.PathLike | None = None, *, actor: str | None = None, upgrade: bool = True,
             must_exist: bool = False) -> "Crm":
        database = Database.connect(db, must_exist=must_exist)
        if upgrade:
            migrate.upgrade(database)
        return cls(database, actor=actor)

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        with self.db.sessions() as s:
            s.info[session_hooks.ACTOR_KEY] = self.actor
            yield s

    @functools.cached_property
    def imports(self):
        """Importing files (desktop_crm.io builds on the services, so it is loaded on first use)."""
        from desktop_crm.io.importer import ImportService

        return ImportService(self)

    @functools.cached_property
    def exports(self):
        """Field sheets and other exports."""
        from desktop_crm.io.export import ExportService

        return ExportService(self)

    @functools.cached_property
    def cards(self):
        """Printable customer cards: everything a paper card shows, gathered in batches."""
        from .card_sheets import CardSheetService

        return CardSheetService(self)

    @functools.cached_property
    def abc(self):
        """A/B/C tiers recomputed from purchases: preview and apply."""
        from .abc import AbcService

        return AbcService(self)

    @functools.cached_property
    def reports(self):
        """The reports behind the Reports page, its exports and ``desktop-crm report``."""
        from .reports import ReportService

        return ReportService(self)

    @functools.cached_property
    def handovers(self):
        """A leaving manager's dossier, the handover and the successor's introduction calls."""
        from .handover import HandoverService

        return HandoverService(self)

    def close(self) -> None:
        self.db.dispose()


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name on some systems; the log then says "unknown"
        return "unknown"
