"""Department spreadsheets as they really come: odd encodings, headers in three scripts with
typos, merged header cells, numbers for phones, date serials, formulas, broken rows."""

import datetime as dt
import json

import openpyxl
import pandas as pd
import pytest
import xlsxwriter
import xlwt

from pipelines.ingest import load_source
from pipelines.quarantine import quarantine_reasons, quarantine_rows
from pipelines.readers import SourceError, read_source
from pipelines.readers.encodings import decode_text
from pipelines.staging import stage_source
from pipelines.standardise.records import standardise_records

ROWS = [
    ["客户名称", "手机", "电子邮箱"],
    ["张伟", "13800138000", "zhangwei@163.com"],
    ["李娜", "13911112222", ""],
]


def spreadsheet_source(location, **options):
    return {
        "name": "sheet",
        "department": "sales",
        "kind": "spreadsheet",
        "location": location,
        "options": options,
    }


def write_text(path, rows, encoding, delimiter=","):
    text = "\r\n".join(delimiter.join(row) for row in rows) + "\r\n"
    path.write_bytes(text.encode(encoding))


@pytest.mark.parametrize(
    "encoding, file_name, delimiter, names",
    [
        ("utf-8", "list.csv", ",", ["张伟", "李娜"]),
        ("utf-8-sig", "list.csv", ",", ["张伟", "李娜"]),
        ("gbk", "list.csv", ",", ["张伟", "李娜"]),
        ("gb18030", "list.csv", ",", ["張偉", "李娜"]),
        ("big5", "list.csv", ",", ["張偉", "李娜"]),
        (
            "utf-16",
            "list.txt",
            "\t",
            ["张伟", "李娜"],
        ),  # Excel's "Unicode text": UTF-16 with BOM, tab separated
    ],
)
def test_text_encodings_are_detected(tmp_path, write_registry, encoding, file_name, delimiter, names):
    # Big5 has no simplified characters: Taiwanese exports have traditional headers too.
    header = ["客戶名稱", "手機", "電子郵箱"] if encoding == "big5" else ROWS[0]
    rows = [header, [names[0], *ROWS[1][1:]], [names[1], *ROWS[2][1:]]]
    write_text(tmp_path / file_name, rows, encoding, delimiter)
    registry = write_registry(spreadsheet_source(file_name))

    records = read_source(registry.source("sheet"), registry).records

    assert records[header[0]].tolist() == names
    assert records[header[2]].tolist() == ["zhangwei@163.com", None]


def test_undecodable_bytes_name_the_line(tmp_path, write_registry):
    (tmp_path / "list.csv").write_bytes("客户名称,手机\n张伟,1\n".encode() + b"\xff\xfe\xfa\xff\xfe\n")
    registry = write_registry(spreadsheet_source("list.csv", encoding="utf-8"))
    with pytest.raises(SourceError, match=r"list.csv, line 3\): text encoding not recognised"):
        read_source(registry.source("sheet"), registry)


@pytest.mark.parametrize(
    "headers, expected",
    [
        (
            ["客户名称", "手机", "电子邮箱"],
            {"客户名称": "customer_name", "手机": "phone", "电子邮箱": "email"},
        ),
        (
            ["客戶名稱", "手機號碼", "電子郵箱", "聯繫人"],
            {"客戶名稱": "customer_name", "手機號碼": "phone", "電子郵箱": "email", "聯繫人": "person_name"},
        ),
        (
            ["Full Name", "Company", "Mobile", "Phone", "E-Mail Adress"],
            {
                "Full Name": "person_name",
                "Company": "company_name",
                "Mobile": "phone",
                "Phone": "alt_phone",
                "E-Mail Adress": "email",
            },
        ),
        (["姓名", "电子油箱", "备注"], {"姓名": "person_name", "电子油箱": "email"}),
        (["姓", "名", "手机"], {"姓": "family_name", "名": "given_name", "手机": "phone"}),
        (
            ["Frist Name", "Surname", "Mobile"],
            {"Frist Name": "given_name", "Surname": "family_name", "Mobile": "phone"},
        ),
        # Two letters from "First Name", but a company's name: not taken for a person's.
        (["Firm Name", "Mobile"], {"Mobile": "phone"}),
    ],
)
def test_headers_map_to_canonical_fields_automatically(tmp_path, write_registry, headers, expected):
    write_text(tmp_path / "list.csv", [headers, ["x"] * len(headers)], "utf-8")
    registry = write_registry(spreadsheet_source("list.csv"))

    load = load_source(registry.source("sheet"), registry, "2026-11-01 02:00:00")

    assert load.column_mapping == expected


