"""The Settings page: database, managers, tiers, region and holidays, agenda."""

from .page import SettingsPage

__all__ = ["SettingsPage"]
