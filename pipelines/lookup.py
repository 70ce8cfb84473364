"""Find customers in the published warehouse by phone, email, name or company, with all the
warehouse holds about each: the golden record, every source record it was built from, and its
latest contacts (`contact_events`).

Source records are shown by their lineage and the golden values they gave (field_provenance):
the warehouse keeps no other copy of a linked record's values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb

from pipelines.lookup_keys import KEY_KINDS, query_key
from pipelines.report.queries import fetch_rows

DEFAULT_LIMIT = 5
RECENT_CONTACTS = 5
# The contact history, newest first by contacted_on; a warehouse published before the table existed
# has none, and then nothing is said of contacts.
CONTACT_EVENTS = "contact_events"

Row = dict[str, Any]


class UnreadableQuery(ValueError):
    """Nothing to look up by, text that reads as no value of its kind, or a warehouse without lookup keys."""


@dataclass(frozen=True)
class CustomerView:
    customer: Row  # the golden record: a row of customers
    sources: list[
        Row
    ]  # its customer_sources rows, each with `gave`: {golden field: value} from field_provenance
    contacts: list[Row] | None  # newest first; None when the warehouse has no contact events


@dataclass(frozen=True)
class Lookup:
    keys: dict[str, str]  # kind -> the key the query's text standardised to
    customers: list[CustomerView]  # the first `limit` customers that match every key, by customer_id
    matched: int  # how many customers match, shown or not


KEY_SQL = "SELECT customer_id FROM customer_lookup_keys WHERE kind = ? AND value = ?"
SHOWN = "customer_id IN (SELECT unnest(?::VARCHAR[]))"


def find_customers(
    connection: duckdb.DuckDBPyConnection,
    criteria: dict[str, str],
    phone_region: str = "CN",
    limit: int = DEFAULT_LIMIT,
) -> Lookup:
    """The customers that match every given criterion (kind -> text as typed: phone, email, name, company)."""
    keys = _query_keys(criteria, phone_region)
    # The IDs first, the rows of the few shown after: a common name matches hundreds of customers,
    # and joining them all to customers would read every row group of it.
    matching = " INTERSECT ".join([KEY_SQL] * len(keys)) + " ORDER BY customer_id"
    try:
        matched = [
            customer_id
            for (customer_id,) in connection.execute(
                matching, [part for pair in keys.items() for part in pair]
            ).fetchall()
        ]
    except duckdb.CatalogException as missing:
        raise UnreadableQuery(
            "the warehouse has no lookup keys yet: publish it again with `customer-hub run`"
        ) from missing
    shown = matched[:limit]
    customers = fetch_rows(connection, f"SELECT * FROM customers WHERE {SHOWN} ORDER BY customer_id", [shown])
    sources = _source_records(connection, shown)
    contacts = _recent_contacts(connection, shown)
    views = [
        CustomerView(
            customer,
            sources.get(customer["customer_id"], []),
            None if contacts is None else contacts.get(customer["customer_id"], []),
        )
        for customer in customers
    ]
    return Lookup(keys, views, len(matched))


def _query_keys(criteria: dict[str, str], phone_region: str) -> dict[str, str]:
    if not criteria:
        raise UnreadableQuery(f"nothing to look up: give one or more of {', '.join(KEY_KINDS)}")
    keys = {kind: query_key(kind, text, phone_region) for kind, text in criteria.items()}
    unreadable = [f"{criteria[kind]!r} is no {kind}" for kind, key in keys.items() if key is None]
    if unreadable:
        raise UnreadableQuery("; ".join(unreadable))
    return keys


def _source_records(connection: duckdb.DuckDBPyConnection, customer_ids: list[str]) -> dict[str, list[Row]]:
    records = fetch_rows(
        connection,
        f"SELECT * EXCLUDE (run_id) FROM customer_sources WHERE {SHOWN} ORDER BY record_key",
        [customer_ids],
    )
    gave: dict[str, dict[str, str]] = {}
    for row in fetch_rows(
        connection,
        f"SELECT record_key, field, value FROM field_provenance WHERE {SHOWN} ORDER BY field",
        [customer_ids],
    ):
        gave.setdefault(row["record_key"], {})[row["field"]] = row["value"]
    return _by_customer([record | {"gave": gave.get(record["record_key"], {})} for record in records])


def _recent_contacts(
    connection: duckdb.DuckDBPyConnection, customer_ids: list[str]
) -> dict[str, list[Row]] | None:
    """The newest contacts of each customer; None for a warehouse published before contact_events."""
    try:
        events = fetch_rows(
            connection,
            f"SELECT * EXCLUDE (run_id) FROM {CONTACT_EVENTS} WHERE {SHOWN} "
            "QUALIFY row_number() OVER (PARTITION BY customer_id ORDER BY contacted_on DESC NULLS LAST) <= ? ORDER BY contacted_on DESC NULLS LAST",
            [customer_ids, RECENT_CONTACTS],
        )
    except duckdb.CatalogException:
        return None
    return _by_customer(events)


def _by_customer(rows: list[Row]) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = {}
    for row in rows:
        grouped.setdefault(row["customer_id"], []).append(row)
    return grouped
