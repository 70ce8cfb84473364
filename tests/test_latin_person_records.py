"""Person records of a Western register (names in two columns, typos in every field, numbers with
no check character): what is weighed there and what is still a sure conflict."""

import datetime as dt

import pytest

from pipelines.matching import match_records
from pipelines.matching.blocking import BLOCKING_KIND_BITS, candidate_pairs
from pipelines.matching.comparisons import (
    ADDRESS,
    BIRTHDAY,
    ID_NUMBER,
    NAME,
    prepare_records,
)
from pipelines.matching.decisions import veto_reasons
from pipelines.matching.model import MIN_TRAINING_RECORDS
from pipelines.standardise.records import standardise_records
from tests.builders import customers_of, levels_between, levels_of, staged


def person(given: str, family: str, **fields) -> dict:
    return {"given_name": given, "family_name": family, **fields}


@pytest.mark.parametrize(
    "left, right, level",
    [
        ("5493012", "5493012", "same"),
        ("5493012", "5493021", "one_typo"),
        ("5493012", "5413092", "different_unchecked"),
        # Two resident ID numbers that both pass their check: two holders.
        ("11010519491231002X", "44030519900101123X", "different"),
    ],
)
def test_id_number_levels(left, right, level):
    levels = levels_between(person("kai", "white", id_number=left), person("kai", "white", id_number=right))
    assert levels["id_number"] == level


def test_a_number_one_typo_off_counts_as_shared_where_a_home_or_a_birth_date_conflicts():
    shared_home = levels_of(
        name=NAME.level("similar"), address=ADDRESS.level("same"), birthday=BIRTHDAY.level("different")
    )
    assert veto_reasons(shared_home).tolist() == ["two birth dates"]
    with_number = shared_home.assign(id_number=ID_NUMBER.level("one_typo"))
    assert veto_reasons(with_number).tolist() == [None]


def test_a_number_without_a_check_that_differs_is_weighed_not_vetoed():
    pair = levels_of(id_number=ID_NUMBER.level("different_unchecked"), name=NAME.level("same_pinyin"))
    assert veto_reasons(pair).tolist() == [None]
    assert veto_reasons(levels_of(id_number=ID_NUMBER.level("different"))).tolist() == [
        "two different ID numbers"
    ]


ADDRESS_OF_KAI = "8 cockcroft avenue, allunga, parramatta nsw 2150"


@pytest.mark.parametrize(
    "left, right",
    [
        pytest.param(
            person("kai", "white", id_number="5493012", birthday="1955-10-09", address=ADDRESS_OF_KAI),
            person("kia", "white", id_number="5493021", birthday="1955-10-09", address=ADDRESS_OF_KAI),
            id="typos-in-the-name-and-the-number",
        ),
        pytest.param(
            person("isabella", "vincent", id_number="7731920", birthday="1982-04-10", address=ADDRESS_OF_KAI),
            person("isabella", "nguyen", id_number="7731920", birthday="1982-04-10", address=ADDRESS_OF_KAI),
            id="a-surname-taken-at-marriage",
        ),
        pytest.param(
            person("robin", "morrison", id_number="3318274", birthday="1925-01-24", address=ADDRESS_OF_KAI),
            person("robin", "morrison", id_number="3318274", birthday="1952-01-24", address=ADDRESS_OF_KAI),
            id="a-birth-date-wrong-where-the-number-agrees",
        ),
    ],
)
def test_one_person_despite_what_is_mistyped(left, right):
    assert len(set(customers_of(left, right))) == 1


def test_birth_dates_far_apart_at_one_address_stay_two_people():
    father = person("robin", "morrison", birthday="1925-01-24", address=ADDRESS_OF_KAI)
    son = person("robin", "morrison", birthday="1955-06-02", address=ADDRESS_OF_KAI)
    assert len(set(customers_of(father, son))) == 2


def test_a_name_alike_at_one_home_is_one_person_when_born_the_same_day():
    at_home = {"name": NAME.level("similar"), "address": ADDRESS.level("same")}
    assert veto_reasons(levels_of(**at_home)).tolist() == ["another person at the same address or landline"]
    assert veto_reasons(levels_of(**at_home, birthday=BIRTHDAY.level("same"))).tolist() == [None]


