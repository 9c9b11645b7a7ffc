"""The handover dossier: what a leaving manager hands over, then one card per customer.

The first pages list every customer in the order of the handover (most valuable tiers first)
with the day of the successor's introduction call, then every open promise — follow-ups, care
tasks, complaints, promised gifts — under its customer. The cards follow, one per page, as
``cards.write_cards_pdf`` prints them.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QPainter

from desktop_crm.services.handover import HandoverPlan

from . import fonts
from .cards import Progress, card_format, card_text, draw_cards
from .document import Cancelled, PageCanvas, atomic_path, begin, esc, fix_text_map, page_layout, pdf_writer
from .qt_app import ensure_gui_app

STYLE = ("p { margin-top: 0px; margin-bottom: 0px; } h1 { font-size: large; } h2 { font-size: medium; } "
         "th { text-align: left; background-color: #e8e8e8; } td, th { padding: 2px 6px; }")


def tr(text: str) -> str:
    return QCoreApplication.translate("HandoverDossier", text)


def item_kind(kind: str) -> str:
    return {"follow_up": tr("Follow-up"), "task": tr("Care task"), "complaint": tr("Complaint"),
            "gift": tr("Promised gift")}.get(kind, kind)


def write_dossier_pdf(crm, plan: HandoverPlan, path: str | os.PathLike, page_size: str | None = None,
                      progress: Progress | None = None, should_stop: Callable[[], bool] | None = None) -> int:
    """Write the dossier of ``plan`` (summary pages, then the cards) to ``path``; returns the pages.

    The file is written whole or not at all; ``progress(done, total)`` returning False, or
    ``should_stop()``, cancels (``Cancelled``)."""
    ensure_gui_app()
    size = page_size or crm.cards.page_size()
    if progress is not None and progress(0, len(plan.customer_ids)) is False:
        raise Cancelled(tr("Printing was cancelled; nothing was written."))
    cards = crm.cards.cards(list(plan.customer_ids), today=plan.today)
    fmt = card_format(size)
    summary = summary_html(plan)
    text = card_text(cards) + summary
    plan_fonts = fonts.plan_for(text)
    with atomic_path(path) as temp:
        title = tr("Handover dossier: {name}").format(name=plan.from_name)
        writer = pdf_writer(temp, page_layout(size, fmt.margin_mm), title)
        painter = QPainter()
        begin(painter, writer, str(path))
        try:
            canvas = PageCanvas(painter, writer)
            doc = canvas.new_document()
            doc.setDefaultFont(plan_fonts.font(fmt.base_pt))
            doc.setDefaultStyleSheet(STYLE)
            doc.setHtml(summary)
            canvas.draw(doc)
            draw_cards(canvas, cards, fmt, plan_fonts, progress, should_stop)
            pages = canvas.pages
        finally:
            painter.end()
            del writer  # closes the file
        fix_text_map(temp, fonts.radical_aliases(text, plan_fonts))
    return pages


def summary_html(plan: HandoverPlan) -> str:
    """The dossier's first pages as HTML: who hands what to whom, the calls, the open promises."""
    successor = f"{plan.to_name} ({plan.to_login})" if plan.to_login else tr("the successor")
    tiers = ", ".join(f"{esc(code or tr('no tier'))}: {count}" for code, count in plan.by_tier)
    counts = ", ".join(f"{item_kind(kind)}: {plan.count(kind)}" for kind in ("follow_up", "complaint", "gift", "task"))
    parts = [
        f"<h1>{esc(tr('Handover dossier'))}</h1>",
        f"<p>{esc(tr('{leaver} hands {n} customers to {successor} on {day}.').format(leaver=f'{plan.from_name} ({plan.from_login})', n=len(plan.customer_ids), successor=successor, day=plan.today.isoformat()))}</p>",
        f"<p>{esc(tr('Customers by tier'))}: {tiers}</p>",
        f"<p>{esc(tr('Open promises'))}: {esc(counts)}</p>",
        f"<h2>{esc(tr('Customers and introduction calls'))}</h2>",
        _table((tr("Code"), tr("Customer"), tr("Tier"), tr("Introduction call"), tr("Open")),
               [(call.code, call.name, call.tier or "", call.due_on.isoformat(), str(len(plan.items_of(call.customer_id))))
                for call in plan.intro_calls]),
    ]
    if plan.items:
        parts.append(f"<h2>{esc(tr('Open promises'))}</h2>")
        names = {call.customer_id: f"{call.name} ({call.code})" for call in plan.intro_calls}
        rows = [(names.get(item.customer_id, ""), item_kind(item.kind), item.text,
                 item.due_on.isoformat() if item.due_on else "", item.since.isoformat() if item.since else "")
                for item in plan.items]
        parts.append(_table((tr("Customer"), tr("What"), tr("Promise"), tr("Due"), tr("Since")), rows))
    return "".join(parts)


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{esc(v)}</td>" for v in row) + "</tr>" for row in rows)
    return f'<table width="98%" cellspacing="0" border="0.5"><thead><tr>{head}</tr></thead>{body}</table>'
