import pytest

from pipelines.quarantine import quarantine_reasons, quarantine_rows
from pipelines.resolve import resolve_customers
from pipelines.standardise.records import standardise_records
from tests.builders import customers_of, staged


def same_customer(ids: list[str]) -> bool:
    return len(set(ids)) == 1


@pytest.mark.parametrize(
    "records",
    [
        pytest.param(
            [
                {"person_name": "张伟", "phone": "13800138000"},
                {"person_name": "Zhang Wei", "phone": "+86 138-0013-8000"},
            ],
            id="hanzi-pinyin-shared-mobile",
        ),
        pytest.param(
            [
                {"person_name": "張偉先生", "email": "ZhangWei@163.COM"},
                {"person_name": "Wei ZHANG", "email": "zhangwei@163.com "},
            ],
            id="traditional-shared-email",
        ),
        pytest.param(
            [{"person_name": "李娜", "email": "lina@qq.com"}, {"email": "LiNa@QQ.com"}],
            id="unnamed-record-shared-email",
        ),
        pytest.param(
            [
                {
                    "customer_type": "company",
                    "customer_name": "深圳市华星光电技术有限公司",
                    "person_name": "张伟",
                },
                {"company_name": "深圳市华星光电技术股份有限公司", "person_name": "刘洋"},
            ],
            id="same-company-same-city-other-contact",
        ),
        pytest.param(
            [
                {
                    "company_name": "深圳市华星光电技术有限公司",
                    "person_name": "张伟",
                    "alt_phone": "0755-26668888",
                },
                {"company_name": "华星光电技术有限公司", "person_name": "刘洋", "alt_phone": "0755-26668888"},
            ],
            id="same-company-switchboard",
        ),
        pytest.param(
            [
                {
                    "company_name": "深圳市华星光电技术有限公司",
                    "person_name": "张伟",
                    "email": "zhangwei@huaxing.com",
                },
                {
                    "company_name": "Huaxing Optoelectronics Co., Ltd.",
                    "person_name": "Zhang Wei",
                    "email": "zhangwei@huaxing.com",
                },
            ],
            id="company-in-two-scripts",
        ),
        pytest.param(
            [
                {"person_name": "王凯磊", "phone": "18288392749", "email": "kailei.wang@outlook.com"},
                {
                    "person_name": "Vincent Wang",
                    "phone": "+86 18288392749",
                    "email": "kailei.wang@outlook.com",
                },
            ],
            id="english-name-shared-mobile-and-email",
        ),
        pytest.param(
            [
                {"person_name": "李辉", "phone": "15098578056"},
                {"person_name": "Eric Li", "phone": "+86 150 9857 8056"},
            ],
            id="english-given-name-shared-mobile",
        ),
        pytest.param(
            [
                {
                    "company_name": "深圳市华星光电技术有限公司",
                    "person_name": "张伟",
                    "alt_phone": "0755-26668888",
                },
                {
                    "company_name": "华星光电技术有限公司",
                    "person_name": "Tina Zhang",
                    "alt_phone": "0755-26668888",
                },
            ],
            id="same-company-switchboard-same-surname",
        ),
        pytest.param(
            [
                {"person_name": "黄彬勇", "email": "huang.binyong@163.com"},
                {"person_name": "Binyon Huang", "email": "huang.binyong@163.com"},
            ],
            id="pinyin-typo-shared-email",
        ),
        pytest.param(
            [
                {"person_name": "罗毅", "phone": "17764286621/0371-85874472 ext 626"},
                {"person_name": "Luo Yi", "alt_phone": "0371-85874472"},
            ],
            id="second-number-in-a-phone-field",
        ),
        pytest.param(
            [
                {
                    "company_name": "深圳市弘美模具有限责任公司",
                    "person_name": "孙诚岩",
                    "email": "scy@hongmei.com",
                },
                {
                    "company_name": "深圳弘美模具有限责任公司",
                    "person_name": "孙诚岩",
                    "email": "scy@hongmei.com",
                },
            ],
            id="region-prefix-without-shi",
        ),
    ],
)
def test_duplicates_merge(records):
    assert same_customer(customers_of(*records))


