"""Nightly runs parse only changed sources, read drop folders, and notice new files."""

import os
import shutil

import dagster as dg
import duckdb
import pytest

from assets.definitions import build_definitions
from assets.schedules import CUSTOMER_SYNC_JOB
from assets.sensors import SOURCE_FILES_SENSOR
from pipelines.ingest import load_source
from pipelines.read_cache import ReadCache

HEADER = "客户名称,手机\n"


def csv_source(location, **extra):
    return {"name": "sales", "department": "sales", "kind": "spreadsheet", "location": location} | extra


@pytest.fixture
def one_csv(tmp_path, write_registry):
    (tmp_path / "sales.csv").write_text(HEADER + "张伟,13800138000\n", encoding="utf-8")
    return write_registry(csv_source("sales.csv"))


def test_an_unchanged_source_is_not_parsed_again(tmp_path, one_csv):
    cache, spec = ReadCache(tmp_path / "cache"), one_csv.source("sales")

    first = cache.load(spec, one_csv, "2026-11-01 02:00:00")
    second = cache.load(spec, one_csv, "2026-11-02 02:00:00")

    assert (first.from_cache, second.from_cache) == (False, True)
    assert second.load.loaded_at == "2026-11-01 02:00:00"
    assert second.load.records.equals(first.load.records)


def test_a_touched_but_unchanged_file_is_not_parsed_again(tmp_path, one_csv):
    cache, spec = ReadCache(tmp_path / "cache"), one_csv.source("sales")
    cache.load(spec, one_csv, "2026-11-01 02:00:00")
    os.utime(tmp_path / "sales.csv", ns=(0, 10**18))

    assert cache.load(spec, one_csv, "2026-11-02 02:00:00").from_cache


def test_changed_content_or_registry_entry_is_parsed_again(tmp_path, one_csv, write_registry):
    cache = ReadCache(tmp_path / "cache")
    cache.load(one_csv.source("sales"), one_csv, "2026-11-01 02:00:00")
    (tmp_path / "sales.csv").write_text(HEADER + "张伟,13800138000\n李娜,13911112222\n", encoding="utf-8")

    changed_file = cache.load(one_csv.source("sales"), one_csv, "2026-11-02 02:00:00")
    remapped = write_registry(csv_source("sales.csv", columns={"手机": "alt_phone"}))
    changed_entry = cache.load(remapped.source("sales"), remapped, "2026-11-03 02:00:00")

    assert not changed_file.from_cache and len(changed_file.load.records) == 2
    assert not changed_entry.from_cache and changed_entry.load.column_mapping["手机"] == "alt_phone"


def test_a_drop_folder_pattern_reads_every_matching_file(tmp_path, write_registry):
    drop = tmp_path / "drop" / "sales"
    (drop / "2026-10").mkdir(parents=True)
    (drop / "east.csv").write_text(HEADER + "张伟,13800138000\n", encoding="utf-8")
    (drop / "2026-10" / "west.csv").write_text(
        "客户名称,手机,邮箱\n李娜,13911112222,lina@qq.com\n", encoding="utf-8"
    )
    (drop / "broken.csv").write_bytes(b"\x00\x01binary")
    (drop / "notes.txt").write_text("not a csv", encoding="utf-8")
    registry = write_registry(csv_source("drop/sales/**/*.csv"))

    load = load_source(registry.source("sales"), registry, "2026-11-01 02:00:00")

    assert load.records["source_locator"].tolist() == ["2026-10/west.csv:line 2", "east.csv:line 2"]
    assert load.records["邮箱"].tolist() == ["lina@qq.com", None]
    assert load.issues[["severity", "problem"]].values.tolist() == [
        ["error", "binary content, not delimited text"]
    ]
    assert "broken.csv" in load.issues["location"].iloc[0]


def test_an_empty_drop_folder_is_a_warning(tmp_path, write_registry):
    registry = write_registry(csv_source("drop/*.csv"))
    load = load_source(registry.source("sales"), registry, "2026-11-01 02:00:00")
    assert load.records.empty and load.issues["problem"].tolist() == ["no file matches the pattern"]


def test_sensor_requests_a_run_when_a_file_is_dropped_or_changed(tmp_path, write_registry):
    (tmp_path / "drop").mkdir()
    registry = write_registry(csv_source("drop/*.csv"))
    sensor = build_definitions(registry.path, tmp_path / "hub.duckdb").resolve_sensor_def(SOURCE_FILES_SENSOR)

    def tick(cursor):
        context = dg.build_sensor_context(cursor=cursor)
        result = sensor.evaluate_tick(context)
        return result, context.cursor

    first, cursor = tick(None)
    unchanged, cursor = tick(cursor)
    (tmp_path / "drop" / "new.csv").write_text(HEADER + "张伟,13800138000\n", encoding="utf-8")
    dropped, cursor = tick(cursor)
    again, cursor = tick(cursor)

    assert (first.run_requests, unchanged.run_requests, again.run_requests) == ([], [], [])
    assert len(dropped.run_requests) == 1
    assert dropped.run_requests[0].tags["customer_hub/changed_files"] == "1"


