"""A night whose input did not change recomputes nothing: a stage's result is kept with the key of
what it was computed from (its input's content, its settings and its code), and a later run with
the same key takes it back instead of computing it again. One entry per stage: the latest."""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

# A frame's content key, kept in its attrs by the stage that made it, so that the next stage
# need not hash it again. pandas copies attrs into frames derived from it: the key is trusted
# only on a frame of the same shape and columns.
CONTENT_KEY = "content_key"


def keep_content_key(frame: pd.DataFrame, key: str) -> None:
    frame.attrs[CONTENT_KEY] = (key, frame.shape, tuple(frame.columns))


def frame_digest(frame: pd.DataFrame) -> str:
    """The frame's content key: its columns, their order and every value (not its index)."""
    key, shape, columns = frame.attrs.get(CONTENT_KEY, (None, None, None))
    if key is not None and shape == frame.shape and columns == tuple(frame.columns):
        return key
    digest = hashlib.sha256("\0".join(map(str, frame.columns)).encode())
    digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()


@cache
def pipeline_code_digest() -> str:
    """Changes whenever any code a stage runs does (the whole `pipelines` package: a stage's
    result depends on more modules than its own)."""
    digest = hashlib.sha256()
    for module in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(module.read_bytes())
    return digest.hexdigest()


def stage_key(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


@dataclass(frozen=True)
class StageCache:
    directory: Path

    def get(self, stage: str, key: str) -> Any | None:
        """The stage's result kept under `key`, None if the last one kept has another key (or
        none, or one an older version wrote)."""
        try:
            with (self.directory / f"{stage}.pickle").open("rb") as handle:
                # The key is written first: a stale entry is known without reading its value.
                return pickle.load(handle) if pickle.load(handle) == key else None
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
            return None

    def put(self, stage: str, key: str, value: Any) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        entry = self.directory / f"{stage}.pickle"
        partial = entry.with_suffix(".partial")
        with partial.open("wb") as handle:
            pickle.dump(key, handle, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(entry)  # atomic: a killed run never leaves half an entry
