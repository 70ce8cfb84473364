"""Pairwise precision and recall of a clustering against ground truth, from group sizes alone."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class PairwiseScores:
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def pairwise_scores(truth: pd.Series, predicted: pd.Series) -> PairwiseScores:
    """Both Series are labels of the same records (aligned by index). A pair of records is a true
    pair when they share a truth label and a predicted pair when they share a predicted label;
    counting pairs per group avoids enumerating them."""
    labels = pd.DataFrame({"truth": truth, "predicted": predicted})
    return PairwiseScores(
        true_pairs=_pairs(labels.groupby("truth").size()),
        predicted_pairs=_pairs(labels.groupby("predicted").size()),
        correct_pairs=_pairs(labels.groupby(["truth", "predicted"]).size()),
    )


def _pairs(group_sizes: pd.Series) -> int:
    return int((group_sizes * (group_sizes - 1) // 2).sum())
