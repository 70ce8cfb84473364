"""A Fellegi-Sunter model: comparison levels into a match weight and a match probability.

As Splink estimates it: u (how often unrelated records agree at a level) from pairs drawn at
random, m (how often true matches do) by expectation maximisation on the candidate pairs of each
blocking key, leaving out the comparisons that key decides; the prior (how likely two records drawn
at random are one customer) from the expected matches among all candidate pairs. Agreement on a
value is weighed by how common the value is among unrelated records (term frequency). A run with
too few records to estimate from keeps the defaults each comparison level states.

Written here rather than run through Splink: benchmarks/matching_vs_splink.py compares both on the
same records, and this engine, with the comparisons of `comparisons.py`, finds more true matches,
keeps its precision as the data grows, and runs in less time (and, at a million records, less
memory) on this hardware.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipelines.matching.blocking import BLOCKING_KEYS, BLOCKING_KIND_BITS
from pipelines.matching.comparisons import (
    COMPANY,
    COMPARISONS,
    ID_NUMBER,
    NAME,
    ONE_PERSONS_NAMES,
    SURELY_DIFFERENT_NAMES,
    grade_pairs,
)

# Below this many records the estimates are noise and the defaults stand. 500 records give
# 125,000 random pairs for u and, with a few duplicates each, the few hundred candidate pairs per
# blocking kind EM needs for m (MIN_EM_PAIRS).
MIN_TRAINING_RECORDS = 500
U_SAMPLE_PAIRS = 1_000_000  # per comparison
U_SAMPLE_SEED = 0  # the same records give the same model on every run
# A level seen fewer times than this among the random pairs is only known to be rarer.
MIN_LEVEL_COUNT = 10
MIN_EM_PAIRS = 200
EM_ITERATIONS = 25
PRIOR_ITERATIONS = 30
# u needs the prior and m to take the true matches out of the random pairs; m and the prior need
# u: the second round starts from the first round's estimates.
TRAINING_ROUNDS = 2
DEFAULT_PRIOR = 1e-4
# Fewest records of a value, besides a record's own, taken to belong to other customers: a name
# seen twice may well be one person's two records, but never surely.
MIN_UNRELATED_RECORDS = 0.25


@dataclass(frozen=True)
class MatchModel:
    prior: float  # probability that two records drawn at random are the same customer
    m: dict[str, np.ndarray]  # per comparison, one value per level (index 0, null, unused)
    u: dict[str, np.ndarray]
    term_counts: dict[str, pd.Series]  # prepared column -> how many records have each value
    trained_on_records: int  # 0: the defaults

    def parameters(self) -> pd.DataFrame:
        """One row per comparison level: m, u and the match weight (log2 m/u) it contributes; and a
        first row with the prior's weight, where every pair starts."""
        prior = {
            "comparison": "prior",
            "level": "two records drawn at random",
            "m_probability": None,
            "u_probability": None,
            "term_frequency_adjusted": False,
            "match_weight": match_weight_of(self.prior),
        }
        rows = [
            {
                "comparison": comparison.name,
                "level": level.name,
                "m_probability": self.m[comparison.name][number],
                "u_probability": self.u[comparison.name][number],
                "term_frequency_adjusted": level.term_frequency is not None,
            }
            for comparison in COMPARISONS
            for number, level in enumerate(comparison.levels, start=1)
        ]
        levels = pd.DataFrame(rows)
        levels["match_weight"] = np.log2(levels["m_probability"] / levels["u_probability"])
        return pd.concat([pd.DataFrame([prior]), levels], ignore_index=True).assign(
            trained_on_records=self.trained_on_records
        )

    def comparison_weights(
        self, levels: pd.DataFrame, prepared: pd.DataFrame, left_ids: np.ndarray
    ) -> pd.DataFrame:
        """log2 Bayes factor of each comparison for each pair; 0 where a side does not say.

        At a term-frequency level, u is the share of records unrelated to the left one that have its
        value (it equals the right's): the value's other records, less those of the same customer
        the model expects among them (its duplicates times m). As Splink weighs it, with the
        value's record share as u, a name seen twice would count as two people's, while such a
        name is most often one person's two records."""
        weights = {}
        duplicates_per_record = self.prior * max(self.trained_on_records - 1, 0)
        for comparison in COMPARISONS:
            level = levels[comparison.name].to_numpy()
            m, u = self.m[comparison.name][level], self.u[comparison.name][level].copy()
            for number, definition in enumerate(comparison.levels, start=1):
                counts = self.term_counts.get(definition.term_frequency)
                at_level = level == number
                if counts is not None and at_level.any():
                    column = prepared[definition.term_frequency]
                    others = counts.reindex(column.cat.categories).to_numpy(dtype=float) - 1
                    unrelated = np.maximum(
                        others - duplicates_per_record * self.m[comparison.name][number],
                        MIN_UNRELATED_RECORDS,
                    )
                    # Shares among the records that give the comparison's field, whose pairs u
                    # is over. A level that only some pairs agreeing on the value reach (a surname
                    # agreeing where one name is partial, 王先生) is rarer than the agreement on
                    # the value: u scaled by the level's u over the chance that two such records
                    # agree on the value at all.
                    giving = max(int(prepared[comparison.given_by].notna().sum()), 1)
                    shares = counts.to_numpy(dtype=float) / giving
                    scale = min(self.u[comparison.name][number] / max(float((shares**2).sum()), 1e-12), 1.0)
                    value_u = scale * unrelated / giving
                    u[at_level] = value_u[column.cat.codes.to_numpy()[left_ids[at_level]]]
            weights[comparison.name] = np.where(level == 0, 0.0, np.log2(m / u))
        return pd.DataFrame(weights, index=levels.index)

    def match_weight(self, comparison_weights: pd.DataFrame) -> pd.Series:
        return match_weight_of(self.prior) + comparison_weights.sum(axis=1)


