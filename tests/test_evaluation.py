import itertools

import pandas as pd
import pytest

from pipelines.evaluation import pairwise_scores


def brute_force(truth, predicted):
    pairs = list(itertools.combinations(range(len(truth)), 2))
    true_pairs = {p for p in pairs if truth[p[0]] == truth[p[1]]}
    predicted_pairs = {p for p in pairs if predicted[p[0]] == predicted[p[1]]}
    return len(true_pairs), len(predicted_pairs), len(true_pairs & predicted_pairs)


@pytest.mark.parametrize(
    "truth, predicted",
    [
        (list("aabbbc"), [1, 1, 2, 2, 3, 4]),
        (list("aaaa"), [1, 1, 1, 1]),
        (list("abcd"), [1, 1, 1, 1]),
        (list("aabb"), [1, 2, 3, 4]),
    ],
)
def test_pair_counts_match_brute_force(truth, predicted):
    scores = pairwise_scores(pd.Series(truth), pd.Series(predicted))
    assert (scores.true_pairs, scores.predicted_pairs, scores.correct_pairs) == brute_force(truth, predicted)


def test_precision_recall_f1():
    scores = pairwise_scores(pd.Series(list("aabbbc")), pd.Series([1, 1, 2, 2, 3, 3]))
    assert (scores.precision, scores.recall) == (2 / 3, 2 / 4)
    assert scores.f1 == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))
