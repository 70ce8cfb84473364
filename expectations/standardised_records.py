"""The standardised records: formats of every standard value, allowed sets, and a quarantine share
that says the run's input is sound."""

from __future__ import annotations

from expectations.spec import Expectation, critical, warning
from pipelines.business.lifecycle import LIFECYCLE_STAGES
from pipelines.quarantine import REASON_CODES
from pipelines.standardise.name_forms import NAME_FORMS, SEXES
from pipelines.standardise.records import PHONE_SLOTS

SUITE = "standardised_records"


def expectations(max_quarantine_share: float) -> list[Expectation]:
    return [
        critical(
            "expect_column_values_to_be_in_set", column="customer_type_std", value_set=["person", "company"]
        ),
        *(
            critical("expect_column_values_to_match_regex", column=f"{slot}_e164", regex=r"^\+[1-9]\d{5,14}$")
            for slot in PHONE_SLOTS
        ),
        critical("expect_column_values_to_be_in_set", column="name_form", value_set=list(NAME_FORMS)),
        critical("expect_column_values_to_be_in_set", column="name_sex", value_set=list(SEXES)),
        critical(
            "expect_column_values_to_match_regex", column="email_std", regex=r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
        ),
        critical(
            "expect_column_values_to_match_regex",
            column="last_contact_date_std",
            regex=r"^\d{4}-\d{2}-\d{2}$",
        ),
        critical(
            "expect_column_values_to_be_in_set", column="quarantine_reason", value_set=sorted(REASON_CODES)
        ),
        # A night on which many records cannot be used is a broken export or mapping, not a
        # fact to publish: the previous warehouse stays.
        critical(
            "expect_column_values_to_be_null", column="quarantine_reason", mostly=1 - max_quarantine_share
        ),
        warning("expect_column_values_to_be_in_set", column="status", value_set=list(LIFECYCLE_STAGES)),
        warning("expect_column_values_to_not_be_null", column="name_key", mostly=0.5),
    ]
