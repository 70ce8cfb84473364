import pytest

from pipelines.quarantine import quarantine_reasons, quarantine_rows
from pipelines.standardise.id_numbers import IdNumber, mask_id_numbers_in_text, standardise_id_number
from pipelines.standardise.records import standardise_records
from tests.builders import staged as build_staged

# Public registration numbers: Huawei's USCC (all digits), python-stdnum's USCC example, TSMC's UBN.
HUAWEI_USCC, STDNUM_USCC, TSMC_UBN = "914403001922038216", "91110000600037341L", "04595257"


@pytest.mark.parametrize(
    "raw, expected",
    [
        pytest.param(
            "11010519491231002X", ("110105********002X", True, "1949-12-31", "female"), id="check-digit-x"
        ),
        pytest.param(
            "11010519491231002x", ("110105********002X", True, "1949-12-31", "female"), id="lower-case-x"
        ),
        pytest.param(
            "１１０１０５１９４９１２３１００２Ｘ",
            ("110105********002X", True, "1949-12-31", "female"),
            id="full-width",
        ),
        pytest.param(
            "身份证: 110105 19491231 002X",
            ("110105********002X", True, "1949-12-31", "female"),
            id="labelled-and-spaced",
        ),
        pytest.param(
            "110105-19491231-002X", ("110105********002X", True, "1949-12-31", "female"), id="dashed"
        ),
        pytest.param("44030519900101123X", ("440305********123X", True, "1990-01-01", "male"), id="male"),
        pytest.param(
            "110105491231002", ("110105********002X", True, "1949-12-31", "female"), id="fifteen-digits"
        ),
        pytest.param("110105194912310021", ("110105********0021", False, None, None), id="wrong-check-digit"),
        pytest.param("440305199002301239", ("440305********1239", False, None, None), id="february-30"),
        pytest.param(
            "440305209901011231", ("440305********1231", False, None, None), id="born-in-the-future"
        ),
        pytest.param("440305189912311234", ("440305********1234", False, None, None), id="born-before-1900"),
        pytest.param("990105194912310023", ("990105********0023", False, None, None), id="no-such-province"),
        pytest.param(
            "110105491331002", ("110105********0021", False, None, None), id="fifteen-digits-month-13"
        ),
        pytest.param("1101051949123100", ("110105******3100", False, None, None), id="digits-missing"),
        pytest.param("11010519491231002", ("110105*******1002", False, None, None), id="one-digit-missing"),
    ],
)
def test_resident_id_numbers_are_checked_and_masked(raw, expected):
    number = standardise_id_number(raw)
    assert number.type == "prc_resident_id"
    assert (number.masked, number.valid, number.birth_date, number.sex) == expected
    # A mistyped number gets no key: it must not conflict with the right one.
    assert (number.key is not None) == expected[1]


@pytest.mark.parametrize(
    "raw, expected",
    [
        pytest.param(STDNUM_USCC, ("uscc", STDNUM_USCC, True), id="uscc"),
        pytest.param("9111 0000 6000 3734 1l", ("uscc", STDNUM_USCC, True), id="uscc-spaced-lower-case"),
        pytest.param(
            "统一社会信用代码：９１１１００００６０００３７３４１Ｌ",
            ("uscc", STDNUM_USCC, True),
            id="uscc-full-width",
        ),
        pytest.param(HUAWEI_USCC, ("uscc", HUAWEI_USCC, True), id="uscc-all-digits"),
        # GB 32100 authorities include letters (N: agriculture), which stdnum's validate() refuses.
        pytest.param("N211010500000000X5", ("uscc", "N211010500000000X5", True), id="uscc-letter-authority"),
        pytest.param("91110000600037341M", ("uscc", "91110000600037341M", False), id="uscc-wrong-check"),
        pytest.param("12345678-000-03-21-5", ("hk_br", "12****78", None), id="hk-br-certificate"),
        pytest.param("12345678 000", ("hk_br", "12****78", None), id="hk-br-with-branch"),
        pytest.param("BR No. 12345678", ("hk_br", "12****78", None), id="hk-br-labelled"),
        pytest.param("A123456(3)", ("hk_id", "A1****63", True), id="hk-id"),
        pytest.param("a123456 3", ("hk_id", "A1****63", True), id="hk-id-spaced-lower-case"),
        pytest.param("Ａ１２３４５６（３）", ("hk_id", "A1****63", True), id="hk-id-full-width"),
        pytest.param("HKID: AB987654(3)", ("hk_id", "AB*****43", True), id="hk-id-two-letters"),
        pytest.param("G123456(A)", ("hk_id", "G1****6A", True), id="hk-id-check-a"),
        pytest.param("A123456(4)", ("hk_id", "A1****64", False), id="hk-id-wrong-check"),
        pytest.param(TSMC_UBN, ("tw_ubn", "04****57", True), id="tw-ubn"),
        pytest.param("統一編號：0459 5257", ("tw_ubn", "04****57", True), id="tw-ubn-labelled-spaced"),
        pytest.param("04595252", ("tw_ubn", "04****52", True), id="tw-ubn-since-2023"),
        pytest.param("00000074", ("tw_ubn", "00****74", True), id="tw-ubn-seventh-digit-7"),
        # Eight digits that fail the UBN check are a BR, which has no check.
        pytest.param("00501502", ("hk_br", "00****02", None), id="eight-digits-failing-ubn"),
        pytest.param("1234567", ("other", "1*****7", None), id="febrl-soc-sec-id"),
        pytest.param("Passport: E 1234 5678", ("other", "E1*****78", None), id="passport-labelled"),
        pytest.param("ｅ１２３４５６７８", ("other", "E1*****78", None), id="passport-full-width"),
        # The HKID's form without its check digit in brackets is also a passport's.
        pytest.param("EA1234560", ("other", "EA*****60", None), id="hkid-form-failing-check"),
        pytest.param("4403051990", ("other", "44******90", None), id="too-short-for-a-resident-id"),
    ],
)
def test_numbers_are_typed_checked_and_masked(raw, expected):
    number = standardise_id_number(raw)
    assert (number.type, number.masked, number.valid) == expected
    assert number.birth_date is None and number.sex is None
    assert (number.key is None) == (number.valid is False)