def test_records_sharing_only_a_birth_date_are_compared():
    """Names, street and number all mistyped: the date of birth alone brings the two together."""
    records = standardise_records(
        staged(
            person("jacob", "white", birthday="1959-02-28", address="24 hacke place, bayview heights vic"),
            person("jscob", "whtie", birthday="1959-02-28", address="11 hacke pl, bayvie wheights vic"),
            person("jacob", "white", birthday="1971-07-13", phone="0298765432"),
        )
    )
    pairs, _ = candidate_pairs(prepare_records(records))
    found = {(left, right): bits for left, right, bits in pairs.itertuples(index=False)}
    assert found[(0, 1)] & BLOCKING_KIND_BITS["birthday"]
    # The third shares its name with the first only: not its date, nor anything with the second.
    assert found[(0, 2)] == BLOCKING_KIND_BITS["name"]
    assert (1, 2) not in found


@pytest.mark.parametrize(
    "left, right, level",
    [
        pytest.param(("william", "donnelly"), ("iilwam", "donnelly"), "alike", id="letters-scrambled"),
        pytest.param(("emilia", "baxter"), ("btxae", "emilia"), "alike", id="scrambled-and-swapped"),
        pytest.param(("elliot", None), ("jones", "elliot"), "one_word_agrees", id="a-name-of-one-word"),
        pytest.param(("jed", "coulson"), ("jed", "mcfadden"), "one_word_agrees", id="another-surname"),
        pytest.param(("elliot", None), ("harry", "hill"), "different", id="one-word-unlike"),
        pytest.param(("zhang", "wei"), ("zhang", "lan"), "same_surname", id="pinyin-given-names"),
    ],
)
def test_latin_name_levels(left, right, level):
    assert levels_between(person(*left), person(*right))["name"] == level


def test_a_register_of_a_thousand_records_trains_its_own_model():
    """400 people with a record each, a copy of it for 300 of them, and for 200 a third record
    whose given name and email are mistyped: the model is trained on the run's records, and the
    mistyped records link."""
    givens = ["oliver", "amelia", "harry", "isla", "jack", "ava", "noah", "mia", "leo", "ivy"]
    syllables = ["mor", "ell", "ank", "dri", "sto", "wel", "bar", "cun", "fis", "hal"]
    rows, people = [], []
    for number in range(400):
        given = givens[number % len(givens)]
        family = "".join(syllables[int(digit)] for digit in f"{number:03d}")
        born = dt.date(1950, 1, 1) + dt.timedelta(days=37 * number)
        record = person(given, family, birthday=born.isoformat(), email=f"{given}.{family}@mail.example")
        copies = [record] * (1 + (number < 300))
        if number < 200:
            copies.append(
                {**record, "given_name": given[:-1] + "x", "email": f"{given}.{family}@mail.exampel"}
            )
        rows += copies
        people += [number] * len(copies)
    assert len(rows) >= MIN_TRAINING_RECORDS
    assert match_records(standardise_records(staged(*rows))).model.trained_on_records == len(rows)
    ids = customers_of(*rows)
    customer_of = dict(zip(people, ids))
    assert sum(ids[position] == customer_of[number] for position, number in enumerate(people)) >= 0.95 * len(
        rows
    )
    assert len(set(ids)) == 400


@pytest.mark.parametrize(
    "left, right, city_level, address_level",
    [
        pytest.param(
            ("shenton park", "95 leahy place, crestfield, shenton park nsw"),
            ("shento mpark", "95 leahy lplace, crestkield, shento mpark nsw"),
            "similar",
            "similar",
            id="typos-in-a-latin-address",
        ),
        pytest.param(
            ("sheffield", "12 church street, sheffield"),
            ("leeds", "40 park lane, leeds"),
            "different",
            "different",
            id="other-places",
        ),
        # In hanzi a character more is another place: 南京 is not 北京, 中山路 not 中山北路.
        pytest.param(
            ("南京", "南京市鼓楼区中山路16号"),
            ("北京", "北京市西城区中山北路16号"),
            "different",
            "different",
            id="hanzi-places-are-keys",
        ),
    ],
)
def test_latin_places_forgive_a_typo(left, right, city_level, address_level):
    levels = levels_between(
        person("kai", "white", city=left[0], address=left[1]),
        person("kai", "white", city=right[0], address=right[1]),
    )
    assert (levels["city"], levels["address"]) == (city_level, address_level)
