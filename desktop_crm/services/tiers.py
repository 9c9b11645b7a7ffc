"""Tiers and their service policy; moving customers between tiers with history."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_crm.errors import NotFoundError, ValidationError
from desktop_crm.models import Customer, Tier, TierChange, TierChangeReason, utcnow

from . import validation
from .changes import Changes
from .records import TierRecord

if TYPE_CHECKING:
    from .crm import Crm


def _record(t: Tier) -> TierRecord:
    return TierRecord(id=t.id, code=t.code, name=t.name, rank=t.rank, colour=t.colour,
                      call_cadence_days=t.call_cadence_days, visit_cadence_days=t.visit_cadence_days,
                      gift_budget=t.gift_budget, revenue_share=t.revenue_share)


EDITABLE = ("name", "call_cadence_days", "visit_cadence_days", "gift_budget", "revenue_share", "colour")
FIELD_WORDS = {"name": "name", "call_cadence_days": "call cadence", "visit_cadence_days": "visit cadence",
               "gift_budget": "yearly gift budget", "revenue_share": "ABC revenue share", "colour": "colour"}
COLOUR_RE = re.compile(r"^#[0-9A-Fa-f]{6}$")
SHARE_TOLERANCE = Decimal("0.000001")
NAME_LIMIT = 100


class TierService:
    def __init__(self, crm: "Crm"):
        self._crm = crm

    def list(self) -> list[TierRecord]:
        with self._crm.session() as s:
            return [_record(t) for t in s.scalars(select(Tier).order_by(Tier.rank, Tier.code))]

    def update(self, tier_id: int, data: dict[str, Any]) -> tuple[TierRecord, Changes]:
        """Change one tier's name and service policy; see ``update_many`` for the rules."""
        records, changes = self.update_many({tier_id: data})
        return records[0], changes

    def update_many(self, edits: dict[int, dict[str, Any]]) -> tuple[list[TierRecord], Changes]:
        """Change several tiers at once, checked together, in one transaction.

        Fields: name, call_cadence_days and visit_cadence_days (whole days, 1 or more, or
        empty), gift_budget (zero or more, or empty), revenue_share (a fraction 0..1 or empty;
        all tiers' shares together at most 1) and colour (#RRGGBB). Problems are keyed
        "CODE.field" (e.g. "A.call_cadence_days"), the sum of shares "revenue_share"; each
        message names the field and the tier. Nothing is written when there is a problem.
        """
        problems = validation.Problems()
        with self._crm.session() as s:
            # Locked (PostgreSQL) so that two people raising shares at once cannot pass 100 % together.
            tiers = {t.id: t for t in s.scalars(select(Tier).order_by(Tier.rank, Tier.code).with_for_update())}
            cleaned: dict[int, dict[str, Any]] = {}
            for tier_id, data in edits.items():
                tier = tiers.get(tier_id)
                if tier is None:
                    raise NotFoundError(f"There is no tier with id {tier_id}; it may have been removed.")
                cleaned[tier_id] = _clean_tier(tier.code, data, problems)
            shares = {t.id: cleaned.get(t.id, {}).get("revenue_share", _decimal(t.revenue_share))
                      for t in tiers.values()}
            if not any(key.endswith(".revenue_share") for key in problems):
                total = sum((v for v in shares.values() if v is not None), Decimal(0))
                if total > 1 + SHARE_TOLERANCE:
                    parts = ", ".join(f"{tiers[i].code} {_percent(v)}" for i, v in shares.items() if v)
                    problems["revenue_share"] = (f"the ABC revenue shares of all tiers add up to {_percent(total)} "
                                                 f"({parts}); together they may be at most 100 %")
            if problems:
                raise ValidationError(problems)
            for tier_id, values in cleaned.items():
                tier = tiers[tier_id]
                for key, value in values.items():
                    if key == "revenue_share":
                        value = None if value is None else float(value)
                    if getattr(tier, key) != value:
                        setattr(tier, key, value)
            s.commit()
            return [_record(tiers[i]) for i in edits], Changes(tiers=True)

    def record_change(self, s: Session, customer: Customer, new_tier_id: int | None, *, manual: bool,
                      note: str | None = None) -> None:
        """Move one customer inside an open session and write the TierChange history."""
        s.add(TierChange(customer_id=customer.id, from_tier_id=customer.tier_id, to_tier_id=new_tier_id,
                         changed_at=utcnow(), reason=TierChangeReason.MANUAL if manual else TierChangeReason.AUTOMATIC,
                         actor=s.info.get("actor"), note=note))
        customer.tier_id = new_tier_id
        if manual:
            customer.tier_pinned = True

    @staticmethod
    def id_of(s: Session, code: str | None) -> int | None:
        """The id of the tier with this code (None for no tier); NotFoundError names a code that is not one."""
        if not code:
            return None
        tier_id = s.scalar(select(Tier.id).where(Tier.code == code))
        if tier_id is None:
            raise NotFoundError(f"There is no tier {code!r}.")
        return tier_id

    def set_tier(self, customer_ids: list[int], code: str | None, *, note: str | None = None) -> Changes:
        """Set a manual tier for these customers (pinned, so automatic ABC keeps it)."""
        with self._crm.session() as s:
            tier_id = self.id_of(s, code)
            for customer in s.scalars(select(Customer).where(Customer.id.in_(customer_ids))):
                if customer.tier_id != tier_id:
                    self.record_change(s, customer, tier_id, manual=True, note=note)
                else:
                    customer.tier_pinned = True
            s.commit()
        return Changes(customers=frozenset(customer_ids), customer_list=True)

    def history(self, customer_id: int) -> list[dict]:
        with self._crm.session() as s:
            codes = dict(s.execute(select(Tier.id, Tier.code)).all())
            rows = s.scalars(select(TierChange).where(TierChange.customer_id == customer_id)
                             .order_by(TierChange.changed_at.desc(), TierChange.id.desc()))
            return [{"from": codes.get(r.from_tier_id), "to": codes.get(r.to_tier_id), "at": r.changed_at,
                     "reason": r.reason.value, "actor": r.actor, "note": r.note} for r in rows]


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _percent(share: Decimal) -> str:
    text = format((share * 100).quantize(Decimal("0.01")).normalize(), "f")
    return f"{text} %"


