"""Golden records: one row per customer, each field from the best record that has it."""

from __future__ import annotations

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
LISTED_FIELDS = {"phones": [f"{slot}_e164" for slot in PHONE_SLOTS], "emails": ["email_std"], "departments": ["department"], "sources": ["source"]}


def golden_records(records: pd.DataFrame, customer_ids: pd.Series) -> pd.DataFrame:
    """Survivorship: the most trusted source wins, then the most recently contacted record.
    Every phone and email of the customer is kept in the list columns."""
    ranked = records.assign(customer_id=customer_ids.to_numpy(), best_phone=_mobile_first(records))
    ranked = ranked.sort_values(
        ["customer_id", "trust", "last_contact_date_std", "record_key"], ascending=[True, False, False, True], na_position="last"
    )
    grouped = ranked.groupby("customer_id", sort=True)
    golden = grouped[list(SURVIVING_FIELDS.values())].first().set_axis(list(SURVIVING_FIELDS), axis=1)
    golden.insert(0, "customer_type", grouped["customer_type_std"].agg(lambda types: "company" if (types == "company").any() else "person"))
    golden.insert(1, "display_name", golden["company_name"].fillna(golden["person_name"]))
    golden["last_contact_date"] = grouped["last_contact_date_std"].max()
    for field, columns in LISTED_FIELDS.items():
        golden[field] = _distinct_values(ranked, columns)
    golden["record_count"] = grouped.size()
    return golden.reset_index()


def _mobile_first(records: pd.DataFrame) -> pd.Series:
    """The record's first mobile number, else its first number of any kind."""
    mobiles = [records[f"{slot}_e164"].where(records[f"{slot}_line_type"] == "mobile") for slot in PHONE_SLOTS]
    numbers = [records[f"{slot}_e164"] for slot in PHONE_SLOTS]
    return pd.concat(mobiles + numbers, axis=1).bfill(axis=1).iloc[:, 0]


def _distinct_values(ranked: pd.DataFrame, columns: list[str]) -> pd.Series:
    long = ranked.melt(id_vars="customer_id", value_vars=columns).dropna(subset=["value"])
    long = long.drop_duplicates(["customer_id", "value"]).sort_values(["customer_id", "value"])
    lists = long.groupby("customer_id")["value"].agg(list)
    return lists.reindex(ranked["customer_id"].unique()).map(lambda v: v if isinstance(v, list) else [])
