"""Golden records: each field the value most of a customer's records agree on, whatever the most
trusted source wrote; the record that gave it in field_provenance."""

import pandas as pd
import pytest

from pipelines.standardise.names import standardise_person_name
from pipelines.standardise.records import standardise_records
from pipelines.survivorship import (
    CONTACT_COLUMNS,
    CUSTOMER,
    RANK,
    contact_persons,
    distinct_values,
    field_provenance,
    golden_records,
    most_agreed,
    rank_records,
    surviving_values,
)
from tests.builders import staged

TRUSTED = {"trust": 3}
# What the record standardiser tells of a name beside name_std and name_key, once it does.
NAME_FORM_COLUMNS = ["name_form", "name_surname", "name_surname_key", "name_title", "name_sex"]


def ranked_of(
    *records: dict, name_forms: list[str | None] | None = None, customers: list[str] | None = None
) -> pd.DataFrame:
    """The records, ranked, as the `customers` they belong to (all C1 if not given). Names are read
    by `standardise_person_name` (a key for every name), so that these tests pin the names they vote
    on; `name_forms` adds what the record standardiser tells of them once it knows full names from
    partial ones: `name_form`, and no key for a partial name."""
    frame = staged(*records)
    standardised = standardise_records(frame).drop(columns=NAME_FORM_COLUMNS, errors="ignore")
    names = pd.DataFrame(
        [standardise_person_name(raw) if raw else (None, None) for raw in frame["person_name"]],
        columns=["name_std", "name_key"],
    )
    standardised[["name_std", "name_key"]] = names.to_numpy()
    if name_forms is not None:
        partial = pd.Series([form != "full" for form in name_forms])
        standardised = standardised.assign(
            name_form=name_forms, name_key=standardised["name_key"].mask(partial, None)
        )
    else:
        # A key of two syllables or more is a full name's: 张先生 keys as zhang alone.
        full = standardised["name_key"].fillna("").str.contains(" ")
        standardised = standardised.assign(name_form=full.map({True: "full", False: None}))
    return rank_records(standardised, pd.Series(customers or ["C1"] * len(standardised)))


def golden_of(*records: dict, **options) -> pd.Series:
    """Customer C1's golden record."""
    ranked = ranked_of(*records, **options)
    golden = golden_records(ranked, surviving_values(ranked)).set_index("customer_id")
    return golden.loc["C1"]


def in_a_run(customer: list[dict], others: list[dict]) -> dict:
    """`customer`'s records as C1, each of `others` a customer of its own."""
    customers = ["C1"] * len(customer) + [f"C{number}" for number in range(2, len(others) + 2)]
    return {"records": [*customer, *others], "customers": customers}


def given_by(*records: dict, **options) -> dict[str, str]:
    """Golden field -> the record_key of the record that gave it."""
    ranked = ranked_of(*records, **options)
    provenance = field_provenance(ranked, surviving_values(ranked))
    return provenance.set_index("field")["record_key"].to_dict()


# -- the vote --------------------------------------------------------------------------------------


def candidates(*rows: tuple) -> pd.DataFrame:
    """(customer, record rank, value, preference, tie-breaker) rows."""
    return pd.DataFrame(rows, columns=[CUSTOMER, RANK, "value", "preferred", "tie_breaker"])


@pytest.mark.parametrize(
    "rows, winner, rank",
    [
        pytest.param(
            [(0, 0, "a", 0, 0), (0, 1, "b", 0, 0), (0, 2, "b", 0, 0)], "b", 1, id="most-records-win"
        ),
        pytest.param([(0, 0, "a", 0, 0), (0, 1, "b", 0, 0)], "a", 0, id="a-tie-goes-to-the-best-ranked"),
        pytest.param(
            [(0, 0, "a", 0, 0), (0, 1, "a", 0, 0), (0, 2, "b", 1, 0)], "b", 2, id="preference-before-votes"
        ),
        pytest.param(
            [(0, 0, "a", 0, 0), (0, 1, "b", 0, 1), (0, 2, "a", 0, 0), (0, 3, "b", 0, 1)],
            "b",
            1,
            id="tie-breaker-after-votes",
        ),
        pytest.param(
            [(0, 0, "a", 0, 1), (0, 1, "b", 0, 0), (0, 2, "b", 0, 0)],
            "b",
            1,
            id="tie-breaker-not-before-votes",
        ),
        pytest.param(
            [(0, 0, "a", 0, 0), (0, 0, "a", 0, 0), (0, 1, "b", 0, 0), (0, 2, "b", 0, 0)],
            "b",
            1,
            id="a-record-votes-once-per-value",
        ),
        pytest.param(
            [(0, 0, "a", 0, 0), (0, 1, "a", 0, 0), (0, 2, "b", 0, 0), (0, 3, "b", 1, 0)],
            "b",
            2,
            id="a-value-takes-its-best-row",
        ),
    ],
)
def test_most_agreed_value(rows, winner, rank):
    chosen = most_agreed(candidates(*rows), "value", prefer=["preferred"], then=["tie_breaker"])
    assert chosen[["value", RANK]].values.tolist() == [[winner, rank]]