@pytest.mark.parametrize(
    "rows, given_name, family_name, name_std, name_key",
    [
        (
            [["First Name", "Last Name", "E-mail"], ["Jane", "Smith", "jane.smith@example.com"]],
            "Jane",
            "Smith",
            "Jane Smith",
            "jane smith",
        ),
        # No other identity than the name: the source is not refused for want of a name column.
        ([["姓", "名", "出生日期"], ["王", "建国", "1980-05-01"]], "建国", "王", "王建国", "guo jian wang"),
    ],
)
def test_given_and_family_name_columns_make_the_persons_name(
    tmp_path, write_registry, rows, given_name, family_name, name_std, name_key
):
    write_text(tmp_path / "list.csv", rows, "utf-8")
    registry = write_registry(spreadsheet_source("list.csv"))

    records = standardise_records(
        stage_source(load_source(registry.source("sheet"), registry, "2026-11-01 02:00:00"))
    )

    # The parts stay as read beside the composed name.
    assert records[["given_name", "family_name"]].values.tolist() == [[given_name, family_name]]
    assert records[["name_std", "name_key"]].values.tolist() == [[name_std, name_key]]


def test_registry_mapping_overrides_the_guess(tmp_path, write_registry):
    write_text(
        tmp_path / "list.csv",
        [["客户类别", "联系电话", "用户姓名"], ["忠诚客户", "13800138000", "张伟"]],
        "utf-8",
    )
    registry = write_registry(
        spreadsheet_source("list.csv") | {"columns": {"客户类别": "status", "联系电话": "alt_phone"}}
    )

    load = load_source(registry.source("sheet"), registry, "2026-11-01 02:00:00")

    assert load.column_mapping == {"客户类别": "status", "联系电话": "alt_phone", "用户姓名": "person_name"}


def test_merged_header_cells_take_their_names_from_the_row_above(tmp_path, write_registry):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["2026 客户清单"])
    sheet.append(["客户名称", "联系方式", None, "备注"])
    sheet.append([None, "手机", "邮箱", None])
    sheet.append(["张伟", "13800138000", "zhangwei@163.com", "老客户"])
    sheet.merge_cells("A2:A3")
    sheet.merge_cells("B2:C2")
    workbook.save(tmp_path / "list.xlsx")
    registry = write_registry(spreadsheet_source("list.xlsx"))

    records = read_source(registry.source("sheet"), registry).records

    assert records.to_dict(orient="records") == [
        {
            "source_locator": "Sheet!4",
            "客户名称": "张伟",
            "手机": "13800138000",
            "邮箱": "zhangwei@163.com",
            "备注": "老客户",
        }
    ]


def test_numbers_dates_and_formulas_come_back_as_the_sheet_shows_them(tmp_path, write_registry):
    path = tmp_path / "list.xlsx"
    workbook = xlsxwriter.Workbook(path)
    sheet = workbook.add_worksheet("客户")
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, ["客户名称", "手机", "办公电话", "最近联系日期", "客户编号"])
    sheet.write_row(1, 0, ["张伟", 13800138000, "075512345678"])
    sheet.write_datetime(1, 3, dt.datetime(2024, 3, 5), date_format)
    sheet.write_formula(1, 4, '="KH-"&TEXT(7,"000")', None, "KH-007")
    sheet.write_row(2, 0, ["李娜", 13911112222.0, None, 45356])
    sheet.write_row(3, 0, ["王芳", "1.38001380E10", None, "2024年3月5日"])
    workbook.close()
    registry = write_registry(spreadsheet_source("list.xlsx"))

    load = load_source(registry.source("sheet"), registry, "2026-11-01 02:00:00")
    records = standardise_records(stage_source(load))

    assert load.records["手机"].tolist() == ["13800138000", "13911112222", "1.38001380E10"]
    assert load.records["办公电话"].tolist() == ["075512345678", None, None]
    assert load.records["客户编号"].tolist() == ["KH-007", None, None]
    assert records["phone_e164"].tolist() == ["+8613800138000", "+8613911112222", "+8613800138000"]
    assert records["last_contact_date_std"].tolist() == ["2024-03-05"] * 3


