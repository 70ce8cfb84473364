import duckdb
import pandas as pd
import pytest

from tests.builders import complete_tables
from warehouse.publish import Publication, publish


def publication(run_id: str, customer_types: list[str | None]) -> Publication:
    customers = pd.DataFrame(
        {
            "customer_id": [f"CUST-{n:07d}" for n in range(1, len(customer_types) + 1)],
            "customer_type": customer_types,
            "display_name": "张伟",
            "phones": [["+8613800138000"]] * len(customer_types),
            "record_count": 1,
        }
    )
    links = pd.DataFrame(
        {
            "record_key": [f"sales:{n}" for n in range(len(customer_types))],
            "customer_id": customers["customer_id"],
            "source": "sales",
            "source_locator": "Sheet!2",
            "loaded_at": pd.Timestamp("2026-11-01 02:00"),
            "matched_by": "single_record",
        }
    )
    run = pd.DataFrame(
        [
            {
                "run_id": run_id,
                "published_at": pd.Timestamp.now(),
                "sources_read": 1,
                "sources_failed": 0,
                "records_read": len(links),
                "records_quarantined": 0,
                "records_linked": len(links),
                "customers": len(customers),
                "duplicates_merged": 0,
            }
        ]
    )
    return Publication(
        run_id,
        complete_tables(
            {
                "customers": customers,
                "customer_sources": links,
                "sync_runs": run,
                "source_reconciliation": pd.DataFrame(
                    [
                        {
                            "source": "sales",
                            "records_read": len(links),
                            "records_linked": len(links),
                            "records_quarantined": 0,
                            "customers": len(customers),
                        }
                    ]
                ),
            }
        ),
    )


def test_publish_replaces_current_tables_and_appends_history(tmp_path):
    with duckdb.connect(str(tmp_path / "hub.duckdb")) as connection:
        publish(connection, publication("run-1", ["person", "company"]))
        counts = publish(connection, publication("run-2", ["person"]))
        assert counts["customers"] == 1 and counts["sync_runs"] == 2
        assert connection.execute("SELECT DISTINCT run_id FROM customers").fetchall() == [("run-2",)]
        assert connection.execute("SELECT phones FROM customers").fetchone() == (["+8613800138000"],)


def test_a_failed_publish_leaves_the_previous_one_whole(tmp_path):
    database = str(tmp_path / "hub.duckdb")
    with duckdb.connect(database) as connection:
        publish(connection, publication("run-1", ["person", "company"]))
        # The same run_id again breaks sync_runs' primary key: the last insert of the publish
        # fails after every current table was already replaced.
        with pytest.raises(duckdb.ConstraintException):
            publish(connection, publication("run-1", ["person"]))
    with duckdb.connect(database, read_only=True) as reader:
        assert reader.execute("SELECT count(*), min(run_id) FROM customers").fetchone() == (2, "run-1")
        assert reader.execute("SELECT count(*) FROM customer_sources").fetchone() == (2,)
        assert reader.execute("SELECT run_id FROM sync_runs").fetchall() == [("run-1",)]


def test_a_warehouse_published_before_a_column_existed_gets_it(tmp_path):
    with duckdb.connect(str(tmp_path / "hub.duckdb")) as connection:
        publish(connection, publication("run-1", ["person"]))
        connection.execute("ALTER TABLE customers DROP COLUMN lifecycle_stage")
        connection.execute("DROP TABLE contact_events")

        publish(connection, publication("run-2", ["person", "company"]))

        assert connection.execute("SELECT count(lifecycle_stage), count(*) FROM customers").fetchone() == (
            0,
            2,
        )
        assert connection.execute("SELECT count(*) FROM contact_events").fetchone() == (0,)
