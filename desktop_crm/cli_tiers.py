"""desktop-crm tiers: A/B/C tiers from purchases. (Being written.)"""

from __future__ import annotations

COMMANDS: dict = {}


def register(sub) -> None:
    """Add this module's sub-command to the ``desktop-crm`` parser."""