def match_probability(match_weight):
    """1 / (1 + 2^-weight), for a number, an array or a Series; clipped so that no weight overflows."""
    return 1 / (1 + np.exp2(-np.clip(match_weight, -1000, 1000)))


def match_weight_of(probability: float) -> float:
    return float(np.log2(probability / (1 - probability)))


def default_model() -> MatchModel:
    return MatchModel(
        prior=DEFAULT_PRIOR,
        m={
            comparison.name: np.array([1.0, *(level.m for level in comparison.levels)])
            for comparison in COMPARISONS
        },
        u={
            comparison.name: np.array([1.0, *(level.u for level in comparison.levels)])
            for comparison in COMPARISONS
        },
        term_counts={},
        trained_on_records=0,
    )


def train_model(
    prepared: pd.DataFrame, pairs: pd.DataFrame, levels: pd.DataFrame
) -> tuple[MatchModel, pd.DataFrame]:
    """The model, and each pair's comparison weights under it. `pairs`: the candidate pairs
    (left_id, right_id, blocked_on: the bits of the blocking kinds that found the pair); `levels`:
    their comparison levels, aligned."""
    left_ids = pairs["left_id"].to_numpy()
    model = default_model()
    if len(prepared) < MIN_TRAINING_RECORDS:
        return model, model.comparison_weights(levels, prepared, left_ids)
    term_counts = {
        level.term_frequency: prepared[level.term_frequency].value_counts()
        for comparison in COMPARISONS
        for level in comparison.levels
        if level.term_frequency
    }
    random_levels = _random_pair_levels(prepared)
    shared_identifier_u = _shared_identifier_u(prepared, levels)
    # Round one takes the random pairs as all unrelated; round two takes out the true matches
    # that round one expects among them.
    match_share = {comparison.name: 0.0 for comparison in COMPARISONS}
    for _ in range(TRAINING_ROUNDS):
        u = _estimate_u(random_levels, match_share, model.m)
        for name, counted in shared_identifier_u.items():
            u[name] = np.where(np.isnan(counted), u[name], counted)
        m = _estimate_m(pairs["blocked_on"], levels, model.m, u)
        # The comparison weights do not depend on the prior: the final ones are the last round's.
        weights = MatchModel(model.prior, m, u, term_counts, len(prepared)).comparison_weights(
            levels, prepared, left_ids
        )
        model = MatchModel(
            _estimate_prior(weights.sum(axis=1).to_numpy(), len(prepared)), m, u, term_counts, len(prepared)
        )
        match_share = _match_share(
            levels, match_probability(model.match_weight(weights)).to_numpy(), prepared
        )
    return model, weights