def test_most_agreed_decides_each_group_apart():
    rows = candidates((0, 0, "a", 0, 0), (1, 1, "b", 0, 0), (1, 2, "c", 0, 0), (1, 3, "c", 0, 0))
    chosen = most_agreed(rows, "value").set_index(CUSTOMER)
    assert chosen.loc[[0, 1], "value"].tolist() == ["a", "c"]
    assert chosen.loc[[0, 1], "votes"].tolist() == [1, 2]


# -- phone -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "records, phone",
    [
        pytest.param(
            [{"phone": "13800138001", **TRUSTED}, {"phone": "13800138000"}, {"alt_phone": "13800138000"}],
            "+8613800138000",
            id="mistyped-mobile-in-the-trusted-source-is-outvoted",
        ),
        pytest.param(
            [
                {"phone": "0755-12345678", **TRUSTED},
                {"phone": "0755-12345678"},
                {"alt_phone": "13800138000"},
            ],
            "+8613800138000",
            id="a-mobile-over-a-landline-however-many-give-it",
        ),
        pytest.param(
            [{"phone": "0755-12345678"}, {"phone": "010-87654321", **TRUSTED}],
            "+861087654321",
            id="a-landline-when-there-is-no-mobile",
        ),
        pytest.param(
            [{"phone": "13800138000"}, {"phone": "13911112222", **TRUSTED}],
            "+8613911112222",
            id="a-tie-goes-to-the-trusted-source",
        ),
        pytest.param(
            [
                {"phone": "13911112222", "alt_phone": "13911112222", **TRUSTED},
                {"phone": "13800138000"},
                {"phone": "13800138000"},
            ],
            "+8613800138000",
            id="a-record-counts-once-per-number",
        ),
        pytest.param(
            [{"phone": "13911112222/13800138000", **TRUSTED}, {"alt_phone": "13800138000"}],
            "+8613800138000",
            id="second-numbers-vote-too",
        ),
    ],
)
def test_phone_is_the_mobile_most_records_give(records, phone):
    assert golden_of(*records)["phone"] == phone


def test_every_phone_stays_in_the_list():
    golden = golden_of({"phone": "13800138001", "alt_phone": "0755-12345678"}, {"phone": "13800138000"})
    assert golden["phones"] == ["+8613800138000", "+8613800138001", "+8675512345678"]


# -- email -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "records, email",
    [
        pytest.param(
            [
                {"email": "zhangwie@qq.com", **TRUSTED},
                {"email": "zhangwei@qq.com"},
                {"email": "ZhangWei@qq.com"},
            ],
            "zhangwei@qq.com",
            id="most-records-win",
        ),
        pytest.param(
            [{"email": "ww@qq.com"}, {"email": "lw@163.com", **TRUSTED}], "lw@163.com", id="a-tie-by-rank"
        ),
        pytest.param(
            [
                {"person_name": "张伟", "email": "zhangwie88@qq.com", **TRUSTED},
                {"person_name": "张伟", "email": "zhangwei88@qq.com"},
            ],
            "zhangwei88@qq.com",
            id="a-tie-to-the-address-that-spells-the-name",
        ),
        pytest.param(
            [
                {"person_name": "Zhang Wei", "email": "zw@qq.com", **TRUSTED},
                {"person_name": "张伟", "email": "wei.zhang@163.com"},
            ],
            "wei.zhang@163.com",
            id="the-name-spelled-given-name-first",
        ),
        pytest.param(
            [
                {"person_name": "张伟", "email": "13800138000@qq.com", **TRUSTED},
                {"person_name": "张伟", "email": "13800138000@qq.com"},
                {"person_name": "张伟", "email": "zhangwei@qq.com"},
            ],
            "13800138000@qq.com",
            id="the-name-does-not-outvote-records",
        ),
    ],
)
def test_email_is_the_address_most_records_give(records, email):
    assert golden_of(*records)["email"] == email