def _clean_tier(code: str, data: dict[str, Any], problems: validation.Problems) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        field = f"{code}.{key}"
        if key not in EDITABLE:
            problems[field] = f"tier {code} has no field {key!r} that can be changed here"
            continue
        words = f"the {FIELD_WORDS[key]} of tier {code}"
        if isinstance(value, str):
            value = value.strip()
        if key == "name":
            if not value:
                problems[field] = f"{words} cannot be empty"
            elif len(str(value)) > NAME_LIMIT:
                problems[field] = f"{words} is longer than {NAME_LIMIT} characters"
            else:
                out[key] = str(value)
        elif key in ("call_cadence_days", "visit_cadence_days"):
            out[key] = _days(value, words, field, problems)
        elif key == "gift_budget":
            out[key] = _amount(value, words, field, problems)
        elif key == "revenue_share":
            out[key] = _share(value, words, field, problems)
        elif key == "colour":
            if not isinstance(value, str) or not COLOUR_RE.match(value):
                problems[field] = f"{words} must be written #RRGGBB, e.g. #2F6DB5 (not {value!r})"
            else:
                out[key] = value.upper()
    return out


def _number(value) -> Decimal | None:
    if isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).replace(" ", "").replace("\u00a0", ""))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _days(value, words: str, field: str, problems: validation.Problems) -> int | None:
    if value is None or value == "":
        return None
    number = _number(value)
    if number is None or number != number.to_integral_value() or number < 1:
        problems[field] = f"{words} must be a whole number of days, 1 or more, or empty (not {value!r})"
        return None
    return int(number)


def _amount(value, words: str, field: str, problems: validation.Problems) -> Decimal | None:
    if value is None or value == "":
        return None
    number = _number(str(value).replace(",", ""))  # thousands separators, as validation.money reads them
    if number is None or number < 0:
        problems[field] = f"{words} must be an amount of zero or more, or empty (not {value!r})"
        return None
    return number.quantize(Decimal("0.01"))


def _share(value, words: str, field: str, problems: validation.Problems) -> Decimal | None:
    if value is None or value == "":
        return None
    number = _number(value)
    if number is None or number < 0 or number > 1:
        shown = f"{_percent(number)}" if number is not None else repr(value)
        problems[field] = f"{words} must be between 0 and 100 % (not {shown})"
        return None
    return number
