"""The business fields departments work with, added to the golden records after survivorship:
lifecycle stage, last contact and its channel, next follow-up and whether it is overdue, whether
the owner has left, and complaints to several departments; and the contact history behind them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipelines.business.complaints import complaints_by_customer, load_complaint_log, no_complaints
from pipelines.business.contact_events import CONTACT_EVENT_COLUMNS, contact_events, last_contacts
from pipelines.business.follow_up import follow_up_overdue, next_follow_up_due
from pipelines.business.lifecycle import lifecycle_stages
from pipelines.business.staff_roster import load_staff_roster, owner_has_left
from pipelines.registry import Registry
from pipelines.survivorship import PROVENANCE_COLUMNS


@dataclass(frozen=True)
class BusinessRules:
    follow_up_days: dict[str, int]
    staff_roster: pd.DataFrame | None  # None: nobody can say whose owner has left
    complaint_log: pd.DataFrame  # complaints.COMPLAINT_LOG_COLUMNS
    missing_files: tuple[Path, ...]  # named in the registry, not there (yet)


@dataclass(frozen=True)
class BusinessView:
    customers: pd.DataFrame  # the golden records with the business fields
    contact_events: pd.DataFrame  # CONTACT_EVENT_COLUMNS
    provenance: pd.DataFrame  # the record each lifecycle_stage comes from (survivorship.PROVENANCE_COLUMNS)


def load_business_rules(registry: Registry) -> BusinessRules:
    """The registry's follow-up intervals, staff roster and complaint log. A file the registry names
    but that is not there is reported, not fatal: the customers are published without what it says."""
    roster, log = registry.staff_roster, registry.complaint_log
    return BusinessRules(
        follow_up_days=registry.follow_up_days,
        staff_roster=load_staff_roster(roster) if roster and roster.exists() else None,
        complaint_log=load_complaint_log(log) if log and log.exists() else no_complaints(),
        missing_files=tuple(path for path in (roster, log) if path and not path.exists()),
    )


def apply_business_rules(
    customers: pd.DataFrame, linked: pd.DataFrame, rules: BusinessRules, run_date: dt.date
) -> BusinessView:
    """`linked`: the standardised records linked to customers (resolve.linked_records); `run_date`:
    the day follow-ups are judged overdue against."""
    events = contact_events(linked, rules.complaint_log)
    stages = lifecycle_stages(linked)
    golden = (
        customers.merge(stages[["customer_id", "lifecycle_stage"]], on="customer_id", how="left")
        .merge(last_contacts(events), on="customer_id", how="left")
        .merge(complaints_by_customer(events), on="customer_id", how="left")
    )
    golden["complaint_departments"] = golden["complaint_departments"].map(
        lambda d: d if isinstance(d, list) else []
    )
    golden["repeat_complaint"] = golden["repeat_complaint"].eq(True)
    golden["next_follow_up_due"] = next_follow_up_due(
        golden["last_contact_date"], golden["intent_grade"], rules.follow_up_days
    )
    golden["follow_up_overdue"] = follow_up_overdue(golden["next_follow_up_due"], run_date)
    golden["owner_has_left"] = owner_has_left(golden["owner"], rules.staff_roster)
    provenance = stages.assign(field="lifecycle_stage", value=stages["lifecycle_stage"])[PROVENANCE_COLUMNS]
    return BusinessView(golden, events[CONTACT_EVENT_COLUMNS], provenance)