# -- a person's name -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "names, name_forms, name",
    [
        pytest.param(["Zhang Wei", "Zhang Wei", "張偉"], None, "张伟", id="hanzi-over-pinyin"),
        pytest.param(["张玮", "张伟", "张伟"], None, "张伟", id="the-hanzi-form-most-records-write"),
        pytest.param(["Zhang Wie", "张伟"], None, "张伟", id="a-mistyped-pinyin-name-loses-to-hanzi"),
        pytest.param(["张先生", "张先生", "Zhang Wei"], None, "Zhang Wei", id="a-full-name-over-a-surname"),
        pytest.param(["张先生", "Mr. Zhang"], None, "张", id="a-surname-when-no-record-has-more"),
        pytest.param(["李娜", "李娜", "张伟"], None, "李娜", id="the-person-most-records-name"),
        pytest.param(
            ["张经理", "张经理", "张伟"],
            ["surname_only", "surname_only", "full"],
            "张伟",
            id="name-form-full-first",
        ),
        pytest.param(
            ["张经理", "Zhang Wei"],
            ["surname_only", "full"],
            "Zhang Wei",
            id="name-form-a-title-is-no-full-name",
        ),
        pytest.param(
            ["张先生", "Mr. Zhang", "David"],
            ["surname_only", "surname_only", "full"],
            "David",
            id="name-form-decides-what-is-full",
        ),
        pytest.param(
            ["张经理", "张先生", "张经理"],
            ["surname_only", "surname_only", "surname_only"],
            "张经理",
            id="name-form-the-partial-form-most-write",
        ),
    ],
)
def test_person_name_is_the_full_name_most_records_agree_on(names, name_forms, name):
    records = [{"person_name": names[0], **TRUSTED}, *({"person_name": other} for other in names[1:])]
    assert golden_of(*records, name_forms=name_forms)["person_name"] == name


@pytest.mark.parametrize(
    "names, run_writes, name",
    [
        pytest.param(["张玮", "张伟"], ["王伟", "李伟"], "张伟", id="the-commoner-character"),
        pytest.param(["张伟", "张玮"], ["王玮", "李玮"], "张玮", id="common-as-the-run-writes-it"),
        pytest.param(
            ["张玮", "张玮", "张伟"], ["王伟", "李伟", "赵伟"], "张玮", id="records-before-characters"
        ),
    ],
)
def test_between_spellings_as_many_records_give_the_one_of_commoner_characters(names, run_writes, name):
    customer = [{"person_name": names[0], **TRUSTED}, *({"person_name": other} for other in names[1:])]
    run = in_a_run(customer, [{"person_name": written} for written in run_writes])
    assert golden_of(*run["records"], customers=run["customers"])["person_name"] == name


# -- a company's contact persons -------------------------------------------------------------------

COMPANY = "深圳市华星光电技术有限公司"


def contacts_of(*names: str, name_forms: list[str | None] | None = None) -> pd.DataFrame:
    records = [{"company_name": COMPANY, "person_name": names[0], **TRUSTED}]
    records += [{"company_name": COMPANY, "person_name": name} for name in names[1:]]
    return contact_persons(ranked_of(*records, name_forms=name_forms))


@pytest.mark.parametrize(
    "names, name_forms, contacts",
    [
        pytest.param(["Zhang Wei", "张伟", "張偉"], None, {"张伟": 3}, id="one-contact-named-in-hanzi"),
        pytest.param(
            ["张玮", "张伟", "张伟", "李娜"], None, {"张伟": 3, "李娜": 1}, id="the-form-most-write"
        ),
        pytest.param(["张先生", "张伟"], None, {"张伟": 1}, id="a-surname-beside-a-full-name-is-no-contact"),
        pytest.param(["张先生", "张先生"], None, {"张": 2}, id="a-surname-alone-is-the-contact"),
        pytest.param(
            ["张经理", "张伟"], ["surname_only", "full"], {"张伟": 1}, id="name-form-a-title-is-no-contact"
        ),
    ],
)
def test_contact_persons_are_people_by_the_name_most_records_write(names, name_forms, contacts):
    found = contacts_of(*names, name_forms=name_forms)
    assert list(found.columns) == CONTACT_COLUMNS
    assert found.set_index("contact_name")["record_count"].to_dict() == contacts


