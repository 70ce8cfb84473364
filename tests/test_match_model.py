"""The Fellegi-Sunter model, its comparisons, vetoes and the clustering guard, on real generated
demo data where the model needs data to learn from."""

import numpy as np
import pandas as pd
import pytest

from pipelines.demo_data import generate_demo_sources, read_ground_truth
from pipelines.evaluation import pairwise_scores
from pipelines.ingest import load_source
from pipelines.matching import match_records
from pipelines.matching.clustering import cluster_records
from pipelines.matching.comparisons import (
    ADDRESS,
    CITY,
    COMPANY,
    EMAIL,
    ID_NUMBER,
    NAME,
    PHONE,
    grade_pairs,
    prepare_records,
)
from pipelines.matching.decisions import veto_reasons
from pipelines.matching.model import MIN_TRAINING_RECORDS, default_model
from pipelines.quarantine import quarantine_reasons
from pipelines.registry import load_registry
from pipelines.resolve import resolve_customers
from pipelines.settings import DEMO_REGISTRY
from pipelines.staging import combine_staged, stage_source
from pipelines.standardise.records import standardise_records
from tests.builders import levels_of, staged


@pytest.fixture(scope="module")
def demo_records(tmp_path_factory):
    """Matchable records of a generated demo company, with the generator's true customer."""
    root = tmp_path_factory.mktemp("model")
    registry_file = root / "sources.yaml"
    registry_file.write_text(DEMO_REGISTRY.read_text(encoding="utf-8"), encoding="utf-8")
    generate_demo_sources(root / "data", records=4000, seed=11)
    registry = load_registry(registry_file)
    records = standardise_records(
        combine_staged(
            [stage_source(load_source(spec, registry, "2026-01-01 00:00:00")) for spec in registry.sources]
        )
    )
    records = records[quarantine_reasons(records).isna()].reset_index(drop=True)
    truth = read_ground_truth(root / "data")
    return records, records[["record_key"]].merge(truth, on="record_key", how="left")[
        "true_customer_id"
    ].fillna("")


@pytest.fixture(scope="module")
def demo_match(demo_records):
    return match_records(demo_records[0])


def parameter(match, comparison, level, column="match_weight"):
    parameters = match.model.parameters().set_index(["comparison", "level"])
    return parameters.loc[(comparison, level), column]


def test_the_model_is_trained_on_the_run_and_finds_the_customers(demo_records, demo_match):
    records, truth = demo_records
    assert len(records) >= MIN_TRAINING_RECORDS
    assert (demo_match.model.parameters()["trained_on_records"] == len(records)).all()
    known = truth != ""
    scores = pairwise_scores(truth[known], pd.Series(demo_match.cluster)[known])
    assert scores.precision >= 0.995 and scores.recall >= 0.75


def test_learned_weights_point_the_right_way(demo_match):
    for comparison, level in [
        ("email", "same"),
        ("phone", "same_mobile"),
        ("name", "same_hanzi"),
        ("company", "same_registered_name"),
        ("address", "same"),
    ]:
        assert parameter(demo_match, comparison, level) > 8, (comparison, level)
    for comparison, level in [
        ("email", "different"),
        ("name", "different_characters"),
        ("city", "different"),
    ]:
        assert parameter(demo_match, comparison, level) < -2, (comparison, level)
    # The prior: two records drawn at random are almost never one customer.
    assert -25 < parameter(demo_match, "prior", "two records drawn at random") < -8


def test_m_and_u_are_estimated_not_the_defaults(demo_match):
    defaults = default_model()
    assert (
        parameter(demo_match, "name", "same_hanzi", "m_probability")
        != defaults.m["name"][NAME.level("same_hanzi")]
    )
    assert (
        parameter(demo_match, "email", "same_domain", "u_probability")
        != defaults.u["email"][EMAIL.level("same_domain")]
    )


