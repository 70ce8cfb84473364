import pytest

from pipelines.standardise.addresses import ADDRESS_COLUMNS, standardise_address
from pipelines.standardise.records import standardise_records
from tests.builders import staged as build_staged


def comparison_parts(raw: str) -> tuple:
    """What a matcher compares an address by: where it is, the street, number and unit."""
    address = standardise_address(raw)
    return address.city, address.district, address.postcode, address.street, address.number, address.unit


@pytest.mark.parametrize(
    "raw, expected",
    [
        pytest.param(
            "27 sprigg place kalua hallett cove sa 5158",
            ("27 sprigg place kalua hallett cove sa", "5158", "sprigg place", "27", None),
            id="febrl-fields-joined",
        ),
        pytest.param(
            "Flat 12, 27 Sprigg Place, Hallett Cove SA 5158",
            ("unit 12 27 sprigg place hallett cove sa", "5158", "sprigg place", "27", "unit 12"),
            id="flat-and-commas",
        ),
        pytest.param(
            "Unit 5/14 Smith Cres., Kambah ACT 2902",
            ("unit 5 14 smith crescent kambah act", "2902", "smith crescent", "14", "unit 5"),
            id="unit-slash-number",
        ),
        pytest.param(
            "Level 3, Suite 2, 100 George St, Sydney NSW 2000",
            (
                "level 3 suite 2 100 george street sydney nsw",
                "2000",
                "george street",
                "100",
                "level 3 suite 2",
            ),
            id="level-and-suite",
        ),
        pytest.param(
            "Apt 3B, 12-14 O'Connell Rd",
            ("unit 3b 12-14 oconnell road", None, "oconnell road", "12-14", "unit 3b"),
            id="apartment-and-range",
        ),
        pytest.param(
            "27 St Kilda Rd, St Kilda VIC 3182",
            ("27 saint kilda road st kilda vic", "3182", "saint kilda road", "27", None),
            id="saint-before-the-name-street-after",
        ),
        pytest.param(
            "10 Downing St, London SW1A 2AA",
            ("10 downing street london", "SW1A 2AA", "downing street", "10", None),
            id="british-postcode",
        ),
        pytest.param(
            "1600 Pennsylvania Ave NW, Washington, DC 20500-0003",
            ("1600 pennsylvania avenue nw washington dc", "20500", "pennsylvania avenue", "1600", None),
            id="zip-plus-four",
        ),
        pytest.param(
            "1234 Main Street",
            ("1234 main street", None, "main street", "1234", None),
            id="number-is-no-postcode",
        ),
        pytest.param(
            "Suite 1200, 100 Main St",
            ("suite 1200 100 main street", None, "main street", "100", "suite 1200"),
            id="suite-number-is-no-postcode",
        ),
        pytest.param(
            "Hauptstraße 5, 10115 Berlin",
            ("hauptstrasse 5 berlin", "10115", "hauptstrasse", "5", None),
            id="number-after-street-postcode-before-town",
        ),
        pytest.param(
            "No. 1 Keji Road, Nanshan District, Shenzhen 518057",
            ("1 keji road nanshan district shenzhen", "518057", "keji road", "1", None),
            id="chinese-address-in-english",
        ),
        pytest.param(
            "Keji Lu 1 Hao", ("keji road 1", None, "keji road", "1", None), id="chinese-address-in-pinyin"
        ),
        pytest.param("B2 3rd Floor", ("b2 3rd floor", None, None, None, None), id="ordinal-is-no-postcode"),
        pytest.param("Hallett Cove", ("hallett cove", None, None, None, None), id="no-street"),
    ],
)
def test_latin_addresses_are_folded_and_split(raw, expected):
    address = standardise_address(raw)
    assert (address.std, address.postcode, address.street, address.number, address.unit) == expected
    assert (address.province, address.city, address.district) == (None, None, None)


