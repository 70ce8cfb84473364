"""From match probability to decision: which pairs are linked, which a data steward should see.

The model weighs evidence; a few conflicts are not weighed but final, because a false merge sends
one customer's letters, bills or service to another: two valid resident ID numbers that differ,
another branch of the company or the same trade name in another city, and two people's names that
differ (a household sharing a landline and an address), unless the records share both a mobile and
an email (an English name on a business card need not resemble the hanzi one).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipelines.matching.comparisons import COMPANY, EMAIL, ID_NUMBER, NAME, PHONE

MATCH_PROBABILITY = 0.98
# A link this sure may be the only one between two groups of records (clustering cuts weaker bridges).
STRONG_LINK_PROBABILITY = 0.999
# From here up to MATCH_PROBABILITY, or above it but vetoed, a pair goes to the review queue.
REVIEW_PROBABILITY = 0.5
MATCHED_BY_MODEL = "match_model"
STEWARD_MUST_LINK = "steward_must_link"
BORDERLINE = "borderline match probability"


def veto_reasons(levels: pd.DataFrame) -> pd.Series:
    """The conflict that forbids linking each pair, or None."""
    shared_mobile_and_email = (levels["email"] == EMAIL.level("same")) & (levels["phone"] == PHONE.level("same_mobile"))
    conflicts = {
        "two different ID numbers": levels["id_number"] == ID_NUMBER.level("different"),
        "another branch of the company": levels["company"] == COMPANY.level("other_branch"),
        "the same trade name in another city": levels["company"] == COMPANY.level("other_region"),
        "different names": levels["name"].isin([NAME.level("different_characters"), NAME.level("different")]) & ~shared_mobile_and_email,
    }
    found = np.select(list(conflicts.values()), list(conflicts), default="")
    return pd.Series(np.where(found == "", None, found), index=levels.index, dtype=object)


def keep_apart(levels: pd.DataFrame, vetoes: pd.Series) -> pd.Series:
    """Vetoed pairs that no chain of other links may join either: all but names that differ in
    spelling, where other records may show they are one person after all."""
    return vetoes.notna() & ~((vetoes == "different names") & (levels["name"] == NAME.level("different")))


def decide(probability: pd.Series, vetoes: pd.Series) -> pd.Series:
    """MATCHED_BY_MODEL where the pair is linked, else None."""
    linked = (probability >= MATCH_PROBABILITY) & vetoes.isna()
    return pd.Series(np.where(linked, MATCHED_BY_MODEL, None), index=probability.index)


def review_reason(probability: pd.Series, vetoes: pd.Series, matched_by: pd.Series) -> pd.Series:
    """Why an unlinked pair deserves a steward's look, or None."""
    worth_a_look = (probability >= REVIEW_PROBABILITY) & matched_by.isna()
    reason = np.where(vetoes.notna(), "likely the same customer, but " + vetoes.fillna(""), BORDERLINE)
    return pd.Series(np.where(worth_a_look, reason, None), index=probability.index)