@pytest.mark.parametrize("suffix", ["ods", "xls"])
def test_ods_and_xls_workbooks(tmp_path, write_registry, suffix):
    path = tmp_path / f"list.{suffix}"
    if suffix == "ods":
        pd.DataFrame(ROWS[1:], columns=ROWS[0]).to_excel(path, engine="odf", sheet_name="客户", index=False)
    else:
        book = xlwt.Workbook(encoding="utf-8")
        sheet = book.add_sheet("客户")
        for r, row in enumerate(ROWS):
            for c, value in enumerate(row):
                sheet.write(r, c, value)
        book.save(str(path))
    registry = write_registry(spreadsheet_source(path.name))

    records = read_source(registry.source("sheet"), registry).records

    assert records["客户名称"].tolist() == ["张伟", "李娜"]
    assert records["source_locator"].tolist() == ["客户!2", "客户!3"]


def test_only_the_configured_sheets_are_read(tmp_path, write_registry):
    workbook = openpyxl.Workbook()
    workbook.active.title = "2025"
    for name in ("2025", "2026"):
        sheet = workbook[name] if name in workbook.sheetnames else workbook.create_sheet(name)
        sheet.append(ROWS[0])
        sheet.append([f"客户{name}", "13800138000", ""])
    workbook.save(tmp_path / "list.xlsx")
    registry = write_registry(spreadsheet_source("list.xlsx", sheets=[2026]))

    assert read_source(registry.source("sheet"), registry).records["客户名称"].tolist() == ["客户2026"]


@pytest.mark.parametrize("file_name, delimiter", [("list.csv", ","), ("list.tsv", "\t")])
def test_a_row_with_too_many_fields_is_quarantined_not_guessed(
    tmp_path, write_registry, file_name, delimiter
):
    lines = [
        ["客户名称", "手机"],
        ["张伟", "13800138000"],
        ["李娜", "139", "1111", "2222"],
        ["王芳", "13711112222"],
    ]
    (tmp_path / file_name).write_text(
        "".join(delimiter.join(line) + "\n" for line in lines), encoding="utf-8"
    )
    registry = write_registry(spreadsheet_source(file_name))

    load = load_source(registry.source("sheet"), registry, "2026-11-01 02:00:00")
    records = standardise_records(stage_source(load))
    records["quarantine_reason"] = quarantine_reasons(records)
    quarantined = quarantine_rows(records)

    assert load.records["source_locator"].tolist() == ["line 2", "line 4"]
    assert quarantined[["record_key", "reason_code"]].values.tolist() == [["sheet:line 3", "MALFORMED_ROW"]]
    assert "4 fields where the header has 2" in quarantined["reason"].iloc[0]
    # The rejected line is kept as it was written.
    assert json.loads(quarantined["record_json"].iloc[0])["raw_text"] == delimiter.join(lines[2])


@pytest.mark.parametrize(
    "content, severity, problem",
    [
        (None, "error", "file not found"),
        (b"", "error", "file is empty"),
        ("客户名称,手机\r\n".encode(), "warning", "header found but no records"),
        (bytes(range(256)) * 8, "error", "binary content"),
        ("商品,数量,单价\n螺丝,100,0.5\n".encode(), "error", "no header row with recognisable columns"),
        ("编号,备注\n1,老客户\n".encode(), "error", "no column maps to a name, company, phone or email"),
    ],
)
def test_bad_files_are_reported_and_do_not_raise(tmp_path, write_registry, content, severity, problem):
    if content is not None:
        (tmp_path / "list.csv").write_bytes(content)
    registry = write_registry(spreadsheet_source("list.csv"))

    load = load_source(registry.source("sheet"), registry, "2026-11-01 02:00:00")

    assert load.issues[["severity"]].values.ravel().tolist() == [severity]
    assert problem in load.issues["problem"].iloc[0]
    assert "list.csv" in load.issues["location"].iloc[0]
    assert load.records.empty


@pytest.mark.parametrize(
    "text, encoding",
    [
        ("李娜娜", "gbk"),
        ("张伟,13800138000\n王芳,13711112222\n", "gbk"),
        ("客戶名稱,手機\n陳大文,0912345678\n", "big5"),
    ],
)
def test_short_chinese_text_is_decoded_in_its_own_encoding(text, encoding):
    assert decode_text(text.encode(encoding))[0] == text
