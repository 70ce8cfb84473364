"""Standardise staged records: each original value stays, its standard form goes beside it."""

from __future__ import annotations

import re

import pandas as pd

from pipelines.frames import missing_as_none
from pipelines.schema import CUSTOMER_TYPES
from pipelines.standardise.addresses import (
    ADDRESS_COLUMNS,
    CITY_SUFFIX,
    standardise_address,
    standardise_city,
)
from pipelines.standardise.birthdays import BIRTHDAY_COLUMNS, standardise_birthday
from pipelines.standardise.companies import COMPANY_COLUMNS, standardise_company
from pipelines.standardise.dates import DATE_COLUMNS, standardise_date
from pipelines.standardise.distinct import map_distinct
from pipelines.standardise.emails import standardise_emails
from pipelines.standardise.id_numbers import ID_NUMBER_COLUMNS, mask_id_numbers_in_text, standardise_id_number
from pipelines.standardise.name_forms import (
    NAME_CELL_COLUMNS,
    NAME_FORM_COLUMNS,
    split_name_cell,
    standardise_name,
)
from pipelines.standardise.phones import standardise_phone_fields
from pipelines.standardise.text import join_name_parts

# Every phone slot a standardised record has: each phone field keeps up to two numbers.
PHONE_SLOTS = ("phone", "phone_second", "alt_phone", "alt_phone_second")
_COMPANY_WORDS = re.compile(
    r"公司|集团|工厂|厂$|商行|研究院|事务所|\b(?:co|ltd|limited|inc|llc|gmbh|corp)\b", re.IGNORECASE
)


def standardise_records(staged: pd.DataFrame, phone_region: str = "CN") -> pd.DataFrame:
    """The staged columns, plus standard forms: `customer_type_std`, the person's name (`name_std`,
    `name_key` of a full name only, `name_surname`/`name_surname_key`, `name_form`, `name_title`,
    `name_sex`: see `name_forms.py`), `company_std`/`company_key`/`company_branch`/`company_region`/
    `company_brand`, `email_std`, phones in E.164 with their line type, `city_std` (the city's short
    name in hanzi), `city_key` (it, or the address's city), `last_contact_date_std`, the address
    parts, the ID number's checks and `birthday_std`.

    Only the ID number does not stay as staged: it is replaced by its masked form, here and in
    the raw text of unreadable rows, so that the full number never leaves the staged records."""
    records = staged.reset_index(drop=True)
    id_number = map_distinct(records["id_number"], standardise_id_number, ID_NUMBER_COLUMNS)
    raw_text = records["raw_text"].map(mask_id_numbers_in_text, na_action="ignore")
    records = records.assign(id_number=id_number["id_number_masked"], raw_text=missing_as_none(raw_text))
    customer_type = _customer_type(records)
    is_company = customer_type == "company"
    # A source that splits the name into given and family name columns gives it only that way.
    parts = missing_as_none(records[["given_name", "family_name"]])
    parts = parts[parts.notna().any(axis=1)]
    composed = pd.Series(
        map(join_name_parts, parts["given_name"], parts["family_name"]), index=parts.index, dtype=object
    ).reindex(records.index)
    person_raw = missing_as_none(
        records["customer_name"].where(~is_company).fillna(records["person_name"]).fillna(composed)
    )
    # A name cell may hold a company and its contact ("广州市润信电器有限公司 王宁瑶", 王总-华德机械): the
    # company is the record's company unless it names its own, the contact stays its person.
    company_cell = map_distinct(
        records["customer_name"].where(is_company), split_name_cell, NAME_CELL_COLUMNS
    )
    person_cell = map_distinct(person_raw, split_name_cell, NAME_CELL_COLUMNS)
    company_raw = missing_as_none(
        records["company_name"]
        .fillna(company_cell["company_part"])
        .fillna(records["customer_name"].where(is_company))
        .fillna(person_cell["company_part"])
    )
    contact = company_cell["person_part"].where(company_cell["company_part"].notna())
    # A customer-name cell that turns out to hold only a company (中世物业管理, a short name with no
    # legal form): the person-name column names its contact.
    only_a_company = (
        records["customer_name"].where(~is_company).notna()
        & person_cell["person_part"].isna()
        & person_cell["company_part"].notna()
    )
    contact = contact.fillna(
        map_distinct(records["person_name"].where(only_a_company), split_name_cell, NAME_CELL_COLUMNS)[
            "person_part"
        ]
    )
    name = map_distinct(person_cell["person_part"].fillna(contact), standardise_name, NAME_FORM_COLUMNS)
    # A record whose person cell names a company is the company's, unless the source states its type.
    stated = records["customer_type"].isin(CUSTOMER_TYPES)
    customer_type = customer_type.mask(~stated & person_cell["company_part"].notna(), "company")

    company = map_distinct(company_raw, standardise_company, COMPANY_COLUMNS)
    email = standardise_emails(records["email"])
    phone = standardise_phone_fields(records["phone"], phone_region).add_prefix("phone_")
    alt_phone = standardise_phone_fields(records["alt_phone"], phone_region).add_prefix("alt_phone_")
    city = map_distinct(records["city"], lambda raw: (standardise_city(raw),), ["city_std"])
    contacted = map_distinct(records["last_contact_date"], standardise_date, DATE_COLUMNS).add_prefix(
        "last_contact_"
    )
    address = map_distinct(records["address"], standardise_address, ADDRESS_COLUMNS)
    birthday = map_distinct(records["birthday"], standardise_birthday, BIRTHDAY_COLUMNS)
    # The city a record names, else the one its address names: what name-and-city blocking uses.
    city_key = (
        city["city_std"]
        .fillna(address["address_city"].str.replace(CITY_SUFFIX, "", regex=True))
        .rename("city_key")
    )
    standard = pd.concat(
        [name, company, email, phone, alt_phone, city, city_key, contacted, address, id_number, birthday],
        axis=1,
    )
    return pd.concat([records, standard.assign(customer_type_std=customer_type)], axis=1)


def _customer_type(records: pd.DataFrame) -> pd.Series:
    """The type the source states, else 'company' when a company is named, else 'person'."""
    stated = records["customer_type"].where(records["customer_type"].isin(CUSTOMER_TYPES))
    names_company = records["company_name"].notna() | records["customer_name"].fillna("").str.contains(
        _COMPANY_WORDS
    )
    inferred = names_company.map({True: "company", False: "person"})
    return stated.fillna(inferred).astype(object)
