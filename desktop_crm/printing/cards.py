"""Customer cards on paper: one card per page, to a PDF file or a printer.

``write_cards_pdf(cards, path, page_size)`` writes a PDF (through a temporary file renamed into
place); ``print_cards(cards, printer)`` paints on a QPrinter (print, or a print preview). Both take
``progress(done, total)`` (returning False stops) and ``should_stop()``; a stopped job raises
``Cancelled`` and writes nothing.

A card is HTML laid out by QTextDocument. Each paper size has its own type size and list lengths;
a card that still runs over is laid out again smaller (up to three times) and only then goes on to
a second page. Every character is checked against the installed fonts first (``fonts.plan_for``).
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QPagedPaintDevice, QPainter

from desktop_crm.errors import CrmError
from desktop_crm.services.card_sheets import PrintCard

from . import fonts
from .document import (
    PAGE_SIZES,
    Cancelled,
    PageCanvas,
    atomic_path,
    begin,
    esc,
    fix_text_map,
    page_layout,
    pdf_writer,
    printer_pdf_file,
)
from .qt_app import ensure_gui_app

Progress = Callable[[int, int], "bool | None"]


def tr(text: str) -> str:
    return QCoreApplication.translate("PrintCard", text)


def vocabulary(value: str | None) -> str:
    """A vocabulary value (care kind, occasion kind, severity…) by its English name on the card,
    translated with the customer card's own words (context CardLabels)."""
    if not value:
        return ""
    english = _SPECIAL.get(value) or value.replace("_", " ").capitalize()
    return QCoreApplication.translate("CardLabels", english)


_SPECIAL = {"complaint_follow_up": "Complaint follow-up", "custom": "Other occasion"}


@dataclass(frozen=True)
class CardFormat:
    """Type sizes (pt), list lengths and text lengths for one paper size."""

    margin_mm: float
    base_pt: float
    two_columns: bool
    contacts: int
    care: int
    gifts: int
    complaints: int
    occasions: int
    text_chars: int

    def smaller(self) -> "CardFormat":
        return replace(self, base_pt=round(self.base_pt * 0.9, 2), contacts=max(1, self.contacts - 1),
                       care=max(1, self.care - 1), gifts=max(1, self.gifts - 1),
                       complaints=max(1, self.complaints - 1), occasions=max(1, self.occasions - 1),
                       text_chars=max(60, int(self.text_chars * 0.7)))


FORMATS = {
    "A4": CardFormat(margin_mm=14, base_pt=10, two_columns=True, contacts=6, care=5, gifts=5, complaints=5,
                     occasions=5, text_chars=600),
    "A5": CardFormat(margin_mm=10, base_pt=8.5, two_columns=True, contacts=4, care=4, gifts=3, complaints=3,
                     occasions=4, text_chars=320),
    "A6": CardFormat(margin_mm=6, base_pt=7, two_columns=False, contacts=3, care=3, gifts=2, complaints=2,
                     occasions=3, text_chars=160),
}
SHRINK_STEPS = 3
STYLE = "p { margin-top: 0px; margin-bottom: 0px; }"
NOWRAP = ' style="white-space: nowrap"'


# ----- writing and printing ----------------------------------------------------------------------


def write_cards_pdf(cards: Sequence[PrintCard], path: str | os.PathLike, page_size: str = "A4",
                    progress: Progress | None = None, should_stop: Callable[[], bool] | None = None) -> int:
    """One card per page to a PDF at ``path`` (written whole or not at all); returns the pages."""
    ensure_gui_app()
    fmt = card_format(page_size)
    text = card_text(cards)
    plan = fonts.plan_for(text)
    with atomic_path(path) as temp:
        writer = pdf_writer(temp, page_layout(page_size, fmt.margin_mm), _title(cards))
        painter = QPainter()
        begin(painter, writer, str(path))
        try:
            pages = _render(cards, painter, writer, fmt, plan, progress, should_stop)
        finally:
            painter.end()
            del writer  # closes the file
        fix_text_map(temp, fonts.radical_aliases(text, plan))
    return pages


