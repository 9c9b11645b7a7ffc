"""The customer search index: building documents, keeping them current, and querying them.

Documents live in ``customer_search``; the migrations put an FTS5 index over it on SQLite
(kept in step by triggers) and a GIN-indexed generated tsvector on PostgreSQL.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import partial

import numpy as np
from sqlalchemy import Connection, delete, insert, select, text

from desktop_crm.models import ContactPerson, Customer, CustomerSearch

from . import phones
from .search_text import document, fts5_match, parse_query, tsquery

_CUSTOMER_COLUMNS = (
    Customer.id, Customer.name, Customer.company, Customer.code, Customer.email, Customer.city,
    Customer.phone, Customer.phone_e164, Customer.mobile, Customer.mobile_e164, Customer.deleted_at,
)
_CONTACT_COLUMNS = (
    ContactPerson.customer_id, ContactPerson.name, ContactPerson.email,
    ContactPerson.phone, ContactPerson.phone_e164, ContactPerson.mobile, ContactPerson.mobile_e164,
)


def _phone_value(raw: str | None, e164: str | None) -> str | None:
    return e164 or raw


def customer_document(customer, contacts: Iterable = ()) -> str:
    """The search document of one customer (row or object with the customer columns)."""
    texts = [customer.name, customer.company, customer.code, customer.email, customer.city]
    phone_values = [_phone_value(customer.phone, customer.phone_e164), _phone_value(customer.mobile, customer.mobile_e164)]
    for contact in contacts:
        texts.extend((contact.name, contact.email))
        phone_values.extend((_phone_value(contact.phone, contact.phone_e164), _phone_value(contact.mobile, contact.mobile_e164)))
    return document(texts, phone_values)


def refresh(conn: Connection, customer_ids: Iterable[int]) -> None:
    """Rewrite the documents of these customers (deleted ones leave the index)."""
    ids = sorted(set(customer_ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = conn.execute(select(*_CUSTOMER_COLUMNS).where(Customer.id.in_(chunk))).all()
        contacts = defaultdict(list)
        for contact in conn.execute(select(*_CONTACT_COLUMNS).where(ContactPerson.customer_id.in_(chunk))):
            contacts[contact.customer_id].append(contact)
        conn.execute(delete(CustomerSearch).where(CustomerSearch.customer_id.in_(chunk)))
        docs = [
            {"customer_id": row.id, "doc": customer_document(row, contacts[row.id])}
            for row in rows
            if row.deleted_at is None
        ]
        if docs:
            conn.execute(insert(CustomerSearch), docs)


def rebuild_all(conn: Connection, batch: int = 5000) -> int:
    """Rebuild every document; used by the migration that creates the index and by repairs."""
    conn.execute(delete(CustomerSearch))
    last_id, total = 0, 0
    while True:
        ids = conn.execute(
            select(Customer.id).where(Customer.id > last_id).order_by(Customer.id).limit(batch)
        ).scalars().all()
        if not ids:
            return total
        refresh(conn, ids)
        total += len(ids)
        last_id = ids[-1]


def match_ids(conn: Connection, search: str, *, region: str = phones.DEFAULT_REGION,
              limit: int | None = None) -> list[int] | None:
    """Customer ids whose document matches ``search``, in no particular order.

    Returns None when the text holds nothing searchable (then every customer matches).
    """
    compiled = compile_query(conn, search, region)
    if compiled is None:
        return None
    sql, param = ids_filter_sql(conn)
    params = {param: compiled}
    if limit is not None:
        sql += " LIMIT :n"
        params["n"] = limit
    return list(conn.execute(text(sql), params).scalars())


PROGRESS_STEPS = 20_000  # SQLite virtual-machine steps between two questions to should_stop


def all_matching_ids(conn: Connection, compiled: str, *, should_stop=None) -> Sequence[int]:
    """Every customer id matching a compiled query (``compile_query``), in no order.

    On SQLite the ids come back as one comma-separated string that numpy parses (a million rows
    as Python tuples cost ten times more), and ``should_stop`` can interrupt the read through SQLite's progress handler.
    """
    from .id_order import Stopped, as_ids

    if should_stop is not None and should_stop():
        raise Stopped("The search was replaced by a newer one.")
    if conn.dialect.name != "sqlite":
        sql, param = ids_filter_sql(conn)
        return as_ids([row[0] for row in conn.execute(text(sql), {param: compiled})])
    raw = conn.connection.driver_connection
    if should_stop is not None:
        raw.set_progress_handler(lambda: 1 if should_stop() else 0, PROGRESS_STEPS)
    try:
        joined = raw.execute("SELECT group_concat(rowid) FROM customer_fts WHERE customer_fts MATCH ?",
                             (compiled,)).fetchone()[0]
    except sqlite3.OperationalError as exc:
        if should_stop is not None and should_stop():
            raise Stopped("The search was replaced by a newer one.") from exc
        raise
    finally:
        if should_stop is not None:
            raw.set_progress_handler(None, 0)
    return np.fromstring(joined, dtype=np.int64, sep=",") if joined else as_ids([])


def ids_filter_sql(conn: Connection) -> tuple[str, str]:
    """SQL text (and the name of its bound parameter) selecting the matching ids, for use in IN (...)."""
    if conn.dialect.name == "sqlite":
        return "SELECT rowid AS id FROM customer_fts WHERE customer_fts MATCH :search_q", "search_q"
    return "SELECT customer_id AS id FROM customer_search WHERE tsv @@ CAST(:search_q AS tsquery)", "search_q"


def compile_query(conn: Connection, search: str, region: str) -> str | None:
    query = parse_query(search, partial(phones.national_digits, region=region))
    if not query:
        return None
    return fts5_match(query) if conn.dialect.name == "sqlite" else tsquery(query)


