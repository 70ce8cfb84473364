"""Latency of `customer-hub lookup` on a warehouse of 1,000,000 customers, per kind of key.

    .venv/bin/python benchmarks/lookup_latency.py [--customers N] [--lookups N]

The warehouse is synthetic, as the sync would take too long on a million customers: DuckDB SQL
writes standardised records (1.5 per customer: a mobile and an email, every other customer a
second record with a landline; two in five customers are companies, in pairs sharing a trade name
in two cities; names from 20 surnames, so each is shared by many) and the golden
records, lineage and provenance of them. The pipeline's standardisers give the name and company
keys, and `lookup_keys` and `publish` write every table as a nightly run does. Each lookup opens the
warehouse read-only and gathers what `customer-hub lookup` prints (golden records, source records,
provenance), with the key typed as a department would: 138 0013 8000, an email in capitals, a name
in pinyin in any order, a company with its city and legal form. Prints the median, 95th percentile
and maximum per kind with the mean number of customers found, and peak memory of the lookups and
of the build (in a child process).
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path

import duckdb
import pandas as pd
from pypinyin import lazy_pinyin

from pipelines.lookup import find_customers
from pipelines.lookup_keys import lookup_keys
from pipelines.standardise.companies import COMPANY_COLUMNS, standardise_company
from pipelines.standardise.distinct import map_distinct
from pipelines.standardise.names import NAME_COLUMNS, standardise_person_name
from pipelines.standardise.records import PHONE_SLOTS
from warehouse.publish import CURRENT_TABLES, HISTORY_TABLES, Publication, ensure_schema, publish

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英"
TRADE = "华信宝联泰恒达兴盛隆鑫源通和新科博创利安"
INDUSTRIES = ["电子", "机械", "科技", "贸易", "医疗器械", "光电技术", "建材", "物流"]
CITIES = ["深圳", "广州", "上海", "北京", "杭州", "南京"]
RUN_ID = "benchmark"

# One row per source record. Customer n's first record has a mobile and an email, every other
# customer has a second record with a landline. Two in five customers are companies, in pairs
# that share a trade name in two cities; the trade name spells n // 5 in TRADE's characters.
RECORDS_SQL = f"""
CREATE TABLE records AS
WITH customers AS (
    SELECT n, printf('CUST-%07d', n) AS customer_id, n % 5 < 2 AS is_company, name AS name_std,
           {CITIES!r}[1 + n % {len(CITIES)}] AS city_std,
           array_to_string([{TRADE!r}[1 + (n // 5 // {len(INDUSTRIES)} // pow({len(TRADE)}, d)::BIGINT) % {len(TRADE)}] FOR d IN range(4)], '')
               || {INDUSTRIES!r}[1 + n // 5 % {len(INDUSTRIES)}] AS trade_and_industry
    FROM range(1, $customers + 1) AS r(n) JOIN names ON names.id = hash(n) % $names
)
SELECT customer_id, record, printf('bench:%d-%d', n, record) AS record_key, name_std, is_company, city_std,
       CASE WHEN is_company THEN city_std || '市' || trade_and_industry || '有限公司' END AS company_std,
       CASE WHEN record = 1 THEN printf('+861%d%09d', 3 + n % 7, n * 2654435761 % 1000000000)
            ELSE printf('+86755%08d', n * 48271 % 100000000) END AS phone_e164,
       CASE WHEN record = 1 THEN printf('user%d@163.com', n) END AS email_std
FROM customers, range(1, 3) AS r(record)
WHERE record = 1 OR n % 2 = 0
"""
CUSTOMERS_SQL = """
SELECT customer_id, CASE WHEN bool_or(is_company) THEN 'company' ELSE 'person' END AS customer_type,
       coalesce(first(company_std), first(name_std)) AS display_name, first(name_std) AS person_name,
       first(company_std) AS company_name, first(phone_e164 ORDER BY record) AS phone, first(email_std) AS email,
       first(city_std) AS city, list(phone_e164 ORDER BY phone_e164) AS phones, list(email_std) FILTER (email_std IS NOT NULL) AS emails,
       ['sales'] AS departments, ['bench'] AS sources, count(*)::INTEGER AS record_count
FROM records GROUP BY customer_id ORDER BY customer_id
"""
SOURCES_SQL = """
SELECT record_key, customer_id, 'bench' AS source, 'sales' AS department, 'customers.xlsx' AS source_file,
       printf('Sheet!%d', row_number() OVER ()) AS source_locator, TIMESTAMP '2026-11-01 02:00' AS loaded_at,
       CASE WHEN count(*) OVER (PARTITION BY customer_id) > 1 THEN 'same_rare_name_same_city' ELSE 'single_record' END AS matched_by
FROM records ORDER BY record_key
"""
PROVENANCE_SQL = """
SELECT customer_id, field, value, record_key, 'bench' AS source FROM (
    UNPIVOT (SELECT customer_id, record_key, name_std AS person_name, company_std AS company_name, phone_e164 AS phone,
                    email_std AS email, city_std AS city FROM records WHERE record = 1)
    ON person_name, company_name, phone, email, city INTO NAME field VALUE value)
ORDER BY customer_id, field
"""


def build_warehouse(database: Path, customers: int) -> None:
    with duckdb.connect(str(database)) as connection:
        connection.execute("SET enable_progress_bar = false")
        ensure_schema(connection)
        empty = {
            t: connection.execute(f"SELECT * EXCLUDE (run_id) FROM {t} LIMIT 0").df()
            for t in CURRENT_TABLES + HISTORY_TABLES
        }
        names = [
            surname + given
            for surname in SURNAMES
            for given in [*GIVEN, *(a + b for a in GIVEN for b in GIVEN)]
        ]
        connection.register("names", pd.DataFrame({"id": range(len(names)), "name": names}))
        connection.execute(RECORDS_SQL, {"customers": customers, "names": len(names)})
        records = connection.execute("SELECT * FROM records").df()
        # The keys as the pipeline's standardisers make them, once per distinct name.
        records["name_key"] = map_distinct(records["name_std"], standardise_person_name, NAME_COLUMNS)[
            "name_key"
        ]
        records["company_key"] = map_distinct(records["company_std"], standardise_company, COMPANY_COLUMNS)[
            "company_key"
        ]
        records = records.assign(**{f"{slot}_e164": None for slot in PHONE_SLOTS[1:]})
        sources = connection.execute(SOURCES_SQL).df()
        tables = empty | {
            "customers": connection.execute(CUSTOMERS_SQL).df(),
            "customer_sources": sources,
            "field_provenance": connection.execute(PROVENANCE_SQL).df(),
            # The synthetic records carry their customer already.
            "customer_lookup_keys": lookup_keys(records),
        }
        connection.execute("DROP TABLE records")
        publish(connection, Publication(RUN_ID, tables))


def typed_queries(database: Path, lookups: int) -> dict[str, list[str]]:
    """Per kind, keys of random customers written as a department types them."""
    with duckdb.connect(str(database), read_only=True) as connection:
        # Five times as many as needed: two in five customers are companies.
        sample = connection.execute(
            f"SELECT phone, email, person_name, company_name FROM customers USING SAMPLE reservoir({lookups * 5} ROWS) REPEATABLE (7)"
        ).df()
    rng = random.Random(7)
    return {
        "phone": [f"{n[:3]} {n[3:7]} {n[7:]}" for n in sample["phone"].str.removeprefix("+86").head(lookups)],
        "email": sample["email"].str.upper().head(lookups).tolist(),
        "name": [
            " ".join(syllable.capitalize() for syllable in rng.sample(lazy_pinyin(name), len(name)))
            for name in sample["person_name"].head(lookups)
        ],
        "company": sample["company_name"].dropna().head(lookups).tolist(),
    }


def time_lookups(database: Path, kind: str, texts: list[str]) -> tuple[list[float], list[int]]:
    """Milliseconds per lookup, and how many customers each found."""
    milliseconds, matched = [], []
    for text in texts:
        started = time.perf_counter()
        with duckdb.connect(str(database), read_only=True) as connection:
            found = find_customers(connection, {kind: text})
        milliseconds.append((time.perf_counter() - started) * 1000)
        assert found.matched, f"{kind} {text!r} found no customer"
        matched.append(found.matched)
    return milliseconds, matched


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--lookups", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        database = Path(workdir) / "hub.duckdb"
        started = time.perf_counter()
        # In a child process, so that the lookups' peak memory is their own.
        builder = multiprocessing.get_context("spawn").Process(
            target=build_warehouse, args=(database, args.customers)
        )
        builder.start()
        builder.join()
        if builder.exitcode:
            raise SystemExit(f"building the warehouse failed (exit code {builder.exitcode})")
        with duckdb.connect(str(database), read_only=True) as connection:
            counts = {
                t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("customers", "customer_sources", "customer_lookup_keys")
            }
        print(
            f"warehouse built in {time.perf_counter() - started:.0f} s: "
            + ", ".join(f"{rows:,} {t}" for t, rows in counts.items())
        )
        print(f"{'kind':<9}{'lookups':>8}{'customers_found':>16}{'median_ms':>11}{'p95_ms':>9}{'max_ms':>9}")
        for kind, texts in typed_queries(database, args.lookups).items():
            milliseconds, matched = time_lookups(database, kind, texts)
            milliseconds.sort()
            p95 = milliseconds[int(0.95 * (len(milliseconds) - 1))]
            print(
                f"{kind:<9}{len(milliseconds):>8}{statistics.mean(matched):>16.1f}"
                f"{statistics.median(milliseconds):>11.1f}{p95:>9.1f}{milliseconds[-1]:>9.1f}"
            )
    print(
        f"peak memory: lookups {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB, "
        f"building the warehouse {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024} MB"
    )


if __name__ == "__main__":
    main()