def print_cards(cards: Sequence[PrintCard], printer: QPagedPaintDevice, page_size: str | None = None,
                progress: Progress | None = None, should_stop: Callable[[], bool] | None = None) -> int:
    """Paint the cards on a printer (or a preview's printer) with its own page layout; returns the pages.

    ``page_size`` picks the type sizes and list lengths (default: the printer's paper when it is
    A4, A5 or A6, else A4)."""
    ensure_gui_app()
    fmt = card_format(page_size or _size_name(printer))
    text = card_text(cards)
    plan = fonts.plan_for(text)
    painter = QPainter()
    begin(painter, printer, tr("the printer"))
    try:
        pages = _render(cards, painter, printer, fmt, plan, progress, should_stop)
    except Cancelled:
        abort = getattr(printer, "abort", None)  # a QPrinter drops the pages sent so far
        if abort is not None:
            abort()
        raise
    finally:
        painter.end()
    pdf_file = printer_pdf_file(printer)
    if pdf_file:
        fix_text_map(pdf_file, fonts.radical_aliases(text, plan))
    return pages


def card_text(cards: Sequence[PrintCard]) -> str:
    """Every piece of text the cards print, labels included (for the font check)."""
    parts: list[str] = []
    for card in cards:
        _collect(card, parts)
    if cards:  # the labels, in the language the window speaks
        parts.append(html.unescape(re.sub(r"<[^>]*>", " ", card_html(cards[0], FORMATS["A4"], fonts.FontPlan(())))))
    return "".join(parts) + "—·…★"


def _collect(value, parts: list[str]) -> None:
    if isinstance(value, str):
        parts.append(value)
    elif isinstance(value, (tuple, list)):
        for item in value:
            _collect(item, parts)
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            _collect(getattr(value, name), parts)


def _render(cards: Sequence[PrintCard], painter: QPainter, device: QPagedPaintDevice, fmt: CardFormat,
            plan: fonts.FontPlan, progress: Progress | None, should_stop: Callable[[], bool] | None) -> int:
    canvas = PageCanvas(painter, device)
    draw_cards(canvas, cards, fmt, plan, progress, should_stop)
    return canvas.pages


def draw_cards(canvas: PageCanvas, cards: Sequence[PrintCard], fmt: CardFormat, plan: fonts.FontPlan,
               progress: Progress | None = None, should_stop: Callable[[], bool] | None = None) -> None:
    """The cards, each from the top of a new page, after whatever ``canvas`` already holds."""
    doc = canvas.new_document()
    doc.setDefaultFont(plan.font(fmt.base_pt))
    doc.setDefaultStyleSheet(STYLE)
    total = len(cards)
    for done, card in enumerate(cards):
        if (should_stop is not None and should_stop()) or (progress is not None and progress(done, total) is False):
            raise Cancelled(tr("Printing was cancelled; nothing was written."))
        _lay_out(doc, card, fmt, plan)
        canvas.draw(doc)
    if progress is not None:
        progress(total, total)


def _lay_out(doc, card: PrintCard, fmt: CardFormat, plan: fonts.FontPlan) -> None:
    """Put the card into ``doc``, smaller and shorter until it fits one page (or the steps run out)."""
    for _step in range(SHRINK_STEPS + 1):
        doc.setHtml(card_html(card, fmt, plan))
        if doc.pageCount() <= 1:
            return
        fmt = fmt.smaller()


def card_format(page_size: str) -> CardFormat:
    try:
        return FORMATS[page_size]
    except KeyError:
        raise CrmError(f"{page_size!r} is not a paper size cards print on (A4, A5 or A6).") from None


def _size_name(printer: QPagedPaintDevice) -> str:
    wanted = printer.pageLayout().pageSize().id()
    return next((name for name, size in PAGE_SIZES.items() if size == wanted), "A4")