@pytest.mark.parametrize(
    "raw", ["无", "N/A", "-", "不详", "000000000000000000", "11111111", "1234", "   "], ids=repr
)
def test_a_value_that_is_no_number_gives_nothing(raw):
    assert standardise_id_number(raw) == IdNumber()


@pytest.mark.parametrize(
    "writings",
    [
        pytest.param(
            ["11010519491231002X", "110105491231002", "身份证：１１０１０５１９４９１２３１００２ｘ"],
            id="prc",
        ),
        pytest.param(
            [STDNUM_USCC, "9111-0000-6000-3734-1L", "代码: ９１１１００００６０００３７３４１ｌ"], id="uscc"
        ),
        pytest.param(["12345678-000-03-21-5", "12345678", "BR 12345678-001"], id="hk-br"),
        # A BR that passes the UBN check is taken for a UBN, and still agrees with its certificate.
        pytest.param([f"{TSMC_UBN}-000-03-21-5", TSMC_UBN, "統一編號 0459-5257"], id="br-or-ubn"),
        pytest.param(["A123456(3)", "a1234563", "HKID Ａ１２３４５６（３）"], id="hk-id"),
        pytest.param(["E12345678", "Passport: e 1234-5678", "ｅ１２３４５６７８"], id="other"),
    ],
)
def test_one_number_has_one_key_however_it_is_written(writings):
    keys = {standardise_id_number(raw).key for raw in writings}
    assert len(keys) == 1
    assert None not in keys


@pytest.mark.parametrize(
    "one, other",
    [
        pytest.param("11010519491231002X", "44030519900101123X", id="prc"),
        pytest.param(STDNUM_USCC, HUAWEI_USCC, id="uscc"),
        pytest.param("12345678", "12345679", id="hk-br"),
        pytest.param("A123456(3)", "AB987654(3)", id="hk-id"),
        pytest.param(TSMC_UBN, "04595252", id="tw-ubn"),
        pytest.param("1234567", "1234568", id="other"),
    ],
)
def test_two_numbers_of_one_type_have_two_keys(one, other):
    first, second = standardise_id_number(one), standardise_id_number(other)
    assert first.type == second.type
    assert first.key != second.key


