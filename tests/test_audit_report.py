"""The auditors' HTML report: rendered from a warehouse filled through publish, in headless Chromium,
and written by a full Dagster run."""

import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipelines.reconciliation import RECONCILIATION_COLUMNS
from pipelines.report import render_run_report, write_run_reports
from tests.builders import complete_tables, run_sync
from warehouse.publish import Publication, publish

CHROMIUM_SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "chromium.sh"
# The first call may install Chromium and a CJK font from the Debian packages.
CHROMIUM_INSTALL_SECONDS = 900
RENDER_SECONDS = 30
UNSAFE_SOURCE = "<script>alert(1)</script>"
FAILED_CHECK = "expect_column_values_to_match_regex"
# Per source: read, linked, quarantined, customers; they add up to run-3's 1,207 = 1,180 + 27.
RUN_3_SOURCES = [
    ("sales", "sales", 1180, 1180, 0, 1000),
    ("service", "after_sales", 27, 0, 27, 0),
    (UNSAFE_SOURCE, "marketing", 0, 0, 0, 0),
]


def publication(
    run_id: str, published_at: str, customers: int, merged: int, quarantined: int, sources: list[tuple]
) -> Publication:
    """customers golden records, the first `merged` of them with two source records, quarantined
    placeholder rows, a sync_runs row that adds up, and the given per-source reconciliation."""
    ids = [f"CUST-{n:07d}" for n in range(1, customers + 1)]
    golden = pd.DataFrame(
        {
            "customer_id": ids,
            "customer_type": "person",
            "display_name": "张伟",
            "record_count": [2] * merged + [1] * (customers - merged),
        }
    )
    owners = ids[:merged] + ids
    links = pd.DataFrame(
        {
            "record_key": [f"sales:Sheet!{n}" for n in range(len(owners))],
            "customer_id": owners,
            "source": "sales",
            "source_locator": "Sheet!2",
            "loaded_at": pd.Timestamp("2026-11-01 02:00"),
            "matched_by": "single_record",
        }
    )
    quarantined_rows = pd.DataFrame(
        {
            "record_key": [f"service:line {n}" for n in range(quarantined)],
            "source": "service",
            "source_locator": "line 2",
            "loaded_at": pd.Timestamp("2026-11-01 02:00"),
            "reason_code": ["PLACEHOLDER"] * (quarantined - 1) + ["NO_IDENTITY"],
            "reason": ["占位数据：测试"] * (quarantined - 1) + ["no name, company, phone or email"],
        }
    )
    issues = pd.DataFrame(
        {
            "source": ["sales", UNSAFE_SOURCE],
            "location": ["sales.xlsx!备注", "broken.xlsx"],
            "severity": ["warning", "error"],
            "problem": ["工作表 备注 skipped: no header", "not a readable workbook"],
        }
    )
    run = pd.DataFrame(
        [
            {
                "run_id": run_id,
                "published_at": pd.Timestamp(published_at),
                "registry": "demo/sources.yaml",
                "sources_read": 2,
                "sources_failed": 1,
                "records_read": len(links) + quarantined,
                "records_quarantined": quarantined,
                "records_linked": len(links),
                "customers": customers,
                "duplicates_merged": merged,
            }
        ]
    )
    return Publication(
        run_id,
        complete_tables(
            {
                "customers": golden,
                "customer_sources": links,
                "quarantine": quarantined_rows,
                "source_issues": issues,
                "sync_runs": run,
                "source_reconciliation": pd.DataFrame(sources, columns=RECONCILIATION_COLUMNS),
            }
        ),
    )


def insert_checks(connection: duckdb.DuckDBPyConnection, run_id: str, checked_at: str, failed: bool) -> None:
    rows = [
        (
            "raw_source",
            "raw_sales",
            "expect_table_row_count_to_be_between",
            None,
            "critical",
            True,
            800,
            None,
        ),
        (
            "standardised_records",
            "standardised_records",
            "expect_column_values_to_be_unique",
            "record_key",
            "critical",
            True,
            1207,
            0,
        ),
        (
            "standardised_records",
            "standardised_records",
            FAILED_CHECK,
            "email",
            "warning",
            not failed,
            1207,
            3 if failed else 0,
        ),
        ("reconciliation", "customer_sources", "records_reconcile", None, "critical", True, 1207, 0),
    ]
    connection.executemany(
        "INSERT INTO dq_results (run_id, checked_at, stage, asset, suite, expectation, column_name, severity, success,"
        " element_count, unexpected_count, details) VALUES (?, ?, ?, ?, 'customer_hub', ?, ?, ?, ?, ?, ?, ?)",
        [(run_id, pd.Timestamp(checked_at), *row, '{"regex": "<b>@</b>"}') for row in rows],
    )


@pytest.fixture
def warehouse(tmp_path):
    """Three published runs: the first with passing checks and sources that do not add up to its
    totals, the second without any checks or per-source rows, the latest (in the published tables)
    with a failed check; then a run held back by a failed critical check."""
    with duckdb.connect(str(tmp_path / "hub.duckdb")) as connection:
        publish(
            connection,
            publication(
                "run-1", "2026-11-21 02:00", customers=950, merged=150, quarantined=20, sources=RUN_3_SOURCES
            ),
        )
        insert_checks(connection, "run-1", "2026-11-21 02:00", failed=False)
        publish(
            connection,
            publication("run-2", "2026-11-22 02:00", customers=990, merged=170, quarantined=25, sources=[]),
        )
        insert_checks(connection, "run-3", "2026-11-23 02:00", failed=True)
        publish(
            connection,
            publication(
                "run-3", "2026-11-23 02:01", customers=1000, merged=180, quarantined=27, sources=RUN_3_SOURCES
            ),
        )
        insert_checks(connection, "run-held", "2026-11-24 02:00", failed=True)
        connection.execute(
            "UPDATE dq_results SET success = false WHERE run_id = 'run-held' AND severity = 'critical'"
        )
        yield connection