def _title(cards: Sequence[PrintCard]) -> str:
    if len(cards) == 1:
        return tr("Customer card: {name}").format(name=cards[0].name)
    return tr("Customer cards ({n})").format(n=len(cards))


# ----- the card as HTML -----------------------------------------------------------------------------


def card_html(card: PrintCard, fmt: CardFormat, plan: fonts.FontPlan) -> str:
    pt = fmt.base_pt
    head = _header(card, pt)
    left = _contact_block(card) + _birthday_block(card)
    right = _occasions_block(card, fmt)
    if fmt.two_columns:
        columns = (f'<table width="100%" cellspacing="0" cellpadding="0"><tr>'
                   f'<td width="50%" valign="top">{left}</td><td width="4%"></td>'
                   f'<td width="46%" valign="top">{right}</td></tr></table>')
    else:
        columns = left + right
    body = "".join((head, columns, _about_block(card, fmt), _contacts_block(card, fmt), _care_block(card, fmt),
                    _gifts_block(card, fmt), _purchases_block(card), _complaints_block(card, fmt)))
    footer = (f'<p style="color:#888888; font-size:{pt * 0.75:.1f}pt; margin-top:{pt:.0f}px">'
              f'{esc(card.code)} · {esc(tr("printed {day}").format(day=card.today.isoformat()))}</p>')
    return (f'<html><body style="{plan.css()} font-size:{pt:.1f}pt; color:#1a1a1a">'
            f"{body}{footer}</body></html>")


def _section(title: str, content: str) -> str:
    return (f'<p style="margin-top:8px; margin-bottom:2px; font-weight:bold; color:#2b4a6f">{esc(title)}</p>'
            f"{content}")


def _day(day) -> str:
    return esc(day.isoformat() if day else "")


def _rows(rows: list[tuple[str, ...]], widths: tuple[int, ...] | None = None) -> str:
    """A borderless table of already-escaped cells; the first column (labels, dates) never wraps."""
    out = ['<table width="100%" cellspacing="0" cellpadding="2">']
    for row in rows:
        cells = "".join(f'<td valign="top"{_width(widths, i)}{NOWRAP if i == 0 else ""}>{cell}</td>'
                        for i, cell in enumerate(row))
        out.append(f"<tr>{cells}</tr>")
    out.append("</table>")
    return "".join(out)


def _width(widths: tuple[int, ...] | None, i: int) -> str:
    return f' width="{widths[i]}%"' if widths else ""


def _grey(text: str) -> str:
    return f'<span style="color:#666666">{text}</span>'


def _clip(text: str | None, limit: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: max(1, limit - 1)].rstrip() + "…"


def _more(n: int) -> str:
    return f"<p>{_grey(esc(tr('… and {n} more').format(n=n)))}</p>" if n > 0 else ""


def _badge(card: PrintCard, pt: float) -> str:
    if not card.tier:
        return ""
    colour = QColor(card.tier_colour or "#808080")
    if not colour.isValid():
        colour = QColor("#808080")
    ink = "#000000" if colour.lightnessF() > 0.6 else "#ffffff"
    label = esc(card.tier) if not card.tier_name or card.tier_name == card.tier else (
        f"{esc(card.tier)} · {esc(card.tier_name)}")
    return (f'<table cellspacing="0" cellpadding="5" bgcolor="{colour.name()}" align="right">'
            f'<tr><td><span style="color:{ink}; font-weight:bold; font-size:{pt * 1.5:.1f}pt">'
            f'{esc(tr("Tier"))} {label}</span></td></tr></table>')