@pytest.mark.parametrize(
    "names, name_forms, contact",
    [
        pytest.param(["张先生", "张先生", "张伟"], None, "张伟", id="a-full-name-over-a-surname"),
        pytest.param(
            ["张经理", "张经理", "张伟"], ["surname_only", "surname_only", "full"], "张伟", id="name-form"
        ),
        pytest.param(["Li Na", "李娜", "张伟"], None, "李娜", id="the-contact-most-records-name"),
    ],
)
def test_a_companys_golden_contact_is_a_full_name(names, name_forms, contact):
    records = [{"company_name": COMPANY, "person_name": names[0], **TRUSTED}]
    records += [{"company_name": COMPANY, "person_name": name} for name in names[1:]]
    golden = golden_of(*records, name_forms=name_forms)
    assert (golden["customer_type"], golden["display_name"], golden["person_name"]) == (
        "company",
        COMPANY,
        contact,
    )


def test_a_contact_is_spelled_with_the_commoner_characters():
    company = [{"company_name": COMPANY, "person_name": "张玮", **TRUSTED}]
    company += [{"company_name": COMPANY, "person_name": "张伟"}]
    run = in_a_run(company, [{"person_name": "王伟"}, {"person_name": "李伟"}])
    contacts = contact_persons(ranked_of(*run["records"], customers=run["customers"]))
    assert contacts[["customer_id", "contact_name", "record_count"]].values.tolist() == [["C1", "张伟", 2]]


def test_contacts_keep_every_phone_email_and_source_of_their_records():
    ranked = ranked_of(
        {"company_name": COMPANY, "person_name": "张伟", "phone": "13800138000", "source": "sales"},
        {"company_name": COMPANY, "person_name": "Zhang Wei", "email": "zw@huaxing.com", "source": "mail"},
        {"company_name": COMPANY, "person_name": "李娜"},
    )
    contacts = contact_persons(ranked).set_index("contact_name")
    assert contacts.loc["张伟", ["phones", "emails", "sources"]].tolist() == [
        ["+8613800138000"],
        ["zw@huaxing.com"],
        ["mail", "sales"],
    ]
    assert contacts.loc["李娜", ["phones", "emails", "sources"]].tolist() == [[], [], ["test"]]


# -- company name ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "names, company",
    [
        pytest.param(
            ["Bairui Industrial", "百瑞实业", "百瑞实业", "北京市百瑞实业有限公司"],
            "北京市百瑞实业有限公司",
            id="the-full-hanzi-name-over-short-and-english-forms",
        ),
        pytest.param(
            ["Beijing Bairui Industrial Co., Ltd.", "Bairui Industrial", "百瑞实业"],
            "百瑞实业",
            id="hanzi-over-english-however-complete",
        ),
        pytest.param(
            ["北京市百瑞实叶有限公司", "百瑞实业", "百瑞实业"],
            "百瑞实业",
            id="a-mistyped-full-name-does-not-outvote-the-company",
        ),
        pytest.param(
            ["北京市百瑞实业股份有限公司", "北京市百瑞实业有限公司", "北京市百瑞实业有限公司"],
            "北京市百瑞实业有限公司",
            id="the-complete-form-most-records-write",
        ),
        pytest.param(
            ["百瑞实业股份有限公司", "北京百瑞实业有限公司"],
            "北京百瑞实业有限公司",
            id="city-and-legal-form-over-legal-form-alone",
        ),
        pytest.param(["百瑞实业", "百瑞实业有限公司"], "百瑞实业有限公司", id="a-legal-form-completes"),
        pytest.param(["百瑞实业", "北京百瑞实业"], "北京百瑞实业", id="a-city-completes"),
    ],
)
def test_company_name_is_the_most_complete_form_most_records_agree_on(names, company):
    records = [{"company_name": names[0], **TRUSTED}, *({"company_name": other} for other in names[1:])]
    golden = golden_of(*records)
    assert (golden["company_name"], golden["display_name"]) == (company, company)


