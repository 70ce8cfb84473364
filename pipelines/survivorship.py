"""Golden records: one row per customer, each field from the best record that has it."""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipelines.standardise.records import PHONE_SLOTS

# Field of the golden record <- standardised column it survives from.
SURVIVING_FIELDS = {
    "person_name": "name_std",
    "company_name": "company_std",
    "company_branch": "company_branch",
    "phone": "best_phone",
    "email": "email_std",
    "address": "address",
    "city": "city_std",
    "province": "address_province",
    "district": "address_district",
    "postcode": "postcode",
    "id_number": "id_number_masked",
    "birthday": "birthday_std",
    "status": "status",
    "intent_grade": "intent_grade",
    "owner": "owner",
}
LISTED_FIELDS = {
    "phones": [f"{slot}_e164" for slot in PHONE_SLOTS],
    "emails": ["email_std"],
    "departments": ["department"],
    "sources": ["source"],
}


PROVENANCE_COLUMNS = ["customer_id", "field", "value", "record_key", "source"]


def rank_records(records: pd.DataFrame, customer_ids: pd.Series) -> pd.DataFrame:
    """Each customer's records, best first: the most trusted source, then the most recently
    contacted record, then the record key (so that ties resolve the same way every run). A
    customer any of whose records names a company is a company customer."""
    company = (records["customer_type_std"] == "company").groupby(customer_ids.to_numpy()).transform("any")
    ranked = records.assign(
        customer_id=customer_ids.to_numpy(),
        best_phone=_mobile_first(records),
        company_customer=company.to_numpy(),
    )
    return ranked.sort_values(
        ["customer_id", "trust", "last_contact_date_std", "record_key"],
        ascending=[True, False, False, True],
        na_position="last",
    )


def golden_records(ranked: pd.DataFrame) -> pd.DataFrame:
    """Survivorship over `rank_records`: each field from the best record that has it. Every phone
    and email of the customer is kept in the list columns."""
    grouped = ranked.groupby("customer_id", sort=True)
    golden = grouped[list(SURVIVING_FIELDS.values())].first().set_axis(list(SURVIVING_FIELDS), axis=1)
    golden.insert(0, "customer_type", np.where(grouped["company_customer"].first(), "company", "person"))
    golden.insert(1, "display_name", golden["company_name"].fillna(golden["person_name"]))
    for field, columns in LISTED_FIELDS.items():
        golden[field] = distinct_values(ranked, columns)
    golden["record_count"] = grouped.size()
    return golden.reset_index()


def _mobile_first(records: pd.DataFrame) -> pd.Series:
    """The record's first mobile number, else its first number of any kind."""
    mobiles = [
        records[f"{slot}_e164"].where(records[f"{slot}_line_type"] == "mobile") for slot in PHONE_SLOTS
    ]
    numbers = [records[f"{slot}_e164"] for slot in PHONE_SLOTS]
    return pd.concat(mobiles + numbers, axis=1).bfill(axis=1).iloc[:, 0]


def distinct_values(
    ranked: pd.DataFrame, columns: list[str], by: tuple[str, ...] = ("customer_id",)
) -> pd.Series:
    """Per group of `by`, the distinct values of `columns`, sorted; [] for a group without any."""
    by = list(by)
    long = ranked.melt(id_vars=by, value_vars=columns).dropna(subset=["value"])
    long = long.drop_duplicates([*by, "value"]).sort_values([*by, "value"])
    lists = long.groupby(by)["value"].agg(list)
    groups = ranked[by].drop_duplicates().set_index(by).index
    return lists.reindex(groups).map(lambda v: v if isinstance(v, list) else [])


CONTACT_COLUMNS = ["customer_id", "contact_name", "name_key", "phones", "emails", "sources", "record_count"]


def contact_persons(ranked: pd.DataFrame) -> pd.DataFrame:
    """The people each company customer is reached through, one row each: its records grouped by
    the person's pinyin name key (张伟, 張偉 and Zhang Wei are one contact), the name as the best
    record writes it, and every phone and email those records give."""
    named = ranked[ranked["company_customer"] & ranked["name_key"].notna()]
    by = ("customer_id", "name_key")
    contacts = named.groupby(list(by), sort=True).agg(
        contact_name=("name_std", "first"), record_count=("record_key", "size")
    )
    contacts["phones"] = distinct_values(named, LISTED_FIELDS["phones"], by)
    contacts["emails"] = distinct_values(named, LISTED_FIELDS["emails"], by)
    contacts["sources"] = distinct_values(named, LISTED_FIELDS["sources"], by)
    return contacts.reset_index()[CONTACT_COLUMNS]


def field_provenance(ranked: pd.DataFrame) -> pd.DataFrame:
    """Which record gave each golden field its value: one row per customer and filled field."""
    columns = {column: field for field, column in SURVIVING_FIELDS.items()}
    long = ranked.melt(
        id_vars=["customer_id", "record_key", "source"], value_vars=list(columns), var_name="column"
    )
    # melt keeps the rank order within each column, so the first filled row is the survivor
    survivors = long.dropna(subset=["value"]).drop_duplicates(["customer_id", "column"])
    survivors = survivors.assign(field=survivors["column"].map(columns), value=survivors["value"].astype(str))
    return survivors.sort_values(["customer_id", "field"])[PROVENANCE_COLUMNS].reset_index(drop=True)
