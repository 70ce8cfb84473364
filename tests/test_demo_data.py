from __future__ import annotations

import csv
import mailbox
import re
import sqlite3
import unicodedata
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

import opencc
import pytest
from python_calamine import CalamineWorkbook

from pipelines.demo_data import DemoSummary, generate_demo_sources
from pipelines.demo_data.company_files import COMPLAINT_LOG_FILE, STAFF_ROSTER_FILE
from pipelines.demo_data.generate import build_population
from pipelines.demo_data.people import Company, Person
from pipelines.registry import load_registry
from pipelines.settings import DEMO_REGISTRY

RECORDS = 1500
SEED = 7
SOURCE_FILES = {
    "sales_workbook": "sales_customers.xlsx",
    "after_sales_service": "after_sales_service.csv",
    "trade_fair_leads": "trade_fair_leads.xlsx",
    "mailbox": "mailbox.mbox",
    "legacy_crm": "legacy_crm.sqlite",
}
ALL_FILES = [*SOURCE_FILES.values(), "ground_truth.csv", STAFF_ROSTER_FILE, COMPLAINT_LOG_FILE]
# Each source's department, as the registry the pipeline reads says.
DEPARTMENTS = {spec.name: spec.department for spec in load_registry(DEMO_REGISTRY).sources}
# intended share of each source among all records
SOURCE_SHARES = {
    "sales_workbook": 0.30,
    "after_sales_service": 0.25,
    "trade_fair_leads": 0.15,
    "mailbox": 0.15,
    "legacy_crm": 0.15,
}
STAFF_DOMAIN = "@hengtai-machinery.com"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DemoSummary]:
    out_dir = tmp_path_factory.mktemp("demo")
    return out_dir, generate_demo_sources(out_dir, records=RECORDS, seed=SEED)


@pytest.fixture(scope="module")
def out_dir(generated: tuple[Path, DemoSummary]) -> Path:
    return generated[0]


@pytest.fixture(scope="module")
def summary(generated: tuple[Path, DemoSummary]) -> DemoSummary:
    return generated[1]


@pytest.fixture(scope="module")
def rerun_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out_dir = tmp_path_factory.mktemp("rerun")
    generate_demo_sources(out_dir, records=RECORDS, seed=SEED)
    return out_dir


@pytest.fixture(scope="module")
def other_seed_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out_dir = tmp_path_factory.mktemp("other_seed")
    generate_demo_sources(out_dir, records=RECORDS, seed=SEED + 1)
    return out_dir