def test_a_common_name_weighs_less_than_a_rare_one(demo_records, demo_match):
    records = demo_records[0]
    prepared = prepare_records(records)
    counts = prepared["hanzi_name"].value_counts()
    common, rare = counts.index[0], counts[counts == 2].index[0]
    positions = [np.flatnonzero(prepared["hanzi_name"].to_numpy() == name)[:2] for name in (common, rare)]
    left, right = np.array([p[0] for p in positions]), np.array([p[1] for p in positions])
    levels = grade_pairs(prepared, left, right)
    assert (levels["name"] == NAME.level("same_hanzi")).all()
    name_weight = demo_match.model.comparison_weights(levels, prepared, left)["name"]
    # Term frequency: the weight falls with how many more records carry the name, and by more than
    # their ratio: two records of a rare name are most often one person's, not two people's.
    assert counts[common] > 2
    assert name_weight.iloc[1] - name_weight.iloc[0] > np.log2(counts[common] / counts[rare]) + 0.5


@pytest.mark.parametrize(
    "left, right, level",
    [
        pytest.param("黄彬勇", "Binyon Huang", "similar", id="letter-missing-surname-last"),
        pytest.param("张健", "Jian hZang", "similar", id="typo-in-the-surname"),
        pytest.param("曾嘉燕", "Jiayan ZENG", "same_pinyin", id="surname-reading"),
        pytest.param("李辉", "Eric Li", "same_surname", id="english-given-name"),
        pytest.param("Tina Zhao", "ZHAO Jia", "same_surname", id="english-and-pinyin-given-names"),
        pytest.param("王建国", "王磊", "different_characters", id="hanzi-same-surname-is-not-enough"),
        pytest.param("李辉", "David Wang", "other_surname_in_pinyin", id="other-surname"),
        pytest.param(
            "David Wang", "David Li", "other_surname_in_pinyin", id="an-english-name-is-not-a-surname"
        ),
        pytest.param("Kai White", "Jed Mcfadden", "different", id="latin-names-without-a-chinese-surname"),
        pytest.param("欧阳辉", "Tom Ouyang", "same_surname", id="two-character-surname"),
        pytest.param("乐嘉", "Le Jia", "same_pinyin", id="surname-of-two-readings-keeps-the-common-one"),
    ],
)
def test_name_levels(left, right, level):
    prepared = prepare_records(standardise_records(staged({"person_name": left}, {"person_name": right})))
    levels = grade_pairs(prepared, np.array([0]), np.array([1]))
    assert NAME.level_names[levels["name"][0]] == level


def test_every_evidence_row_adds_up_to_its_probability(demo_records):
    resolution = resolve_customers(demo_records[0])
    evidence = resolution.match_evidence
    prior = resolution.match_model.set_index("comparison").loc["prior", "match_weight"]
    weights = evidence[
        [column for column in evidence if column.endswith("_weight") and column != "match_weight"]
    ]
    assert np.allclose(evidence["match_weight"], prior + weights.sum(axis=1))
    assert np.allclose(evidence["match_probability"], 1 / (1 + np.exp2(-evidence["match_weight"])))
    merged = resolution.customer_sources.groupby("customer_id").size()
    assert len(evidence) >= int((merged - 1).sum())


def test_a_small_run_keeps_the_default_model():
    match = match_records(
        standardise_records(
            staged(
                {"person_name": "张伟", "phone": "13800138000"},
                {"person_name": "Zhang Wei", "phone": "13800138000"},
            )
        )
    )
    assert (match.model.parameters()["trained_on_records"] == 0).all()
    assert len(set(match.cluster)) == 1


