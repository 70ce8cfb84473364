"""The keys `customer-hub lookup` finds customers by: each phone, email, person-name key and company
key of a customer's records, and a query's text standardised by the same standardisers, so that a
query meets a customer exactly when the pipeline would call their values the same (138 0013 8000
= +8613800138000, 張偉 = "Wei Zhang", 华为技术有限公司 = 华为技术)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from pipelines.standardise.companies import standardise_company
from pipelines.standardise.emails import standardise_email
from pipelines.standardise.names import standardise_person_name
from pipelines.standardise.phones import standardise_phone_field
from pipelines.survivorship import LISTED_FIELDS

LOOKUP_KEY_COLUMNS = ["kind", "value", "customer_id"]


@dataclass(frozen=True)
class KeyKind:
    record_columns: tuple[str, ...]  # the standardised record columns the customers' keys come from
    standardise: Callable[[str, str], str | None]  # (text as typed, phone region) -> key, None if unreadable


KEY_KINDS = {
    "phone": KeyKind(
        tuple(LISTED_FIELDS["phones"]), lambda text, region: standardise_phone_field(text, region)[0]
    ),
    "email": KeyKind(("email_std",), lambda text, region: standardise_email(text)[0]),
    "name": KeyKind(("name_key",), lambda text, region: standardise_person_name(text)[1]),
    "company": KeyKind(("company_key",), lambda text, region: standardise_company(text)[1]),
}


def lookup_keys(linked: pd.DataFrame) -> pd.DataFrame:
    """Every key of every linked record (resolve.linked_records), once per customer."""
    keys = pd.concat(
        linked.melt(id_vars="customer_id", value_vars=list(kind.record_columns), value_name="value").assign(
            kind=name
        )
        for name, kind in KEY_KINDS.items()
    )
    keys = keys.dropna(subset=["value"]).drop_duplicates(LOOKUP_KEY_COLUMNS)
    return keys[LOOKUP_KEY_COLUMNS].reset_index(drop=True)


def query_key(kind: str, text: str, phone_region: str = "CN") -> str | None:
    """`text` as a department types it, as a key of `kind`; None when it reads as no such value."""
    return KEY_KINDS[kind].standardise(text, phone_region)
