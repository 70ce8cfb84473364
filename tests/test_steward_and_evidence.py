"""A data steward's must-link and cannot-link decisions, the evidence behind every merge, the
review queue, and where each golden value came from."""

import pandas as pd
import pytest

from pipelines.matching import COMPARISON_NAMES
from pipelines.matching.decisions import CUT_BY_CLUSTERING, LOWEST_MATCH_PROBABILITY
from pipelines.matching.overrides import OverrideError, load_overrides
from pipelines.resolve import resolve_customers
from pipelines.standardise.records import standardise_records
from tests.builders import staged


def overrides(*rows):
    return pd.DataFrame([{"record_key_a": a, "record_key_b": b, "decision": d} for a, b, d in rows])


def resolve(*records, steward=None):
    return resolve_customers(standardise_records(staged(*records)), steward)


def customers_of(resolution):
    return resolution.customer_sources.set_index("record_key")["customer_id"]


def test_must_link_joins_records_nothing_else_connects():
    resolution = resolve(
        {"person_name": "张伟", "phone": "13800138000"},
        {"person_name": "Zhang W.", "email": "zw@qq.com"},
        steward=overrides(("test:1", "test:2", "must_link")),
    )
    ids = customers_of(resolution)
    assert ids["test:1"] == ids["test:2"]
    assert resolution.match_evidence["matched_by"].tolist() == ["steward_must_link"]


def test_cannot_link_cuts_a_chain_at_its_weakest_link():
    # 1 and 2 share mobile and email (strong); 2 and 3 share only the mobile (weaker); 1 and 3 must stay apart.
    records = [
        {"person_name": "张伟", "phone": "13800138000", "email": "zw@qq.com"},
        {"person_name": "张伟", "phone": "13800138000", "email": "zw@qq.com"},
        {"person_name": "张伟", "phone": "13800138000"},
    ]
    together = customers_of(resolve(*records))
    apart = customers_of(resolve(*records, steward=overrides(("test:3", "test:1", "cannot_link"))))

    assert together.nunique() == 1
    assert apart["test:1"] == apart["test:2"] != apart["test:3"]


def test_a_cannot_link_is_not_reviewed_again_and_a_cut_link_is():
    records = [
        {"person_name": "张伟", "phone": "13800138000", "email": "zw@qq.com"},
        {"person_name": "张伟", "phone": "13800138000", "email": "zw@qq.com"},
        {"person_name": "张伟", "phone": "13800138000"},
    ]
    queue = resolve(*records, steward=overrides(("test:3", "test:1", "cannot_link"))).review_queue
    reasons = queue.set_index(["record_key_a", "record_key_b"])["review_reason"]

    # The steward decided 1 and 3; the model's link of 2 and 3, cut to keep them apart, is shown.
    assert ("test:1", "test:3") not in reasons.index
    assert reasons.to_dict() == {("test:2", "test:3"): CUT_BY_CLUSTERING}


def test_decisions_about_absent_records_wait_quietly():
    resolution = resolve(
        {"person_name": "张伟", "phone": "13800138000"}, steward=overrides(("test:1", "gone:9", "must_link"))
    )
    assert len(resolution.customers) == 1