def test_a_rerun_on_the_same_inputs_publishes_identical_tables(small_sources, tmp_path):
    database = tmp_path / "hub.duckdb"
    job = build_definitions(small_sources.path, database).resolve_job_def(CUSTOMER_SYNC_JOB)

    def published():
        result = job.execute_in_process(instance=dg.DagsterInstance.ephemeral())
        with duckdb.connect(str(database), read_only=True) as connection:
            tables = {
                t: connection.execute(f"SELECT * EXCLUDE (run_id) FROM {t} ORDER BY ALL").fetchall()
                for t in ("customers", "customer_sources", "quarantine")
            }
        parsed = {
            e.asset_key.to_user_string(): e.step_materialization_data.materialization.metadata["parsed"].value
            for e in result.get_asset_materialization_events()
            if e.asset_key.to_user_string().startswith("raw_")
        }
        return tables, parsed

    (first, first_parsed), (second, second_parsed) = published(), published()

    assert first == second
    assert first_parsed == {"raw_sales": True, "raw_service": True, "raw_marketing": True}
    assert second_parsed == {"raw_sales": False, "raw_service": False, "raw_marketing": False}


def test_customers_keep_their_ids_when_new_records_join_and_ids_are_never_reissued(small_sources, tmp_path):
    database = tmp_path / "hub.duckdb"
    job = build_definitions(small_sources.path, database).resolve_job_def(CUSTOMER_SYNC_JOB)

    def links():
        with duckdb.connect(str(database), read_only=True) as connection:
            return dict(connection.execute("SELECT record_key, customer_id FROM customer_sources").fetchall())

    first = job.execute_in_process(instance=dg.DagsterInstance.ephemeral())
    before = links()
    # The next night: 张伟 calls after-sales again, and a new customer appears.
    with (tmp_path / "service.csv").open("ab") as service:
        service.write("张伟,13800138000\n赵敏,13622223333\n".encode("gbk"))
    second = job.execute_in_process(instance=dg.DagsterInstance.ephemeral())
    after = links()

    assert first.success and second.success
    assert all(after[key] == customer for key, customer in before.items())
    assert after["service:line 4"] == before["sales:Sheet!2"]
    assert after["service:line 5"] == "CUST-0000004"
    with duckdb.connect(str(database), read_only=True) as connection:
        history = connection.execute(
            "SELECT run_id, event, new_customer_id FROM customer_id_history ORDER BY recorded_at, new_customer_id"
        ).fetchall()
    assert history == [(first.run_id, "new", f"CUST-000000{n}") for n in (1, 2, 3)] + [
        (second.run_id, "new", "CUST-0000004")
    ]


def test_a_night_with_nothing_changed_keeps_its_results_and_they_are_those_of_a_full_run(
    small_sources, tmp_path
):
    database = tmp_path / "hub.duckdb"
    job = build_definitions(small_sources.path, database).resolve_job_def(CUSTOMER_SYNC_JOB)

    def night():
        result = job.execute_in_process(instance=dg.DagsterInstance.ephemeral())
        with duckdb.connect(str(database), read_only=True) as connection:
            tables = {
                table: connection.execute(f"SELECT * EXCLUDE (run_id) FROM {table} ORDER BY ALL").fetchall()
                for table in ("customers", "customer_sources", "match_pairs", "field_provenance")
            }
            events = connection.execute(
                "SELECT count(*) FROM customer_id_history WHERE run_id = ?", [result.run_id]
            ).fetchone()[0]
        recomputed = next(
            e.step_materialization_data.materialization.metadata["recomputed"].value
            for e in result.get_asset_materialization_events()
            if e.asset_key.to_user_string() == "resolved_customers"
        )
        return tables, events, recomputed

    first, kept = night(), night()
    shutil.rmtree(tmp_path / "read_cache" / "stages")
    full = night()

    assert (first[1:], kept[1:], full[1:]) == ((3, True), (0, False), (0, True))
    assert first[0] == kept[0] == full[0]


def test_a_night_with_a_record_changed_computes_again(small_sources, tmp_path):
    database = tmp_path / "hub.duckdb"
    job = build_definitions(small_sources.path, database).resolve_job_def(CUSTOMER_SYNC_JOB)
    job.execute_in_process(instance=dg.DagsterInstance.ephemeral())
    (tmp_path / "service.csv").write_bytes(
        "用户姓名,联系电话\n張偉,+86 138-0013-8000\n王芳,0755-87654321\n".encode("gbk")
    )

    result = job.execute_in_process(instance=dg.DagsterInstance.ephemeral())

    resolved = next(
        e.step_materialization_data.materialization.metadata
        for e in result.get_asset_materialization_events()
        if e.asset_key.to_user_string() == "resolved_customers"
    )
    assert resolved["recomputed"].value is True
    with duckdb.connect(str(database), read_only=True) as connection:
        phones = connection.execute("SELECT phones FROM customers WHERE display_name = '王芳'").fetchone()[0]
    assert phones == ["+8675587654321"]
