"""Evidence that adds up: identifiers weigh by how often two customers share them, household
evidence yields to personal conflicts, and a customer is checked as a whole, not link by link."""

import itertools

import numpy as np
import pandas as pd
import pytest

from pipelines.matching import match_records
from pipelines.matching.comparisons import (
    COMPANY,
    EMAIL,
    NAME,
    PHONE,
    grade_pairs,
    one_edit_apart,
    prepare_records,
)
from pipelines.matching.decisions import link_threshold, veto_reasons
from pipelines.matching.model import MIN_TRAINING_RECORDS, _shared_identifier_u
from pipelines.standardise.records import standardise_records
from tests.builders import customers_of, levels_between, levels_of, staged

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平"


def person_names(count: int) -> list[str]:
    """`count` different three-character names."""
    names = ("".join(parts) for parts in itertools.product(SURNAMES, GIVEN, GIVEN))
    return list(itertools.islice(names, count))


def mobile(number: int) -> str:
    return f"139{number:08d}"


def landline(number: int) -> str:
    return f"021-6{number:07d}"


@pytest.fixture(scope="module")
def caller_records():
    """People of three records each: a named record with a mobile, a record of the same mobile
    with no name (a call logged without one), and a named record with the mobile and an email;
    and families of two people of other names sharing a landline, each with a mobile of their
    own on a second record. Enough records to train the model."""
    people = 700
    names = person_names(people + 200)
    rows = []
    for number, name in enumerate(names[:people]):
        rows += [
            {"person_name": name, "phone": mobile(number), "entity": number},
            {"phone": mobile(number), "entity": number},
            {
                "person_name": name,
                "phone": mobile(number),
                "email": f"p{number}@example.com",
                "entity": number,
            },
        ]
    for family in range(100):
        first, second = names[people + 2 * family], names[people + 2 * family + 1]
        for member, name in enumerate((first, second), start=people + 2 * family):
            rows += [
                {"person_name": name, "phone": landline(family), "entity": member},
                {"person_name": name, "phone": mobile(member), "entity": member},
            ]
    entity = [row.pop("entity") for row in rows]
    records = standardise_records(staged(*rows))
    assert len(records) >= MIN_TRAINING_RECORDS
    return records, pd.Series(entity)


def test_a_mobile_no_two_customers_share_links_a_record_that_gives_nothing_else(caller_records):
    records, entity = caller_records
    clusters = pd.Series(match_records(records).cluster)
    callers = entity < 700
    nameless = records["person_name"].isna()
    assert nameless[callers].sum() == 700
    assert (clusters[callers].groupby(entity[callers]).nunique() == 1).all()


def test_a_shared_landline_of_two_names_weighs_less_than_a_personal_mobile(caller_records):
    records, _ = caller_records
    parameters = match_records(records).model.parameters().set_index(["comparison", "level"])
    u = parameters["u_probability"]
    assert u[("phone", "same_landline")] > 10 * u[("phone", "same_mobile")]
    assert (
        parameters.loc[("phone", "same_mobile"), "match_weight"]
        > -parameters.loc[("prior", "two records drawn at random"), "match_weight"]
    )


def test_a_family_sharing_a_landline_stays_two_customers(caller_records):
    records, entity = caller_records
    match = match_records(records)
    families = entity >= 700
    assert families.sum() == 400
    people_per_customer = entity[families].groupby(pd.Series(match.cluster)[families]).nunique()
    assert (people_per_customer == 1).all()


