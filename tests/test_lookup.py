"""`customer-hub lookup` on a warehouse published by the real sync: each key kind written the ways
departments write it, the full view printed, and what happens when nothing or no key is found."""

import re
import shutil

import duckdb
import openpyxl
import pytest
import yaml

from pipelines.cli import main
from pipelines.lookup import RECENT_CONTACTS, find_customers
from pipelines.registry import load_registry
from tests.builders import run_sync


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """(registry file, warehouse file) after one sync of two sources. 张伟 is in both, once in
    traditional characters; 章伟 is another person whose name has the same pinyin."""
    folder = tmp_path_factory.mktemp("lookup")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["客户名称", "联系人", "手机", "电子邮箱"])
    sheet.append(["张伟", None, "13800138000", "zhangwei@163.com"])
    sheet.append(["深圳市华为技术有限公司", "李娜", "13911112222", "lina@huawei.com"])
    sheet.append(["Hengtai Trading Co., Ltd.", "David Chen", "13522223333", "david@hengtai-trading.com"])
    sheet.append(["章伟", None, "13766665555", None])
    workbook.save(folder / "sales.xlsx")
    (folder / "service.csv").write_bytes("用户姓名,联系电话\n張偉,+86 138-0013-8000\n".encode("gbk"))
    registry = folder / "sources.yaml"
    sources = [
        {
            "name": "sales",
            "department": "sales",
            "kind": "spreadsheet",
            "location": "sales.xlsx",
            "trust": 3,
            "columns": {
                "客户名称": "customer_name",
                "联系人": "person_name",
                "手机": "phone",
                "电子邮箱": "email",
            },
        },
        {
            "name": "service",
            "department": "after_sales",
            "kind": "spreadsheet",
            "location": "service.csv",
            "columns": {"用户姓名": "person_name", "联系电话": "phone"},
        },
    ]
    registry.write_text(
        yaml.safe_dump({"company": {"phone_region": "CN"}, "sources": sources}, allow_unicode=True),
        encoding="utf-8",
    )
    database = folder / "hub.duckdb"
    assert run_sync(load_registry(registry), database).success
    return registry, database


def lookup(published, *options: str) -> int:
    registry, database = published
    return main(["lookup", *options, "--sources", str(registry), "--warehouse", str(database)])


@pytest.mark.parametrize(
    ("criteria", "display_names"),
    [
        ({"phone": "138 0013 8000"}, ["张伟"]),
        ({"phone": "+86-139-1111-2222"}, ["深圳市华为技术有限公司"]),
        ({"email": "ZhangWei@163.COM"}, ["张伟"]),
        ({"name": "Wei Zhang"}, ["张伟", "章伟"]),
        ({"name": "zhangwei"}, ["张伟", "章伟"]),
        ({"name": "張偉"}, ["张伟", "章伟"]),
        ({"name": "李娜"}, ["深圳市华为技术有限公司"]),
        ({"name": "张伟", "phone": "13800138000"}, ["张伟"]),
        ({"company": "华为技术"}, ["深圳市华为技术有限公司"]),
        ({"company": "深圳市华为技术有限公司"}, ["深圳市华为技术有限公司"]),
        ({"company": "HENGTAI TRADING"}, ["Hengtai Trading Co., Ltd."]),
        ({"company": "hengtai trading co., ltd."}, ["Hengtai Trading Co., Ltd."]),
    ],
)
def test_each_kind_of_key_finds_its_customers_however_it_is_written(published, criteria, display_names):
    with duckdb.connect(str(published[1]), read_only=True) as connection:
        found = find_customers(connection, criteria)

    assert sorted(view.customer["display_name"] for view in found.customers) == sorted(display_names)
    assert found.matched == len(display_names)


