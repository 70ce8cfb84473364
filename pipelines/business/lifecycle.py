"""A customer's lifecycle stage over all its records. Sales stages describe the deal (potential ->
closed, lost worked back to potential); after-sales stages the relationship after a purchase
(retained -> loyal, churned worked back to retained)."""

from __future__ import annotations

import pandas as pd

SALES_STAGES = ("potential", "closed", "lost")
AFTER_SALES_STAGES = ("retained", "loyal", "churned")
LIFECYCLE_STAGES = SALES_STAGES + AFTER_SALES_STAGES
STAGE_COLUMNS = ["customer_id", "lifecycle_stage", "record_key", "source"]


def lifecycle_stages(records: pd.DataFrame) -> pd.DataFrame:
    """Per customer with a known stage, that stage and the record it comes from.

    An after-sales stage wins over a sales one: after-sales serves customers who have bought, so
    its stage is the later one even when a sales sheet was touched more recently (a follow-up
    offer to a loyal customer leaves it loyal). Among stages of the same side the most recently
    contacted record's wins, for a stage changes over time; then the most trusted source's, then
    the record key, so that every run picks the same record."""
    staged = records[records["status"].isin(LIFECYCLE_STAGES)]
    ranked = staged.assign(after_sales=staged["status"].isin(AFTER_SALES_STAGES)).sort_values(
        ["customer_id", "after_sales", "last_contact_date_std", "trust", "record_key"],
        ascending=[True, False, False, False, True],
        na_position="last",
    )
    chosen = ranked.drop_duplicates("customer_id").rename(columns={"status": "lifecycle_stage"})
    return chosen[STAGE_COLUMNS].reset_index(drop=True)
