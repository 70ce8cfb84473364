"""Views for departments over the published customers: one per department, each with a masked
twin, and `customers_masked`. Created in the publish transaction, so views and tables switch
together.

Masking uses DuckDB's built-in functions only, so that any DuckDB client (CLI, Python, JDBC) can
read the views without installing an extension.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import duckdb

MASKED_CUSTOMERS_VIEW = "customers_masked"
DEPARTMENT_VIEW_PREFIX = "dept_"
MASKED_SUFFIX = "_masked"


def masked_phone_sql(phone: str) -> str:
    """SQL for an E.164 phone with its middle hidden: `+86 138****8000` for Chinese numbers, the
    first and last four characters of others (`+447****3456`); a number too short to keep a part
    of is hidden whole."""
    return (
        f"CASE WHEN {phone} IS NULL THEN NULL"
        f" WHEN {phone} LIKE '+86%' AND length({phone}) >= 13 THEN '+86 ' || {phone}[4:6] || '****' || {phone}[-4:]"
        f" WHEN length({phone}) >= 11 THEN {phone}[1:4] || '****' || {phone}[-4:]"
        " ELSE '****' END"
    )


def masked_email_sql(email: str) -> str:
    """SQL for an email with its mailbox hidden but for the first character: `z***@example.com`.
    A one-character mailbox is hidden whole, so the masked form never holds the full mailbox."""
    return (
        f"CASE WHEN {email} IS NULL THEN NULL"
        f" WHEN strpos({email}, '@') = 0 THEN '***'"
        f" ELSE CASE WHEN strpos({email}, '@') > 2 THEN {email}[1:1] ELSE '' END || '***@' || regexp_replace({email}, '^.*@', '')"
        " END"
    )


# id_number needs no mask here: customers holds it masked already (pipelines/standardise/id_numbers.py).
MASKED_CUSTOMERS_SQL = f"""
SELECT * REPLACE (
    {masked_phone_sql("phone")} AS phone,
    {masked_email_sql("email")} AS email,
    [{masked_phone_sql("p")} FOR p IN phones] AS phones,
    [{masked_email_sql("e")} FOR e IN emails] AS emails
) FROM customers
"""


def department_view_name(department: str) -> str:
    """`dept_after_sales` for after_sales; also for "After Sales", which is most likely the same
    department written another way, so both share one view."""
    return DEPARTMENT_VIEW_PREFIX + re.sub(r"\W+", "_", department.strip().lower()).strip("_")


def warehouse_views(departments: Iterable[str]) -> dict[str, str]:
    """View name -> SQL: customers_masked, and for each department the customers with at least one
    source record from it, in full and masked."""
    views = {MASKED_CUSTOMERS_VIEW: MASKED_CUSTOMERS_SQL}
    by_view: dict[str, set[str]] = {}
    for department in departments:
        by_view.setdefault(department_view_name(department), set()).add(department)
    for view, names in sorted(by_view.items()):
        held_by = ", ".join(quote_literal(name) for name in sorted(names))
        condition = (
            "WHERE EXISTS (SELECT 1 FROM customer_sources s"
            f" WHERE s.customer_id = c.customer_id AND s.department IN ({held_by}))"
        )
        views[view] = f"SELECT c.* FROM customers c {condition}"
        views[view + MASKED_SUFFIX] = f"SELECT c.* FROM {MASKED_CUSTOMERS_VIEW} c {condition}"
    return views


def create_views(connection: duckdb.DuckDBPyConnection, departments: Iterable[str]) -> None:
    """Create or replace every view, and drop the views of departments no longer registered."""
    views = warehouse_views(departments)
    existing = connection.execute(
        "SELECT view_name FROM duckdb_views() WHERE database_name = current_database() AND NOT internal AND starts_with(view_name, ?)",
        [DEPARTMENT_VIEW_PREFIX],
    ).fetchall()
    for (stale,) in existing:
        if stale not in views:
            connection.execute(f"DROP VIEW {quote_identifier(stale)}")
    for view, sql in views.items():
        connection.execute(f"CREATE OR REPLACE VIEW {quote_identifier(view)} AS {sql}")


def quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