def test_report_shows_the_latest_run_its_reconciliation_and_failed_checks_first(warehouse):
    page = render_run_report(warehouse)

    assert '<meta charset="utf-8">' in page and "Noto Sans CJK SC" in page
    assert "run-3" in page and "2026-11-23 02:01:00 UTC" in page and "demo/sources.yaml" in page
    proof = page[
        page.index("records read <strong>") : page.index("</p>", page.index("records read <strong>"))
    ]
    assert "1,207" in proof and "1,180" in proof and "27" in proof and "PASS" in proof
    assert page.count('<span class="badge pass">PASS</span>') >= 5  # run, three sources, sources add up
    standardised = page[page.index("Standardised records: 1 of 2 failed") :]
    assert standardised.index(FAILED_CHECK) < standardised.index("expect_column_values_to_be_unique")
    assert (
        "PLACEHOLDER" in page and "NO_IDENTITY" in page and "占位数据：测试" in page and "工作表 备注" in page
    )
    assert UNSAFE_SOURCE not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>@</b>" not in page
    assert page.count("<svg") == 5  # customers by record count and four trends


def test_report_of_a_run_without_checks_says_so(warehouse):
    page = render_run_report(warehouse, "run-2")

    assert "No checks recorded for this run." in page
    assert "No per-source reconciliation recorded for this run (no checks recorded)" in page
    assert "This is an earlier run" in page and "holds only the latest publish" in page
    assert "Trends over the last 2 runs" in page and "no checks recorded" in page


def test_sources_that_do_not_add_up_to_the_run_fail_the_reconciliation(warehouse):
    page = render_run_report(warehouse, "run-1")

    summary = page[page.index("Reconciliation</div>") : page.index("Records read</div>")]
    assert "FAIL" in summary
    totals = page[
        page.index("All sources (must equal the run's totals)") : page.index(
            "</tr>", page.index("All sources")
        )
    ]
    assert "1,207" in totals and '<span class="badge fail">FAIL</span>' in totals


def test_a_run_held_back_by_failed_checks_is_reported(warehouse, tmp_path):
    assert "1 later run recorded checks but did not publish" in render_run_report(warehouse)

    write_run_reports(warehouse, tmp_path / "reports")

    index = (tmp_path / "reports" / "index.html").read_text(encoding="utf-8")
    held_back = index[index.index("Runs that did not publish") :]
    assert "run-held" in held_back and "4 of 4" in held_back


def test_an_unknown_run_is_refused(warehouse):
    with pytest.raises(LookupError, match="run-9"):
        render_run_report(warehouse, "run-9")


def test_reports_are_written_with_an_index_of_every_run(warehouse, tmp_path):
    folder = tmp_path / "reports"

    page = write_run_reports(warehouse, folder, "run-1").page
    write_run_reports(warehouse, folder)

    assert page == folder / "run-run-1.html"
    assert sorted(path.name for path in folder.iterdir()) == [
        "index.html",
        "latest.html",
        "run-run-1.html",
        "run-run-3.html",
    ]
    assert "run-3" in (folder / "latest.html").read_text(encoding="utf-8")
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert index.index("run-3") < index.index("run-2") < index.index("run-1")
    assert (
        'href="run-run-3.html"' in index
        and 'href="run-run-1.html"' in index
        and 'href="run-run-2.html"' not in index
    )


class TextOf(HTMLParser):
    """The text of a page, without its style sheet."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if not self._in_style:
            self.parts.append(data)


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n" and header[12:16] == b"IHDR"
    return struct.unpack(">II", header[16:24])


def chromium(page: Path, screenshot: Path, timeout: float) -> str:
    """The rendered DOM; fails (never skips) when Chromium cannot be installed or run."""
    completed = subprocess.run(
        ["bash", str(CHROMIUM_SCRIPT), str(page), str(screenshot)],
        check=False,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


def test_chromium_renders_the_report(warehouse, tmp_path):
    latest = write_run_reports(warehouse, tmp_path / "reports").page.with_name("latest.html")
    blank = tmp_path / "blank.html"
    blank.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body></body></html>', encoding="utf-8"
    )
    chromium(blank, tmp_path / "blank.png", CHROMIUM_INSTALL_SECONDS)  # installs if absent

    dom = chromium(latest, tmp_path / "report.png", RENDER_SECONDS)

    text = TextOf()
    text.feed(dom)
    rendered = " ".join(" ".join(text.parts).split())
    assert "records read 1,207 = linked 1,180 + quarantined 27" in rendered
    assert "Customers 1,000" in rendered and FAILED_CHECK in rendered and "占位数据：测试" in rendered
    assert png_size(tmp_path / "report.png") == (1280, 2400)
    assert (tmp_path / "report.png").stat().st_size > 3 * (tmp_path / "blank.png").stat().st_size


def test_the_sync_job_writes_the_report_next_to_the_warehouse(small_sources, tmp_path):
    database = tmp_path / "warehouse" / "hub.duckdb"

    result = run_sync(small_sources, database)

    assert result.success
    latest = database.parent / "reports" / "latest.html"
    page = latest.read_text(encoding="utf-8")
    assert result.run_id in page
    assert "records_reconcile" in page  # the blocking check ran, and recorded its result, before the report
    assert (database.parent / "reports" / f"run-{result.run_id}.html").exists()
    materialization = next(
        e for e in result.get_asset_materialization_events() if e.asset_key.to_user_string() == "audit_report"
    )
    metadata = materialization.step_materialization_data.materialization.metadata
    assert metadata["run_id"].value == result.run_id and metadata["report"].value == str(latest)
