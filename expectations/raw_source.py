"""Each raw source after column mapping: its records can be traced and look like contact data."""

from __future__ import annotations

from expectations.spec import Expectation, critical, warning

SUITE = "raw_source"


def expectations() -> list[Expectation]:
    return [
        critical("expect_column_values_to_not_be_null", column="record_key"),
        critical("expect_column_values_to_not_be_null", column="source_locator"),
        warning("expect_table_row_count_to_be_between", min_value=1),
        # Most filled phone and email cells should look like one; a low share means a mis-mapped column.
        warning("expect_column_values_to_match_regex", column="phone", regex=r"(?:\D*\d){7}", mostly=0.9),
        warning("expect_column_values_to_match_regex", column="email", regex=r"@", mostly=0.9),
    ]