@pytest.mark.parametrize(
    "raw, full_number",
    [
        ("11010519491231002X", "11010519491231002X"),
        ("110105194912310021", "110105194912310021"),
        ("110105491231002", "110105491231002"),
        ("110105491231002", "11010519491231002X"),
        ("1101051949123100", "1101051949123100"),
        ("A123456(3)", "A1234563"),
        ("A123456(3)", "123456"),
        ("E12345678", "12345678"),
        ("1234567", "1234567"),
        ("12345678-000-03-21-5", "12345678"),
        (TSMC_UBN, TSMC_UBN),
    ],
)
def test_no_personal_number_output_contains_the_full_number(raw, full_number):
    published = "".join(str(value) for value in standardise_id_number(raw)).upper()
    assert full_number not in published
    assert published.count("*") >= 4


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("王芳,11010519491231002X,138", "王芳,110105********002X,138", id="resident-id"),
        pytest.param("王芳,110105491231002,138", "王芳,110105*****1002,138", id="resident-id-fifteen-digits"),
        pytest.param(
            "王芳，１１０１０５１９４９１２３１００２ｘ",
            "王芳，１１０１０５********００２Ｘ",
            id="resident-id-full-width",
        ),
        pytest.param("陈,A123456(3),x", "陈,A1****63,x", id="hk-id"),
        pytest.param("陈,Ａ１２３４５６（３）", "陈,A1****63", id="hk-id-full-width"),
        pytest.param("陈,A123456(4),x", "陈,A123456(4),x", id="hk-id-form-failing-check-stays"),
        pytest.param("order SKU12345678", "order SKU12345678", id="longer-word-stays"),
        pytest.param(f"华为,{STDNUM_USCC},x", f"华为,{STDNUM_USCC},x", id="uscc-is-public"),
        # An all-digit USCC has a resident ID's shape: in doubt, masked.
        pytest.param(f"华为,{HUAWEI_USCC}", "华为,914403********8216", id="all-digit-uscc-masked"),
    ],
)
def test_id_numbers_in_free_text_are_masked(text, expected):
    assert mask_id_numbers_in_text(text) == expected


def test_no_full_number_of_any_type_leaves_standardisation():
    full, first_generation, hk_id, passport = (
        "11010519491231002X",
        "110105491231002",
        "A123456(3)",
        "E12345678",
    )
    staged = build_staged(
        {"person_name": "张伟", "phone": "13800138000", "id_number": full.lower()},
        {"person_name": "测试", "id_number": full},
        {"person_name": "李娜", "email": "lina@qq.com", "id_number": first_generation},
        {"person_name": "陈大文", "phone": "+85291234567", "id_number": hk_id},
        {"person_name": "Jane Smith", "email": "jane@example.com", "id_number": passport},
        {
            "read_problem_code": "MALFORMED_ROW",
            "read_problem": "more fields than the header",
            "raw_text": f"王芳,{full},{hk_id},13800138000,,x",
        },
    )
    records = standardise_records(staged)
    records["quarantine_reason"] = quarantine_reasons(records)
    quarantined = quarantine_rows(records)

    assert records["id_number"].tolist()[:5] == ["110105********002X"] * 3 + ["A1****63", "E1*****78"]
    assert records["id_number_type"].tolist()[:5] == ["prc_resident_id"] * 3 + ["hk_id", "other"]
    assert records["id_number_valid"].tolist()[:5] == [True, True, True, True, None]
    assert '"id_number": "110105********002X"' in quarantined["record_json"].iloc[0]
    assert "王芳,110105********002X,A1****63,13800138000" in quarantined["record_json"].iloc[1]
    for published in (records.to_csv(), quarantined.to_csv()):
        for number in (full, first_generation, "A1234563", "A123456(3)", passport):
            assert number not in published.upper()


def test_a_company_code_in_a_person_id_column_is_no_person_id():
    records = standardise_records(
        build_staged(
            {"person_name": "张伟", "id_number": HUAWEI_USCC},
            {"person_name": "张伟", "id_number": "44030519900101123X"},
        )
    )
    assert records["id_number_type"].tolist() == ["uscc", "prc_resident_id"]
    assert records["id_birth_date"].tolist() == [None, "1990-01-01"]
    assert records["id_sex"].tolist() == [None, "male"]
    # Public: shown in full.
    assert records["id_number"].tolist() == [HUAWEI_USCC, "440305********123X"]


@pytest.mark.parametrize(
    "one, other, share",
    [
        pytest.param("5493012", "5493072", True, id="one-digit-changed"),
        pytest.param("5493012", "5490312", True, id="neighbours-swapped"),
        pytest.param("5493012", "549302", True, id="one-digit-left-out"),
        pytest.param("5493012", "54893012", True, id="one-digit-added"),
        pytest.param("5493012", "5493987", False, id="three-digits-changed"),
        pytest.param("5493012", "1234567", False, id="another-number"),
    ],
)
def test_numbers_without_a_check_one_typo_apart_share_a_typo_key(one, other, share):
    keys = [set(standardise_id_number(number).typo_keys.split()) for number in (one, other)]
    assert bool(keys[0] & keys[1]) == share


@pytest.mark.parametrize("raw", ["11010519491231002X", STDNUM_USCC, "A123456(3)", TSMC_UBN])
def test_numbers_with_a_check_character_have_no_typo_keys(raw):
    # Their check catches a typo: a mistyped number gets no key at all.
    assert standardise_id_number(raw).typo_keys is None
