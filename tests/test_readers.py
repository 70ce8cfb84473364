import datetime as dt
import mailbox
import sqlite3
from email.headerregistry import Address
from email.message import EmailMessage

import openpyxl
import pytest

from pipelines.readers import SourceError, read_source

SALES_COLUMNS = {"客户名称": "customer_name", "手机": "phone", "最近联系日期": "last_contact_date"}


def spreadsheet(location, columns=SALES_COLUMNS, **options):
    return {
        "name": "sales",
        "department": "sales",
        "kind": "spreadsheet",
        "location": location,
        "columns": columns,
        "options": options,
    }


def test_workbook_header_below_title_rows_with_row_numbers_per_sheet(tmp_path, write_registry):
    workbook = openpyxl.Workbook()
    east = workbook.active
    east.title = "华东区"
    east.append(["恒泰机械 销售部客户清单"])
    east.append(["说明：手机号请填写11位"])
    east.append(["客户名称", "手机", "最近联系日期", "备注"])
    east.append(["张伟", 13800138000, dt.datetime(2024, 3, 5), "老客户"])
    east.append([None, None, None, None])
    east.append(["李娜", "139-0000-1111", None, None])
    south = workbook.create_sheet("华南区")
    south.append(["客户名称", "手机"])
    south.append(["王芳", "13711112222"])
    workbook.create_sheet("说明").append(["本表由销售部维护"])
    workbook.save(tmp_path / "sales.xlsx")
    registry = write_registry(spreadsheet("sales.xlsx"))

    read = read_source(registry.source("sales"), registry)

    rows = read.records.to_dict(orient="records")
    assert [r["source_locator"] for r in rows] == ["华东区!4", "华东区!6", "华南区!2"]
    assert rows[0] == {
        "source_locator": "华东区!4",
        "客户名称": "张伟",
        "手机": "13800138000",
        "最近联系日期": "2024-03-05",
        "备注": "老客户",
    }
    assert rows[2]["最近联系日期"] is None and rows[2]["手机"] == "13711112222"
    assert any("说明" in warning and "skipped" in warning for warning in read.warnings)
    assert any("华南区" in warning and "最近联系日期" in warning for warning in read.warnings)


def test_gbk_csv_with_traditional_characters(tmp_path, write_registry):
    text = "客户名称,手机\r\n張偉,13800138000\r\n李娜,\r\n"
    (tmp_path / "service.csv").write_bytes(text.encode("gbk"))
    registry = write_registry(
        spreadsheet("service.csv", columns={"客户名称": "customer_name", "手机": "phone"})
    )

    records = read_source(registry.source("sales"), registry).records

    assert records["客户名称"].tolist() == ["張偉", "李娜"]
    assert records["手机"].tolist() == ["13800138000", None]
    assert records["source_locator"].tolist() == ["line 2", "line 3"]


def test_undecodable_csv_names_file_and_line(tmp_path, write_registry):
    (tmp_path / "service.csv").write_bytes("客户名称,手机\n张伟,1\n".encode() + b"\xff\xfe\xfa,2\n")
    registry = write_registry(spreadsheet("service.csv", encoding="utf-8"))

    with pytest.raises(SourceError) as failure:
        read_source(registry.source("sales"), registry)

    assert "service.csv, line 3" in str(failure.value) and "not decodable as utf-8" in str(failure.value)


@pytest.mark.parametrize(
    "content, problem",
    [
        (None, "file not found"),
        (b"", "file is empty"),
        (b"PK\x03\x04 this is no zip archive at all", "not a readable workbook"),
        ("商品,数量\n螺丝,1\n".encode(), "no header row"),
    ],
)
def test_unreadable_files_name_the_problem(tmp_path, write_registry, content, problem):
    suffix = "csv" if content and content.startswith("商品".encode()) else "xlsx"
    if content is not None:
        (tmp_path / f"sales.{suffix}").write_bytes(content)
    registry = write_registry(spreadsheet(f"sales.{suffix}"))

    with pytest.raises(SourceError, match=problem) as failure:
        read_source(registry.source("sales"), registry)

    assert f"sales.{suffix}" in str(failure.value) and "'sales'" in str(failure.value)


