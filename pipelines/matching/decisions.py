"""From match probability to decision: which pairs are linked, which a data steward should see.

The model weighs evidence; a few conflicts are not weighed but final, because a false merge sends
one customer's letters, bills or service to another: two ID numbers that differ and both pass
their check, another branch of the company or the same trade name in another city, two people's
names that surely differ (in hanzi, or two surnames), unless the records share both a mobile and
an email, and names that are alike but not the same where the records share only a landline or
an address (a family: 黄磊 and Huang Lin). Hanzi names of the same sounds in the same order (杨浩梓,
杨昊梓) are one name mistyped there, as no family gives two of its members names called alike. At
a home, even the same name is two people when each record gives a mobile of its own (a father
and his son of one name), and so are two birth dates more than a year apart where no personal
identifier is shared. A vetoed pair is kept apart by every chain of links too (clustering). Latin
spellings that differ ("Vincent Wang" on a business card is 王凯磊; a name taken at marriage) are
weighed, not vetoed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipelines.matching.comparisons import (
    ADDRESS,
    BIRTHDAY,
    COMPANY,
    EMAIL,
    ID_NUMBER,
    NAME,
    PHONE,
    SURELY_DIFFERENT_NAMES,
)

# The link threshold is the one that maximises the F-measure the model expects of its links, with
# precision weighing this much more than recall (F-beta's beta, 0.25: a false merge sends one
# customer's letters to another, a missed one leaves a duplicate), within these bounds.
PRECISION_OVER_RECALL = 0.25
# The lower bound is where the demo company keeps its precision of 0.999 (at 0.9 it falls to 0.9988
# while external_cn's recall rises from 0.86 to 0.90): on some data the model is over-confident
# between 0.9 and 0.98.
LOWEST_MATCH_PROBABILITY, HIGHEST_MATCH_PROBABILITY = 0.98, 0.995
# A run too small to train the model on (its probabilities are the defaults') links from here.
UNTRAINED_MATCH_PROBABILITY = 0.98
# A link this sure may be the only one between two groups of records (clustering cuts weaker bridges).
STRONG_LINK_PROBABILITY = 0.999
# From here up to the link threshold, or above it but vetoed, a pair goes to the review queue.
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
        # A number with no check character one typo off is still the holder's number, mistyped.
        | levels["id_number"].isin([ID_NUMBER.level("same"), ID_NUMBER.level("one_typo")])
    )
    household = (levels["phone"] == PHONE.level("same_landline")) | levels["address"].isin(
        [ADDRESS.level("same"), ADDRESS.level("same_street_number")]
    )
    # Contacts at one company share its switchboard and address: there the company is the customer.
    same_name = levels["name"].isin(
        [NAME.level(name) for name in ("same_hanzi", "same_pinyin", "same_sounds")]
    )
    one_person_or_company = same_name | (levels["name"] == NAME.level("other_contact_at_company"))
    born_alike = levels["birthday"].isin([BIRTHDAY.level("same"), BIRTHDAY.level("mistyped")])
    conflicts = {
        "two different ID numbers": levels["id_number"] == ID_NUMBER.level("different"),
        # A date of birth more than a year off, unless the records share a personal identifier: then
        # one of the dates is wrong (a value copied from another record), not another person.
        "two birth dates": (levels["birthday"] == BIRTHDAY.level("different")) & ~personal,
        "another branch of the company": levels["company"] == COMPANY.level("other_branch"),
        "the same trade name in another city": levels["company"] == COMPANY.level("other_region"),
        "different names": levels["name"].isin([NAME.level(name) for name in SURELY_DIFFERENT_NAMES])
        & ~shared_mobile_and_email,
        # A home or an office is shared: with nothing personal in common, only the same name, or a
        # name alike with the same date of birth, is one person.
        "another person at the same address or landline": household
        & ~personal
        & ~one_person_or_company
        & ~born_alike
        & (levels["name"] != 0),
        "the same name at one home, with two mobiles": household
        & ~personal
        & same_name
        & (levels["company"] == 0)
        & (levels["phone"] == PHONE.level("different_mobiles")),
    }
    found = np.select(list(conflicts.values()), list(conflicts), default="")
    return pd.Series(np.where(found == "", None, found), index=levels.index, dtype=object)


def link_threshold(probability: pd.Series) -> float:
    """The match probability from which pairs are linked, calibrated on this run's candidate
    pairs: taking the model's probabilities at their word, the expected true links above a
    threshold are the sum of their probabilities and the expected false ones the rest, and the
    true pairs expected in all are the sum over every pair; the threshold is where the expected
    F-beta of the links peaks."""
    ordered = np.sort(probability.to_numpy(dtype=float))[::-1]
    if not len(ordered):
        return HIGHEST_MATCH_PROBABILITY
    true_links, false_links = np.cumsum(ordered), np.cumsum(1 - ordered)
    beta_squared = PRECISION_OVER_RECALL**2
    missed = ordered.sum() - true_links
    f_beta = (
        (1 + beta_squared)
        * true_links
        / ((1 + beta_squared) * true_links + beta_squared * missed + false_links)
    )
    return float(np.clip(ordered[np.argmax(f_beta)], LOWEST_MATCH_PROBABILITY, HIGHEST_MATCH_PROBABILITY))


def decide(probability: pd.Series, vetoes: pd.Series, threshold: float) -> pd.Series:
    """MATCHED_BY_MODEL where the pair is linked, else None."""
    linked = (probability >= threshold) & vetoes.isna()
    return pd.Series(np.where(linked, MATCHED_BY_MODEL, None), index=probability.index)


def review_reason(probability: pd.Series, vetoes: pd.Series, matched_by: pd.Series) -> pd.Series:
    """Why an unlinked pair deserves a steward's look, or None."""
    worth_a_look = (probability >= REVIEW_PROBABILITY) & matched_by.isna()
    reason = np.where(vetoes.notna(), "likely the same customer, but " + vetoes.fillna(""), BORDERLINE)
    return pd.Series(np.where(worth_a_look, reason, None), index=probability.index)
