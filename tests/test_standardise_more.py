import pytest

from pipelines.quarantine import quarantine_reasons, quarantine_rows
from pipelines.standardise.addresses import standardise_address
from pipelines.standardise.birthdays import standardise_birthday
from pipelines.standardise.records import standardise_records
from tests.builders import staged as build_staged

SHENZHEN_NANSHAN = ("广东省", "深圳市", "南山区")


@pytest.mark.parametrize(
    "raw, expected",
    [
        pytest.param(
            "广东省深圳市南山区科技园路1号",
            ("广东省深圳市南山区科技园路1号", *SHENZHEN_NANSHAN, None),
            id="simplified",
        ),
        pytest.param(
            "廣東省深圳市南山區科技園路1號",
            ("广东省深圳市南山区科技园路1号", *SHENZHEN_NANSHAN, None),
            id="traditional",
        ),
        pytest.param(
            "江蘇省 蘇州市 吳中區 學府路831號",
            ("江苏省 苏州市 吴中区 学府路831号", "江苏省", "苏州市", "吴中区", None),
            id="spaced",
        ),
        pytest.param(
            "深圳南山区科技园路1号",
            ("深圳南山区科技园路1号", *SHENZHEN_NANSHAN, None),
            id="no-province-no-city-suffix",
        ),
        pytest.param("深圳南山科技园", ("深圳南山科技园", *SHENZHEN_NANSHAN, None), id="no-district-suffix"),
        pytest.param(
            "广西南宁市青秀区民族大道",
            ("广西南宁市青秀区民族大道", "广西壮族自治区", "南宁市", "青秀区", None),
            id="region-short-name",
        ),
        pytest.param(
            "北京市朝阳区建国路88号",
            ("北京市朝阳区建国路88号", "北京市", "北京市", "朝阳区", None),
            id="municipality",
        ),
        pytest.param(
            "上海浦东新区世纪大道100号",
            ("上海浦东新区世纪大道100号", "上海市", "上海市", "浦东新区", None),
            id="municipality-short",
        ),
        pytest.param(
            "吉林丰满区吉林大街",
            ("吉林丰满区吉林大街", "吉林省", "吉林市", "丰满区", None),
            id="province-named-like-city",
        ),
        pytest.param(
            "江苏省昆山市千灯镇",
            ("江苏省昆山市千灯镇", "江苏省", "苏州市", "昆山市", None),
            id="county-level-city",
        ),
        pytest.param(
            "东莞市长安镇振安路1号",
            ("东莞市长安镇振安路1号", "广东省", "东莞市", None, None),
            id="city-without-districts",
        ),
        pytest.param(
            "朝阳区建国路88号", ("朝阳区建国路88号", None, None, "朝阳区", None), id="district-in-two-cities"
        ),
        pytest.param(
            "广州市北京路100号",
            ("广州市北京路100号", "广东省", "广州市", None, None),
            id="road-named-after-a-city",
        ),
        pytest.param("中山路1号", ("中山路1号", None, None, None, None), id="road-only"),
        pytest.param(
            "邮编518057 广东省深圳市南山区科技园路1号",
            ("广东省深圳市南山区科技园路1号", *SHENZHEN_NANSHAN, "518057"),
            id="postcode-labelled-first",
        ),
        pytest.param(
            "518057 深圳市南山区科技园路1号",
            ("深圳市南山区科技园路1号", *SHENZHEN_NANSHAN, "518057"),
            id="postcode-first",
        ),
        pytest.param(
            "江苏省苏州市吴中区东吴北路 215000",
            ("江苏省苏州市吴中区东吴北路", "江苏省", "苏州市", "吴中区", "215000"),
            id="postcode-last",
        ),
        pytest.param(
            "深圳市南山区科技园路1号（邮编：518057）",
            ("深圳市南山区科技园路1号", *SHENZHEN_NANSHAN, "518057"),
            id="postcode-in-brackets",
        ),
        pytest.param(
            "深圳市南山区科技园路1号401室",
            ("深圳市南山区科技园路1号401室", *SHENZHEN_NANSHAN, None),
            id="room-number-is-no-postcode",
        ),
        pytest.param(
            "No. 1 Keji Road, Nanshan District, Shenzhen 518057",
            ("1 keji road nanshan district shenzhen", None, None, None, "518057"),
            id="english",
        ),
        pytest.param(
            "Shenzhen Nanshan Keji Lu 1 Hao",
            ("shenzhen nanshan keji road 1", None, None, None, None),
            id="pinyin",
        ),
        pytest.param("   ", (None, None, None, None, None), id="blank"),
    ],
)
def test_addresses_are_folded_and_placed(raw, expected):
    # The street parts are tested in test_latin_addresses.py.
    assert standardise_address(raw)[:5] == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        pytest.param("1985-09-29", ("1985-09-29", False, None), id="iso"),
        pytest.param("1985年9月29日", ("1985-09-29", False, None), id="chinese"),
        pytest.param("19850929", ("1985-09-29", False, None), id="compact"),
        pytest.param("农历1985年八月十五", ("1985-09-29", True, "1985-08-15"), id="lunar-in-words"),
        pytest.param("农历 1985-08-15", ("1985-09-29", True, "1985-08-15"), id="lunar-in-digits"),
        pytest.param("農曆1985年八月十五", ("1985-09-29", True, "1985-08-15"), id="lunar-traditional"),
        pytest.param("1985年8月15日（阴历）", ("1985-09-29", True, "1985-08-15"), id="lunar-marked-after"),
        pytest.param(
            "农历1990年腊月廿三", ("1991-02-07", True, "1990-12-23"), id="lunar-last-month-next-year"
        ),
        pytest.param("农历1985年正月初一", ("1985-02-20", True, "1985-01-01"), id="lunar-new-year"),
        pytest.param("农历2020年闰四月初八", ("2020-05-30", True, "2020-闰04-08"), id="lunar-leap-month"),
        pytest.param("农历1985年八月三十", (None, True, "1985-08-30"), id="lunar-day-the-month-lacks"),
        pytest.param("农历生日", (None, True, None), id="lunar-without-date"),
        pytest.param("1985-02-30", (None, False, None), id="no-such-day"),
    ],
)
def test_birthdays_become_iso_and_lunar_ones_gregorian(raw, expected):
    assert standardise_birthday(raw) == expected


