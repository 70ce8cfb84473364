import random

import pandas as pd
import pytest

from pipelines.standardise.addresses import standardise_city
from pipelines.standardise.companies import standardise_company
from pipelines.standardise.dates import standardise_date
from pipelines.standardise.distinct import map_distinct
from pipelines.standardise.emails import EMAIL_COLUMNS, standardise_email, standardise_emails
from pipelines.standardise.names import split_pinyin, standardise_person_name
from pipelines.standardise.phones import (
    PHONE_COLUMNS,
    standardise_phone,
    standardise_phone_field,
    standardise_phone_fields,
)


@pytest.mark.parametrize(
    "raw, e164, line_type",
    [
        ("+86 138-0013-8000", "+8613800138000", "mobile"),
        ("13800138000", "+8613800138000", "mobile"),
        ("１３８００１３８０００", "+8613800138000", "mobile"),
        ("(+86)13800138000", "+8613800138000", "mobile"),
        ("0086-13800138000", "+8613800138000", "mobile"),
        ("0755-12345678", "+8675512345678", "landline"),
        ("(0755)12345678", "+8675512345678", "landline"),
        ("0755-12345678 ext 12", "+8675512345678", "landline"),
        ("0755-12345678转12", "+8675512345678", "landline"),
        ("+86 755 1234 5678", "+8675512345678", "landline"),
        ("12345", None, "invalid"),
        ("not a phone", None, "invalid"),
    ],
)
def test_phones_become_e164_with_their_line_type(raw, e164, line_type):
    assert standardise_phone(raw, "CN") == (e164, line_type)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("13246188725/027-53720618", ("+8613246188725", "mobile", "+862753720618", "landline")),
        ("17851956666；0591 45822640", ("+8617851956666", "mobile", "+8659145822640", "landline")),
        ("13800138000", ("+8613800138000", "mobile", None, None)),
        ("0471-5085-0092", ("+8647150850092", "unverified", None, None)),
        ("95555", (None, "invalid", None, None)),
    ],
)
def test_phone_fields_keep_two_numbers_and_unverified_ones(raw, expected):
    assert standardise_phone_field(raw, "CN") == expected


def test_phone_region_decides_numbers_without_country_code():
    assert standardise_phone("020 7946 0018", "GB") == ("+442079460018", "landline")


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("ZhangWei@163.COM", ("zhangwei@163.com", True)),
        ("  li.na@qq.com ", ("li.na@qq.com", True)),
        ("<wang@example.com.cn>", ("wang@example.com.cn", True)),
        ("ｌｉ＠ｑｑ．ｃｏｍ", ("li@qq.com", True)),
        ("zhangwei@163,com", (None, False)),
        ("zhangwei163.com", (None, False)),
    ],
)
def test_emails_are_checked_and_lower_cased(raw, expected):
    assert standardise_email(raw) == expected


@pytest.mark.parametrize(
    "raw, display, key",
    [
        ("张伟", "张伟", "wei zhang"),
        ("張偉", "张伟", "wei zhang"),
        ("张伟先生", "张伟", "wei zhang"),
        ("王 芳 女士", "王芳", "fang wang"),
        ("Zhang Wei", "Zhang Wei", "wei zhang"),
        ("Wei ZHANG", "Wei ZHANG", "wei zhang"),
        ("Mr. Zhang Wei", "Zhang Wei", "wei zhang"),
        ("Zhang, Wei", "Zhang Wei", "wei zhang"),
        ("欧阳娜娜", "欧阳娜娜", "na na ou yang"),
        ("Minghai ZHANG", "Minghai ZHANG", "hai ming zhang"),
        ("Ouyang Nana", "Ouyang Nana", "na na ou yang"),
        pytest.param("曾嘉燕", "曾嘉燕", "jia yan zeng", id="surname-read-as-a-surname"),
        ("Jiayan ZENG", "Jiayan ZENG", "jia yan zeng"),
        pytest.param("单雄信", "单雄信", "shan xin xiong", id="surname-shan-not-dan"),
        # Not pinyin as a whole: no word is cut into syllables, though "madeline" alone could be.
        ("Madeline Mason", "Madeline Mason", "madeline mason"),
        ("Julia Taylor", "Julia Taylor", "julia taylor"),
        ("   ", None, None),
    ],
)
def test_person_names_get_an_order_free_pinyin_key(raw, display, key):
    assert standardise_person_name(raw) == (display, key)


@pytest.mark.parametrize(
    "word, syllables",
    [
        ("zhangwei", ("zhang", "wei")),
        ("xueling", ("xue", "ling")),
        ("xian", ("xian",)),
        ("david", ("david",)),
        ("jennifer", ("jennifer",)),
    ],
)
def test_pinyin_written_together_is_split_into_syllables(word, syllables):
    assert split_pinyin(word) == syllables