@pytest.mark.parametrize(
    "records",
    [
        pytest.param(
            [
                {"person_name": "王伟", "phone": "13800138000", "city": "深圳"},
                {"person_name": "王伟", "phone": "13911112222", "city": "深圳"},
            ],
            id="same-name-different-person",
        ),
        pytest.param(
            [
                {"person_name": "王建国", "alt_phone": "0755-12345678"},
                {"person_name": "王建华", "alt_phone": "(0755)12345678"},
            ],
            id="family-sharing-landline",
        ),
        pytest.param(
            [
                {"company_name": "深圳市华星光电技术有限公司北京分公司", "phone": "13800138000"},
                {"company_name": "深圳市华星光电技术有限公司上海分公司", "phone": "13800138000"},
            ],
            id="branches-sharing-a-phone",
        ),
        pytest.param(
            [
                {"company_name": "华星光电有限公司", "email": "info@x.com"},
                {"company_name": "恒达建材有限公司", "email": "info@x.com"},
            ],
            id="different-companies-shared-email",
        ),
        pytest.param(
            [
                {"person_name": "张伟", "phone": "13800138000"},
                {"person_name": "李娜", "phone": "13800138000"},
            ],
            id="different-names-shared-mobile",
        ),
        pytest.param(
            [
                {"person_name": "David Wang", "phone": "13800138000"},
                {"person_name": "David Li", "phone": "13800138000"},
            ],
            id="one-english-name-two-surnames-shared-mobile",
        ),
        pytest.param(
            [
                {"company_name": "南京市卓联医疗器械有限公司", "person_name": "陈轩"},
                {"company_name": "合肥市卓联医疗器械有限公司", "person_name": "闫强浩"},
            ],
            id="same-trade-name-other-city",
        ),
        pytest.param(
            [
                {"company_name": "南京市卓联医疗器械有限公司", "person_name": "陈轩"},
                {"company_name": "卓联医疗器械有限公司", "person_name": "闫强浩"},
            ],
            id="same-trade-name-city-unknown-nothing-shared",
        ),
        pytest.param(
            [
                {"person_name": "赵娜", "alt_phone": "0351-59134774"},
                {"person_name": "赵娜娜", "alt_phone": "0351-59134774"},
            ],
            id="landline-name-contained-in-other",
        ),
        pytest.param(
            [
                {"person_name": "李瑶丽", "city": "深圳", "phone": "17739305332"},
                {"person_name": "李丽瑶", "city": "深圳", "email": "liyl@sina.com"},
            ],
            id="same-pinyin-other-characters-same-city",
        ),
        pytest.param(
            [
                {"person_name": "毛娟桂", "city": "深圳", "phone": "17851956666"},
                {"person_name": "毛娟桂", "city": "深圳", "phone": "13911112222"},
            ],
            id="rare-name-same-city-different-mobiles",
        ),
        pytest.param(
            [
                {"person_name": "毛娟桂", "city": "深圳", "phone": "17851956666"},
                {"person_name": "毛娟桂", "city": "广州", "email": "mjg@qq.com"},
            ],
            id="rare-name-other-city",
        ),
        pytest.param(
            [
                {"person_name": "王伟", "phone": "13800138000", "id_number": "11010519491231002X"},
                {"person_name": "王伟", "phone": "13800138000", "id_number": "44030519900101123X"},
            ],
            id="shared-mobile-different-id-numbers",
        ),
    ],
)
def test_hard_negatives_stay_apart(records):
    ids = customers_of(*records)
    assert len(set(ids)) == len(records)


def test_bare_surname_on_a_shared_landline_does_not_bridge_a_family():
    ids = customers_of(
        {"person_name": "王建国", "alt_phone": "0755-12345678"},
        {"person_name": "王先生", "alt_phone": "0755-12345678"},
        {"person_name": "王建华", "alt_phone": "0755-12345678"},
    )
    assert ids[0] != ids[2]


