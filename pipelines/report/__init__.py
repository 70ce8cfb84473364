"""The auditors' HTML report of each published run, read from the warehouse alone (no Dagster)."""

from __future__ import annotations

from pipelines.report.render import (
    INDEX_PAGE,
    LATEST_PAGE,
    WrittenReport,
    render_run_report,
    run_page_name,
    write_run_reports,
)

__all__ = [
    "INDEX_PAGE",
    "LATEST_PAGE",
    "WrittenReport",
    "render_run_report",
    "run_page_name",
    "write_run_reports",
]
