"""Full Dagster runs of the sync job on small sources written by the test, one of them broken."""

import dagster as dg
import duckdb

from assets.definitions import build_definitions
from assets.publishing import RECORDS_RECONCILE_CHECK, WAREHOUSE_POOL
from assets.schedules import CUSTOMER_SYNC_JOB
from tests.builders import run_sync


def test_sync_publishes_every_record_and_reports_the_broken_source(small_sources, tmp_path):
    database = tmp_path / "hub.duckdb"

    result = run_sync(small_sources, database)

    assert result.success
    check = next(e for e in result.get_asset_check_evaluations() if e.check_name == RECORDS_RECONCILE_CHECK)
    assert check.passed
    with duckdb.connect(str(database), read_only=True) as connection:
        links = dict(connection.execute("SELECT record_key, customer_id FROM customer_sources").fetchall())
        quarantined = connection.execute("SELECT record_key, reason_code FROM quarantine").fetchall()
        issues = connection.execute(
            "SELECT source, severity, location, problem FROM source_issues"
        ).fetchall()
        run = connection.execute(
            "SELECT sources_read, sources_failed, records_read, customers, duplicates_merged FROM sync_runs"
        ).fetchone()
        zhang = connection.execute(
            "SELECT display_name, departments, phones FROM customers WHERE email = 'zhangwei@163.com'"
        ).fetchone()
    assert set(links) == {"sales:Sheet!2", "sales:Sheet!3", "service:line 2", "service:line 3"}
    assert links["sales:Sheet!2"] == links["service:line 2"]
    assert quarantined == [("sales:Sheet!4", "PLACEHOLDER")]
    assert [(source, severity) for source, severity, *_ in issues] == [("marketing", "error")]
    assert "broken.xlsx" in issues[0][2] and "not a readable workbook" in issues[0][3]
    assert run == (2, 1, 5, 3, 1)
    assert zhang == ("张伟", ["after_sales", "sales"], ["+8613800138000"])


def test_rerun_replaces_the_published_tables_and_keeps_run_history(small_sources, tmp_path):
    database = tmp_path / "hub.duckdb"

    first, second = run_sync(small_sources, database), run_sync(small_sources, database)

    with duckdb.connect(str(database), read_only=True) as connection:
        runs = [
            row[0]
            for row in connection.execute("SELECT run_id FROM sync_runs ORDER BY published_at").fetchall()
        ]
        published_by = {
            row[0] for row in connection.execute("SELECT DISTINCT run_id FROM customers").fetchall()
        }
        customers = connection.execute("SELECT count(*) FROM customers").fetchone()[0]
    assert runs == [first.run_id, second.run_id]
    assert published_by == {second.run_id}
    assert customers == 3


def test_nightly_schedule_runs_the_whole_graph_at_two_in_the_configured_timezone(
    small_sources, tmp_path, monkeypatch
):
    monkeypatch.setenv("CUSTOMER_HUB_TIMEZONE", "Europe/Berlin")
    definitions = build_definitions(small_sources.path, tmp_path / "hub.duckdb")
    schedule = definitions.resolve_schedule_def("nightly_customer_sync")
    assert (schedule.cron_schedule, schedule.execution_timezone, schedule.job_name) == (
        "0 2 * * *",
        "Europe/Berlin",
        CUSTOMER_SYNC_JOB,
    )
    monkeypatch.delenv("CUSTOMER_HUB_TIMEZONE")
    assert (
        build_definitions(small_sources.path, tmp_path / "hub.duckdb")
        .resolve_schedule_def("nightly_customer_sync")
        .execution_timezone
        == "Asia/Shanghai"
    )


def test_assets_report_counts_in_their_metadata(small_sources, tmp_path):
    result = run_sync(small_sources, tmp_path / "hub.duckdb")
    metadata = {
        event.asset_key.to_user_string(): event.step_materialization_data.materialization.metadata
        for event in result.get_asset_materialization_events()
    }
    assert metadata["raw_sales"]["records_read"].value == 3
    assert metadata["raw_marketing"]["failed"].value is True
    assert metadata["standardised_records"]["quarantine_count"].value == 1
    assert metadata["resolved_customers"]["duplicate_rate"].value == 0.25
    assert metadata["customers"]["row_count"].value == 3


def test_a_file_that_vanishes_after_the_run_started_fails_only_its_source(small_sources, tmp_path):
    database = tmp_path / "hub.duckdb"
    job = build_definitions(small_sources.path, database).resolve_job_def(CUSTOMER_SYNC_JOB)
    (tmp_path / "service.csv").unlink()  # moved away between the sensor's look and the read

    result = job.execute_in_process(instance=dg.DagsterInstance.ephemeral())

    assert result.success
    with duckdb.connect(str(database), read_only=True) as connection:
        errors = connection.execute(
            "SELECT source, problem FROM source_issues WHERE severity = 'error' ORDER BY source"
        ).fetchall()
        sources = {
            row[0] for row in connection.execute("SELECT DISTINCT source FROM customer_sources").fetchall()
        }
    assert [source for source, _ in errors] == ["marketing", "service"]
    assert errors[0][1].startswith("not a readable workbook") and errors[1][1] == "file not found"
    assert sources == {"sales"}
    assert next(
        e for e in result.get_asset_check_evaluations() if e.check_name == RECORDS_RECONCILE_CHECK
    ).passed


def test_every_step_that_opens_the_warehouse_is_in_its_pool(small_sources, tmp_path):
    job = build_definitions(small_sources.path, tmp_path / "hub.duckdb").resolve_job_def(CUSTOMER_SYNC_JOB)
    steps = [node.definition for node in job.graph.node_dict.values()]
    using_warehouse = [
        step for step in steps if {"duckdb", "warehouse_release"} & step.required_resource_keys
    ]
    assert len(using_warehouse) >= 6
    assert {step.name: step.pool for step in using_warehouse} == {
        step.name: WAREHOUSE_POOL for step in using_warehouse
    }
