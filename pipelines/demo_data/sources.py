"""Row renderers of the four tabular sources.  Each turns a customer (or
nothing, for a junk row) into one row in that source's own layout; the
mailbox lives in ``messages.py``."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

from .corruption import INTERNATIONAL_PHONES, LEGACY_PHONES, city_level_address
from .mentions import Mention, SourceStyle, build_mention
from .people import Customer, Staff
from .sampling import Weighted, random_date
from .vocabulary import (
    ACTIVE_STAFF_COUNT,
    AFTER_SALES_CATEGORIES,
    COMPANY_SHORT_NAME,
    INTENT_LEVELS,
    JUNK_REMARKS,
    REFERENCE_DATE,
    SALES_REGIONS,
    SALES_STATUSES,
    SERVICE_STATIONS,
    SERVICE_TASKS,
    City,
)

Cell = str | int | date | None
SheetRow = tuple[str, tuple[Cell, ...]]  # (sheet name, cells)

_LAST_DAY = REFERENCE_DATE - timedelta(days=1)

SALES_STYLE = SourceStyle(
    pinyin_name=0.04,
    english_company=0.03,
    traditional=0.01,
    honorific=0.06,
    typo=0.04,
    fullwidth=0.02,
    name_only=0.035,
    mobile=0.9,
    landline=0.35,
    email=0.45,
    address=0.75,
    city=0.95,
)
AFTER_SALES_STYLE = SourceStyle(
    pinyin_name=0.03,
    english_company=0.02,
    traditional=0.2,
    honorific=0.08,
    typo=0.05,
    fullwidth=0.03,
    name_only=0.035,
    mobile=0.92,
    landline=0.35,
    email=0.25,
    address=0.9,
    city=0.0,
)
TRADE_FAIR_STYLE = SourceStyle(
    pinyin_name=0.78,
    english_company=0.85,
    traditional=0.01,
    honorific=0.05,
    typo=0.06,
    fullwidth=0.02,
    name_only=0.035,
    mobile=0.85,
    landline=0.4,
    email=0.8,
    address=0.0,
    city=0.85,
    email_noise=0.06,
    phones=INTERNATIONAL_PHONES,
)
LEGACY_STYLE = SourceStyle(
    pinyin_name=0.02,
    english_company=0.01,
    traditional=0.03,
    honorific=0.05,
    typo=0.05,
    fullwidth=0.01,
    name_only=0.035,
    mobile=0.85,
    landline=0.45,
    email=0.35,
    address=0.8,
    city=0.9,
    stale=0.4,
    uppercase_email=0.5,
    phones=LEGACY_PHONES,
)


def chinese_city(city: City, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.5:
        return city.name
    if roll < 0.85 or not city.province:
        return city.full_name
    return city.province_short + city.name


def _junk_remark(rng: random.Random) -> str:
    """A junk row either holds only a remark or nothing identifying at all."""
    return rng.choice(JUNK_REMARKS) if rng.random() < 0.75 else ""


# -- 1. sales workbook ---------------------------------------------------------------

SALES_SHEETS = SALES_REGIONS
SALES_PREAMBLE: tuple[str, ...] = (
    f"{COMPANY_SHORT_NAME} 销售部客户清单（导出日期 {REFERENCE_DATE:%Y-%m-%d}）",
    "说明：手机号请填写11位；客户状态以CRM为准",
)
SALES_HEADER: tuple[str, ...] = (
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
)


class SalesWorkbookRows:
    def __init__(self, rng: random.Random, staff: tuple[Staff, ...]) -> None:
        self._rng = rng
        self._salespeople = [s.name for s in staff[:ACTIVE_STAFF_COUNT]]
        self._serials: Counter[int] = Counter()

    def record(self, customer: Customer) -> SheetRow:
        rng = self._rng
        mention = build_mention(customer, SALES_STYLE, rng)
        contacted = random_date(rng, date(2024, 1, 1), _LAST_DAY)
        if customer.kind == "company":
            name, kind, contact = mention.company, "企业", mention.name
        else:
            name, kind, contact = mention.name, "个人", mention.name if rng.random() < 0.4 else ""
        cells: tuple[Cell, ...] = (
            self._customer_number(contacted.year),
            name,
            kind,
            contact,
            self._mobile_cell(mention.mobile),
            mention.landline,
            mention.email,
            chinese_city(mention.city, rng) if mention.show_city else "",
            mention.address,
            rng.choice(SALES_STATUSES),
            rng.choice(INTENT_LEVELS),
            rng.choice(self._salespeople),
            contacted if rng.random() < 0.95 else None,
        )
        return mention.city.region, cells

    def junk(self) -> SheetRow:
        rng = self._rng
        contacted = random_date(rng, date(2024, 1, 1), _LAST_DAY)
        cells: tuple[Cell, ...] = (
            self._customer_number(contacted.year),
            _junk_remark(rng),
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            rng.choice(SALES_STATUSES),
            "",
            rng.choice(self._salespeople),
            contacted,
        )
        return rng.choice(SALES_SHEETS), cells

    def _customer_number(self, year: int) -> str:
        self._serials[year] += 1
        return f"XS-{year}-{self._serials[year]:05d}"

    def _mobile_cell(self, mobile: str) -> str | int:
        # Excel users paste numbers; some mobiles end up as numeric cells
        if len(mobile) == 11 and mobile.isascii() and mobile.isdigit() and self._rng.random() < 0.15:
            return int(mobile)
        return mobile


# -- 2. after-sales service csv ------------------------------------------------------

AFTER_SALES_HEADER: tuple[str, ...] = (
    "服务单号",
    "报修日期",
    "客户类别",
    "用户姓名",
    "单位名称",
    "联系电话",
    "电子邮件",
    "地址",
    "服务内容",
    "服务站",
)
_PHONE_SEPARATORS = ("/", " / ", "；", " ")


class AfterSalesRows:
    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._tickets_per_day: Counter[date] = Counter()

    def record(self, customer: Customer) -> tuple[str, ...]:
        rng = self._rng
        mention = build_mention(customer, AFTER_SALES_STYLE, rng)
        reported = random_date(rng, date(2024, 1, 1), _LAST_DAY)
        address = mention.address or (city_level_address(customer.address) if mention.show_city else "")
        phone = rng.choice(_PHONE_SEPARATORS).join(p for p in (mention.mobile, mention.landline) if p)
        return (
            self._ticket(reported),
            self._date_text(reported),
            rng.choice(AFTER_SALES_CATEGORIES),
            mention.name,
            mention.company,
            phone,
            mention.email,
            address,
            rng.choice(SERVICE_TASKS),
            rng.choice(SERVICE_STATIONS[mention.city.region]),
        )

    def junk(self) -> tuple[str, ...]:
        rng = self._rng
        reported = random_date(rng, date(2024, 1, 1), _LAST_DAY)
        return (
            self._ticket(reported),
            self._date_text(reported),
            "",
            _junk_remark(rng),
            "",
            "",
            "",
            "",
            rng.choice(("测试数据", "test", "")),
            "",
        )

    def _ticket(self, day: date) -> str:
        self._tickets_per_day[day] += 1
        return f"FW{day:%Y%m%d}{self._tickets_per_day[day]:03d}"

    def _date_text(self, day: date) -> str:
        return f"{day.year}/{day.month}/{day.day}" if self._rng.random() < 0.2 else day.isoformat()


# -- 3. trade fair leads workbook ----------------------------------------------------

TRADE_FAIR_HEADER: tuple[str, ...] = (
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
)
# (sheet, labels written in the Fair column with the days each label covers)
_FAIRS: tuple[tuple[str, tuple[tuple[str, date, date], ...]], ...] = (
    (
        "Canton Fair 2025",
        (
            ("Canton Fair 2025 Phase 1", date(2025, 10, 15), date(2025, 10, 19)),
            ("Canton Fair 2025 Phase 2", date(2025, 10, 23), date(2025, 10, 27)),
            ("138th Canton Fair", date(2025, 10, 15), date(2025, 11, 4)),
        ),
    ),
    (
        "Hannover Messe 2026",
        (
            ("Hannover Messe 2026", date(2026, 4, 20), date(2026, 4, 24)),
            ("HM26", date(2026, 4, 20), date(2026, 4, 24)),
        ),
    ),
)
TRADE_FAIR_SHEETS: tuple[str, ...] = tuple(sheet for sheet, _ in _FAIRS)
_COUNTRIES = Weighted.of([("China", 60), ("P.R. China", 15), ("CN", 10), ("PRC", 5), ("中国", 5), ("", 5)])


class TradeFairRows:
    def __init__(self, rng: random.Random) -> None:
        self._rng = rng

    def record(self, customer: Customer) -> SheetRow:
        rng = self._rng
        mention = build_mention(customer, TRADE_FAIR_STYLE, rng)
        sheet, fair, card_date = self._fair()
        cells: tuple[Cell, ...] = (
            mention.name,
            mention.company,
            self._job_title(mention),
            mention.mobile,
            mention.landline,
            mention.email,
            self._city(mention.city) if mention.show_city else "",
            _COUNTRIES.pick(rng),
            fair,
            card_date,
        )
        return sheet, cells

    def junk(self) -> SheetRow:
        sheet, fair, card_date = self._fair()
        return sheet, (_junk_remark(self._rng), "", "", "", "", "", "", "", fair, card_date)

    def _fair(self) -> tuple[str, str, date]:
        rng = self._rng
        sheet, labels = _FAIRS[0] if rng.random() < 0.6 else _FAIRS[1]
        label, first, last = rng.choice(labels)
        return sheet, label, random_date(rng, first, last)

    def _job_title(self, mention: Mention) -> str:
        if mention.title is None:
            return ""
        chinese, english = mention.title
        return english if self._rng.random() < 0.85 else chinese

    def _city(self, city: City) -> str:
        roll = self._rng.random()
        if roll < 0.6:
            return city.pinyin
        if roll < 0.75:
            return city.pinyin.upper()
        if roll < 0.85:
            return f"{city.pinyin} City"
        return city.name


# -- 5. legacy CRM -------------------------------------------------------------------

LEGACY_TABLE = "T_KH"
LEGACY_COLUMNS: tuple[tuple[str, str], ...] = (
    ("KHID", "INTEGER PRIMARY KEY"),
    ("KHMC", "TEXT"),
    ("KHLX", "TEXT"),
    ("LXR", "TEXT"),
    ("LXDH", "TEXT"),
    ("SJHM", "TEXT"),
    ("DZYX", "TEXT"),
    ("TXDZ", "TEXT"),
    ("SZCS", "TEXT"),
    ("ZT", "INTEGER"),
    ("CJRQ", "TEXT"),
    ("YWY", "TEXT"),
)
LegacyRow = tuple[int | str | None, ...]


class LegacyCrmRows:
    def __init__(self, rng: random.Random, staff: tuple[Staff, ...]) -> None:
        self._rng = rng
        # former staff only survive in the legacy system
        self._salespeople = [s.name for s in staff]
        self._last_id = 10000

    def record(self, customer: Customer) -> LegacyRow:
        rng = self._rng
        mention = build_mention(customer, LEGACY_STYLE, rng)
        if customer.kind == "company":
            name, kind, contact = mention.company, "2", mention.name
        else:
            name, kind, contact = mention.name, "1", mention.name if rng.random() < 0.2 else ""
        city = (
            (mention.city.full_name if rng.random() < 0.8 else mention.city.name) if mention.show_city else ""
        )
        return (
            self._next_id(),
            self._text(name),
            kind,
            self._text(contact),
            self._text(mention.landline),
            self._text(mention.mobile),
            self._text(mention.email),
            self._text(mention.address),
            self._text(city),
            rng.choice((1, 2, 3)),
            self._created(),
            rng.choice(self._salespeople),
        )

    def junk(self) -> LegacyRow:
        rng = self._rng
        return (
            self._next_id(),
            _junk_remark(rng) or None,
            rng.choice(("1", "2", None)),
            None,
            None,
            None,
            None,
            None,
            None,
            1,
            self._created(),
            rng.choice(self._salespeople),
        )

    def _next_id(self) -> int:
        # deleted customers leave gaps in the key sequence
        self._last_id += 1 if self._rng.random() < 0.9 else self._rng.randint(2, 40)
        return self._last_id

    def _created(self) -> str:
        return random_date(self._rng, date(2012, 1, 1), date(2020, 12, 31)).isoformat()

    def _text(self, value: str) -> str | None:
        # the old system stored missing values as NULL, its import tool as ''
        if value:
            return value
        return "" if self._rng.random() < 0.1 else None
