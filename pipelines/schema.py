"""The canonical record every source is mapped onto, and the lineage each record carries."""

from __future__ import annotations

# Fields a registry column mapping may target. `customer_name` is the name as a source gives it,
# a person's or a company's depending on `customer_type`; sources that keep the two apart map
# `person_name` and `company_name` directly. Sources that split a person's name into two columns
# map `given_name` and `family_name`; the person's name is composed from them.
CANONICAL_FIELDS: tuple[str, ...] = (
    "source_customer_id",
    "customer_type",
    "customer_name",
    "person_name",
    "given_name",
    "family_name",
    "company_name",
    "phone",
    "alt_phone",
    "email",
    "address",
    "city",
    "status",
    "intent_grade",
    "owner",
    "last_contact_date",
    "id_number",
    "birthday",
    # A record is also a contact event (contact_events): how, which way and about what.
    "contact_channel",
    "contact_direction",
    "contact_subject",
)

# Where a record came from; published with every linked or quarantined record.
RECORD_LINEAGE: tuple[str, ...] = (
    "record_key",
    "source",
    "department",
    "source_file",
    "source_locator",
    "loaded_at",
)
LINEAGE_FIELDS: tuple[str, ...] = RECORD_LINEAGE + ("trust",)

# Set on rows a reader could not read as records: they go to quarantine with this reason.
READ_PROBLEM_FIELDS: tuple[str, ...] = ("read_problem_code", "read_problem", "raw_text")

STAGED_COLUMNS: tuple[str, ...] = LINEAGE_FIELDS + CANONICAL_FIELDS + READ_PROBLEM_FIELDS

CUSTOMER_TYPES = ("person", "company")
