"""The business fields and the contact history on a generated demo company, published by the real
sync job as of the demo's reference date."""

import shutil

import duckdb
import pandas as pd
import pytest

from pipelines.business.lifecycle import AFTER_SALES_STAGES, LIFECYCLE_STAGES
from pipelines.demo_data import generate_demo_sources
from pipelines.demo_data.vocabulary import REFERENCE_DATE
from pipelines.registry import load_registry
from pipelines.settings import DEMO_REGISTRY
from tests.builders import run_sync


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    """(tables, staff roster) after one sync of a 2,000-record demo company."""
    root = tmp_path_factory.mktemp("business_demo")
    shutil.copy(DEMO_REGISTRY, root / "sources.yaml")
    generate_demo_sources(root / "data", records=2000, seed=7)
    registry = load_registry(root / "sources.yaml")
    database = root / "hub.duckdb"
    assert run_sync(registry, database, run_date=REFERENCE_DATE.isoformat()).success
    with duckdb.connect(str(database), read_only=True) as connection:
        tables = {
            table: connection.execute(f"SELECT * FROM {table}").df()
            for table in ("customers", "customer_sources", "contact_events", "field_provenance")
        }
    return tables, pd.read_csv(registry.staff_roster, dtype=str, keep_default_na=False)


def test_customers_whose_owner_left_are_flagged_by_the_roster(warehouse):
    tables, roster = warehouse
    customers = tables["customers"]
    left = customers[customers["owner_has_left"] == True]
    former_staff = set(roster.loc[roster["status"] == "left", "name"])

    assert len(left) > 0
    assert set(left["owner"]) <= former_staff
    assert not set(customers.loc[customers["owner_has_left"] == False, "owner"]) & former_staff


def test_follow_ups_are_overdue_when_due_before_the_run_date(warehouse):
    customers = warehouse[0]["customers"]
    due = customers.dropna(subset=["next_follow_up_due"])
    overdue = due["follow_up_overdue"].astype(bool)

    assert overdue.any() and not overdue.all()
    assert (overdue == (pd.to_datetime(due["next_follow_up_due"]) < pd.Timestamp(REFERENCE_DATE))).all()
    assert customers.loc[customers["next_follow_up_due"].isna(), "follow_up_overdue"].isna().all()


def test_contact_events_link_to_published_customers_through_their_records(warehouse):
    tables, _ = warehouse
    events, links = tables["contact_events"], tables["customer_sources"]
    through_record = events.merge(
        links[["record_key", "customer_id"]], on="record_key", suffixes=("", "_of_record"), how="left"
    )

    assert len(events) > 0
    assert set(events["customer_id"]) <= set(tables["customers"]["customer_id"])
    assert (through_record["customer_id"] == through_record["customer_id_of_record"]).all()
    mail = events[events["source"] == "mailbox"]
    assert len(mail) > 0 and set(mail["channel"]) == {"email"} and set(mail["direction"]) == {"in", "out"}


def test_last_contact_is_the_newest_contact_event(warehouse):
    tables, _ = warehouse
    newest = tables["contact_events"].groupby("customer_id")["contacted_on"].max()
    customers = tables["customers"].set_index("customer_id")

    assert (pd.to_datetime(customers.loc[newest.index, "last_contact_date"]) == pd.to_datetime(newest)).all()
    # The channel is one that a newest event of the customer has.
    events = tables["contact_events"].merge(newest.rename("newest"), left_on="customer_id", right_index=True)
    newest_channels = (
        events[events["contacted_on"] == events["newest"]].groupby("customer_id")["channel"].agg(set)
    )
    shown = customers.loc[newest_channels.index, "last_contact_channel"]
    assert all(channel in channels for channel, channels in zip(shown, newest_channels))


def test_repeat_complaints_involve_several_departments_of_the_customer(warehouse):
    customers = warehouse[0]["customers"]
    repeat = customers[customers["repeat_complaint"]]

    assert len(repeat) > 0
    assert (repeat["complaint_departments"].map(len) >= 2).all()
    assert all(
        set(complained) <= set(held)
        for complained, held in zip(repeat["complaint_departments"], repeat["departments"])
    )
    single = customers[~customers["repeat_complaint"]]
    assert (single["complaint_departments"].map(len) <= 1).all()


def test_an_after_sales_stage_wins_and_is_traced_to_its_record(warehouse):
    tables, _ = warehouse
    customers = tables["customers"]
    staged = customers.dropna(subset=["lifecycle_stage"])
    served = staged[staged["departments"].map(lambda departments: "after_sales" in departments)]

    assert set(staged["lifecycle_stage"]) == set(LIFECYCLE_STAGES)
    assert len(served) > 0 and served["lifecycle_stage"].isin(AFTER_SALES_STAGES).all()
    provenance = (
        tables["field_provenance"].query("field == 'lifecycle_stage'").set_index("customer_id")["value"]
    )
    assert provenance.reindex(staged["customer_id"]).tolist() == staged["lifecycle_stage"].tolist()