@pytest.fixture(scope="module")
def truth(out_dir: Path) -> list[dict[str, str]]:
    with (out_dir / "ground_truth.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def records(out_dir: Path) -> dict[str, dict[str, str]]:
    """Per source, locator -> the row's text, read back with ordinary readers."""
    return {source: READERS[source](out_dir / file_name) for source, file_name in SOURCE_FILES.items()}


def _read_workbook(path: Path, header_row: int) -> dict[str, str]:
    workbook = CalamineWorkbook.from_path(str(path))
    rows: dict[str, str] = {}
    for sheet in workbook.sheet_names:
        values = workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        for row_number, cells in enumerate(values[header_row:], start=header_row + 1):
            rows[f"{sheet}!{row_number}"] = " ".join(
                str(int(cell)) if isinstance(cell, float) else str(cell) for cell in cells
            )
    return rows


def _read_csv(path: Path) -> dict[str, str]:
    with path.open(encoding="gbk", newline="") as handle:
        lines = list(csv.reader(handle))
    return {f"line {number}": " ".join(row) for number, row in enumerate(lines[1:], start=2)}


def _read_mbox(path: Path) -> dict[str, str]:
    rows: dict[str, str] = {}
    for message in mailbox.mbox(str(path)):
        bodies = [
            part.get_payload(decode=True).decode("utf-8")
            for part in message.walk()
            if part.get_content_type() == "text/plain"
        ]
        rows[message["Message-ID"].strip("<>")] = " ".join([message["From"], message["To"], *bodies])
    return rows


def _read_sqlite(path: Path) -> dict[str, str]:
    with sqlite3.connect(path) as connection:
        return {
            f"KHID={row[0]}": " ".join(str(value) for value in row if value is not None)
            for row in connection.execute("SELECT * FROM T_KH")
        }


READERS = {
    "sales_workbook": lambda path: _read_workbook(path, header_row=3),
    "after_sales_service": _read_csv,
    "trade_fair_leads": lambda path: _read_workbook(path, header_row=1),
    "mailbox": _read_mbox,
    "legacy_crm": _read_sqlite,
}


# -- determinism -------------------------------------------------------------------


@pytest.mark.parametrize("file_name", ALL_FILES)
def test_same_seed_gives_identical_bytes(out_dir: Path, rerun_dir: Path, file_name: str) -> None:
    assert (out_dir / file_name).read_bytes() == (rerun_dir / file_name).read_bytes()


@pytest.mark.parametrize("file_name", ALL_FILES)
def test_other_seed_gives_other_bytes(out_dir: Path, other_seed_dir: Path, file_name: str) -> None:
    assert (out_dir / file_name).read_bytes() != (other_seed_dir / file_name).read_bytes()


@pytest.mark.parametrize("file_name", ["sales_customers.xlsx", "trade_fair_leads.xlsx"])
def test_workbooks_carry_a_fixed_creation_time(out_dir: Path, file_name: str) -> None:
    core = zipfile.ZipFile(out_dir / file_name).read("docProps/core.xml").decode()
    assert re.search(r"<dcterms:created[^>]*>2026-11-01T08:00:00Z<", core)


# -- volumes -----------------------------------------------------------------------


def test_total_records_match_the_request(summary: DemoSummary, truth: list[dict[str, str]]) -> None:
    assert abs(summary.total_records - RECORDS) <= RECORDS * 0.01
    assert len(truth) == summary.total_records == sum(summary.records_by_source.values())
    assert RECORDS / 1.9 < summary.true_customers < RECORDS / 1.5


@pytest.mark.parametrize("source", SOURCE_FILES)
def test_sources_get_roughly_their_share(summary: DemoSummary, source: str) -> None:
    share = summary.records_by_source[source] / summary.total_records
    assert share == pytest.approx(SOURCE_SHARES[source], abs=0.04)


def test_too_few_records_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        generate_demo_sources(tmp_path, records=50)


# -- ground truth against the files ------------------------------------------------


@pytest.mark.parametrize("source", SOURCE_FILES)
def test_ground_truth_lists_exactly_the_rows_in_the_file(
    truth: list[dict[str, str]], records: dict[str, dict[str, str]], source: str
) -> None:
    locators = [row["locator"] for row in truth if row["source"] == source]
    assert len(locators) == len(set(locators))
    assert set(locators) == set(records[source])


def test_sales_workbook_layout(out_dir: Path) -> None:
    workbook = CalamineWorkbook.from_path(str(out_dir / "sales_customers.xlsx"))
    assert workbook.sheet_names == ["华东区", "华南区", "华北区", "其他"]
    for sheet in workbook.sheet_names:
        rows = workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        assert rows[0][0].startswith("恒泰机械 销售部客户清单")
        assert rows[1][0].startswith("说明")
        assert rows[2] == [
            "客户编号",
            "客户名称",
            "客户类型",
            "联系人",
            "手机",
            "办公电话",
            "电子邮箱",
            "所在城市",
            "详细地址",
            "客户状态",
            "意向等级",
            "负责销售",
            "最近联系日期",
        ]


def test_trade_fair_layout(out_dir: Path) -> None:
    workbook = CalamineWorkbook.from_path(str(out_dir / "trade_fair_leads.xlsx"))
    assert workbook.sheet_names == ["Canton Fair 2025", "Hannover Messe 2026"]
    for sheet in workbook.sheet_names:
        header = workbook.get_sheet_by_name(sheet).to_python()[0]
        assert header == [
            "Full Name",
            "Company",
            "Job Title",
            "Mobile",
            "Phone",
            "E-mail",
            "City",
            "Country",
            "Fair",
            "Card Date",
        ]


def test_legacy_crm_schema(out_dir: Path) -> None:
    with sqlite3.connect(out_dir / "legacy_crm.sqlite") as connection:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(T_KH)")]
    assert columns == [
        "KHID",
        "KHMC",
        "KHLX",
        "LXR",
        "LXDH",
        "SJHM",
        "DZYX",
        "TXDZ",
        "SZCS",
        "ZT",
        "CJRQ",
        "YWY",
    ]


def test_after_sales_csv_is_gbk_with_traditional_characters(out_dir: Path) -> None:
    raw = (out_dir / "after_sales_service.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = raw.decode("gbk")
    assert text.startswith(
        "服务单号,报修日期,客户类别,用户姓名,单位名称,联系电话,电子邮件,地址,服务内容,服务站"
    )
    to_simplified = opencc.OpenCC("t2s")
    rows = list(csv.reader(text.splitlines()))[1:]
    traditional = [row for row in rows if to_simplified.convert(row[7]) != row[7]]
    assert 0.1 < len(traditional) / len(rows) < 0.3


@pytest.mark.parametrize("source", ["sales_workbook", "after_sales_service"])
def test_source_ids_are_unique(records: dict[str, dict[str, str]], source: str) -> None:
    # 客户编号 / 服务单号 is the first column of every row
    ids = [text.split(" ")[0] for text in records[source].values()]
    assert all(ids) and len(ids) == len(set(ids))


def test_mail_is_between_one_staff_member_and_one_customer(out_dir: Path) -> None:
    messages = list(mailbox.mbox(str(out_dir / "mailbox.mbox")))
    assert messages
    for message in messages:
        parties = [message["From"], message["To"]]
        assert sum(STAFF_DOMAIN in party for party in parties) == 1, parties


# -- company files -----------------------------------------------------------------


def test_the_staff_roster_lists_every_owner_and_who_left(out_dir: Path) -> None:
    with (out_dir / STAFF_ROSTER_FILE).open(encoding="utf-8", newline="") as handle:
        roster = {row["name"]: row for row in csv.DictReader(handle)}
    with sqlite3.connect(out_dir / "legacy_crm.sqlite") as connection:
        legacy_owners = {owner for (owner,) in connection.execute("SELECT DISTINCT YWY FROM T_KH")}
    left = {name for name, row in roster.items() if row["status"] == "left"}
    assert legacy_owners <= set(roster) and legacy_owners & left
    assert all(row["left_on"] for row in roster.values() if row["status"] == "left")
    assert not any(row["left_on"] for row in roster.values() if row["status"] == "active")


def test_complaints_are_logged_against_real_customers_records_in_several_departments(
    out_dir: Path, truth: list[dict[str, str]]
) -> None:
    customer_of = {f"{row['source']}:{row['locator']}": row["true_customer_id"] for row in truth}
    with (out_dir / COMPLAINT_LOG_FILE).open(encoding="utf-8", newline="") as handle:
        complaints = list(csv.DictReader(handle))
    departments: defaultdict[str, set[str]] = defaultdict(set)
    for complaint in complaints:
        assert customer_of.get(complaint["record_key"]), complaint
        departments[customer_of[complaint["record_key"]]].add(
            DEPARTMENTS[complaint["record_key"].split(":")[0]]
        )
    repeat = sum(len(complained_to) >= 2 for complained_to in departments.values())
    assert 0 < repeat < len(departments) < 0.15 * len({row["true_customer_id"] for row in truth})


# -- entity-resolution difficulty --------------------------------------------------


def test_every_hard_negative_kind_groups_several_customers(truth: list[dict[str, str]]) -> None:
    members: defaultdict[str, set[str]] = defaultdict(set)
    for row in truth:
        if row["hard_negative_group"]:
            members[row["hard_negative_group"]].add(row["true_customer_id"])
    kinds = Counter(group.split("-")[1] for group in members)
    assert set(kinds) == {"same_name", "branch", "landline"}
    assert min(kinds.values()) >= 3
    assert all(len(customers) >= 2 for customers in members.values())


def test_hard_negative_groups_share_what_they_should() -> None:
    population = build_population(RECORDS, SEED)
    groups: defaultdict[str, list[Person | Company]] = defaultdict(list)
    for customer in population.customers:
        if customer.hard_negative_group:
            groups[customer.hard_negative_group].append(customer)
    assert {group_id.split("-")[1] for group_id in groups} == {"same_name", "branch", "landline"}
    for group_id, members in groups.items():
        if "same_name" in group_id:
            assert len({(m.name.hanzi, m.name.surname_pinyin, m.name.given_pinyin) for m in members}) == 1
            assert len({m.mobile for m in members}) == len({m.city for m in members}) == len(members)
        elif "landline" in group_id:
            assert len({(m.name.surname, m.address, m.landline) for m in members}) == 1
            assert len({m.name.given for m in members}) == len(members)
        else:
            assert len({(m.home_city, m.brand, m.industry) for m in members}) == 1
            assert (
                len({m.branch.city for m in members}) == len({m.switchboard for m in members}) == len(members)
            )


def test_customers_recur_across_and_within_sources(truth: list[dict[str, str]]) -> None:
    sources_by_customer: defaultdict[str, list[str]] = defaultdict(list)
    for row in truth:
        if row["true_customer_id"]:
            sources_by_customer[row["true_customer_id"]].append(row["source"])
    spread = Counter(len(set(sources)) for sources in sources_by_customer.values())
    assert spread[1] > spread[2] > spread[4] > 0
    assert any(len(sources) > len(set(sources)) for sources in sources_by_customer.values())


def test_junk_rows_carry_no_identifier(
    truth: list[dict[str, str]], records: dict[str, dict[str, str]]
) -> None:
    junk = [row for row in truth if row["customer_kind"] == "junk"]
    assert len(junk) >= 5
    for row in junk:
        assert row["true_customer_id"] == ""
        text = records[row["source"]][row["locator"]]
        assert "@" not in text and not re.search(r"1[3-9]\d{9}", text), text


def _identifiers(customer: Person | Company) -> list[str]:
    """Phone digits and email local parts a record of the customer may show."""
    if isinstance(customer, Person):
        values = [customer.mobile, customer.landline.split("-")[-1], customer.email.split("@")[0]]
    else:
        values = [customer.switchboard.split("-")[1]]
        values += [
            value for contact in customer.contacts for value in (contact.mobile, contact.email.split("@")[0])
        ]
    return [value for value in values if value]


def test_few_records_lack_every_identifier(
    truth: list[dict[str, str]], records: dict[str, dict[str, str]]
) -> None:
    customers = {c.customer_id: c for c in build_population(RECORDS, SEED).customers}
    bare = 0
    matched = [row for row in truth if row["true_customer_id"]]
    for row in matched:
        text = unicodedata.normalize("NFKC", records[row["source"]][row["locator"]]).lower()
        digits = re.sub(r"\D", "", text)
        found = any(
            value in (digits if value.isdigit() else text)
            for value in _identifiers(customers[row["true_customer_id"]])
        )
        bare += not found
    assert 0.01 < bare / len(matched) < 0.06