def _message(message_id, sender, recipient, subject, body):
    message = EmailMessage()
    message["Message-ID"], message["Subject"] = f"<{message_id}>", subject
    message["From"], message["To"] = sender, recipient
    message["Date"] = "Tue, 05 Mar 2024 10:00:00 +0800"
    message.set_content(body)
    return message


def test_mbox_records_the_customer_side_of_each_message(tmp_path, write_registry):
    staff = Address("李娜", "li.na", "hengtai-machinery.com")
    customer = Address("张伟", "ZhangWei", "163.com")
    box = mailbox.mbox(tmp_path / "mail.mbox")
    box.add(
        _message("in-1@163.com", customer, staff, "询价：数控机床", "您好\n\n张伟\n手机：138 0013 8000\n")
    )
    box.add(
        _message(
            "out-1@hengtai", staff, customer, "Re: 询价", "张总您好，报价见附件。\n李娜\n电话：0755-88886666"
        )
    )
    box.add(
        _message(
            "internal@hengtai", staff, Address("王芳", "wang.fang", "hengtai-machinery.com"), "周报", "略"
        )
    )
    box.flush()
    columns = {"counterpart_name": "person_name", "counterpart_email": "email", "signature_phone": "phone"}
    registry = write_registry(
        {
            "name": "mail",
            "department": "service",
            "kind": "email",
            "location": "mail.mbox",
            "columns": columns,
        }
    )

    read = read_source(registry.source("mail"), registry)

    rows = read.records.set_index("source_locator")
    assert list(rows.index) == ["in-1@163.com", "out-1@hengtai"]
    assert rows.loc[
        "in-1@163.com", ["direction", "counterpart_name", "counterpart_email", "signature_phone"]
    ].tolist() == ["in", "张伟", "ZhangWei@163.com", "138 0013 8000"]
    # Staff signatures in outgoing mail are not the customer's phone.
    assert (
        rows.loc["out-1@hengtai", "direction"] == "out"
        and rows.loc["out-1@hengtai", "signature_phone"] is None
    )
    assert any("internal@hengtai" in warning for warning in read.warnings)


def test_sqlite_table_with_locators_from_the_key_column(tmp_path, write_registry):
    with sqlite3.connect(tmp_path / "crm.sqlite") as connection:
        connection.execute("CREATE TABLE T_KH (KHID INTEGER PRIMARY KEY, KHMC TEXT, SJHM TEXT, ZT INTEGER)")
        connection.executemany(
            "INSERT INTO T_KH VALUES (?, ?, ?, ?)", [(7, "张伟", "13800138000", 2), (9, "李娜", None, 1)]
        )
    columns = {"KHID": "source_customer_id", "KHMC": "customer_name", "SJHM": "phone", "ZT": "status"}
    registry = write_registry(
        {
            "name": "crm",
            "department": "sales",
            "kind": "database",
            "location": "crm.sqlite",
            "options": {"table": "T_KH"},
            "columns": columns,
        }
    )

    records = read_source(registry.source("crm"), registry).records

    assert records.to_dict(orient="records") == [
        {"source_locator": "KHID=7", "KHID": "7", "KHMC": "张伟", "SJHM": "13800138000", "ZT": "2"},
        {"source_locator": "KHID=9", "KHID": "9", "KHMC": "李娜", "SJHM": None, "ZT": "1"},
    ]


def test_missing_table_is_a_source_error(tmp_path, write_registry):
    with sqlite3.connect(tmp_path / "crm.sqlite") as connection:
        connection.execute("CREATE TABLE OTHER (X INTEGER)")
    registry = write_registry(
        {
            "name": "crm",
            "department": "sales",
            "kind": "database",
            "location": "crm.sqlite",
            "options": {"table": "T_KH"},
            "columns": {"KHID": "source_customer_id"},
        }
    )

    with pytest.raises(SourceError, match="query failed: no such table"):
        read_source(registry.source("crm"), registry)