@pytest.mark.parametrize(
    "variants",
    [
        [
            "深圳市华星光电技术有限公司",
            "华星光电技术有限公司",
            "華星光電技術股份有限公司",
            "深圳市华星光电技术",
        ],
        [
            "Huaxing Optoelectronics Co., Ltd.",
            "HUAXING OPTOELECTRONICS CO LTD",
            "Huaxing Optoelectronics Co.,Ltd",
            "huaxing optoelectronics limited",
        ],
        ["广州恒达(集团)有限公司", "广州恒达（集团）有限公司", "广州恒达集团"],
    ],
)
def test_company_variants_share_one_key(variants):
    keys = {standardise_company(name)[1:3] for name in variants}
    assert len(keys) == 1


def test_company_branches_are_kept_apart_from_the_key():
    beijing = standardise_company("深圳市华星光电技术有限公司北京分公司")
    shanghai = standardise_company("深圳市华星光电技术有限公司上海分公司")
    headquarters = standardise_company("深圳市华星光电技术有限公司")
    assert beijing[1] == shanghai[1] == headquarters[1] == "华星光电技术"
    assert (beijing[2], shanghai[2], headquarters[2]) == ("北京分公司", "上海分公司", None)
    assert standardise_company("Huaxing Optoelectronics Co., Ltd. Beijing Branch")[1:3] == (
        "huaxing optoelectronics",
        "beijing branch",
    )


@pytest.mark.parametrize(
    "raw, name, key, branch, region",
    [
        # The city in parentheses is the company's city, not part of its name.
        ("宏康家电(成都)有限公司", "宏康家电(成都)有限公司", "宏康家电", None, "成都"),
        ("宏康家电（成都市）有限公司", "宏康家电(成都市)有限公司", "宏康家电", None, "成都"),
        # A job title or a person after the legal form is no part of the company's name.
        (
            "联宇建筑工程(天津)股份有限公司 采购专员",
            "联宇建筑工程(天津)股份有限公司",
            "联宇建筑工程",
            None,
            "天津",
        ),
        ("广州市博鼎贸易股份有限公司工程部经理", "广州市博鼎贸易股份有限公司", "博鼎贸易", None, "广州"),
        (
            "武汉市荣盛实业有限公司广州分公司 张瑶",
            "武汉市荣盛实业有限公司广州分公司",
            "荣盛实业",
            "广州分公司",
            "武汉",
        ),
        # The branch is the city before the marker, whatever its length, with or without legal form.
        ("明图家电深圳分公司", "明图家电深圳分公司", "明图家电", "深圳分公司", None),
        ("明图家电哈尔滨办事处", "明图家电哈尔滨办事处", "明图家电", "哈尔滨办事处", None),
    ],
)
def test_company_names_written_with_city_title_or_branch(raw, name, key, branch, region):
    assert standardise_company(raw)[:4] == (name, key, branch, region)


def test_company_region_is_kept_apart_from_the_key():
    nanjing, hefei, unplaced = (
        standardise_company(n)
        for n in ["南京市卓联医疗器械有限公司", "合肥市卓联医疗器械有限公司", "卓联医疗器械有限公司"]
    )
    assert nanjing[1] == hefei[1] == unplaced[1] == "卓联医疗器械"
    assert (nanjing[3], hefei[3], unplaced[3]) == ("南京", "合肥", None)


@pytest.mark.parametrize(
    "raw, iso",
    [
        ("2024-03-05", "2024-03-05"),
        ("2024/3/5", "2024-03-05"),
        ("2024年3月5日", "2024-03-05"),
        ("20240305", "2024-03-05"),
        ("2024.03.05 14:30", "2024-03-05"),
        ("2024-02-30", None),
        ("last week", None),
    ],
)
def test_dates_become_iso(raw, iso):
    assert standardise_date(raw) == (iso,)


def test_map_distinct_standardises_each_value_once_and_keeps_row_order():
    calls = []

    def shout(value):
        calls.append(value)
        return (value.upper(),)

    values = pd.Series(["a", None, "b", "a", "a"], index=[10, 11, 12, 13, 14], dtype=object)
    result = map_distinct(values, shout, ["loud"])
    assert sorted(calls) == ["a", "b"]
    assert result["loud"].tolist() == ["A", None, "B", "A", "A"]
    assert result.index.tolist() == [10, 11, 12, 13, 14]


@pytest.mark.parametrize(
    "raw, city",
    [
        ("河南郑州", "郑州"),
        ("郑州市", "郑州"),
        ("ZHENGZHOU", "郑州"),
        ("Zhengzhou City", "郑州"),
        ("Xi'an City", "西安"),
        ("内蒙古呼和浩特", "呼和浩特"),
        ("HOHHOT", "呼和浩特"),
        ("Harbin", "哈尔滨"),
        ("上海", "上海"),
        ("Paris", "Paris"),
        ("", None),
    ],
)
def test_cities_in_either_script_are_one_hanzi_short_name(raw, city):
    assert standardise_city(raw) == city


