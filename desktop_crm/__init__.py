"""desktop_crm: a desktop CRM for account-manager teams that keep their existing customers."""

__version__ = "0.1.0"
