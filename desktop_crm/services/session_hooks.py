"""ORM hooks every session gets: sort keys, the search index, and the audit log.

They run inside the flush, in the same transaction as the change, so the index and the log
can never disagree with the data.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import json

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session

from desktop_crm.models import AuditAction, AuditLog, Complaint, ContactPerson, Customer, Manager, Tier, utcnow

from . import search_index
from .search_text import fold

AUDITED = (Customer, ContactPerson, Complaint, Manager, Tier)
NOT_AUDITED_FIELDS = {"updated_at", "created_at", "version", "sort_name", "last_call_at", "last_visit_at"}
SEARCHED_CUSTOMER_FIELDS = {"name", "company", "code", "email", "city", "phone", "phone_e164", "mobile",
                            "mobile_e164", "deleted_at"}
SEARCHED_CONTACT_FIELDS = {"name", "email", "phone", "phone_e164", "mobile", "mobile_e164", "customer_id"}

ACTOR_KEY = "actor"
BATCH_KEY = "import_batch_id"
_installed = False


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    return str(value)


def _changed_fields(obj) -> dict[str, tuple]:
    out = {}
    state = inspect(obj)
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in NOT_AUDITED_FIELDS:
            continue
        history = state.attrs[key].history
        if history.has_changes():
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if _text(old) != _text(new):
                out[key] = (old, new)
    return out


def _before_flush(session: Session, _ctx, _instances) -> None:
    for obj in list(session.new) + list(session.dirty):
        if isinstance(obj, Customer) and obj.name is not None:
            key = fold(obj.name)[:200]
            if obj.sort_name != key:
                obj.sort_name = key


def _after_flush(session: Session, _ctx) -> None:
    actor = session.info.get(ACTOR_KEY)
    batch = session.info.get(BATCH_KEY)
    now = utcnow()
    audit_rows: list[dict] = []
    reindex: set[int] = set()

    def log(obj, action, field=None, old=None, new=None):
        audit_rows.append({
            "at": now, "actor": actor, "entity": obj.__tablename__, "entity_id": obj.id,
            "action": action, "field": field, "old_value": _text(old), "new_value": _text(new),
            "import_batch_id": batch,
        })

    for obj in session.new:
        if isinstance(obj, AUDITED):
            log(obj, AuditAction.CREATE)
        if isinstance(obj, Customer):
            reindex.add(obj.id)
        elif isinstance(obj, ContactPerson):
            reindex.add(obj.customer_id)
    for obj in session.dirty:
        if not isinstance(obj, AUDITED):
            continue
        fields = _changed_fields(obj)
        for name, (old, new) in fields.items():
            log(obj, AuditAction.UPDATE, name, old, new)
        if isinstance(obj, Customer) and SEARCHED_CUSTOMER_FIELDS & fields.keys():
            reindex.add(obj.id)
        elif isinstance(obj, ContactPerson) and SEARCHED_CONTACT_FIELDS & fields.keys():
            reindex.add(obj.customer_id)
            if "customer_id" in fields and fields["customer_id"][0] is not None:
                reindex.add(fields["customer_id"][0])
    for obj in session.deleted:
        if isinstance(obj, AUDITED):
            log(obj, AuditAction.DELETE)
        if isinstance(obj, ContactPerson):
            reindex.add(obj.customer_id)

    conn = session.connection()
    if audit_rows:
        conn.execute(insert(AuditLog), audit_rows)
    if reindex:
        search_index.refresh(conn, reindex)


def install() -> None:
    """Attach the hooks to every ORM Session (idempotent)."""
    global _installed
    if _installed:
        return
    event.listen(Session, "before_flush", _before_flush)
    event.listen(Session, "after_flush", _after_flush)
    _installed = True
