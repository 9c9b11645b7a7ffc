"""desktop-crm cards: printable customer cards, one per page, to one PDF.

    desktop-crm cards OUT.pdf [--codes CODE ...] [--tier T] [--manager LOGIN] [--page-size A4|A5|A6] [--json]

The customers are live ones in name order; the filters combine with AND. The paper size defaults
to the team setting (Settings ▸ Printing).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from desktop_crm.errors import CrmError
from desktop_crm.services.card_sheets import PAGE_SIZES


def register(sub) -> None:
    """Add this module's sub-command to the ``desktop-crm`` parser."""
    cards = sub.add_parser("cards", help="print customer cards (one per page) to a PDF file")
    cards.add_argument("file", type=Path, metavar="OUT.pdf")
    cards.add_argument("--codes", nargs="+", metavar="CODE", help="only these customers")
    cards.add_argument("--tier", metavar="T", help="only customers of this tier")
    cards.add_argument("--manager", metavar="LOGIN", help="only customers whose primary manager this is")
    cards.add_argument("--page-size", choices=PAGE_SIZES, type=str.upper,
                       help="paper size (default: the team setting, else A4)")
    cards.add_argument("--json", action="store_true")


def cmd_cards(args, out) -> int:
    from desktop_crm.cli import EXIT_OK, _open, _print_json, _tty_progress
    from desktop_crm.printing.cards import write_cards_pdf
    from desktop_crm.ui.headless import ensure_app

    started = time.perf_counter()
    crm = _open(args)
    try:
        ids = crm.cards.ids(codes=args.codes, tier=args.tier, manager=args.manager)
        if not ids:
            raise CrmError("No customer matches; no cards were printed.")
        size = args.page_size or crm.cards.page_size()
        cards = crm.cards.cards(ids)
    finally:
        crm.close()
    ensure_app()
    pages = write_cards_pdf(cards, args.file, size, progress=_tty_progress(args.file.name, "card"))
    if sys.stderr.isatty():
        print(file=sys.stderr)
    if args.json:
        _print_json({"file": str(args.file), "cards": len(cards), "pages": pages, "page_size": size,
                     "seconds": round(time.perf_counter() - started, 3)}, out)
    else:
        print(f"Wrote {len(cards):,} card{'s' if len(cards) != 1 else ''} on {pages:,} "
              f"{size} page{'s' if pages != 1 else ''} to {args.file}.", file=out)
    return EXIT_OK


COMMANDS = {"cards": cmd_cards}
