"""Small random helpers shared by the generator modules."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta
from itertools import accumulate
from typing import Generic, TypeVar

T = TypeVar("T")


class Weighted(Generic[T]):
    """A weighted choice whose cumulative weights are computed once;
    ``random.choices(weights=...)`` would re-accumulate them on every call."""

    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        if len(items) != len(weights):
            raise ValueError("items and weights differ in length")
        self._items = tuple(items)
        self._cum_weights = tuple(accumulate(weights))

    @classmethod
    def of(cls, pairs: Sequence[tuple[T, float]]) -> Weighted[T]:
        return cls([item for item, _ in pairs], [weight for _, weight in pairs])

    def pick(self, rng: random.Random) -> T:
        return rng.choices(self._items, cum_weights=self._cum_weights)[0]


def random_date(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, (last - first).days))
