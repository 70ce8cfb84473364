"""Named comparisons of a record pair, each returning one level per pair, computed column-wise.

Each comparison takes the left and right records of every candidate pair (aligned frames) and
returns a Series; the rules in `rules.py` combine their levels into a decision.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from pipelines.standardise.records import PHONE_SLOTS
from pipelines.standardise.text import has_han

# A name carried by at most this many records (a customer seldom appears more often) is rare.
RARE_NAME_MAX_RECORDS = 6
# Below this similarity two company names written in the same script are different companies.
COMPANY_NAME_CONFLICT_BELOW = 85


def name_similarity(left: pd.DataFrame, right: pd.DataFrame) -> pd.Series:
    """Similarity (0-100) of the whole pinyin name keys, syllable order ignored: 赵娜 and 赵娜娜
    are different names."""
    return _name_score(left, right, fuzz.token_sort_ratio)


def name_overlap(left: pd.DataFrame, right: pd.DataFrame) -> pd.Series:
    """Like name_similarity, but one name may contain the other: "David Zhang Wei" and 张伟."""
    return _name_score(left, right, fuzz.token_set_ratio)


def _name_score(left: pd.DataFrame, right: pd.DataFrame, scorer) -> pd.Series:
    """NaN when either side has fewer than two syllables: a bare surname (王先生) says nothing
    about which Wang it is."""
    lkeys, rkeys = left["name_key"].fillna("").to_numpy(), right["name_key"].fillna("").to_numpy()
    scores = process.cpdist(list(lkeys), list(rkeys), scorer=scorer, workers=-1)
    informative = (_syllables(lkeys) >= 2) & (_syllables(rkeys) >= 2)
    return pd.Series(np.where(informative, scores, np.nan), index=left.index)


def email_agrees(left: pd.DataFrame, right: pd.DataFrame) -> pd.Series:
    return _same_value(left["email_std"], right["email_std"])


def mobile_agrees(left: pd.DataFrame, right: pd.DataFrame) -> pd.Series:
    return _any_phone_agrees(left, right, mobile=True)


def landline_agrees(left: pd.DataFrame, right: pd.DataFrame) -> pd.Series:
    """Any shared number that is not a mobile: landlines, and numbers the metadata cannot verify."""
    return _any_phone_agrees(left, right, mobile=False)


def company_agreement(left: pd.DataFrame, right: pd.DataFrame) -> pd.Series:
    """'same' (name key and branch agree), 'other_branch', 'other_region', 'different', 'none'
    (neither names a company) or 'unknown'.

    Names in different scripts (华星光电 / Huaxing Optoelectronics) cannot be compared as text, so
    they are 'unknown', not 'different'. Partial similarity lets a key that kept a region prefix
    the other lost (深圳弘美模具 / 弘美模具) count as alike.
    """
    lkey, rkey = left["company_key"], right["company_key"]
    both = lkey.notna() & rkey.notna()
    same_key = both & (lkey == rkey)
    same_branch = left["company_branch"].fillna("") == right["company_branch"].fillna("")
    lregion, rregion = left["company_region"], right["company_region"]
    other_region = lregion.notna() & rregion.notna() & (lregion != rregion)
    same_script = lkey.fillna("").map(has_han) == rkey.fillna("").map(has_han)
    similarity = pd.Series(
        process.cpdist(list(lkey.fillna("")), list(rkey.fillna("")), scorer=fuzz.partial_ratio, workers=-1), index=left.index
    )
    levels = np.select(
        [same_key & other_region, same_key & same_branch, same_key, both & same_script & (similarity < COMPANY_NAME_CONFLICT_BELOW),
         lkey.isna() & rkey.isna()],
        ["other_region", "same", "other_branch", "different", "none"],
        default="unknown",
    )
    return pd.Series(levels, index=left.index)


def hanzi_name_agrees(left: pd.DataFrame, right: pd.DataFrame) -> pd.Series:
    """Both names in hanzi and identical. Pinyin keys are order-free and toneless, so 李瑶丽 and
    李丽瑶, or 陈立超 and 陈力超, share one; the characters tell those people apart."""
    same = _same_value(left["name_std"], right["name_std"])
    return same & left["name_std"].fillna("").map(has_han).astype(bool)


def city_agrees(left: pd.DataFrame, right: pd.DataFrame) -> pd.Series:
    return _same_value(left["city_key"], right["city_key"])


def name_is_rare(left: pd.DataFrame, right: pd.DataFrame) -> pd.Series:
    """Both records' name is carried by few records in all the sources: agreeing on 毛娟桂 is
    evidence, agreeing on 王伟 is not (term-frequency, as Fellegi-Sunter models weigh it)."""
    return (left["name_key_records"] <= RARE_NAME_MAX_RECORDS) & (right["name_key_records"] <= RARE_NAME_MAX_RECORDS)


def contacts_conflict(left: pd.DataFrame, right: pd.DataFrame) -> pd.Series:
    """Both records give phones and share none, or both give an email and they differ."""
    has_phone = [frame[[f"{slot}_e164" for slot in PHONE_SLOTS]].notna().any(axis=1) for frame in (left, right)]
    phones_differ = has_phone[0] & has_phone[1] & ~mobile_agrees(left, right) & ~landline_agrees(left, right)
    emails_differ = left["email_std"].notna() & right["email_std"].notna() & (left["email_std"] != right["email_std"])
    return phones_differ | emails_differ


def id_number_agreement(left: pd.DataFrame, right: pd.DataFrame) -> pd.Series:
    """'same' or 'different' resident ID number where both records give a valid one, else 'unknown'.
    A valid ID number belongs to one person: the strongest evidence either way."""
    lkey, rkey = left["id_number_key"], right["id_number_key"]
    both = lkey.notna() & rkey.notna()
    return pd.Series(np.select([both & (lkey == rkey), both], ["same", "different"], default="unknown"), index=left.index)


def company_region_agrees(left: pd.DataFrame, right: pd.DataFrame) -> pd.Series:
    """Both company names state the same city (深圳市...): a trade name is unique only within one."""
    return _same_value(left["company_region"], right["company_region"])


def _syllables(keys: np.ndarray) -> np.ndarray:
    return np.fromiter((len(key.split()) for key in keys), dtype=int, count=len(keys))


def _same_value(left: pd.Series, right: pd.Series) -> pd.Series:
    return (left.notna() & (left == right)).astype(bool)


def _any_phone_agrees(left: pd.DataFrame, right: pd.DataFrame, mobile: bool) -> pd.Series:
    agrees = pd.Series(False, index=left.index)
    for lslot in PHONE_SLOTS:
        typed = (left[f"{lslot}_line_type"] == "mobile") == mobile
        for rslot in PHONE_SLOTS:
            agrees |= typed & _same_value(left[f"{lslot}_e164"], right[f"{rslot}_e164"])
    return agrees
