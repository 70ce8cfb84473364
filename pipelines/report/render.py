"""The audit report of a published run as one self-contained HTML page, and the folder of reports:
a page per run, latest.html and index.html."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import jinja2

from pipelines.report.charts import Chart, Datum, chart, format_value
from pipelines.report.queries import (
    HeldBackRun,
    RunSummary,
    check_stages,
    held_back_runs,
    quarantine_reasons,
    record_count_buckets,
    run_history,
    skipped_blocks,
    source_issues,
    source_reconciliation,
)

TREND_RUNS = 30
LATEST_PAGE = "latest.html"
INDEX_PAGE = "index.html"

_templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).with_name("templates")),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_templates.filters.update(
    count=format_value,
    percent=lambda value: format_value(value, percent=True),
    timestamp=lambda moment: moment.strftime("%Y-%m-%d %H:%M:%S UTC"),
)


def render_run_report(connection: duckdb.DuckDBPyConnection, run_id: str | None = None) -> str:
    """The HTML page of one run (None: the latest in sync_runs)."""
    history = run_history(connection)
    return _render_report(connection, history, held_back_runs(connection), _find_run(history, run_id))


@dataclass(frozen=True)
class WrittenReport:
    page: Path  # the run's page
    run: RunSummary


def write_run_reports(
    connection: duckdb.DuckDBPyConnection, folder: Path, run_id: str | None = None
) -> WrittenReport:
    """Write the run's page (None: the latest run's), latest.html and index.html into folder."""
    history, held_back = run_history(connection), held_back_runs(connection)
    run = _find_run(history, run_id)
    folder.mkdir(parents=True, exist_ok=True)
    report = _render_report(connection, history, held_back, run)
    page = folder / run_page_name(run.run_id)
    _write_atomically(page, report)
    latest = history[0]
    _write_atomically(
        folder / LATEST_PAGE,
        report if run is latest else _render_report(connection, history, held_back, latest),
    )
    # Runs published before reports were written have no page: the index lists them unlinked.
    pages = {path.name for path in folder.glob("run-*.html")}
    index = _templates.get_template("index.html").render(
        runs=history, held_back=held_back, pages=pages, page_name=run_page_name, latest_page=LATEST_PAGE
    )
    _write_atomically(folder / INDEX_PAGE, index)
    return WrittenReport(page, run)


def run_page_name(run_id: str) -> str:
    # Dagster run ids are UUIDs; any other id is made safe to use as a file name.
    return f"run-{re.sub(r'[^A-Za-z0-9._-]', '_', run_id)}.html"


def _find_run(history: list[RunSummary], run_id: str | None) -> RunSummary:
    if not history:
        raise LookupError("no run has been published to this warehouse yet (sync_runs is empty)")
    if run_id is None:
        return history[0]
    for run in history:
        if run.run_id == run_id:
            return run
    raise LookupError(f"run {run_id!r} is not in sync_runs")


def _render_report(
    connection: duckdb.DuckDBPyConnection,
    history: list[RunSummary],
    held_back: list[HeldBackRun],
    run: RunSummary,
) -> str:
    position = history.index(run)
    # The runs up to this one, so an older run's page shows the trend as it was then.
    trend_runs = history[position : position + TREND_RUNS][::-1]
    buckets = record_count_buckets(connection, run.run_id)
    latest = history[0]
    return _templates.get_template("run_report.html").render(
        run=run,
        latest_run=latest,
        held_back_since_latest=[held for held in held_back if held.checked_at > latest.published_at],
        index_page=INDEX_PAGE,
        latest_page=LATEST_PAGE,
        sources=source_reconciliation(connection, run.run_id),
        issues=source_issues(connection, run.run_id),
        stages=check_stages(connection, run.run_id),
        record_counts=buckets,
        record_count_chart=chart(
            "Customers by number of source records",
            "bar",
            "source records linked to the customer",
            "customers",
            [Datum(bucket.label, bucket.customers, f"{bucket.label} source records") for bucket in buckets],
        ),
        reasons=quarantine_reasons(connection, run.run_id),
        skipped=skipped_blocks(connection, run.run_id),
        trend_runs=trend_runs,
        trend_charts=_trend_charts(trend_runs),
    )


def _trend_charts(runs: list[RunSummary]) -> list[Chart]:
    def data(value_of: Callable[[RunSummary], float | None]) -> list[Datum]:
        return [
            Datum(
                f"{run.published_at:%m-%d %H:%M}",
                value_of(run),
                f"run {run.run_id}, {run.published_at:%Y-%m-%d %H:%M}",
            )
            for run in runs
        ]

    x_title = "run published (UTC)"
    return [
        chart("Records read", "line", x_title, "records", data(lambda run: run.records_read)),
        chart("Customers", "line", x_title, "customers", data(lambda run: run.customers)),
        chart(
            "Quarantine rate",
            "line",
            x_title,
            "quarantined / read",
            data(lambda run: run.quarantine_rate),
            percent=True,
        ),
        # A run without recorded checks has no bar rather than a bar of zero failures.
        chart(
            "Checks failed",
            "bar",
            x_title,
            "failed checks",
            data(lambda run: run.checks_failed if run.checks_run else None),
            missing="no checks recorded",
        ),
    ]


def _write_atomically(path: Path, text: str) -> None:
    """A reader (a browser, a web server) sees the previous page or the new one, never half a page."""
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
        os.chmod(temporary, 0o644)  # mkstemp creates the file private; reports are meant to be read
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
