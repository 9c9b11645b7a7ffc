"""The Reports page: charts (QtCharts), tables and exports of the reports behind crm.reports."""

from .page import ReportsPage

__all__ = ["ReportsPage"]