def _header(card: PrintCard, pt: float) -> str:
    subtitle = " · ".join(esc(x) for x in (card.company, card.title) if x)
    facts = [card.code, vocabulary(card.kind), vocabulary(card.status)]
    managers = "; ".join(
        f"{m.name}" + (f" ({tr('primary')})" if m.role == "primary" and len(card.managers) > 1 else "")
        for m in card.managers) or tr("no manager")
    return (f'<table width="100%" cellspacing="0" cellpadding="0"><tr><td valign="top">'
            f'<span style="font-size:{pt * 1.9:.1f}pt; font-weight:bold">{esc(card.name)}</span>'
            + (f'<br/><span style="font-size:{pt * 1.15:.1f}pt">{subtitle}</span>' if subtitle else "")
            + f'</td><td valign="top" align="right">{_badge(card, pt)}</td></tr></table>'
            f'<p style="margin-top:3px; margin-bottom:4px">{_grey(esc(" · ".join(facts)))}<br/>'
            f'<b>{esc(tr("Managers") if len(card.managers) > 1 else tr("Manager"))}:</b> {esc(managers)}</p>'
            '<hr/>')


def _contact_block(card: PrintCard) -> str:
    place = ", ".join(x for x in (card.address, card.city, card.region, card.country) if x)
    rows = [(f"<b>{esc(label)}</b>", esc(value)) for label, value in (
        (tr("Phone"), card.phone), (tr("Mobile"), card.mobile), (tr("E-mail"), card.email), (tr("Address"), place),
    ) if value]
    return _section(tr("Contact"), _rows(rows, (28, 72)) if rows else _grey(esc(tr("No phone, e-mail or address."))))


def _birthday_block(card: PrintCard) -> str:
    b = card.birthday
    if b is None:
        return ""
    text = date_text(b.calendar, b.year, b.month, b.day, b.leap_month)
    if b.next_on is not None:
        nxt = tr("next on {day}").format(day=b.next_on.isoformat())
        if b.turns:
            nxt += ", " + tr("turns {n}").format(n=b.turns)
        text += f" — {nxt}"
    return _section(tr("Birthday"), f"<p>{esc(text)}</p>")


def date_text(calendar: str, year: int | None, month: int, day: int, leap: bool) -> str:
    """A birthday or occasion date as given: "1980-08-15", or "Lunar 8/15 (农历八月十五)"."""
    if calendar != "lunar":
        return f"{year:04d}-{month:02d}-{day:02d}" if year else f"{month:02d}-{day:02d}"
    text = tr("Lunar {month}/{day}").format(month=month, day=day)
    if leap:
        text = tr("{date}, leap month").format(date=text)
    text += f" ({lunar_chinese(month, day, leap)})"
    return text + (f", {year}" if year else "")


_MONTHS = "正二三四五六七八九十冬腊"
_TENS = ("初", "十", "廿", "三十")
_DIGITS = "一二三四五六七八九十"