def prc_id(body: str) -> str:
    """A resident ID number with its ISO 7064 MOD 11-2 check character."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]


def test_a_chain_of_links_never_holds_two_id_numbers():
    # 1-2 share a mobile, 2-3 an email; 1 and 3 share no key, so no pair compares them, but their
    # ID numbers differ: they are two people and the customer is split at its weaker link.
    father, son = prc_id("11010119600101123"), prc_id("11010119900101123")
    records = standardise_records(
        staged(
            {"person_name": "张伟", "phone": "13800138000", "id_number": father},
            {"phone": "13800138000", "email": "zw@example.com"},
            {"email": "zw@example.com", "id_number": son},
        )
    )
    match = match_records(records)
    candidates = set(zip(match.pairs["left_id"], match.pairs["right_id"], strict=True))
    assert (0, 2) not in candidates
    assert match.cluster[0] != match.cluster[2]
    assert match.cluster[1] in (match.cluster[0], match.cluster[2])


def test_the_same_name_at_one_home_with_two_mobiles_is_two_people():
    # A father and his son of one name at one address, each with his own mobile.
    address = "上海市闵行区滨河路243号时代广场7栋4单元1003室"
    records = standardise_records(
        staged(
            {"person_name": "周伟文", "address": address, "phone": "13800138000"},
            {"person_name": "周伟文", "address": address, "phone": "13900139000"},
            {"person_name": "周伟文", "phone": "13900139000", "email": "zww@example.com"},
        )
    )
    match = match_records(records)
    assert match.cluster[0] != match.cluster[1] == match.cluster[2]
    levels = grade_pairs(prepare_records(records), np.array([0]), np.array([1]))
    assert veto_reasons(levels).tolist() == ["the same name at one home, with two mobiles"]
    assert levels["phone"].tolist() == [PHONE.level("different_mobiles")]


@pytest.mark.parametrize(
    "left, right, level",
    [
        ("1985-03-12", "1985-03-12", "same"),
        ("1985-03-12", "1985-03-13", "mistyped"),
        ("1985-03-12", "1985-12-03", "mistyped"),
        ("1985-03-12", "1958-03-12", "different"),
        ("1960-01-01", "1990-01-01", "different"),
        # Within a year: one date misremembered; further apart, two people's.
        ("1985-03-12", "1985-05-20", "close"),
        ("1985-03-12", "1986-09-01", "different"),
        ("1985-03-12", None, "null"),
    ],
)
def test_birthday_levels(left, right, level):
    levels = levels_between(
        {"person_name": "张伟", "birthday": left}, {"person_name": "张伟", "birthday": right}
    )
    assert levels["birthday"] == level


@pytest.mark.parametrize(
    "probabilities, expected",
    [
        # Many sure pairs and a tail of doubtful ones: the threshold stops before the tail.
        ([0.9999] * 500 + [0.985] * 100 + [0.6] * 200, 0.985),
        # Pairs no better than a coin would be linked for their numbers: never below the bound.
        ([0.9999] * 10 + [0.5] * 1000, 0.98),
        # Only sure pairs: never above the upper bound.
        ([0.9999] * 100, 0.995),
    ],
)
def test_the_link_threshold_is_calibrated_on_the_pairs(probabilities, expected):
    assert link_threshold(pd.Series(probabilities)) == pytest.approx(expected)


@pytest.mark.parametrize(
    "name, company, two_customers",
    [
        ("different_characters", "null", True),
        ("same_hanzi", "null", False),
        # One contact whose company is written two ways (信宝 and Xinbao Optoelectronics).
        ("same_pinyin", "different", False),
        ("null", "different", True),
        ("other_surname_in_pinyin", "null", True),
        # A Latin spelling unlike the other: perhaps a typo, not counted as two people.
        ("different", "null", False),
    ],
)
def test_an_identifier_is_counted_as_shared_by_two_customers_only_on_a_sure_conflict(
    name, company, two_customers
):
    records = standardise_records(
        staged(
            *(
                {"person_name": f"张{given}", "email": f"{number}@example.com"}
                for number, given in enumerate("伟芳娜敏")
            )
        )
    )
    prepared = prepare_records(records)
    pair = levels_of(email=EMAIL.level("same"), name=NAME.level(name), company=COMPANY.level(company))
    u = _shared_identifier_u(prepared, pair)["email"][EMAIL.level("same")]
    all_pairs = 4 * 3 / 2
    # A level no two customers share counts one pair: rarer than that is not known.
    assert u == 1 / all_pairs
    # ... so a single pair tells nothing; two of them do.
    u_two = _shared_identifier_u(prepared, pd.concat([pair, pair], ignore_index=True))["email"][
        EMAIL.level("same")
    ]
    assert u_two == (2 if two_customers else 1) / all_pairs


@pytest.mark.parametrize(
    "left_company, left_city, right_city, level",
    [
        # A branch's records often drop the branch from the name: the cities tell the offices apart.
        ("上海市明图家电有限公司", "深圳", "长沙", "other_branch"),
        ("上海市明图家电有限公司", "深圳", None, "same_registered_name"),
        ("上海市明图家电有限公司", "上海", "上海", "same_registered_name"),
        # A branch is one office with the company's records from its city.
        ("上海市明图家电有限公司深圳分公司", None, "深圳", "same_registered_name"),
        ("上海市明图家电有限公司深圳分公司", None, "上海", "other_branch"),
        ("上海市明图家电有限公司深圳分公司", None, None, "other_branch"),
    ],
)
def test_a_companys_offices_are_its_named_branches_and_the_cities_of_its_records(
    left_company, left_city, right_city, level
):
    levels = levels_between(
        {"company_name": left_company, "city": left_city, "phone": "13800138000"},
        {"company_name": "上海市明图家电有限公司", "city": right_city, "phone": "13900139000"},
    )
    assert levels["company"] == level


def test_a_common_surname_agreeing_with_a_partial_name_is_evidence_for_the_link():
    """People of three surnames, each with a full-name record with a mobile and one with an email;
    one in eight also calls as 王先生 or 李女士 from the mobile. Agreeing on 王 where one name is
    partial is weighed against the pairs that reach that level (few: partial names are rare), not
    against every record of 王 (a third of them)."""
    names = ["".join(parts) for parts in itertools.product("王李张", GIVEN, GIVEN)][:800]
    rows, partial_rows = [], []
    for number, name in enumerate(names):
        rows += [
            {"person_name": name, "phone": mobile(number), "city": "北京"},
            {"person_name": name, "email": f"p{number}@example.com"},
        ]
        if number % 8 == 0:
            partial_rows.append(len(rows))
            rows.append(
                {"person_name": name[0] + ("先生" if number % 16 else "女士"), "phone": mobile(number)}
            )
    match = match_records(standardise_records(staged(*rows)))
    assert match.model.trained_on_records == len(rows)
    pairs = match.pairs
    calls = pairs[pairs["right_id"].isin(partial_rows) & (pairs["phone"] == PHONE.level("same_mobile"))]
    assert len(calls) == len(partial_rows)
    assert (calls["name"] == NAME.level("same_surname_only")).all()
    assert (calls["name_weight"] > 0).all()


@pytest.mark.parametrize(
    "other_mobile, level",
    [
        ("13912345679", "mobile_mistyped"),
        ("13912345687", "mobile_mistyped"),
        ("13987654321", "different_mobiles"),
    ],
)
def test_a_mobile_one_typo_off_is_not_a_second_mobile(other_mobile, level):
    home = {"person_name": "王凯洋", "address": "长沙市岳麓区文化路752号华府天地24栋4单元2504室"}
    assert levels_between({**home, "phone": "13912345678"}, {**home, "phone": other_mobile})["phone"] == level
    one_home = customers_of({**home, "phone": "13912345678"}, {**home, "phone": other_mobile})
    assert (one_home[0] == one_home[1]) == (level == "mobile_mistyped")


@pytest.mark.parametrize(
    "left, right, apart",
    [
        ("+8613912345678", "+8613912345679", True),  # the last digit changed
        ("+8613912345678", "+8613912345687", True),  # the last two swapped
        ("+8613912345678", "+8631912345678", True),  # two neighbours swapped at the front
        ("+8613912345678", "+861391234567", True),  # the last digit dropped
        ("+8613912345678", "+863912345678", True),  # the first digit of the number dropped
        ("+8613912345678", "+86139112345678", True),  # a digit added in the middle
        ("+8613912345678", "+8613912345678", False),  # the same number
        ("+8613912345678", "+8613912345600", False),  # two digits changed
        ("+8613912345678", "+8613912345876", False),  # two digits swapped that are not neighbours
        ("+8613912345678", "+86139123456", False),  # two dropped
    ],
)
def test_one_edit_apart_is_the_optimal_string_alignment_distance_one(left, right, apart):
    values = pd.Index(sorted({left, right}))
    codes = [values.get_loc(left)], [values.get_loc(right)]
    assert one_edit_apart(values, np.array(codes[0]), np.array(codes[1])).tolist() == [apart]
    assert one_edit_apart(values, np.array(codes[1]), np.array(codes[0])).tolist() == [apart]
