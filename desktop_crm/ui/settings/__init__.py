"""The Settings page: database, managers, tiers, region and holidays."""

from .page import SettingsPage

__all__ = ["SettingsPage"]
