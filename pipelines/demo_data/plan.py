"""Which customer shows up how often in which source."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

# Probability of a true customer having 1, 2, 3, 4 or 5 records (mean ~1.7).
RECORD_COUNT_PROBABILITIES = (0.58, 0.22, 0.12, 0.06, 0.02)
MAX_SOURCES_PER_CUSTOMER = 4
# Chance that a customer with several records has two of them in one source.
SAME_SOURCE_REPEAT = 0.1
JUNK = -1


def plan_records(
    is_company: np.ndarray,
    customer_records: int,
    junk_by_source: Sequence[int],
    person_weights: Sequence[float],
    company_weights: Sequence[float],
    rng: np.random.Generator,
) -> list[np.ndarray]:
    """Per source, the customer index of each row in write order; ``JUNK``
    marks a row that belongs to no customer."""
    counts = _records_per_customer(len(is_company), customer_records, rng)
    customer, source = _assign_sources(counts, is_company, person_weights, company_weights, rng)
    return [
        rng.permutation(np.concatenate([customer[source == index], np.full(junk, JUNK)]))
        for index, junk in enumerate(junk_by_source)
    ]


def _records_per_customer(n_customers: int, total: int, rng: np.random.Generator) -> np.ndarray:
    """Skewed counts (many customers once, many two or three times) nudged
    until they add up to exactly ``total``."""
    most = len(RECORD_COUNT_PROBABILITIES)
    if not n_customers <= total <= most * n_customers:
        raise ValueError(f"cannot spread {total} records over {n_customers} customers")
    counts = rng.choice(np.arange(1, most + 1), size=n_customers, p=RECORD_COUNT_PROBABILITIES)
    missing = total - int(counts.sum())
    while missing:
        step = 1 if missing > 0 else -1
        eligible = np.flatnonzero(counts < most if step > 0 else counts > 1)
        chosen = rng.choice(eligible, size=min(abs(missing), len(eligible)), replace=False)
        counts[chosen] += step
        missing -= step * len(chosen)
    return counts


def _assign_sources(
    counts: np.ndarray,
    is_company: np.ndarray,
    person_weights: Sequence[float],
    company_weights: Sequence[float],
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """(customer index, source index) of every record."""
    n_customers = len(counts)
    weights = np.where(is_company[:, None], np.asarray(company_weights), np.asarray(person_weights))
    # Gumbel top-k: ranking log-weights plus Gumbel noise draws a weighted
    # sample of sources without replacement for every customer at once.
    preference = np.argsort(-(np.log(weights) + rng.gumbel(size=weights.shape)), axis=1)
    distinct = np.minimum(counts, MAX_SOURCES_PER_CUSTOMER)
    distinct -= (counts >= 2) & (rng.random(n_customers) < SAME_SOURCE_REPEAT)
    customer = np.repeat(np.arange(n_customers), counts)
    position = np.arange(len(customer)) - np.repeat(np.cumsum(counts) - counts, counts)
    allowed = distinct[customer]
    # records beyond the customer's distinct sources repeat one of them
    slot = np.where(position < allowed, position, (rng.random(len(customer)) * allowed).astype(np.int64))
    return customer, preference[customer, slot]
