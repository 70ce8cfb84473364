"""The first matcher: a pair is the same customer when one of these rules holds.

Precision first: a false merge sends one customer's letters to another, so every rule needs a
shared contact detail or an identical company branch, and a company or branch conflict vetoes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# Shared mobile or email: names, where both are informative, must be alike (typos, pinyin vs hanzi).
PERSONAL_CONTACT_NAME_MIN = 80
# A landline is shared by a household or an office: names must agree closely.
LANDLINE_NAME_MIN = 95


def decide(comparisons: pd.DataFrame) -> pd.Series:
    """The name of the rule that matched each pair, or None when the pair is not a match."""
    name, overlap = comparisons["name_similarity"], comparisons["name_overlap"]
    company = comparisons["company_agreement"]
    id_number = comparisons["id_number_agreement"]
    # Two valid resident ID numbers that differ are two people, whatever else they share.
    vetoed = company.isin(["other_branch", "other_region", "different"]) | (id_number == "different")
    personal = comparisons["email_agrees"] | comparisons["mobile_agrees"]
    same_company = company == "same"
    rules = {
        "same_id_number": id_number == "same",
        # The same trade name is registered in many cities: a company name alone links records
        # only when both name the same city, otherwise it needs any shared phone or email.
        "same_company_same_city": same_company & comparisons["company_region_agrees"],
        "same_company_shared_contact": same_company & (personal | comparisons["landline_agrees"]),
        # Both a mobile and an email in common: an English name on a business card ("Vincent
        # Wang") need not resemble the hanzi one.
        "shared_mobile_and_email": comparisons["email_agrees"] & comparisons["mobile_agrees"],
        "shared_personal_contact": personal & (overlap.isna() | (overlap >= PERSONAL_CONTACT_NAME_MIN)),
        "shared_landline_same_name": comparisons["landline_agrees"] & (name >= LANDLINE_NAME_MIN),
        # A name alone links records only when it is written in the same characters, is rare, is
        # in the same city, both or neither name a company, and no contact detail says otherwise.
        "same_rare_name_same_city": comparisons["hanzi_name_agrees"] & comparisons["city_agrees"] & comparisons["name_is_rare"]
        & ~comparisons["contacts_conflict"] & company.isin(["same", "none"]),
    }
    fired = np.select([condition & ~vetoed for condition in rules.values()], list(rules), default="")
    return pd.Series(fired, index=comparisons.index).replace("", None)


STEWARD_MUST_LINK = "steward_must_link"
# How much each rule's evidence weighs when a steward's cannot-link forces a choice between links.
RULE_STRENGTH = {
    STEWARD_MUST_LINK: 100,
    "same_id_number": 98,
    "shared_mobile_and_email": 95,
    "same_company_same_city": 90,
    "shared_personal_contact": 85,
    "same_company_shared_contact": 85,
    "shared_landline_same_name": 80,
    "same_rare_name_same_city": 70,
}
# Borderline pairs a data steward should look at: evidence for and against.
REVIEW_SIMILAR_NAME_MIN = 60


def review_reason(comparisons: pd.DataFrame) -> pd.Series:
    """Why an unmatched pair is worth a steward's look, or None."""
    name, overlap = comparisons["name_similarity"], comparisons["name_overlap"]
    personal = comparisons["email_agrees"] | comparisons["mobile_agrees"]
    unmatched = comparisons["match_rule"].isna()
    reasons = {
        "shared mobile or email, different names": personal & (overlap < PERSONAL_CONTACT_NAME_MIN),
        "same company name, city unknown, nothing shared": (comparisons["company_agreement"] == "same") & ~personal & ~comparisons["landline_agrees"],
        "shared landline, similar names": comparisons["landline_agrees"] & (name >= REVIEW_SIMILAR_NAME_MIN) & (name < LANDLINE_NAME_MIN),
    }
    found = np.select([condition & unmatched for condition in reasons.values()], list(reasons), default="")
    return pd.Series(found, index=comparisons.index).replace("", None)
