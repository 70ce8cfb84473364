"""Great Expectations suites as blocking checks: what they record, and that a failed critical
check holds back publishing while the previous warehouse stays whole and queryable."""

import json
import subprocess
import sys

import duckdb
import pandas as pd
import pytest

from assets.quality import PUBLISHABLE_CHECK, RAW_SOURCES_CHECK, STANDARDISED_CHECK
from expectations import published_customers, raw_source, standardised_records
from expectations.runner import FrameCheck, validate
from expectations.spec import CRITICAL, WARNING
from pipelines.registry import load_registry
from pipelines.stage_cache import StageCache
from tests.builders import run_sync


@pytest.mark.parametrize(
    "suite",
    [
        raw_source.expectations(),
        standardised_records.expectations(0.2),
        published_customers.customer_expectations(100, 0.5),
        published_customers.link_expectations(10),
    ],
)
def test_every_suite_has_blocking_checks(suite):
    assert {e.severity for e in suite} <= {CRITICAL, WARNING}
    assert any(e.severity == CRITICAL for e in suite)


def test_validate_records_each_expectation_with_its_severity(tmp_path):
    customers = pd.DataFrame(
        {
            "customer_id": ["CUST-0000001", "CUST-0000001", "C3"],
            "customer_type": ["person", "company", "robot"],
            "record_count": [1, 2, 0],
            "display_name": ["张伟", None, "x"],
        }
    )

    check = FrameCheck(
        customers,
        published_customers.CUSTOMERS_SUITE,
        published_customers.customer_expectations(None, 0.5),
        stage="published_customers",
        asset="customers",
    )
    outcome = validate([check], run_id="run-1", project_dir=tmp_path)

    failed = outcome.results[~outcome.results["success"]].set_index(["expectation", "column_name"])
    assert not outcome.passed
    assert set(failed.index) == {
        ("expect_column_values_to_be_unique", "customer_id"),
        ("expect_column_values_to_match_regex", "customer_id"),
        ("expect_column_values_to_be_in_set", "customer_type"),
        ("expect_column_values_to_be_between", "record_count"),
        ("expect_column_values_to_not_be_null", "display_name"),
    }
    assert failed.loc[("expect_column_values_to_not_be_null", "display_name"), "severity"] == WARNING
    assert (outcome.critical_failures, outcome.warnings_failed) == (4, 1)
    assert "robot" in failed.loc[("expect_column_values_to_be_in_set", "customer_type"), "details"]
    assert (tmp_path / "data_docs" / "index.html").is_file()


def test_a_failed_critical_check_holds_back_publishing_and_keeps_the_previous_warehouse(
    small_sources, tmp_path
):
    database = tmp_path / "hub.duckdb"
    good = run_sync(small_sources, database, raise_on_error=False)
    # The sales department's next export is mostly test rows: far more quarantine than allowed.
    rows = "客户名称,手机\n" + "测试数据,\n" * 8 + "张伟,13800138000\n"
    (tmp_path / "sales.csv").write_text(rows, encoding="utf-8")
    broken_registry = small_sources.path.read_text(encoding="utf-8").replace("sales.xlsx", "sales.csv")
    small_sources.path.write_text(broken_registry, encoding="utf-8")

    bad = run_sync(load_registry(small_sources.path), database, raise_on_error=False)

    assert good.success and not bad.success
    evaluations = {e.check_name: e.passed for e in bad.get_asset_check_evaluations()}
    assert evaluations[RAW_SOURCES_CHECK] and not evaluations[STANDARDISED_CHECK]
    assert PUBLISHABLE_CHECK not in evaluations  # never reached: resolution did not run either
    published = {e.asset_key.to_user_string() for e in bad.get_asset_materialization_events()}
    assert "customers" not in published
    with duckdb.connect(str(database), read_only=True) as reader:
        assert reader.execute("SELECT DISTINCT run_id FROM customers").fetchall() == [(good.run_id,)]
        assert reader.execute("SELECT count(*) FROM customers").fetchone() == (3,)
        assert reader.execute("SELECT run_id FROM sync_runs").fetchall() == [(good.run_id,)]
        failures = reader.execute(
            "SELECT expectation, column_name FROM dq_results WHERE run_id = ? AND NOT success AND severity = 'critical'",
            [bad.run_id],
        ).fetchall()
    assert failures == [("expect_column_values_to_be_null", "quarantine_reason")]


def test_a_good_run_records_every_stage_in_dq_results(small_sources, tmp_path):
    database = tmp_path / "hub.duckdb"
    result = run_sync(small_sources, database, raise_on_error=False)
    with duckdb.connect(str(database), read_only=True) as reader:
        stages = dict(
            reader.execute(
                "SELECT stage, bool_and(success OR severity = 'warning') FROM dq_results WHERE run_id = ? GROUP BY stage",
                [result.run_id],
            ).fetchall()
        )
        per_source = reader.execute(
            "SELECT source, records_read, records_linked, records_quarantined FROM source_reconciliation ORDER BY source"
        ).fetchall()
    assert result.success
    assert stages == {
        "raw_source": True,
        "standardised_records": True,
        "published_customers": True,
        "reconciliation": True,
    }
    # marketing's workbook is corrupt: no records, and its error is in source_issues
    assert per_source == [("sales", 3, 2, 1), ("service", 2, 2, 0)]
    assert (tmp_path / "data_docs" / "index.html").is_file()


def test_loading_the_dagster_code_does_not_import_great_expectations():
    probe = "import sys, assets.definitions; print('great_expectations' in sys.modules)"
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "False"


def test_a_check_of_content_already_validated_is_carried_over_and_says_from_which_run(tmp_path):
    kept = StageCache(tmp_path / "stages")
    customers = pd.DataFrame(
        {
            "customer_id": ["CUST-0000001", "C2"],
            "customer_type": ["person", "company"],
            "record_count": [1, 2],
            "display_name": ["张伟", "华为"],
        }
    )
    expectations = published_customers.customer_expectations(None, 0.5)

    def outcome(frame, run_id):
        check = FrameCheck(
            frame, published_customers.CUSTOMERS_SUITE, expectations, "published_customers", "customers"
        )
        return validate([check], run_id=run_id, project_dir=tmp_path, kept=kept).results

    first = outcome(customers, "run-1")
    again = outcome(customers.copy(), "run-2")
    changed = outcome(customers.assign(customer_type=["person", "robot"]), "run-3")

    carried = again["details"].map(lambda details: json.loads(details).get("same_data_as_run"))
    assert (carried == "run-1").all() and (again["run_id"] == "run-2").all()
    assert first.drop(columns=["run_id", "checked_at", "details"]).equals(
        again.drop(columns=["run_id", "checked_at", "details"])
    )
    assert changed["details"].map(lambda details: "same_data_as_run" not in details).all()
    assert changed["success"].sum() == first["success"].sum() - 1