def test_the_full_view_shows_the_golden_record_and_every_source_record(published, capsys):
    assert lookup(published, "--phone", "138 0013 8000") == 0

    printed = capsys.readouterr().out
    assert printed.startswith("1 customer with phone +8613800138000.")
    assert "golden record:" in printed and re.search(
        r"^ +departments +after_sales, sales$", printed, flags=re.MULTILINE
    )
    assert "source records (2):" in printed
    assert "sales (sales), " in printed and "sales.xlsx at Sheet!2" in printed
    assert "service (after_sales), " in printed and "service.csv at line 2" in printed
    assert "gave email zhangwei@163.com, person_name 张伟, phone +8613800138000" in printed
    # Neither source says when it was in contact.
    assert "recent contacts (0):" in printed


def test_more_customers_than_the_limit_are_counted_not_shown(published, capsys):
    assert lookup(published, "--name", "wei zhang", "--limit", "1") == 0

    printed = capsys.readouterr().out
    assert "2 customers with name wei zhang; the first 1 shown, 1 more" in printed
    assert printed.count("golden record:") == 1


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--email", "nobody@example.com"], "No customer with email nobody@example.com in "),
        (
            ["--name", "李娜", "--phone", "13800138000"],
            "A customer must match every option given: try fewer.",
        ),
    ],
)
def test_nothing_found_says_how_the_input_was_read_and_exits_1(published, capsys, options, message):
    assert lookup(published, *options) == 1
    assert message in capsys.readouterr().out


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ([], "nothing to look up: give one or more of phone, email, name, company"),
        (["--phone", "call me"], "'call me' is no phone"),
        (["--email", "zhangwei at 163"], "'zhangwei at 163' is no email"),
    ],
)
def test_a_query_that_reads_as_no_key_is_refused_with_exit_2(published, capsys, options, message):
    assert lookup(published, *options) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda database: database.unlink(), "no warehouse at "),
        (
            lambda database: _execute(database, "DROP TABLE customer_lookup_keys"),
            "no lookup keys yet: publish it again",
        ),
    ],
)
def test_a_warehouse_without_lookup_keys_is_refused_with_exit_2(published, tmp_path, capsys, change, message):
    registry, database = published
    copy = tmp_path / "hub.duckdb"
    shutil.copy(database, copy)
    change(copy)

    assert main(["lookup", "--name", "张伟", "--sources", str(registry), "--warehouse", str(copy)]) == 2
    assert message in capsys.readouterr().err


def test_the_latest_contacts_are_shown_newest_first(published, tmp_path, capsys):
    registry, database = published
    copy = tmp_path / "hub.duckdb"
    shutil.copy(database, copy)
    _execute(
        copy,
        *(
            f"""INSERT INTO contact_events (customer_id, contacted_on, channel, subject, complaint, source, source_locator, record_key, run_id)
              SELECT customer_id, DATE '2026-11-{day:02d}', 'phone', 'call {day}', false, 'sales', 'Sheet!2', 'sales:Sheet!2', run_id
              FROM customers WHERE display_name = '张伟'"""
            for day in range(1, RECENT_CONTACTS + 3)
        ),
    )

    assert (
        main(["lookup", "--email", "zhangwei@163.com", "--sources", str(registry), "--warehouse", str(copy)])
        == 0
    )

    printed = capsys.readouterr().out
    assert f"recent contacts ({RECENT_CONTACTS}):" in printed
    newest = [f"subject call {day}" for day in range(RECENT_CONTACTS + 2, 2, -1)]
    assert re.findall(r"subject call \d+", printed) == newest
    assert not any("run_id" in line for line in printed.splitlines() if "contacted_on" in line)


def test_a_warehouse_published_before_contact_events_says_nothing_of_contacts(published, tmp_path, capsys):
    registry, database = published
    copy = tmp_path / "hub.duckdb"
    shutil.copy(database, copy)
    _execute(copy, "DROP TABLE contact_events")

    assert (
        main(["lookup", "--email", "zhangwei@163.com", "--sources", str(registry), "--warehouse", str(copy)])
        == 0
    )
    assert "recent contacts" not in capsys.readouterr().out


def _execute(database, *statements: str) -> None:
    with duckdb.connect(str(database)) as connection:
        for statement in statements:
            connection.execute(statement)
