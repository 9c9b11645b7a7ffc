"""Customer cards benchmark: 1,000 cards to one PDF, against the bare cost of 1,000 PDF pages.

    .venv/bin/python benchmarks/bench_cards.py                    # builds benchmarks/data/demo-20000.sqlite3 once
    .venv/bin/python benchmarks/bench_cards.py --db PATH --cards 1000 --rounds 5 --page-size A6

Target (issue 6): 1,000 cards (the first 1,000 customers in name order) to one PDF in at most
10 s. Each round times, in this order:

  gather  ``crm.cards.cards(ids)``: every card's data, read in chunks with a few IN-queries each.
  render  ``write_cards_pdf(cards, tmp, page_size)``: the font check, HTML per card, QTextDocument
          layout (smaller again when a card runs over), drawing on QPdfWriter, the ToUnicode fix,
          the temporary file renamed into place.
  floor   the same 1,000 pages through QPdfWriter with only the customer's name drawn on each
          (same fonts, same page size): what any PDF of 1,000 pages with this text costs in Qt.

Printed: median and max per step, the total (gather + render), and render / floor.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_foundation import build, machine  # noqa: E402
from desktop_crm.printing import fonts  # noqa: E402
from desktop_crm.printing.cards import FORMATS, card_text, write_cards_pdf  # noqa: E402
from desktop_crm.printing.document import atomic_path, page_layout, pdf_writer  # noqa: E402
from desktop_crm.printing.qt_app import ensure_gui_app  # noqa: E402
from desktop_crm.services import Crm  # noqa: E402

LIMIT_S = 10.0


def floor(cards, path: Path, page_size: str) -> int:
    """1,000 pages with only the customer's name on each: Qt's PDF cost for that many pages."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QPainter

    plan = fonts.plan_for("".join(c.name for c in cards))
    with atomic_path(path) as temp:
        writer = pdf_writer(temp, page_layout(page_size, FORMATS[page_size].margin_mm), "floor")
        painter = QPainter(writer)
        painter.setFont(plan.font(FORMATS[page_size].base_pt * 1.9, bold=True))
        for i, card in enumerate(cards):
            if i:
                writer.newPage()
            painter.drawText(QPointF(0, writer.logicalDpiY() * 0.4), card.name)
        painter.end()
        del writer
    return len(cards)


def pages_of(path: Path) -> int | None:
    if not shutil.which("pdfinfo"):
        return None
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def show(label: str, values: list[float]) -> str:
    return f"{label:<7} median {statistics.median(values):6.2f} s   max {max(values):6.2f} s"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--customers", type=int, default=20_000, help="size of the demo database to build")
    ap.add_argument("--db", type=Path)
    ap.add_argument("--cards", type=int, default=1_000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--page-size", default="A4", choices=sorted(FORMATS))
    args = ap.parse_args()
    path = args.db or ROOT / "benchmarks" / "data" / f"demo-{args.customers}.sqlite3"
    if not path.exists():
        build(path, args.customers)
    ensure_gui_app()
    print(machine())
    crm = Crm.open(str(path))
    ids = crm.cards.ids()[: args.cards]
    print(f"{len(ids):,} cards ({args.page_size}) from {path.name}, {args.rounds} rounds")
    gather, render, bare, total = [], [], [], []
    with tempfile.TemporaryDirectory() as folder:
        out, floor_out = Path(folder) / "cards.pdf", Path(folder) / "floor.pdf"
        for _ in range(args.rounds):
            t0 = time.perf_counter()
            cards = crm.cards.cards(ids)
            t1 = time.perf_counter()
            pages = write_cards_pdf(cards, out, args.page_size)
            t2 = time.perf_counter()
            floor(cards, floor_out, args.page_size)
            t3 = time.perf_counter()
            gather.append(t1 - t0)
            render.append(t2 - t1)
            total.append(t2 - t0)
            bare.append(t3 - t2)
        size_mib = out.stat().st_size / 1024 / 1024
        counted = pages_of(out)
    crm.close()
    print(show("gather", gather))
    print(show("render", render))
    print(show("total", total))
    print(show("floor", bare))
    print(f"render / floor (medians): {statistics.median(render) / statistics.median(bare):.1f}x; "
          f"{pages:,} pages written ({counted if counted is not None else '?'} by pdfinfo), {size_mib:.1f} MiB; "
          f"characters checked for fonts: {len(set(card_text(cards))):,}")
    ok = max(total) <= LIMIT_S and (counted is None or counted == len(ids))
    print(f"limit {LIMIT_S:.0f} s for the total: {'pass' if ok else 'FAIL'} (worst round {max(total):.2f} s)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