@pytest.mark.parametrize(
    "trusted, other, run_writes, company",
    [
        pytest.param(
            "北京市百瑞实业股份有限公司",
            "北京市百瑞实业有限公司",
            ["上海市信宝光电有限公司", "广州市宏康家电有限公司"],
            "北京市百瑞实业有限公司",
            id="limited-as-the-run-writes-it",
        ),
        pytest.param(
            "北京市百瑞实业有限公司",
            "北京市百瑞实业股份有限公司",
            ["上海市信宝光电股份有限公司", "广州市宏康家电股份有限公司"],
            "北京市百瑞实业股份有限公司",
            id="joint-stock-as-the-run-writes-it",
        ),
        pytest.param(
            "北京百瑞实业有限公司",
            "北京市百瑞实业有限公司",
            ["上海市信宝光电有限公司", "成都宏康家电有限公司", "广州市华星光电有限公司"],
            "北京市百瑞实业有限公司",
            id="the-city-as-the-run-writes-it",
        ),
    ],
)
def test_between_forms_as_many_records_give_the_shape_most_names_in_the_run_have(
    trusted, other, run_writes, company
):
    run = in_a_run(
        [{"company_name": trusted, **TRUSTED}, {"company_name": other}],
        [{"company_name": name} for name in run_writes],
    )
    assert golden_of(*run["records"], customers=run["customers"])["company_name"] == company


# -- city, and where the address is ----------------------------------------------------------------


@pytest.mark.parametrize(
    "records, city",
    [
        pytest.param(
            [{"city": "无锡", **TRUSTED}, {"city": "苏州市"}, {"city": "苏州"}], "苏州", id="most-records-win"
        ),
        pytest.param(
            [{"city": "无锡", **TRUSTED}, {"city": "Suzhou"}, {"city": "苏州"}],
            "苏州",
            id="pinyin-votes-with-its-hanzi",
        ),
        pytest.param(
            [{"city": "Suzhou", **TRUSTED}, {"address": "江苏省苏州市工业园区星湖街328号"}],
            "苏州",
            id="pinyin-written-in-hanzi-as-an-address-names-it",
        ),
        pytest.param(
            [{"city": "Suzhou", "address": "江苏省苏州市工业园区星湖街328号", **TRUSTED}, {"city": "Suzhou"}],
            "苏州",
            id="pinyin-written-in-hanzi-as-its-own-address-names-it",
        ),
        pytest.param(
            [{"address": "广东省深圳市南山区科技园"}, {"address": "深圳市福田区深南大道1号", **TRUSTED}],
            "深圳",
            id="from-the-addresses-without-a-city-column",
        ),
        pytest.param(
            [{"city": "北京", "address": "上海市浦东新区世纪大道1号", **TRUSTED}, {"city": "北京"}],
            "北京",
            id="a-records-city-column-over-its-address",
        ),
        pytest.param(
            [{"address": "上海市浦东新区世纪大道1号", **TRUSTED}, {"city": "北京"}, {"city": "北京"}],
            "北京",
            id="an-address-is-one-vote",
        ),
        pytest.param([{"city": "Taizhou"}], "Taizhou", id="pinyin-of-two-cities-stays-without-hanzi"),
    ],
)
def test_city_is_the_one_most_records_are_in_in_hanzi(records, city):
    assert golden_of(*records)["city"] == city


@pytest.mark.parametrize(
    "records, address, province, district, postcode",
    [
        pytest.param(
            [
                {"address": "No. 5 Renmin Road, Suzhou", **TRUSTED},
                {"address": "广东省深圳市南山区科技园 518057"},
            ],
            "No. 5 Renmin Road, Suzhou",
            None,
            None,
            None,
            id="latin-address-places-nothing",
        ),
        pytest.param(
            [
                {"address": "广东省深圳市南山区科技园 518057", **TRUSTED},
                {"address": "北京市朝阳区建国路88号"},
            ],
            "广东省深圳市南山区科技园 518057",
            "广东省",
            "南山区",
            "518057",
            id="the-trusted-address-with-its-parts",
        ),
    ],
)
def test_province_district_and_postcode_come_with_the_address(records, address, province, district, postcode):
    golden = golden_of(*records)
    assert golden[["address", "province", "district", "postcode"]].tolist() == [
        address,
        province,
        district,
        postcode,
    ]


# -- the other fields ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "field, column, values, value",
    [
        pytest.param(
            "birthday", "birthday", ["1985-05-03", "1985-03-05", "1985/3/5"], "1985-03-05", id="birthday"
        ),
        pytest.param(
            "company_branch",
            "company_name",
            [
                "华星光电技术有限公司上海分公司",
                "华星光电技术有限公司北京分公司",
                "华星光电技术有限公司北京分公司",
            ],
            "北京分公司",
            id="company-branch",
        ),
    ],
)
def test_facts_are_the_value_most_records_give(field, column, values, value):
    records = [{column: values[0], **TRUSTED}, *({column: other} for other in values[1:])]
    assert golden_of(*records)[field] == value