@pytest.mark.parametrize(
    "name, key, region, brand, industry",
    [
        ("常州市信宝光电技术(集团)有限公司", "信宝光电技术", "常州", "xinbao", "optoelectronic technology"),
        (
            "Changzhou Xinbao Optoelectronic Technology Group Co., Ltd.",
            "xinbao optoelectronic technology",
            "常州",
            "xinbao",
            "optoelectronic technology",
        ),
        ("重庆晶裕物流股份有限公司", "晶裕物流", "重庆", "jingyu", "logistics"),
        ("Xi'an Huaxing Mould Co., Ltd.", "huaxing mould", "西安", "huaxing", "mould"),
        ("Lijia Mold Co., Limited", "lijia mold", None, "lijia", "mould"),
        ("中山华达", "中山华达", None, "zhongshan", None),
        # One term, two renderings: 商贸 as "Trading" or "Commerce and Trade".
        ("重庆市广成商贸有限责任公司", "广成商贸", "重庆", "guangcheng", "trading"),
        (
            "Chongqing Guangcheng Commerce and Trade Co., Ltd.",
            "guangcheng commerce and trade",
            "重庆",
            "guangcheng",
            "trading",
        ),
        # The longer term is the industry: 锦桥实业 and 锦桥实业发展 are two companies.
        ("上海市启康实业发展(集团)有限公司", "启康实业发展", "上海", "qikang", "industrial development"),
        ("青岛市锦桥实业有限公司", "锦桥实业", "青岛", "jinqiao", "industrial"),
    ],
)
def test_company_trade_name_and_industry_match_across_scripts(name, key, region, brand, industry):
    _, found_key, _, found_region, found_brand, found_industry = standardise_company(name)
    assert (found_key, found_region, found_brand, found_industry) == (key, region, brand, industry)


@pytest.mark.parametrize("region", ["CN", "HK", "US", "GB"])
def test_phone_fields_of_a_whole_column_read_as_each_number_parsed_alone(region):
    """Plain mobiles are recognised for the whole column at once; every value must come out as
    libphonenumber's parse of it alone would give, whatever the region and the writing."""
    rng = random.Random(region)
    forms = [
        "{}",
        "+86{}",
        "0086 {}",
        "+86-{}",
        " {} ",
        "+852 {}",
        "1{}",
        "+1 {}",
        "86{}",
        "0{}",
        "+44 {}",
        "{}/{}",
    ]
    values = []
    for _ in range(3000):
        digits = "".join(rng.choice("0123456789") for _ in range(rng.choice([7, 8, 10, 11, 12])))
        mobile = rng.choice(["13", "15", "18", "6", "9", "7"]) + digits[2:]
        form = rng.choice(forms)
        values.append(form.format(mobile, digits) if "{}/{}" in form else form.format(mobile))
    column = pd.Series([*values, None, "138-0013-8000", "１３８００１３８０００"], dtype=object)

    together = standardise_phone_fields(column, region)

    alone = pd.DataFrame(
        [standardise_phone_field(v, region) if v is not None else (None,) * 4 for v in column],
        columns=PHONE_COLUMNS,
    )
    assert (
        together.astype(object)
        .where(together.notna(), None)
        .equals(alone.astype(object).where(alone.notna(), None))
    )
    assert (together["line_type"] == "mobile").sum() > 20


def test_emails_of_a_whole_column_read_as_each_address_checked_alone():
    """Plain addresses are recognised for the whole column at once; every value must come out as
    email-validator's check of it alone would give."""
    rng = random.Random(7)
    domains = [
        "@163.com",
        "@Sina.COM",
        ".com",
        "@x.local",
        "@a.b",
        "@foo.test",
        "@-a.com",
        "@a-.com",
        "@1.2.3",
    ]
    domains += ["@例子.中国", "@qq.com ", "", "@mail.hengtai-machinery.com", "@a..com", "@localhost"]
    column = pd.Series(
        [
            "".join(rng.choice("abcXYZ019._-+%!#' ") for _ in range(rng.randint(1, 70))) + rng.choice(domains)
            for _ in range(3000)
        ]
        + [None, "Zhang.Wei@163.com", "ｚｈａｎｇ@163.com", "<li.na@qq.com>;"],
        dtype=object,
    )

    together = standardise_emails(column)

    alone = pd.DataFrame(
        [standardise_email(v) if v is not None else (None, None) for v in column], columns=EMAIL_COLUMNS
    )
    assert (
        together.astype(object)
        .where(together.notna(), None)
        .equals(alone.astype(object).where(alone.notna(), None))
    )
    assert together["email_valid"].sum() > 100