def test_full_id_numbers_stay_in_the_staged_records_only():
    full, first_generation = "11010519491231002X", "110105491231002"
    staged = build_staged(
        {"person_name": "张伟", "phone": "13800138000", "id_number": full.lower()},
        {"person_name": "测试", "id_number": full},
        {"person_name": "李娜", "email": "lina@qq.com", "id_number": first_generation},
        {
            "read_problem_code": "MALFORMED_ROW",
            "read_problem": "more fields than the header",
            "raw_text": f"王芳,{full},13800138000,,x",
        },
    )
    records = standardise_records(staged)
    records["quarantine_reason"] = quarantine_reasons(records)
    quarantined = quarantine_rows(records)

    assert staged["id_number"].tolist()[:3] == [full.lower(), full, first_generation]
    assert records["id_number"].tolist()[:3] == ["110105********002X"] * 3
    assert records["id_number_valid"].tolist()[:3] == [True, True, True]
    assert quarantined["reason_code"].tolist() == ["PLACEHOLDER", "MALFORMED_ROW"]
    assert '"id_number": "110105********002X"' in quarantined["record_json"].iloc[0]
    assert "王芳,110105********002X,13800138000" in quarantined["record_json"].iloc[1]
    for published in (records.to_csv(), quarantined.to_csv()):
        assert full not in published.upper()
        assert first_generation not in published


def test_a_city_named_in_the_city_field_or_only_in_the_address_has_one_key():
    records = standardise_records(
        build_staged(
            {"person_name": "张伟", "address": "内蒙古自治区阿拉善盟阿拉善左旗巴彦浩特镇"},
            {"person_name": "张伟", "city": "阿拉善盟"},
        )
    )
    assert records["city_key"].tolist() == ["阿拉善", "阿拉善"]
