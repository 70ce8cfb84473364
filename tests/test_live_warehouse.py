"""Readers and the nightly run: a connected reader keeps its version while a run publishes, the
switch is atomic, and a run killed at any point leaves the last released version whole."""

import os
import signal
import subprocess
import sys
import time

import duckdb
import pytest

from tests.builders import run_sync
from warehouse.publish import ensure_schema
from warehouse.release import (
    KEEP_VERSIONS,
    release,
    release_check_results,
    versions_folder,
    work_database_path,
)

ROWS = 3_000_000


def test_a_connected_reader_keeps_its_version_while_a_run_publishes(small_sources, tmp_path):
    live = tmp_path / "warehouse" / "hub.duckdb"
    first = run_sync(small_sources, live)
    reader = duckdb.connect(str(live), read_only=True)
    try:
        second = run_sync(small_sources, live)
        assert first.success and second.success
        # The reader still sees the first publish, whole ...
        assert reader.execute("SELECT run_id FROM sync_runs").fetchall() == [(first.run_id,)]
        assert reader.execute("SELECT DISTINCT run_id FROM customers").fetchall() == [(first.run_id,)]
    finally:
        reader.close()
    # ... and a new connection the second.
    with duckdb.connect(str(live), read_only=True) as fresh:
        assert fresh.execute("SELECT run_id FROM sync_runs ORDER BY published_at").fetchall() == [
            (first.run_id,),
            (second.run_id,),
        ]
        assert fresh.execute("SELECT DISTINCT run_id FROM customers").fetchall() == [(second.run_id,)]
        assert fresh.execute("SELECT count(*) FROM customers_masked").fetchone()[0] > 0
    assert live.is_symlink() and work_database_path(live).is_file()


def write_work_database(live, rows):
    with duckdb.connect(str(work_database_path(live))) as work:
        work.execute("CREATE OR REPLACE TABLE numbers AS SELECT range AS n FROM range(?)", [rows])


RELEASE_SCRIPT = """
import sys
from pathlib import Path
import duckdb
from warehouse.release import release, work_database_path
live = Path(sys.argv[1])
with duckdb.connect(str(work_database_path(live))) as work:
    print("releasing", flush=True)
    release(work, live, sys.argv[2])
"""


@pytest.mark.parametrize("kill_after", [0.0, 0.1, 0.3, 0.6])
def test_a_release_killed_at_any_point_leaves_the_last_version_whole(tmp_path, kill_after):
    live = tmp_path / "hub.duckdb"
    write_work_database(live, ROWS)
    with duckdb.connect(str(work_database_path(live))) as work:
        release(work, live, "v1")
    write_work_database(live, ROWS + 1)

    process = subprocess.Popen(
        [sys.executable, "-c", RELEASE_SCRIPT, str(live), "v2"],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.getcwd()},
    )
    assert process.stdout.readline().strip() == "releasing"
    time.sleep(kill_after)
    process.send_signal(signal.SIGKILL)
    process.wait()

    with duckdb.connect(str(live), read_only=True) as reader:
        assert reader.execute("SELECT count(*) FROM numbers").fetchone()[0] in (ROWS, ROWS + 1)
    # The next release clears what the killed one left and goes through.
    with duckdb.connect(str(work_database_path(live))) as work:
        release(work, live, "v3")
    with duckdb.connect(str(live), read_only=True) as reader:
        assert reader.execute("SELECT count(*) FROM numbers").fetchone()[0] == ROWS + 1
    assert not list(versions_folder(live).glob("*.partial"))


def test_old_versions_are_pruned_but_a_reader_of_one_keeps_reading(tmp_path):
    live = tmp_path / "hub.duckdb"
    write_work_database(live, 10)
    with duckdb.connect(str(work_database_path(live))) as work:
        release(work, live, "v0")
    reader = duckdb.connect(str(live), read_only=True)
    try:
        for version in range(1, KEEP_VERSIONS + 3):
            write_work_database(live, 10 + version)
            with duckdb.connect(str(work_database_path(live))) as work:
                release(work, live, f"v{version}")
        assert len(list(versions_folder(live).glob("*.duckdb"))) == KEEP_VERSIONS + 1
        assert not (versions_folder(live) / "v0.duckdb").exists()
        assert reader.execute("SELECT count(*) FROM numbers").fetchone()[0] == 10
    finally:
        reader.close()


def test_a_warehouse_of_the_earlier_layout_carries_on(small_sources, tmp_path):
    live = tmp_path / "hub.duckdb"
    with duckdb.connect(str(live)) as old:
        ensure_schema(old)
        old.execute(
            "INSERT INTO customer_id_history VALUES ('run-0', now(), 'retired', 'CUST-0000041', NULL, 1, NULL)"
        )
        # The earlier layout kept the match evidence and the review queue as tables.
        for table in ("match_evidence", "review_queue"):
            old.execute(f"DROP VIEW {table}; CREATE TABLE {table} (run_id VARCHAR, record_key_a VARCHAR)")
    run = run_sync(small_sources, live)
    assert run.success and live.is_symlink()
    with duckdb.connect(str(live), read_only=True) as reader:
        # IDs continue above the highest one the old warehouse had issued.
        assert reader.execute("SELECT min(customer_id) FROM customers").fetchone()[0] > "CUST-0000041"


def test_a_lost_work_database_is_made_again_from_the_released_version(small_sources, tmp_path):
    live = tmp_path / "hub.duckdb"
    assert run_sync(small_sources, live).success
    with duckdb.connect(str(live), read_only=True) as reader:
        released = reader.execute("SELECT customer_id FROM customers ORDER BY ALL").fetchall()
    work_database_path(live).unlink()

    assert run_sync(small_sources, live).success
    with duckdb.connect(str(live), read_only=True) as reader:
        # The same customers keep their IDs, and the history has both runs.
        assert reader.execute("SELECT customer_id FROM customers ORDER BY ALL").fetchall() == released
        assert reader.execute("SELECT count(*) FROM sync_runs").fetchone()[0] == 2


def test_a_held_back_run_releases_its_check_results_beside_the_released_tables_only(tmp_path):
    live = tmp_path / "hub.duckdb"
    with duckdb.connect(str(work_database_path(live))) as work:
        ensure_schema(work)
        work.execute("CREATE TABLE numbers AS SELECT 1 AS n")
        release(work, live, "run-1")
        # A later publish that was never released (say its reconciliation failed) ...
        work.execute("INSERT INTO numbers VALUES (2)")
        work.execute(
            "INSERT INTO dq_results (run_id, checked_at, stage, asset, suite, expectation, severity, success)"
            " VALUES ('run-3', now(), 'raw_source', 'raw_sales', 'raw', 'expect_column_to_exist', 'critical', false)"
        )
        # ... and a run held back by its checks, twice (two of its checks failed).
        release_check_results(work, live, "run-3-held", "run-3")
        release_check_results(work, live, "run-3-held", "run-3")

    with duckdb.connect(str(live), read_only=True) as reader:
        assert reader.execute("SELECT n FROM numbers").fetchall() == [(1,)]
        assert reader.execute("SELECT run_id, success FROM dq_results").fetchall() == [("run-3", False)]
