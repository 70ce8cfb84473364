"""Candidate pairs within a budget: a key shared by too many records, or past the pairs its kind
may make, is not expanded; the run still publishes every record and says what it left out."""

import dagster as dg
import duckdb
import openpyxl
import pytest

from assets.definitions import build_definitions
from assets.schedules import CUSTOMER_SYNC_JOB
from pipelines.matching import blocking
from pipelines.matching.blocking import OVER_BUDGET, OVER_SIZE, candidate_pairs
from pipelines.matching.comparisons import prepare_records
from pipelines.standardise.records import standardise_records
from tests.builders import staged

COMMON_NAMES = ("王伟", "张伟", "李娜")
CITIES = ("北京", "上海")
SWITCHBOARD = "13912345678"


@pytest.fixture
def common_names_sheet(tmp_path, write_registry):
    """One department's sheet of a few common names in two cities, over the size one name-and-city
    key may join, every email at one company domain and a switchboard number on a block of rows."""
    per_block = blocking.BLOCKING_KEYS["name_city"].max_block_size + 20
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["姓名", "城市", "手机", "座机", "邮箱"])
    row = 0
    for name in COMMON_NAMES:
        for city in CITIES:
            for _ in range(per_block):
                row += 1
                switchboard = SWITCHBOARD if row <= per_block else None
                sheet.append([name, city, f"13{row:09d}", switchboard, f"staff{row}@bigcorp.com"])
    workbook.save(tmp_path / "big.xlsx")
    registry = write_registry(
        {
            "name": "big_sheet",
            "department": "sales",
            "kind": "spreadsheet",
            "location": "big.xlsx",
            "columns": {
                "姓名": "person_name",
                "城市": "city",
                "手机": "phone",
                "座机": "alt_phone",
                "邮箱": "email",
            },
        },
        engine={"memory_limit": "1GB", "threads": 1, "temp_directory": str(tmp_path / "spill")},
    )
    return registry, row


def test_a_sheet_of_common_names_publishes_every_row_and_says_which_blocks_it_left_out(
    common_names_sheet, tmp_path
):
    registry, rows = common_names_sheet
    database = tmp_path / "hub.duckdb"
    instance = dg.DagsterInstance.ephemeral()
    job = build_definitions(registry.path, database).resolve_job_def(CUSTOMER_SYNC_JOB)

    result = job.execute_in_process(instance=instance)

    assert result.success
    with duckdb.connect(str(database), read_only=True) as connection:
        linked, quarantined = connection.execute(
            "SELECT (SELECT count(*) FROM customer_sources), (SELECT count(*) FROM quarantine)"
        ).fetchone()
        skipped = connection.execute("SELECT kind, value, size, reason FROM skipped_blocks").fetchall()
    assert linked + quarantined == rows
    name_city = {value: size for kind, value, size, _ in skipped if kind == "name_city"}
    assert len(name_city) == len(COMMON_NAMES) * len(CITIES)
    assert all(size == rows // 6 for size in name_city.values())
    assert {reason for kind, *_, reason in skipped if kind == "name_city"} == {OVER_SIZE}
    # The switchboard is personal data: named masked, never whole.
    phone_values = [value for kind, value, *_ in skipped if kind == "phone"]
    assert len(phone_values) == 1 and SWITCHBOARD[-8:] not in phone_values[0]
    warnings = [
        entry.user_message
        for entry in instance.all_logs(result.run_id)
        if entry.level == 30 and "not compared pair by pair" in entry.user_message
    ]
    assert any(message.startswith("6 name_city blocks") for message in warnings)
    assert not any(SWITCHBOARD in message for message in warnings)
    report = (tmp_path / "reports" / "latest.html").read_text(encoding="utf-8")
    assert "Blocks not compared pair by pair" in report and "name_city" in report
    assert SWITCHBOARD not in report


def test_blocks_past_the_budget_of_their_kind_are_left_out_largest_first(monkeypatch):
    """Blocks of 2, 3 and 10 records sharing a name make 1, 3 and 45 pairs: with a budget of 4
    pairs the two smaller are expanded and the largest is not."""
    monkeypatch.setattr(blocking, "PAIRS_PER_RECORD", 0)
    monkeypatch.setattr(blocking, "MIN_PAIRS_PER_KIND", 4)
    names = ["王建国"] * 2 + ["李秀英"] * 3 + ["陈志强"] * 10
    records = staged(*({"person_name": name, "phone": f"139{n:08d}"} for n, name in enumerate(names)))

    pairs, skipped = candidate_pairs(prepare_records(standardise_records(records)))

    assert len(pairs) == 1 + 3
    assert skipped.to_dict("records") == [
        {"kind": "name", "value": "chen qiang zhi", "size": 10, "reason": OVER_BUDGET}
    ]
