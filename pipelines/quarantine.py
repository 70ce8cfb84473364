"""Records that cannot become part of a customer go to quarantine, each with a reason code."""

from __future__ import annotations

import json

import pandas as pd

from pipelines.frames import missing_as_none
from pipelines.schema import CANONICAL_FIELDS, RECORD_LINEAGE
from pipelines.standardise.records import PHONE_SLOTS

QUARANTINE_COLUMNS = [*RECORD_LINEAGE, "reason_code", "reason", "record_json"]

REASONS = {
    "DUPLICATE_RECORD_KEY": "the same source locator was read twice; the first one was kept",
    "PLACEHOLDER": "test or placeholder entry, not a customer",
    "NO_IDENTITY": "no usable name, company, phone, email or ID number",
    # Set by the readers, with the row's own problem as the reason:
    "MALFORMED_ROW": "a delimited-text row with more fields than its header",
    "MALFORMED_LINE": "a fixed-width line too short for its layout, or cutting a character in half",
    "UNREADABLE_MESSAGE": "a mail message that could not be parsed",
    "UNREADABLE_CONTACT": "a vCard that could not be parsed",
}
REASON_CODES = frozenset(REASONS)
_PLACEHOLDER = r"^(?:测试.*|test.*|demo|样例|示例|无|空|（空）|\(空\)|null|none|n/?a|unknown|未知|x+|-+|\?+)$"


def quarantine_reasons(records: pd.DataFrame) -> pd.Series:
    """The reason code of each record that cannot be matched, None for the others."""
    reason = records["read_problem_code"].astype(object)
    reason = reason.mask(reason.isna() & records["record_key"].duplicated(), "DUPLICATE_RECORD_KEY")
    placeholder = records["name_std"].fillna("").str.fullmatch(_PLACEHOLDER, case=False) | records[
        "company_std"
    ].fillna("").str.fullmatch(_PLACEHOLDER, case=False)
    reason = reason.fillna(placeholder.map({True: "PLACEHOLDER", False: None}))
    identity = (
        records[
            [
                "name_key",
                "company_key",
                "email_std",
                "id_number_key",
                *(f"{slot}_e164" for slot in PHONE_SLOTS),
            ]
        ]
        .notna()
        .any(axis=1)
    )
    reason = reason.fillna((~identity).map({True: "NO_IDENTITY", False: None}))
    return missing_as_none(reason)


def quarantine_rows(records: pd.DataFrame) -> pd.DataFrame:
    """The quarantine table: records with a `quarantine_reason`, their lineage and original values."""
    records = records[records["quarantine_reason"].notna()]
    reason_codes = records["quarantine_reason"]
    quarantined = records[list(RECORD_LINEAGE)].copy()
    quarantined["reason_code"] = reason_codes
    quarantined["reason"] = records["read_problem"].fillna(reason_codes.map(REASONS))
    original = records[[*CANONICAL_FIELDS, "raw_text"]]
    quarantined["record_json"] = [
        json.dumps({k: v for k, v in row.items() if pd.notna(v)}, ensure_ascii=False)
        for row in original.to_dict(orient="records")
    ]
    return quarantined[QUARANTINE_COLUMNS].reset_index(drop=True)
