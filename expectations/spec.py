from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

CRITICAL, WARNING = "critical", "warning"


@dataclass(frozen=True)
class Expectation:
    """One Great Expectations expectation with the severity of its failure."""

    type: str
    severity: str
    kwargs: dict[str, Any] = field(default_factory=dict)


def critical(type_: str, **kwargs: Any) -> Expectation:
    return Expectation(type_, CRITICAL, kwargs)


def warning(type_: str, **kwargs: Any) -> Expectation:
    return Expectation(type_, WARNING, kwargs)
