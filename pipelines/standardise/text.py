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


def join_name_parts(given: str | None, family: str | None, middle: str | None = None) -> str | None:
    """A person's name from its parts as the name's script writes it: Chinese family name first
    with no space (王 + 建国 -> 王建国), Latin given name first (Jane + Smith -> Jane Smith)."""
    if has_han(f"{given or ''}{family or ''}"):
        return f"{family or ''}{given or ''}" or None
    return " ".join(part for part in (given, middle, family) if part) or None
