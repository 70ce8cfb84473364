"""The database reader against a real PostgreSQL server (started by scripts/postgres.sh) and the
same legacy CRM in SQLite."""

import shutil
import socket
import sqlite3
import subprocess
import tempfile
from pathlib import Path

import pytest
import sqlalchemy as sa

from pipelines.ingest import load_source
from pipelines.readers import SourceError, read_source
from pipelines.staging import stage_source

POSTGRES_SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "postgres.sh"

# A legacy CRM in the style of the demo's: upper-case pinyin abbreviations, codes for types and
# states, phone numbers kept as numbers, snowflake IDs beyond a float's 15 digits.
CRM_ROWS = [
    {
        "KHID": 1790000000000000001,
        "KHLX": 2,
        "KHMC": "恒泰机械（深圳）有限公司",
        "LXR": "张伟",
        "SJHM": 13800138000,
        "LXDH": 13911112222,
        "ZT": 1,
        "CJRQ": "2024-03-05",
    },
    {
        "KHID": 1790000000000000002,
        "KHLX": 1,
        "KHMC": "李娜",
        "LXR": None,
        "SJHM": None,
        "LXDH": None,
        "ZT": 2,
        "CJRQ": "2024-03-06 14:30:00",
    },
    {
        "KHID": 1790000000000000003,
        "KHLX": 1,
        "KHMC": "張偉",
        "LXR": "張偉",
        "SJHM": 13711112222,
        "LXDH": None,
        "ZT": 9,
        "CJRQ": None,
    },
]
POSTGRES_CRM = """
CREATE TABLE "T_KH" ("KHID" bigint PRIMARY KEY, "KHLX" smallint, "KHMC" varchar(100), "LXR" varchar(20),
                     "SJHM" bigint, "LXDH" numeric(13, 1), "ZT" smallint, "CJRQ" timestamp);
CREATE SCHEMA crm;
CREATE TABLE crm.t_dd (ddh varchar(12) PRIMARY KEY, khid bigint, lxdh bigint);
INSERT INTO crm.t_dd VALUES ('D2024030001', 1790000000000000001, 13800138000), ('D2024030002', NULL, 13611112222);
CREATE ROLE legacy LOGIN PASSWORD 'right-password';
"""
# SQLite keeps dates as the text the application wrote, and has no NUMERIC(13, 1): a float.
SQLITE_CRM = """
CREATE TABLE T_KH (KHID INTEGER PRIMARY KEY, KHLX INTEGER, KHMC TEXT, LXR TEXT,
                   SJHM INTEGER, LXDH REAL, ZT INTEGER, CJRQ TEXT)
"""
CRM_COLUMNS = {
    "KHID": "source_customer_id",
    "KHLX": "customer_type",
    "KHMC": "customer_name",
    "LXR": "person_name",
    "SJHM": "phone",
    "LXDH": "alt_phone",
    "ZT": "status",
    "CJRQ": "last_contact_date",
}
CRM_VALUES = {
    "customer_type": {"1": "person", "2": "company"},
    "status": {"1": "potential", "2": "closed", "3": "lost"},
}
INSERT_CRM_ROW = "INSERT INTO T_KH VALUES (:KHID, :KHLX, :KHMC, :LXR, :SJHM, :LXDH, :ZT, :CJRQ)"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def postgres_url():
    """A PostgreSQL server for this test session, installed first if need be. Fails, never skips,
    when it cannot be had: the database reader must really be tested against PostgreSQL."""
    # Not under pytest's tmp_path: its parents are private to the user running the tests, and the
    # server runs as postgres.
    data_dir = tempfile.mkdtemp(prefix="customer-hub-postgres-")
    started = subprocess.run(
        ["bash", str(POSTGRES_SCRIPT), data_dir, str(_free_port())],
        check=False,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if started.returncode != 0:
        shutil.rmtree(data_dir, ignore_errors=True)
        pytest.fail(f"scripts/postgres.sh could not start PostgreSQL:\n{started.stderr}", pytrace=False)
    try:
        yield started.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run(
            ["bash", str(POSTGRES_SCRIPT), "stop", data_dir],
            stdin=subprocess.DEVNULL,
            check=True,
            timeout=120,
        )
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_crm(postgres_url):
    engine = sa.create_engine(postgres_url)
    with engine.begin() as connection:
        connection.exec_driver_sql(POSTGRES_CRM)
        # PostgreSQL folds unquoted names to lower case; the legacy table's are upper case.
        connection.execute(sa.text(INSERT_CRM_ROW.replace("T_KH", '"T_KH"')), CRM_ROWS)
    engine.dispose()
    return postgres_url


@pytest.fixture(params=["postgresql", "sqlite"])
def crm_entry(request, tmp_path):
    """The registry entry of the legacy CRM, in either database."""
    entry = {
        "name": "crm",
        "department": "sales",
        "kind": "database",
        "options": {"table": "T_KH"},
        "columns": CRM_COLUMNS,
        "values": CRM_VALUES,
    }
    if request.param == "postgresql":
        return {**entry, "url": request.getfixturevalue("postgres_crm")}
    with sqlite3.connect(tmp_path / "crm.sqlite") as connection:
        connection.execute(SQLITE_CRM)
        connection.executemany(INSERT_CRM_ROW, CRM_ROWS)
    connection.close()
    return {**entry, "location": "crm.sqlite"}


def _postgres_entry(url: str, **options) -> dict:
    return {
        "name": "crm",
        "department": "sales",
        "kind": "database",
        "url": url,
        "options": options,
        "columns": {"khid": "source_customer_id", "khmc": "customer_name", "lxdh": "phone"},
    }


def _read(write_registry, entry: dict):
    registry = write_registry(entry)
    return read_source(registry.source(entry["name"]), registry)


def test_legacy_crm_reads_as_the_same_text_in_postgresql_and_sqlite(write_registry, crm_entry):
    read = _read(write_registry, crm_entry)

    assert read.records.to_dict(orient="records") == [
        {
            "source_locator": "KHID=1790000000000000001",
            "KHID": "1790000000000000001",
            "KHLX": "2",
            "KHMC": "恒泰机械（深圳）有限公司",
            "LXR": "张伟",
            "SJHM": "13800138000",
            "LXDH": "13911112222",
            "ZT": "1",
            "CJRQ": "2024-03-05",
        },
        {
            "source_locator": "KHID=1790000000000000002",
            "KHID": "1790000000000000002",
            "KHLX": "1",
            "KHMC": "李娜",
            "LXR": None,
            "SJHM": None,
            "LXDH": None,
            "ZT": "2",
            "CJRQ": "2024-03-06 14:30:00",
        },
        {
            "source_locator": "KHID=1790000000000000003",
            "KHID": "1790000000000000003",
            "KHLX": "1",
            "KHMC": "張偉",
            "LXR": "張偉",
            "SJHM": "13711112222",
            "LXDH": None,
            "ZT": "9",
            "CJRQ": None,
        },
    ]
    assert read.warnings == () and read.rejected.empty


def test_codes_are_staged_through_the_registry_code_tables(write_registry, crm_entry):
    registry = write_registry(crm_entry)

    staged = stage_source(
        load_source(registry.source("crm"), registry, loaded_at="2024-03-31T02:00:00+08:00")
    )

    assert staged["customer_type"].tolist() == ["company", "person", "person"]
    # A code the table does not know stays as it is, for the standardiser to flag.
    assert staged["status"].tolist() == ["potential", "closed", "9"]
    assert staged["record_key"].tolist()[0] == "crm:KHID=1790000000000000001"
    assert staged["phone"].tolist() == ["13800138000", None, "13711112222"]


def test_query_with_a_join_keeps_big_ids_next_to_nulls_exact(write_registry, postgres_crm):
    # pandas.read_sql would turn khid into floats because of the NULL: 1790000000000000001 -> ...0000.
    query = 'SELECT d.ddh, d.khid, k."KHMC" AS khmc, d.lxdh FROM crm.t_dd d LEFT JOIN "T_KH" k ON k."KHID" = d.khid ORDER BY d.ddh'

    records = _read(write_registry, _postgres_entry(postgres_crm, query=query, key="ddh")).records

    assert records.to_dict(orient="records") == [
        {
            "source_locator": "ddh=D2024030001",
            "ddh": "D2024030001",
            "khid": "1790000000000000001",
            "khmc": "恒泰机械（深圳）有限公司",
            "lxdh": "13800138000",
        },
        {
            "source_locator": "ddh=D2024030002",
            "ddh": "D2024030002",
            "khid": None,
            "khmc": None,
            "lxdh": "13611112222",
        },
    ]


def test_table_in_a_schema(write_registry, postgres_crm):
    records = _read(write_registry, _postgres_entry(postgres_crm, table="crm.t_dd", key="ddh")).records

    assert records["source_locator"].tolist() == ["ddh=D2024030001", "ddh=D2024030002"]
    assert records["khid"].tolist() == ["1790000000000000001", None]


def test_missing_table_is_a_source_error_naming_the_relation(write_registry, postgres_crm):
    with pytest.raises(SourceError, match='query failed: relation "T_GONE" does not exist') as failure:
        _read(write_registry, _postgres_entry(postgres_crm, table="T_GONE"))

    assert failure.value.source == "crm" and failure.value.file == postgres_crm


@pytest.mark.parametrize(
    "broken_url, problem",
    [
        (
            lambda url: url.set(username="legacy", password="wrong-password"),
            'password authentication failed for user "legacy"',
        ),
        (lambda url: url.set(port=_free_port()), "Connection refused"),
    ],
    ids=["wrong password", "nothing listening"],
)
def test_connection_failures_are_source_errors_without_the_password(
    write_registry, postgres_crm, broken_url, problem
):
    url = broken_url(sa.make_url(postgres_crm))

    with pytest.raises(SourceError, match=problem) as failure:
        _read(write_registry, _postgres_entry(url.render_as_string(hide_password=False), table="T_KH"))

    assert failure.value.file == url.render_as_string(hide_password=True)
    assert "wrong-password" not in str(failure.value)


def test_url_of_a_driver_not_installed_is_a_source_error(write_registry):
    with pytest.raises(SourceError, match="database driver not installed"):
        _read(
            write_registry, _postgres_entry("oracle+cx_oracle://scott:tiger@127.0.0.1:1521/crm", table="T_KH")
        )