@pytest.mark.parametrize(
    "field, values, value",
    [
        pytest.param("status", ["retained", "potential", "potential"], "retained", id="status"),
        pytest.param("owner", ["李娜", "钱明", "钱明"], "李娜", id="owner"),
        pytest.param("intent_grade", [None, "B", "A"], "B", id="intent-grade-from-the-best-record-with-one"),
    ],
)
def test_states_come_from_the_best_ranked_record(field, values, value):
    dates = ["2026-10-01", "2026-09-01", "2026-08-01"]
    records = [{field: given, "last_contact_date": date} for given, date in zip(values, dates)]
    assert golden_of(*records)[field] == value


# -- provenance ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "records, field, record_key",
    [
        pytest.param(
            [{"phone": "13800138001", **TRUSTED}, {"phone": "13800138000"}, {"alt_phone": "13800138000"}],
            "phone",
            "test:2",
            id="phone-from-the-best-record-giving-it",
        ),
        pytest.param(
            [{"person_name": "Zhang Wei", **TRUSTED}, {"person_name": "张伟"}],
            "person_name",
            "test:2",
            id="name-from-the-record-writing-it-so",
        ),
        pytest.param(
            [{"city": "Suzhou", **TRUSTED}, {"address": "江苏省苏州市工业园区星湖街328号"}],
            "city",
            "test:2",
            id="city-from-the-address-naming-it",
        ),
        pytest.param(
            [{"address": "No. 5 Renmin Road", **TRUSTED}, {"address": "广东省深圳市南山区科技园"}],
            "address",
            "test:1",
            id="address-from-the-best-record",
        ),
        pytest.param(
            [{"company_name": "百瑞实业", **TRUSTED}, {"company_name": "北京市百瑞实业有限公司"}],
            "company_name",
            "test:2",
            id="company-from-the-record-writing-it-in-full",
        ),
    ],
)
def test_provenance_names_the_record_that_gave_the_value(records, field, record_key):
    assert given_by(*records)[field] == record_key


def test_provenance_has_a_row_per_filled_field_and_matches_the_golden_record():
    ranked = ranked_of(
        {"person_name": "张伟", "phone": "13800138000", "city": "深圳", **TRUSTED},
        {"person_name": "Zhang Wei", "email": "zw@qq.com", "status": "potential"},
    )
    golden = golden_records(ranked, surviving_values(ranked)).iloc[0]
    provenance = field_provenance(ranked, surviving_values(ranked))
    assert provenance["field"].tolist() == ["city", "email", "person_name", "phone", "status"]
    assert provenance["value"].tolist() == golden[provenance["field"]].tolist()
    assert provenance["record_key"].tolist() == ["test:1", "test:2", "test:1", "test:1", "test:2"]


# -- several customers -----------------------------------------------------------------------------


def test_each_customer_votes_apart_in_id_order():
    standardised = standardise_records(
        staged(
            {"person_name": "李娜", "phone": "13911112222"},
            {"person_name": "张伟", "phone": "13800138001", **TRUSTED},
            {"person_name": "张伟", "phone": "13800138000"},
            {"person_name": "张伟", "phone": "13800138000"},
        )
    )
    ranked = rank_records(standardised, pd.Series(["C2", "C1", "C1", "C1"]))
    golden = golden_records(ranked, surviving_values(ranked))
    assert golden[["customer_id", "person_name", "phone", "record_count"]].values.tolist() == [
        ["C1", "张伟", "+8613800138000", 3],
        ["C2", "李娜", "+8613911112222", 1],
    ]
    assert field_provenance(ranked, surviving_values(ranked))["customer_id"].tolist() == [
        "C1",
        "C1",
        "C2",
        "C2",
    ]


@pytest.mark.parametrize(
    "values, lists",
    [
        pytest.param([["b", "a"], ["a", None]], {"C1": ["a", "b"]}, id="distinct-and-sorted"),
        pytest.param([[None, None]], {"C1": []}, id="none-is-an-empty-list"),
    ],
)
def test_distinct_values_of_several_columns(values, lists):
    frame = pd.DataFrame([["C1", *row] for row in values], columns=["customer_id", "x", "y"], dtype=object)
    assert distinct_values(frame, ["x", "y"]).to_dict() == lists


def test_no_records_no_customers():
    ranked = ranked_of({"person_name": "张伟"}).iloc[:0]
    survivors = surviving_values(ranked)
    assert golden_records(ranked, survivors).empty and field_provenance(ranked, survivors).empty
    assert contact_persons(ranked).empty
