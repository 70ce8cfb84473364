"""Entry point: build the true customers, spread their records over the five
sources, write every source file and the ground truth that links them."""

from __future__ import annotations

import csv
import random
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pandas as pd

from .company_files import write_complaint_log, write_staff_roster
from .messages import MailboxMessages
from .people import Customer, CustomerFactory, HardNegativeGroup, Staff, plan_hard_negatives
from .plan import JUNK, plan_records
from .sources import (
    AFTER_SALES_HEADER,
    LEGACY_COLUMNS,
    LEGACY_TABLE,
    SALES_HEADER,
    SALES_PREAMBLE,
    SALES_SHEETS,
    TRADE_FAIR_HEADER,
    TRADE_FAIR_SHEETS,
    AfterSalesRows,
    LegacyCrmRows,
    SalesWorkbookRows,
    TradeFairRows,
)
from .writers import write_gbk_csv, write_mbox, write_sqlite, write_workbook

GROUND_TRUTH_FILE = "ground_truth.csv"
GROUND_TRUTH_HEADER = ("source", "locator", "true_customer_id", "customer_kind", "hard_negative_group")
RECORDS_PER_CUSTOMER = 1.7
COMPANY_SHARE = 0.35
JUNK_SHARE = 0.005
MIN_RECORDS = 200


class RowRenderer(Protocol):
    def record(self, customer: Customer) -> Any: ...

    def junk(self) -> Any: ...


@dataclass(frozen=True)
class DemoSource:
    name: str
    department: str  # as the demo registry says
    file_name: str
    # relative chance of a person / company record landing in this source
    person_weight: float
    company_weight: float
    has_junk: bool
    renderer: Callable[[random.Random, tuple[Staff, ...]], RowRenderer]
    write: Callable[[Path, Iterator[Any]], list[str]]


SOURCES: tuple[DemoSource, ...] = (
    DemoSource(
        "sales_workbook",
        "sales",
        "sales_customers.xlsx",
        0.36,
        0.30,
        True,
        SalesWorkbookRows,
        partial(write_workbook, sheet_names=SALES_SHEETS, header=SALES_HEADER, preamble=SALES_PREAMBLE),
    ),
    DemoSource(
        "after_sales_service",
        "after_sales",
        "after_sales_service.csv",
        0.31,
        0.16,
        True,
        lambda rng, staff: AfterSalesRows(rng),
        partial(write_gbk_csv, header=AFTER_SALES_HEADER),
    ),
    DemoSource(
        "trade_fair_leads",
        "marketing",
        "trade_fair_leads.xlsx",
        0.07,
        0.28,
        True,
        lambda rng, staff: TradeFairRows(rng),
        partial(write_workbook, sheet_names=TRADE_FAIR_SHEETS, header=TRADE_FAIR_HEADER),
    ),
    # every message is between staff and a real customer, so no junk here
    DemoSource("mailbox", "customer_service", "mailbox.mbox", 0.10, 0.17, False, MailboxMessages, write_mbox),
    DemoSource(
        "legacy_crm",
        "sales",
        "legacy_crm.sqlite",
        0.16,
        0.09,
        True,
        LegacyCrmRows,
        partial(write_sqlite, table=LEGACY_TABLE, columns=LEGACY_COLUMNS),
    ),
)


@dataclass(frozen=True)
class DemoSummary:
    out_dir: Path
    records_by_source: dict[str, int]
    total_records: int
    true_customers: int
    junk_records: int
    hard_negative_groups: dict[str, int]


@dataclass(frozen=True)
class Population:
    """The true customers and the plan of where each of their records goes."""

    customers: list[Customer]
    staff: tuple[Staff, ...]
    groups: list[HardNegativeGroup]
    plan: list[np.ndarray]  # per source: customer index of each row, JUNK for junk rows
    junk_by_source: list[int]