@pytest.mark.parametrize(
    "levels, veto",
    [
        (
            levels_of(id_number=ID_NUMBER.level("different"), phone=PHONE.level("same_mobile")),
            "two different ID numbers",
        ),
        (
            levels_of(company=COMPANY.level("other_branch"), email=EMAIL.level("same_domain")),
            "another branch of the company",
        ),
        (levels_of(company=COMPANY.level("other_region")), "the same trade name in another city"),
        (
            levels_of(name=NAME.level("different_characters"), phone=PHONE.level("same_landline")),
            "different names",
        ),
        (
            levels_of(name=NAME.level("other_surname_in_pinyin"), phone=PHONE.level("same_mobile")),
            "different names",
        ),
        # A Latin spelling unlike the other is weighed, not vetoed: a typo, or a name taken at marriage.
        (levels_of(name=NAME.level("different"), phone=PHONE.level("same_mobile")), None),
        (
            levels_of(
                name=NAME.level("different"), phone=PHONE.level("same_mobile"), email=EMAIL.level("same")
            ),
            None,
        ),
        (
            levels_of(
                name=NAME.level("other_contact_at_company"), company=COMPANY.level("same_in_same_city")
            ),
            None,
        ),
        (
            levels_of(name=NAME.level("same_sounds"), address=ADDRESS.level("same"), city=CITY.level("same")),
            None,
        ),
        (
            levels_of(name=NAME.level("similar"), phone=PHONE.level("same_landline")),
            "another person at the same address or landline",
        ),
        (levels_of(name=NAME.level("same_sounds"), phone=PHONE.level("same_mobile")), None),
        (levels_of(name=NAME.level("same_pinyin"), phone=PHONE.level("same_landline")), None),
        (levels_of(name=NAME.level("other_contact_at_company"), phone=PHONE.level("same_landline")), None),
    ],
)
def test_vetoes(levels, veto):
    assert veto_reasons(levels).tolist() == [veto]


def test_a_weak_bridge_between_two_groups_is_cut():
    # 0-1-2 and 3-4-5 are triangles of strong links; 2-3 is a middling link with no shared neighbour.
    strong, middling = 20.0, 8.0
    links = pd.DataFrame(
        [
            (0, 1, strong),
            (1, 2, strong),
            (0, 2, strong),
            (3, 4, strong),
            (4, 5, strong),
            (3, 5, strong),
            (2, 3, middling),
        ],
        columns=["left_id", "right_id", "strength"],
    )
    apart = pd.DataFrame({"left_id": pd.Series(dtype="int64"), "right_id": pd.Series(dtype="int64")})
    cut = cluster_records(6, links, apart, strong=10.0)
    kept = cluster_records(
        6,
        links.assign(strength=links["strength"].where(links["strength"] > middling, 15.0)),
        apart,
        strong=10.0,
    )
    assert len(set(cut[:3])) == 1 and len(set(cut[3:])) == 1 and cut[0] != cut[3]
    assert len(set(kept)) == 1


def test_a_chain_through_another_branch_is_cut_at_its_weakest_link():
    # Records 1 and 3 name two branches of one company: a veto. Record 2 shares a mobile and email
    # with 1 and only a mobile with 3; the chain must not make one customer of two branches.
    ids = (
        resolve_customers(
            standardise_records(
                staged(
                    {
                        "company_name": "深圳市华星光电技术有限公司北京分公司",
                        "person_name": "张伟",
                        "phone": "13800138000",
                        "email": "zw@huaxing.com",
                    },
                    {"person_name": "张伟", "phone": "13800138000", "email": "zw@huaxing.com"},
                    {
                        "company_name": "深圳市华星光电技术有限公司上海分公司",
                        "person_name": "张伟",
                        "phone": "13800138000",
                    },
                )
            )
        )
        .customer_sources["customer_id"]
        .tolist()
    )
    assert ids[0] == ids[1] != ids[2]


def test_contact_persons_at_a_company_are_kept_one_row_each():
    resolution = resolve_customers(
        standardise_records(
            staged(
                {"company_name": "深圳市华星光电技术有限公司", "person_name": "张伟", "phone": "13800138000"},
                {
                    "company_name": "Shenzhen Huaxing Optoelectronic Technology Co., Ltd.",
                    "person_name": "Zhang Wei",
                    "email": "zw@huaxing.com",
                },
                {
                    "company_name": "深圳市华星光电技术股份有限公司",
                    "person_name": "刘洋",
                    "phone": "13911112222",
                },
                {"person_name": "李娜", "phone": "13700001111"},
            )
        )
    )
    contacts = resolution.contacts.set_index("contact_name")
    assert resolution.customers["customer_type"].tolist().count("company") == 1
    assert sorted(contacts.index) == ["刘洋", "张伟"]
    assert contacts.loc["张伟", ["phones", "emails", "record_count"]].tolist() == [
        ["+8613800138000"],
        ["zw@huaxing.com"],
        2,
    ]
    assert contacts["customer_id"].nunique() == 1
