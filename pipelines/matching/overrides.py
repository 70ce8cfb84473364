"""A data steward's decisions on record pairs, kept in a CSV file and applied on every run:
`must_link` joins two records whatever the matcher says; `cannot_link` keeps them apart, even
through other records."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

OVERRIDE_COLUMNS = ["record_key_a", "record_key_b", "decision", "reason", "decided_by", "decided_at"]
DECISIONS = ("must_link", "cannot_link")


class OverrideError(ValueError):
    """The overrides file is unreadable or has a row that says nothing usable."""


def load_overrides(path: Path | None) -> pd.DataFrame:
    """The steward's decisions; an empty frame when no file is configured or it does not exist yet."""
    if path is None or not path.exists():
        return pd.DataFrame(columns=OVERRIDE_COLUMNS, dtype=object)
    try:
        overrides = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as unreadable:
        raise OverrideError(f"overrides file {path}: {unreadable}") from unreadable
    missing = [c for c in ("record_key_a", "record_key_b", "decision") if c not in overrides]
    if missing:
        raise OverrideError(f"overrides file {path} lacks columns {', '.join(missing)}")
    overrides["decision"] = overrides["decision"].str.strip().str.lower()
    bad = overrides[~overrides["decision"].isin(DECISIONS) | (overrides["record_key_a"] == "") | (overrides["record_key_b"] == "")]
    if not bad.empty:
        line = int(bad.index[0]) + 2
        raise OverrideError(f"overrides file {path}, line {line}: needs two record keys and a decision of {' or '.join(DECISIONS)}")
    return overrides.reindex(columns=OVERRIDE_COLUMNS).fillna("")