def test_every_merge_has_evidence_rows_with_comparison_levels_and_weights():
    resolution = resolve(
        {"person_name": "张伟", "phone": "13800138000"},
        {"person_name": "Zhang Wei", "phone": "+86 138-0013-8000"},
        {"company_name": "深圳市华星光电技术有限公司", "person_name": "刘洋"},
        {"company_name": "深圳市华星光电技术股份有限公司", "person_name": "陈晨"},
    )
    evidence = resolution.match_evidence.set_index("record_key_a")
    merged = resolution.customer_sources.groupby("customer_id").size()
    assert len(evidence) == int((merged - 1).sum()) == 2
    assert evidence.loc["test:1", ["matched_by", "phone", "name", "blocked_on"]].tolist() == [
        "match_model",
        "same_mobile",
        "same_pinyin",
        "name,phone",
    ]
    assert evidence.loc["test:3", ["company", "name", "email"]].tolist() == [
        "same_registered_name",
        "other_contact_at_company",
        "null",
    ]
    assert (evidence["match_probability"] >= LOWEST_MATCH_PROBABILITY).all()
    weights = evidence[[f"{name}_weight" for name in COMPARISON_NAMES]]
    # The match weight is the prior's weight plus the weight of every comparison.
    prior = resolution.match_model.set_index("comparison").loc["prior", "match_weight"]
    assert (evidence["match_weight"] - weights.sum(axis=1)).round(9).eq(round(prior, 9)).all()
    assert evidence.loc["test:1", "phone_weight"] > 0 and evidence.loc["test:3", "email_weight"] == 0


@pytest.mark.parametrize(
    "records, reason",
    [
        (
            [
                {"person_name": "张伟", "phone": "13800138000"},
                {"person_name": "李娜", "phone": "13800138000"},
            ],
            "likely the same customer, but different names",
        ),
        (
            [
                {"company_name": "南京市卓联医疗器械有限公司", "person_name": "陈轩"},
                {"company_name": "卓联医疗器械有限公司", "person_name": "闫强浩"},
            ],
            "borderline match probability",
        ),
        (
            [
                {"company_name": "深圳市华星光电技术有限公司北京分公司", "phone": "13800138000"},
                {"company_name": "深圳市华星光电技术有限公司上海分公司", "phone": "13800138000"},
            ],
            "likely the same customer, but another branch of the company",
        ),
    ],
)
def test_borderline_pairs_go_to_the_review_queue(records, reason):
    queue = resolve(*records).review_queue
    assert queue[["record_key_a", "record_key_b", "review_reason"]].values.tolist() == [
        ["test:1", "test:2", reason]
    ]
    assert queue["customer_id_a"].iloc[0] != queue["customer_id_b"].iloc[0]


def test_provenance_names_the_record_behind_each_golden_value():
    resolution = resolve(
        {
            "person_name": "Zhang Wei",
            "phone": "13800138000",
            "address": "旧地址",
            "trust": 1,
            "source": "fair",
        },
        {"person_name": "张伟", "phone": "13800138000", "email": "zw@qq.com", "trust": 3, "source": "sales"},
    )
    provenance = resolution.provenance.set_index("field")
    assert provenance.loc["person_name", ["value", "record_key"]].tolist() == ["张伟", "test:2"]
    assert provenance.loc["address", ["value", "record_key", "source"]].tolist() == [
        "旧地址",
        "test:1",
        "fair",
    ]
    assert set(provenance.index) == {"person_name", "phone", "email", "address"}


def test_overrides_file_is_validated(tmp_path):
    path = tmp_path / "overrides.csv"
    path.write_text(
        "record_key_a,record_key_b,decision,reason\nsales:华东区!4,mailbox:abc@x,must_link,same person\nsales:1,,maybe,\n",
        encoding="utf-8",
    )
    with pytest.raises(OverrideError, match="line 3"):
        load_overrides(path)
    path.write_text(
        "record_key_a,record_key_b,decision\nsales:华东区!4,mailbox:abc@x,Must_Link\n", encoding="utf-8"
    )
    assert load_overrides(path)["decision"].tolist() == ["must_link"]
    assert load_overrides(tmp_path / "absent.csv").empty


def test_an_overrides_file_saved_by_excel_in_gbk_is_read(tmp_path):
    path = tmp_path / "overrides.csv"
    path.write_bytes(
        "record_key_a,record_key_b,decision,reason\nsales:华东区!4,mailbox:abc@x,cannot_link,两个不同的张伟\n".encode(
            "gbk"
        )
    )
    assert load_overrides(path)[["record_key_a", "reason"]].values.tolist() == [
        ["sales:华东区!4", "两个不同的张伟"]
    ]
