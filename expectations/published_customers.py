"""The customers about to be published: unique human-readable IDs, every link pointing at a
customer, every record accounted for, and no collapse against the previous publish."""

from __future__ import annotations

from expectations.spec import Expectation, critical, warning

CUSTOMERS_SUITE = "published_customers"
LINKS_SUITE = "published_customer_sources"


def customer_expectations(previous_customers: int | None, min_share_of_previous: float) -> list[Expectation]:
    checks = [
        critical("expect_column_values_to_not_be_null", column="customer_id"),
        critical("expect_column_values_to_be_unique", column="customer_id"),
        critical("expect_column_values_to_match_regex", column="customer_id", regex=r"^CUST-\d{7}$"),
        critical(
            "expect_column_values_to_be_in_set", column="customer_type", value_set=["person", "company"]
        ),
        critical("expect_column_values_to_be_between", column="record_count", min_value=1),
        warning("expect_column_values_to_not_be_null", column="display_name", mostly=0.99),
    ]
    if previous_customers:
        # A customer table that shrinks by half overnight means lost sources, not lost customers.
        minimum = int(previous_customers * min_share_of_previous)
        checks.append(critical("expect_table_row_count_to_be_between", min_value=minimum))
    return checks


def link_expectations(records_linked: int) -> list[Expectation]:
    return [
        critical("expect_column_values_to_be_unique", column="record_key"),
        critical("expect_column_values_to_not_be_null", column="customer_id"),
        critical("expect_column_values_to_be_in_set", column="links_to_customer", value_set=[True]),
        # records read = records linked + records quarantined
        critical("expect_table_row_count_to_equal", value=records_linked),
    ]