def generate_demo_sources(out_dir: Path, records: int = 2000, seed: int = 7) -> DemoSummary:
    """Write the five demo source files plus ``ground_truth.csv``, the staff
    roster and the complaint log into ``out_dir``.  The same ``records`` and
    ``seed`` always give the same bytes."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    population = build_population(records, seed)
    placements = _write_sources(out_dir, population, seed)
    records_by_source = {source: len(rows) for source, rows in placements.items()}
    # The company files draw from their own random streams, after the sources: the sources and
    # their ground truth stay the same bytes as before these files existed.
    write_staff_roster(out_dir, population.staff, random.Random(f"{seed}:staff_roster"))
    write_complaint_log(
        out_dir, _customer_records_by_department(placements), random.Random(f"{seed}:complaints")
    )
    return DemoSummary(
        out_dir=out_dir,
        records_by_source=records_by_source,
        total_records=sum(records_by_source.values()),
        true_customers=len(population.customers),
        junk_records=sum(population.junk_by_source),
        hard_negative_groups=dict(Counter(group.kind for group in population.groups)),
    )


def build_population(records: int, seed: int) -> Population:
    if records < MIN_RECORDS:
        raise ValueError(f"records must be at least {MIN_RECORDS}, got {records}")
    junk_by_source = _junk_by_source(records)
    customer_records = records - sum(junk_by_source)
    n_customers = round(customer_records / RECORDS_PER_CUSTOMER)

    plan_rng = np.random.default_rng(seed)
    people_rng = random.Random(f"{seed}:customers")
    groups = plan_hard_negatives(n_customers, people_rng)
    is_company = _customer_kinds(groups, n_customers, plan_rng)
    plan = plan_records(
        is_company,
        customer_records,
        junk_by_source,
        [s.person_weight for s in SOURCES],
        [s.company_weight for s in SOURCES],
        plan_rng,
    )
    # a customer who writes to us by mail must have an address to write from
    needs_email = np.zeros(n_customers, dtype=bool)
    needs_email[plan[_source_index("mailbox")]] = True
    customer_ids = [f"T{number:06d}" for number in (plan_rng.permutation(n_customers) + 1).tolist()]

    factory = CustomerFactory(people_rng)
    staff = factory.staff()
    customers = factory.customers(customer_ids, is_company.tolist(), needs_email.tolist(), groups)
    return Population(customers, staff, groups, plan, junk_by_source)


def _junk_by_source(records: int) -> list[int]:
    takers = [index for index, source in enumerate(SOURCES) if source.has_junk]
    total = max(len(takers), round(records * JUNK_SHARE))
    junk = [0] * len(SOURCES)
    for position, index in enumerate(takers):
        junk[index] = total // len(takers) + (position < total % len(takers))
    return junk


def _customer_kinds(
    groups: Sequence[HardNegativeGroup], n_customers: int, rng: np.random.Generator
) -> np.ndarray:
    """Company flags; hard-negative members come first, as the factory expects."""
    grouped = [group.is_company for group in groups for _ in range(group.size)]
    rest = n_customers - len(grouped)
    company_share = min(1.0, max(0.0, (COMPANY_SHARE * n_customers - sum(grouped)) / rest))
    return np.concatenate([np.array(grouped, dtype=bool), rng.random(rest) < company_share])


def _source_index(name: str) -> int:
    return next(index for index, source in enumerate(SOURCES) if source.name == name)


def _write_sources(out_dir: Path, population: Population, seed: int) -> dict[str, list[tuple[str, int]]]:
    """Per source, (locator, customer index or JUNK) of every row written."""
    customers = population.customers
    placements: dict[str, list[tuple[str, int]]] = {}
    with (out_dir / GROUND_TRUTH_FILE).open("w", encoding="utf-8", newline="") as handle:
        truth = csv.writer(handle, lineterminator="\n")
        truth.writerow(GROUND_TRUTH_HEADER)
        for source, entries in zip(SOURCES, population.plan):
            # one random stream per source, so each file only depends on the seed
            renderer = source.renderer(random.Random(f"{seed}:{source.name}"), population.staff)
            indices = entries.tolist()
            locators = source.write(out_dir / source.file_name, _rows(indices, customers, renderer))
            for locator, index in zip(locators, indices, strict=True):
                truth.writerow(_truth_row(source.name, locator, None if index == JUNK else customers[index]))
            placements[source.name] = list(zip(locators, indices))
    return placements


def _customer_records_by_department(
    placements: dict[str, list[tuple[str, int]]],
) -> list[dict[str, list[str]]]:
    """Per customer who has records, department -> the record keys (source:locator) of its records there."""
    departments = {source.name: source.department for source in SOURCES}
    by_customer: dict[int, dict[str, list[str]]] = {}
    for source, rows in placements.items():
        for locator, index in rows:
            if index != JUNK:
                by_customer.setdefault(index, {}).setdefault(departments[source], []).append(
                    f"{source}:{locator}"
                )
    return [by_customer[index] for index in sorted(by_customer)]


def _rows(indices: list[int], customers: list[Customer], renderer: RowRenderer) -> Iterator[Any]:
    for index in indices:
        yield renderer.junk() if index == JUNK else renderer.record(customers[index])


def _truth_row(source: str, locator: str, customer: Customer | None) -> tuple[str, str, str, str, str]:
    if customer is None:
        return source, locator, "", "junk", ""
    return source, locator, customer.customer_id, customer.kind, customer.hard_negative_group


def read_ground_truth(data_dir: Path) -> pd.DataFrame:
    """The ground truth a generation wrote into `data_dir`, with each record's `record_key`
    (source:locator) as the pipeline names it; empty text where a record belongs to no customer."""
    truth = pd.read_csv(data_dir / GROUND_TRUTH_FILE, dtype=str, keep_default_na=False)
    return truth.assign(record_key=truth["source"] + ":" + truth["locator"])
