"""A report as an .xlsx workbook: its table with real numbers and dates, and native Excel charts.

The first sheet holds the title, the filters, the notes, the table (header frozen, number formats
by column kind, the totals line in bold) and, to the right of the table, one Excel chart per
chart of the report. The charts read their numbers from a second sheet, "Chart data", one block
per chart. Texts are always written as texts (never formulas). The file is written beside the
target under a temporary name and renamed over it at the end, so a failure leaves no half file.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from decimal import Decimal
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from desktop_crm.services.report_records import Chart, Report

from .files import written_whole

NUMBER_FORMATS = {"int": "#,##0", "money": "#,##0.00", "percent": "0.0%", "date": "yyyy-mm-dd",
                  "days": "#,##0", "number": "#,##0.00"}
FRACTION_DAYS = "#,##0.0"
DATA_SHEET = "Chart data"
CHART_SIZE = (560, 320)  # pixels
CHART_ROWS = 17  # rows between the tops of two charts (20 px each)
MIN_WIDTH, MAX_WIDTH = 8, 50
BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def write_report_xlsx(report: Report, path: str | os.PathLike) -> None:
    """Write ``report`` to ``path`` (.xlsx); CrmError, naming the file, when it cannot be written."""
    with written_whole(Path(path), "The report") as temp:
        workbook = xlsxwriter.Workbook(str(temp), {"strings_to_formulas": False, "strings_to_urls": False,
                                                   "strings_to_numbers": False})
        _ReportBook(workbook, report).write()
        workbook.close()


def filter_words(report: Report) -> str:
    """The filters in one line: period, manager and tier."""
    f = report.filters
    if f.since and f.until:
        period = f"{f.since.isoformat()} – {f.until.isoformat()}"
    elif f.until:
        period = f"on {f.until.isoformat()}"
    elif f.since:
        period = f"from {f.since.isoformat()}"
    else:
        period = "all dates"
    return f"Period: {period} · Manager: {f.manager or 'all'} · Tier: {f.tier or 'all'}"


class _ReportBook:
    def __init__(self, workbook: xlsxwriter.Workbook, report: Report):
        self.wb = workbook
        self.report = report
        self.sheet = workbook.add_worksheet(BAD_SHEET_CHARS.sub("-", report.name)[:31] or "Report")
        self.data = workbook.add_worksheet(DATA_SHEET) if report.charts else None
        self.bold = workbook.add_format({"bold": True})
        self.title = workbook.add_format({"bold": True, "font_size": 14})
        self.header = workbook.add_format({"bold": True, "bg_color": "#DCE6F1", "bottom": 1, "text_wrap": True,
                                           "valign": "top"})
        self.formats: dict[tuple[str, bool], object] = {}
        self.data_row = 0  # the next free row of the chart data sheet

    def cell_format(self, number: str | None, total: bool):
        key = (number or "", total)
        if key not in self.formats:
            spec = {"num_format": number} if number else {}
            if total:
                spec.update({"bold": True, "top": 1})
            self.formats[key] = self.wb.add_format(spec)
        return self.formats[key]

    def write(self) -> None:
        ws, report = self.sheet, self.report
        ws.write_string(0, 0, report.title, self.title)
        ws.write_string(1, 0, filter_words(report))
        row = 2
        if report.generated_on:
            ws.write_string(row, 0, f"Made on {report.generated_on.isoformat()}")
            row += 1
        for note in report.notes:
            ws.write_string(row, 0, note)
            row += 1
        header = row + 1
        for col, column in enumerate(report.columns):
            ws.write_string(header, col, column.title, self.header)
        row = header + 1
        for values in report.rows:
            self.write_row(row, values, total=False)
            row += 1
        if report.totals is not None:
            self.write_row(row, report.totals, total=True)
        ws.freeze_panes(header + 1, 0)
        ws.repeat_rows(header)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
        self.set_widths()
        for i, chart in enumerate(report.charts):
            self.add_chart(i, chart, header)

    def write_row(self, row: int, values, *, total: bool) -> None:
        for col, (column, value) in enumerate(zip(self.report.columns, values)):
            number = NUMBER_FORMATS.get(column.kind)
            if column.kind == "days" and isinstance(value, float) and not value.is_integer():
                number = FRACTION_DAYS
            fmt = self.cell_format(number, total)
            if value is None:
                self.sheet.write_blank(row, col, None, fmt)
            elif isinstance(value, bool):
                self.sheet.write_boolean(row, col, value, fmt)
            elif isinstance(value, (int, float, Decimal)):
                self.sheet.write_number(row, col, float(value), fmt)
            elif isinstance(value, (dt.date, dt.datetime)):
                self.sheet.write_datetime(row, col, value, self.cell_format(NUMBER_FORMATS["date"], total))
            else:
                self.sheet.write_string(row, col, str(value), fmt)

    def set_widths(self) -> None:
        lines = [*self.report.rows, *([self.report.totals] if self.report.totals else [])]
        for col, column in enumerate(self.report.columns):
            longest = max([len(word) for word in column.title.split()] or [0])
            for values in lines:
                longest = max(longest, len(_shown(values[col], column.kind)))
            self.sheet.set_column(col, col, max(MIN_WIDTH, min(MAX_WIDTH, longest + 2)))

    # ----- charts ----------------------------------------------------------------------------

    def add_chart(self, index: int, chart: Chart, top: int) -> None:
        cats, values = self.write_chart_data(chart)
        made = self.excel_chart(chart, cats, values)
        if made is None:
            return
        excel, secondary = made
        excel.set_title({"name": chart.title})
        excel.set_size({"width": CHART_SIZE[0], "height": CHART_SIZE[1]})
        if chart.kind != "pie":
            share = chart.kind == "pareto"
            excel.set_x_axis({"name": chart.x_title or ""})
            excel.set_y_axis({"name": chart.y_title or "", "num_format": "0%" if share else "#,##0",
                              "min": 0, "major_gridlines": {"visible": True, "line": {"color": "#E0E0E0"}}})
            if share:  # the right axis belongs to the line chart combined into the bars
                secondary.set_y2_axis({"name": chart.y2_title or "", "num_format": "0%", "min": 0, "max": 1})
        excel.set_legend({"position": "bottom"})
        self.sheet.insert_chart(top + index * CHART_ROWS, len(self.report.columns) + 1, excel,
                                {"x_offset": 10, "y_offset": 5})

    def write_chart_data(self, chart: Chart) -> tuple[str, list[str]]:
        """Write a chart's block on the data sheet; the references of its categories and series."""
        ws = self.data
        row = self.data_row
        ws.write_string(row, 0, chart.title, self.bold)
        columns = [*chart.series, *chart.marks]
        for j, item in enumerate(columns, start=1):
            ws.write_string(row + 1, j, item.name if hasattr(item, "values") else item.label, self.bold)
        for i, category in enumerate(chart.categories):
            ws.write_string(row + 2 + i, 0, str(category))
            for j, item in enumerate(columns, start=1):
                value = item.values[i] if hasattr(item, "values") else item.value
                if value is None:
                    ws.write_blank(row + 2 + i, j, None)
                else:
                    ws.write_number(row + 2 + i, j, float(value))
        last = row + 1 + max(1, len(chart.categories))
        self.data_row = last + 2
        ws.set_column(0, 0, max([12, *(len(str(c)) + 2 for c in chart.categories)]))

        def ref(col: int) -> str:
            start, end = xl_rowcol_to_cell(row + 2, col, True, True), xl_rowcol_to_cell(last, col, True, True)
            return f"='{DATA_SHEET}'!{start}:{end}"

        return ref(0), [ref(j) for j in range(1, len(columns) + 1)]

    def excel_chart(self, chart: Chart, cats: str, refs: list[str]):
        kinds = {"bar": ("column", None), "stacked_bar": ("column", "stacked"), "line": ("line", None),
                 "pareto": ("column", None), "pie": ("pie", None)}
        kind, subtype = kinds.get(chart.kind, ("column", None))
        if not chart.series:
            return None
        excel = self.wb.add_chart({"type": kind, **({"subtype": subtype} if subtype else {})})
        if kind == "pie":
            excel.add_series({"name": chart.series[0].name, "categories": cats, "values": refs[0]})
            return excel, excel
        lines = self.wb.add_chart({"type": "line"}) if kind != "line" else excel
        combined = False
        for series, values in zip(chart.series, refs):
            spec = {"name": series.name, "categories": cats, "values": values}
            right = series.axis == "right"
            target = lines if right or kind == "line" else excel
            if target is lines:
                spec["line"] = {"color": series.colour, "width": 2.25} if series.colour else {"width": 2.25}
                spec["marker"] = {"type": "none"}
                combined |= target is not excel
            elif series.colour:
                spec["fill"] = {"color": series.colour}
                spec["border"] = {"none": True}
            if chart.kind == "pareto":
                spec["gap"] = 20
            spec["y2_axis"] = right
            target.add_series(spec)
        for mark, values in zip(chart.marks, refs[len(chart.series):]):
            lines.add_series({"name": mark.label, "categories": cats, "values": values, "y2_axis": mark.axis == "right",
                              "line": {"color": "#606060", "dash_type": "dash", "width": 1.25},
                              "marker": {"type": "none"}})
            combined |= lines is not excel
        if combined:
            excel.combine(lines)
        return excel, lines


def _shown(value, kind: str) -> str:
    """Roughly the text Excel shows for a value, to size the column."""
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return "2000-01-01"
    if kind == "percent" and isinstance(value, (int, float)):
        return f"{value * 100:.1f}%"
    if isinstance(value, (int, float, Decimal)):
        return f"{float(value):,.2f}" if kind in ("money", "number") else f"{float(value):,.0f}"
    return str(value)


__all__ = ["filter_words", "write_report_xlsx"]
