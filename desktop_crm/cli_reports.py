"""desktop-crm report: a report to .xlsx or PDF, the file's extension deciding which."""

from __future__ import annotations

from pathlib import Path

from desktop_crm.services.report_records import REPORT_NAMES

WRITERS = (".xlsx", ".pdf")


def register(sub) -> None:
    """Add this module's sub-command to the ``desktop-crm`` parser."""
    from desktop_crm.cli import _iso_date

    report = sub.add_parser("report", help="write a report to OUT.xlsx or OUT.pdf: " + ", ".join(REPORT_NAMES))
    report.add_argument("name", metavar="NAME", help="the report: " + ", ".join(REPORT_NAMES))
    report.add_argument("out", type=Path, metavar="OUT.xlsx|OUT.pdf", help="the file to write")
    report.add_argument("--since", type=_iso_date, metavar="YYYY-MM-DD", help="the period's first day")
    report.add_argument("--until", type=_iso_date, metavar="YYYY-MM-DD", help="the period's last day (default today)")
    report.add_argument("--manager", metavar="LOGIN", help="only this manager's customers")
    report.add_argument("--tier", metavar="T", help="only customers of this tier")
    report.add_argument("--json", action="store_true", help="also print the report's numbers as JSON")


def cmd_report(args, out) -> int:
    from desktop_crm.cli import EXIT_OK, UsageError, _open, _print_json
    from desktop_crm.services.report_records import ReportFilters

    suffix = args.out.suffix.lower()
    if suffix not in WRITERS:
        raise UsageError(f"{args.out} must end in .xlsx or .pdf: the extension says which file to write")
    write = _writer(suffix)
    filters = ReportFilters(since=args.since, until=args.until, manager=args.manager, tier=args.tier)
    crm = _open(args)
    try:
        report = crm.reports.build(args.name, filters)
    finally:
        crm.close()
    write(report, args.out)
    if args.json:
        _print_json({"file": str(args.out), **report.to_json()}, out)
    else:
        print(f"Wrote the report “{report.title}” ({len(report.rows):,} rows) to {args.out}.", file=out)
        for note in report.notes:
            print(f"  {note}", file=out)
    return EXIT_OK


def _writer(suffix: str):
    """write(report, path) for the file kind; the PDF writer needs Qt's GUI module, loaded here."""
    if suffix == ".xlsx":
        from desktop_crm.io.report_xlsx import write_report_xlsx

        return write_report_xlsx
    from desktop_crm.printing.reports import write_report_pdf
    from desktop_crm.ui.headless import ensure_app

    ensure_app()
    return write_report_pdf


COMMANDS = {"report": cmd_report}
