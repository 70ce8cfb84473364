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
    vetoed = company.isin(["other_branch", "other_region", "different"])
    personal = comparisons["email_agrees"] | comparisons["mobile_agrees"]
    same_company = company == "same"
    rules = {
        # The same trade name is registered in many cities: a company name alone links records
        # only when both name the same city, otherwise it needs any shared phone or email.
        "same_company_same_city": same_company & comparisons["company_region_agrees"],
        "same_company_shared_contact": same_company & (personal | comparisons["landline_agrees"]),
        # Both a mobile and an email in common: an English name on a business card ("Vincent
        # Wang") need not resemble the hanzi one.
        "shared_mobile_and_email": comparisons["email_agrees"] & comparisons["mobile_agrees"],
        "shared_personal_contact": personal & (overlap.isna() | (overlap >= PERSONAL_CONTACT_NAME_MIN)),
        "shared_landline_same_name": comparisons["landline_agrees"] & (name >= LANDLINE_NAME_MIN),
    }
    fired = np.select([condition & ~vetoed for condition in rules.values()], list(rules), default="")
    return pd.Series(fired, index=comparisons.index).replace("", None)
