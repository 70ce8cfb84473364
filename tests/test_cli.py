import duckdb

from pipelines.cli import main
from warehouse.location import WAREHOUSE_ENV


def test_run_publishes_and_prints_a_summary(small_sources, tmp_path, monkeypatch, capsys):
    # The command passes its options on through the environment; monkeypatch restores it.
    monkeypatch.setenv("CUSTOMER_HUB_SOURCES", "unused")
    monkeypatch.setenv(WAREHOUSE_ENV, "unused")
    database = tmp_path / "out" / "hub.duckdb"

    exit_code = main(["run", "--sources", str(small_sources.path), "--warehouse", str(database)])

    summary = capsys.readouterr().out
    assert exit_code == 0
    assert "sources read        2  (1 failed: see table source_issues)" in summary
    assert (
        "records in          5" in summary
        and "customers out       3" in summary
        and "duplicates merged   1" in summary
    )
    with duckdb.connect(str(database), read_only=True) as connection:
        assert connection.execute("SELECT count(*) FROM customers").fetchone() == (3,)


def test_generate_demo_writes_sources_and_ground_truth(tmp_path, capsys):
    assert main(["generate-demo", "--records", "1000", "--out", str(tmp_path)]) == 0
    assert {p.name for p in tmp_path.iterdir()} >= {
        "sales_customers.xlsx",
        "after_sales_service.csv",
        "trade_fair_leads.xlsx",
        "mailbox.mbox",
        "legacy_crm.sqlite",
        "ground_truth.csv",
    }
    assert "records of" in capsys.readouterr().out


def test_a_broken_registry_is_reported_without_a_traceback(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CUSTOMER_HUB_SOURCES", "unused")
    (tmp_path / "sources.yaml").write_text(
        "sources:\n  - name: fax\n    kind: fax\n    location: x\n", encoding="utf-8"
    )

    exit_code = main(
        ["run", "--sources", str(tmp_path / "sources.yaml"), "--warehouse", str(tmp_path / "hub.duckdb")]
    )

    assert exit_code == 2
    assert "kind 'fax' is not one of" in capsys.readouterr().err