def _match_share(levels: pd.DataFrame, probability: np.ndarray, prepared: pd.DataFrame) -> dict[str, float]:
    """Per comparison, the share of true matches among all pairs of records that give its field:
    the expected matches among the candidate pairs over all such pairs."""
    share = {}
    for comparison in COMPARISONS:
        giving = int(prepared[comparison.given_by].notna().sum())
        all_pairs = max(giving * (giving - 1) / 2, 1)
        share[comparison.name] = float(probability[levels[comparison.name].to_numpy() != 0].sum() / all_pairs)
    return share


def _random_pair_levels(prepared: pd.DataFrame) -> dict[str, np.ndarray]:
    """Per comparison, the levels of random pairs of records that both give its field: pairs where
    a side says nothing weigh nothing, and sampling among the rest sees rare levels a million times
    more often than sampling among all pairs would."""
    rng = np.random.default_rng(U_SAMPLE_SEED)
    levels = {}
    for comparison in COMPARISONS:
        giving = np.flatnonzero(prepared[comparison.given_by].notna().to_numpy())
        sample = min(U_SAMPLE_PAIRS, len(giving) * (len(giving) - 1) // 2)
        left, right = (
            giving[rng.integers(0, max(len(giving), 1), sample)],
            giving[rng.integers(0, max(len(giving), 1), sample)],
        )
        distinct = left != right
        levels[comparison.name] = grade_pairs(prepared, left[distinct], right[distinct], (comparison,))[
            comparison.name
        ].to_numpy()
    return levels


def _shared_identifier_u(prepared: pd.DataFrame, levels: pd.DataFrame) -> dict[str, np.ndarray]:
    """Per comparison, u of its levels where records share an identifier's value (NaN for the
    other levels), counted rather than sampled: sampling a million pairs cannot tell a sharing
    rate of 1e-5 from 1e-9. Every pair of records sharing such a value is a candidate pair (a
    blocking key finds it); of those, the pairs of two customers are the ones with a conflict
    no typo explains: two people's names that surely differ, two companies under other names
    for other people, two ID numbers that pass their check. A mobile under 王先生,
    王工 and no name is one caller's; a landline under 刘杰 and 王芳 a family's. A level no
    two customers share counts one pair, as rarer than that is not known."""
    one_name = levels["name"].isin([NAME.level(name) for name in ONE_PERSONS_NAMES])
    two_customers = (
        levels["name"].isin([NAME.level(name) for name in SURELY_DIFFERENT_NAMES])
        # One person's name under two company names is one contact whose company is written two
        # ways (信宝 and Xinbao Optoelectronics), not two customers.
        | (
            levels["company"].isin([COMPANY.level(name) for name in ("different", "other_region")])
            & ~one_name
        )
        | (levels["id_number"] == ID_NUMBER.level("different"))
    ).to_numpy()
    u = {}
    for comparison in COMPARISONS:
        giving = int(prepared[comparison.given_by].notna().sum())
        all_pairs = max(giving * (giving - 1) / 2, 1)
        counted = np.full(len(comparison.level_names), np.nan)
        at = levels[comparison.name].to_numpy()
        for number, level in enumerate(comparison.levels, start=1):
            if level.shared_identifier:
                counted[number] = max(int((two_customers & (at == number)).sum()), 1) / all_pairs
        if not np.isnan(counted).all():
            u[comparison.name] = counted
    return u


def _estimate_u(
    random_levels: dict[str, np.ndarray], match_share: dict[str, float], m: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """Level shares among random pairs, less the true matches expected among them: in a small
    company's data, random pairs that share an email are mostly one customer."""
    u = {}
    for comparison in COMPARISONS:
        counts = np.bincount(random_levels[comparison.name], minlength=len(comparison.level_names)).astype(
            float
        )[1:]
        said = max(counts.sum(), 1)
        matches = match_share[comparison.name] * said * m[comparison.name][1:]
        unrelated = np.maximum(counts - matches, 0) / max(said - matches.sum(), 1)
        default = np.array([level.u for level in comparison.levels])
        # A level seen seldom is only known to be rarer than MIN_LEVEL_COUNT in `said` pairs: that
        # bound, or the default where it is lower.
        seldom = np.minimum(default, MIN_LEVEL_COUNT / said)
        estimated = np.where(counts - matches >= MIN_LEVEL_COUNT, unrelated, seldom)
        u[comparison.name] = np.concatenate([[1.0], estimated])
    return u


def _estimate_m(
    blocked_on: pd.Series, levels: pd.DataFrame, default_m: dict[str, np.ndarray], u: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """Expectation maximisation per blocking kind, u held fixed; each comparison's m is the mean
    of the kinds that could estimate it, else its default."""
    estimates: dict[str, list[np.ndarray]] = {comparison.name: [] for comparison in COMPARISONS}
    for kind, key in BLOCKING_KEYS.items():
        in_session = (blocked_on.to_numpy() & BLOCKING_KIND_BITS[kind]) != 0
        if in_session.sum() < MIN_EM_PAIRS:
            continue
        free = [comparison for comparison in COMPARISONS if comparison.name not in key.decides]
        patterns = (
            levels.loc[in_session, [comparison.name for comparison in free]]
            .value_counts()
            .reset_index(name="pairs")
        )
        for name, m in _expectation_maximisation(patterns, free, default_m, u).items():
            estimates[name].append(m)
    return {name: np.mean(found, axis=0) if found else default_m[name] for name, found in estimates.items()}


def _expectation_maximisation(patterns: pd.DataFrame, comparisons, default_m, u) -> dict[str, np.ndarray]:
    counts = patterns["pairs"].to_numpy(dtype=float)
    m = {comparison.name: default_m[comparison.name].copy() for comparison in comparisons}
    share_matching = 0.5
    for _ in range(EM_ITERATIONS):
        weight = match_weight_of(share_matching) + sum(
            np.log2(m[c.name][patterns[c.name]] / u[c.name][patterns[c.name]]) for c in comparisons
        )
        expected = counts * match_probability(np.asarray(weight))
        share_matching = float(np.clip(expected.sum() / counts.sum(), 1e-6, 1 - 1e-6))
        for comparison in comparisons:
            level = patterns[comparison.name].to_numpy()
            mass = np.bincount(level, weights=expected, minlength=len(comparison.level_names))
            said = mass[1:].sum()
            if said > 0:
                # A level no expected match reached keeps a floor: never certain it cannot happen.
                m[comparison.name] = np.concatenate([[1.0], np.maximum(mass[1:] / said, 1e-6)])
    return m


def _estimate_prior(weights: np.ndarray, record_count: int) -> float:
    """The prior that makes the expected matches among the candidate pairs consistent with it;
    pairs that share no blocking key are taken as non-matches."""
    all_pairs = record_count * (record_count - 1) / 2
    prior = DEFAULT_PRIOR
    for _ in range(PRIOR_ITERATIONS):
        prior = float(
            np.clip(match_probability(match_weight_of(prior) + weights).sum() / all_pairs, 1e-12, 0.5)
        )
    return prior