def lunar_chinese(month: int, day: int, leap: bool = False) -> str:
    """A lunar month and day the way Chinese calendars write them: 农历闰二月初三, 农历腊月廿九."""
    if day == 10:
        day_text = "初十"
    elif day == 20:
        day_text = "二十"
    elif day == 30:
        day_text = "三十"
    else:
        day_text = _TENS[day // 10] + _DIGITS[day % 10 - 1]
    return f"农历{'闰' if leap else ''}{_MONTHS[month - 1]}月{day_text}"


def _occasions_block(card: PrintCard, fmt: CardFormat) -> str:
    if not card.occasions:
        return _section(tr("Next occasions"), _grey(esc(tr("None known."))))
    rows = []
    for o in card.occasions[: fmt.occasions]:
        what = o.title if o.title and o.kind != "birthday" else vocabulary(o.kind)
        if o.person:
            what = f"{what}: {o.person}"
        if o.years:
            what += f" ({o.years})"
        if o.calendar == "lunar":
            what += f" — {lunar_chinese(o.month, o.day, o.leap_month)}"
        rows.append((f"<b>{_day(o.on)}</b>", esc(what)))
    return _section(tr("Next occasions"), _rows(rows, (30, 70)))


def _about_block(card: PrintCard, fmt: CardFormat) -> str:
    rows = [(f"<b>{esc(label)}</b>", esc(_clip(value, fmt.text_chars))) for label, value in (
        (tr("Family"), card.family_notes), (tr("Hobbies"), card.hobbies), (tr("Personality"), card.personality),
    ) if value]
    return _section(tr("About"), _rows(rows, (18, 82))) if rows else ""


def _contacts_block(card: PrintCard, fmt: CardFormat) -> str:
    if not card.contacts:
        return ""
    rows = []
    for c in card.contacts[: fmt.contacts]:
        name = ("★ " if c.decision_maker else "") + c.name
        reach = " · ".join(x for x in (c.mobile, c.phone, c.email) if x)
        rows.append((f"<b>{esc(name)}</b>", esc(c.role or ""), esc(reach)))
    hidden = card.contacts_more + max(0, len(card.contacts) - fmt.contacts)
    return _section(tr("Contact persons"), _rows(rows, (30, 25, 45)) + _more(hidden))


def _care_block(card: PrintCard, fmt: CardFormat) -> str:
    if not card.care:
        return _section(tr("Last care events"), _grey(esc(tr("None yet."))))
    rows = []
    for e in card.care[: fmt.care]:
        said = " — ".join(x for x in (e.summary, e.outcome) if x)
        who = f" ({e.manager_name})" if e.manager_name else ""
        rows.append((_day(e.happened_at.date()), f"<b>{esc(vocabulary(e.kind))}</b>{esc(who)}",
                     esc(_clip(said, fmt.text_chars // 2))))
    return _section(tr("Last care events"), _rows(rows, (15, 25, 60)))


def _gifts_block(card: PrintCard, fmt: CardFormat) -> str:
    if not card.gifts:
        return ""
    rows = []
    for g in card.gifts[: fmt.gifts]:
        when = g.given_on or g.planned_for
        item = g.item + (f" ({g.occasion_label})" if g.occasion_label else "")
        story = f"<br/>{_grey(esc(_clip(g.story, fmt.text_chars // 2)))}" if g.story else ""
        rows.append((_day(when), f"<b>{esc(item)}</b>{story}"))
    hidden = card.gifts_more + max(0, len(card.gifts) - fmt.gifts)
    return _section(tr("Gifts given"), _rows(rows, (15, 85)) + _more(hidden))


def money(value: Decimal, currency: str) -> str:
    return f"{value:,.2f} {currency}"


def _purchases_block(card: PrintCard) -> str:
    p = card.purchases
    if p.first_on is None:
        return _section(tr("Purchases"), _grey(esc(tr("No purchases yet."))))
    facts = [tr("first {day}").format(day=p.first_on.isoformat()), tr("last {day}").format(day=p.last_on.isoformat())]
    if p.usual_gap_days:
        facts.append(tr("usually re-orders every {n} days").format(n=p.usual_gap_days))
    if p.next_purchase_on:
        facts.append(tr("next expected {day}").format(day=p.next_purchase_on.isoformat()))
    rows = [(f"<b>{esc(t.currency)}</b>", esc(tr("last 12 months: {amount}").format(
        amount=money(t.last_12_months, t.currency))), esc(tr("all time: {amount}").format(
            amount=money(t.all_time, t.currency)))) for t in p.totals]
    return _section(tr("Purchases"), f"<p>{esc(' · '.join(facts))}</p>" + _rows(rows, (12, 44, 44)))


def _complaints_block(card: PrintCard, fmt: CardFormat) -> str:
    if not card.complaints:
        return ""
    rows = []
    for c in card.complaints[: fmt.complaints]:
        what = " · ".join(x for x in (vocabulary(c.severity), vocabulary(c.status), c.category or "") if x)
        rows.append((_day(c.received_at.date()), f"<b>{esc(what)}</b>",
                     esc(_clip(c.description, fmt.text_chars // 2))))
    hidden = card.complaints_more + max(0, len(card.complaints) - fmt.complaints)
    return _section(tr("Open complaints"), _rows(rows, (15, 25, 60)) + _more(hidden))


__all__ = ["FORMATS", "CardFormat", "card_html", "card_text", "date_text", "lunar_chinese", "print_cards",
           "write_cards_pdf"]
