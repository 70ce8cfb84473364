from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

_HAN = re.compile(r"[\u3400-\u9fff]")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _to_simplified() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def fold_text(text: str) -> str:
    """NFKC (full-width to half-width), traditional to simplified Chinese, single spaces, trimmed."""
    folded = unicodedata.normalize("NFKC", text)
    if _HAN.search(folded):
        folded = _to_simplified().convert(folded)
    return _SPACES.sub(" ", folded).strip()


def has_han(text: str) -> bool:
    return bool(_HAN.search(text))
