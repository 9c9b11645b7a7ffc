"""desktop-crm tiers recompute: A/B/C tiers from purchases (preview, or --apply)."""

from __future__ import annotations

import sys


def register(sub) -> None:
    """Add this module's sub-command to the ``desktop-crm`` parser."""
    from desktop_crm.cli import _iso_date, _Parser, _positive_int

    tiers = sub.add_parser("tiers", help="A/B/C tiers: recompute them from purchases")
    t_sub = tiers.add_subparsers(dest="tiers_command", required=True, parser_class=_Parser)
    recompute = t_sub.add_parser(
        "recompute", help="show who would move between tiers by revenue in a period; --apply moves them")
    recompute.add_argument("--since", type=_iso_date, metavar="YYYY-MM-DD",
                           help="first day of the period (default: 12 months before --until)")
    recompute.add_argument("--until", type=_iso_date, metavar="YYYY-MM-DD", help="last day (default: today)")
    recompute.add_argument("--apply", action="store_true", help="move the customers and write their tier history")
    recompute.add_argument("--top", type=_positive_int, default=10, metavar="N",
                           help="movers listed each way (default 10; --json lists 50)")
    recompute.add_argument("--json", action="store_true")


def cmd_tiers(args, out) -> int:
    from desktop_crm.cli import EXIT_OK, _open, _print_json, _tty_progress

    crm = _open(args)
    try:
        progress = _tty_progress("Recomputing tiers", "step") if sys.stderr.isatty() and not args.json else None
        if args.apply:
            result, _changes = crm.abc.apply(args.since, args.until, progress=progress)
        else:
            result = crm.abc.preview(args.since, args.until, progress=progress)
        if progress is not None:
            print("\r" + " " * 40 + "\r", end="", file=sys.stderr, flush=True)
        if args.json:
            _print_json(result.to_json(), out)
        else:
            _print_result(result, out, top=args.top)
        return EXIT_OK
    finally:
        crm.close()


def _money(value) -> str:
    return f"{value:,.2f}"


def _print_result(result, out, *, top: int) -> None:
    from desktop_crm.cli import _table

    print(f"ABC tiers from purchases {result.since.isoformat()} to {result.until.isoformat()}: "
          f"revenue {_money(result.total_revenue)} {result.currency} from {result.with_revenue:,} of "
          f"{result.customers:,} customers.", file=out)
    rows = [["tier", "share", "before", "after", f"revenue after ({result.currency})"]]
    for tier in result.tiers:
        share = "-" if tier.share is None else f"{tier.share * 100:g} %"
        rows.append([tier.code or "(no tier)", share, f"{tier.before:,}", f"{tier.after:,}",
                     _money(tier.revenue_after)])
    _table(rows, out)
    print(f"Moving up: {result.up:,}; moving down: {result.down:,}.", file=out)
    if result.kept:
        print(f"Kept by hand (pinned, or in a tier without an ABC share) although revenue says otherwise: "
              f"{result.kept:,}.", file=out)
    for title, movers in (("Top movers up", result.top_up), ("Top movers down", result.top_down)):
        if movers[:top]:
            print(f"{title}:", file=out)
            _table([[m.code, m.name, f"{m.from_tier or '-'} -> {m.to_tier or '-'}",
                     f"{_money(m.revenue)} {result.currency}"] for m in movers[:top]], out)
    for left in result.left_out:
        print(f"Left out: {left.lines:,} lines in {left.currency} ({_money(left.amount)} {left.currency}, "
              f"{left.customers:,} customers): no exchange rate to {result.currency}.", file=out)
    if result.applied:
        print(f"Applied: {result.moved:,} customers moved.", file=out)
    else:
        print("This was a preview; nothing was changed. Run again with --apply to move the customers.", file=out)


COMMANDS = {"tiers": cmd_tiers}