def test_golden_record_prefers_the_trusted_source_and_keeps_every_phone():
    records = staged(
        {"person_name": "Zhang Wei", "phone": "13800138000", "address": "旧地址", "trust": 1},
        {
            "person_name": "张伟",
            "phone": "13800138000",
            "alt_phone": "0755-12345678",
            "address": "深圳市南山区科技园",
            "trust": 3,
        },
    )
    resolution = resolve_customers(standardise_records(records))
    golden = resolution.customers.iloc[0]
    assert len(resolution.customers) == 1
    assert (golden["person_name"], golden["address"], golden["phone"]) == (
        "张伟",
        "深圳市南山区科技园",
        "+8613800138000",
    )
    assert golden["phones"] == ["+8613800138000", "+8675512345678"]
    assert golden["record_count"] == 2 and resolution.duplicates_merged == 1


def test_customer_ids_are_numbered_by_first_record_and_explained():
    resolution = resolve_customers(
        standardise_records(
            staged(
                {"person_name": "李娜", "phone": "13911112222"},
                {"person_name": "张伟", "phone": "13800138000"},
                {"person_name": "张伟", "phone": "13800138000"},
            )
        )
    )
    links = resolution.customer_sources
    assert links["customer_id"].tolist() == ["CUST-0000001", "CUST-0000002", "CUST-0000002"]
    assert links["matched_by"].tolist() == ["single_record", "match_model", "match_model"]


@pytest.mark.parametrize(
    "record, reason",
    [
        ({"person_name": "测试数据"}, "PLACEHOLDER"),
        ({"company_name": "test"}, "PLACEHOLDER"),
        ({"address": "深圳市", "phone": "12345"}, "NO_IDENTITY"),
        # An ID number names its holder, whatever else the record lacks.
        ({"id_number": "5493012", "birthday": "1925-08-04"}, None),
        ({"id_number": "无", "birthday": "1925-08-04"}, "NO_IDENTITY"),
        ({"person_name": "张伟"}, None),
    ],
)
def test_quarantine_reasons(record, reason):
    records = standardise_records(staged(record))
    assert quarantine_reasons(records).tolist() == [reason]


def test_quarantine_rows_keep_the_original_values():
    records = standardise_records(staged({"person_name": "张伟"}, {"person_name": "测试", "phone": "123"}))
    records["quarantine_reason"] = quarantine_reasons(records)
    quarantined = quarantine_rows(records)
    assert quarantined["record_key"].tolist() == ["test:2"]
    assert quarantined["record_json"].iloc[0] == '{"person_name": "测试", "phone": "123"}'


def test_a_name_and_a_city_alone_do_not_link():
    wang_wei = [{"person_name": "王伟", "city": city} for city in ("北京", "上海", "广州", "成都", "武汉")]
    ids = customers_of(
        {"person_name": "王伟", "city": "深圳", "phone": "13800138000"},
        {"person_name": "王伟", "city": "深圳", "email": "ww@qq.com"},
        *wang_wei,
    )
    assert ids[0] != ids[1]


@pytest.mark.parametrize(
    "names",
    [
        pytest.param(("黄磊", "HUANG LIN"), id="similar-spelling"),
        pytest.param(("周轩", "Zhou Xuan Qiang"), id="contained"),
        pytest.param(("黄磊", "Tina Huang"), id="same-surname"),
    ],
)
def test_a_family_at_one_address_and_landline_stays_apart(names):
    home = {
        "address": "福建省厦门市湖里区滨河路628号幸福家园10栋1单元101室",
        "alt_phone": "0592-48421471",
        "city": "厦门",
    }
    ids = customers_of({"person_name": names[0], **home}, {"person_name": names[1], **home})
    assert ids[0] != ids[1]


def test_a_name_mistyped_by_its_sounds_at_one_home_is_one_person():
    home = {"address": "广东省广州市越秀区光明街101号10栋2803室", "city": "广州"}
    ids = customers_of(
        {"person_name": "杨浩梓", **home},
        {"person_name": "杨昊梓", "phone": "15669249757", **home},
    )
    assert ids[0] == ids[1]