@pytest.mark.parametrize(
    "writings",
    [
        pytest.param(
            [
                "27 sprigg place, hallett cove sa 5158",
                "27 Sprigg Pl., Hallett Cove, SA 5158",
                "27 SPRIGG PL HALLETT COVE SA 5158",
                "２７ Ｓｐｒｉｇｇ Ｐｌａｃｅ, Hallett Cove 5158",
            ],
            id="place",
        ),
        pytest.param(
            [
                "Flat 12, 27 Sprigg Place",
                "unit 12 27 sprigg pl",
                "Apt. 12, 27 Sprigg Pl",
                "12/27 Sprigg Place",
            ],
            id="unit",
        ),
        pytest.param(["27 Smith Cres", "27 smith crescent", "27 Smith Cres."], id="crescent"),
        pytest.param(
            ["9 Rue de l’Église", "9 rue de l'eglise", "9 RUE DE LEGLISE"], id="accents-and-apostrophes"
        ),
        pytest.param(["Hauptstraße 5", "Hauptstrasse 5"], id="sharp-s"),
        pytest.param(["No. 1 Keji Road", "1 Keji Rd", "Keji Lu 1 Hao"], id="pinyin-road"),
    ],
)
def test_one_address_has_one_set_of_parts_however_it_is_written(writings):
    parts = {comparison_parts(raw) for raw in writings}
    assert len(parts) == 1
    assert parts.pop()[3] is not None


def test_neighbours_share_the_street_not_the_number():
    here, next_door = standardise_address("27 sprigg place"), standardise_address("29 Sprigg Pl")
    assert here.street == next_door.street == "sprigg place"
    assert (here.number, next_door.number) == ("27", "29")


@pytest.mark.parametrize(
    "raw, expected",
    [
        pytest.param("幸福路388号", ("幸福路", "388", None), id="road-and-number"),
        pytest.param("青岛市市南区香港中路10号", ("香港中路", "10", None), id="after-the-divisions"),
        pytest.param(
            "深圳市南山区粤海街道科技园路1号401室", ("科技园路", "1", "401室"), id="after-the-sub-district"
        ),
        pytest.param("江苏省昆山市千灯镇石浦村12号", ("石浦村", "12", None), id="village-after-the-town"),
        pytest.param("上海市黄浦区长乐路100弄5号", ("长乐路", "100弄5", None), id="lane-and-house"),
        pytest.param("北京市朝阳区建国路88号院3号楼", ("建国路", "88", "院3号楼"), id="building-in-the-unit"),
        pytest.param("深圳市南山区科技园路1", ("科技园路", "1", None), id="number-without-hao"),
        pytest.param("广西南宁市青秀区民族大道", ("民族大道", None, None), id="street-without-number"),
        pytest.param(
            "江苏省苏州市吴中区东吴北路 215000", ("东吴北路", None, None), id="postcode-is-no-number"
        ),
        pytest.param("市府路8号", ("市府路", "8", None), id="road-named-after-the-city-hall"),
        pytest.param("深圳南山科技园", (None, None, None), id="no-street"),
        pytest.param("廣東省深圳市南山區科技園路1號", ("科技园路", "1", None), id="traditional"),
    ],
)
def test_chinese_addresses_give_street_number_and_unit(raw, expected):
    address = standardise_address(raw)
    assert (address.street, address.number, address.unit) == expected


@pytest.mark.parametrize(
    "writings",
    [
        pytest.param(
            ["山东省青岛市市南区香港中路10号", "青岛市市南区香港中路10号", "山东青岛市南区香港中路10号"],
            id="province-prefix",
        ),
        pytest.param(
            ["广东省深圳市南山区科技园路1号", "深圳南山区科技园路 1 号", "中国广东省深圳市南山区科技园路1號"],
            id="spaces-country-traditional",
        ),
    ],
)
def test_a_chinese_address_has_one_set_of_parts_with_or_without_its_province(writings):
    parts = {comparison_parts(raw) for raw in writings}
    assert len(parts) == 1
    assert None not in parts.pop()[3:5]


def test_standardised_records_carry_the_address_parts():
    records = standardise_records(
        build_staged(
            {"person_name": "Jane Smith", "address": "Flat 12, 27 Sprigg Pl, Hallett Cove SA 5158"},
            {"person_name": "张伟", "address": "山东省青岛市市南区香港中路10号"},
        )
    )
    assert records[ADDRESS_COLUMNS].values.tolist() == [
        [
            "unit 12 27 sprigg place hallett cove sa",
            None,
            None,
            None,
            "5158",
            "sprigg place",
            "27",
            "unit 12",
        ],
        ["山东省青岛市市南区香港中路10号", "山东省", "青岛市", "市南区", None, "香港中路", "10", None],
    ]
