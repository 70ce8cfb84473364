"""From match probability to decision: which pairs are linked, which a data steward should see.

The model weighs evidence; a few conflicts are not weighed but final, because a false merge sends
one customer's letters, bills or service to another: two valid resident ID numbers that differ,
another branch of the company or the same trade name in another city, two people's names that
differ, unless the records share both a mobile and an email (an English name on a business card
need not resemble the hanzi one; with the same surname, "Eric Li" and 李辉, it is not taken for
another person's name), and names that are alike but not the same where the records share
only a landline or an address (a family: 刘杰 and 刘洁, 黄磊 and Huang Lin). At a home, even the
same name is two people when each record gives a mobile of its own (a father and his son of one
name), and so are two birth dates no typo explains.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipelines.matching.comparisons import ADDRESS, BIRTHDAY, COMPANY, EMAIL, ID_NUMBER, NAME, PHONE

MATCH_PROBABILITY = 0.98
# A link this sure may be the only one between two groups of records (clustering cuts weaker bridges).
STRONG_LINK_PROBABILITY = 0.999
# From here up to MATCH_PROBABILITY, or above it but vetoed, a pair goes to the review queue.
REVIEW_PROBABILITY = 0.5
MATCHED_BY_MODEL = "match_model"
STEWARD_MUST_LINK = "steward_must_link"
BORDERLINE = "borderline match probability"
# A link the model made that clustering cut (a weak bridge, or a chain through a conflict).
CUT_BY_CLUSTERING = "linked by the match model, kept apart by clustering"


def veto_reasons(levels: pd.DataFrame) -> pd.Series:
    """The conflict that forbids linking each pair, or None."""
    shared_mobile_and_email = (levels["email"] == EMAIL.level("same")) & (
        levels["phone"] == PHONE.level("same_mobile")
    )
    personal = (
        (levels["email"] == EMAIL.level("same"))
        | (levels["phone"] == PHONE.level("same_mobile"))
        | (levels["id_number"] == ID_NUMBER.level("same"))
    )
    household = (levels["phone"] == PHONE.level("same_landline")) | levels["address"].isin(
        [ADDRESS.level("same"), ADDRESS.level("same_street_number")]
    )
    # Contacts at one company share its switchboard and address: there the company is the customer.
    one_person_or_company = levels["name"].isin(
        [NAME.level("same_hanzi"), NAME.level("same_pinyin"), NAME.level("other_contact_at_company")]
    )
    same_name = levels["name"].isin([NAME.level("same_hanzi"), NAME.level("same_pinyin")])
    conflicts = {
        "two different ID numbers": levels["id_number"] == ID_NUMBER.level("different"),
        "two birth dates": levels["birthday"] == BIRTHDAY.level("different"),
        "another branch of the company": levels["company"] == COMPANY.level("other_branch"),
        "the same trade name in another city": levels["company"] == COMPANY.level("other_region"),
        "different names": levels["name"].isin([NAME.level("different_characters"), NAME.level("different")])
        & ~shared_mobile_and_email,
        # A home or an office is shared: with nothing personal in common, only the same name is one person.
        "another person at the same address or landline": household
        & ~personal
        & ~one_person_or_company
        & (levels["name"] != 0),
        "the same name at one home, with two mobiles": household
        & ~personal
        & same_name
        & (levels["company"] == 0)
        & (levels["phone"] == PHONE.level("different_mobiles")),
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
