"""Person names: cleaned display form plus an order-free pinyin key, so that 张伟, 張偉,
"Zhang Wei" and "Wei ZHANG" compare equal."""

from __future__ import annotations

import re

from pypinyin import lazy_pinyin

from pipelines.standardise.text import fold_text, has_han

NAME_COLUMNS = ["name_std", "name_key"]
_HONORIFIC_PREFIX = re.compile(r"^(?:mr|mrs|ms|miss|dr|prof)\.?\s+", re.IGNORECASE)
_HONORIFIC_SUFFIX = re.compile(r"(?<=[\u3400-\u9fff])(?:先生|女士|小姐|太太|夫人)$")
_NOT_NAME = re.compile(r"[^\w\s\u3400-\u9fff]")
_HAN_GAP = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")
_WORDS = re.compile(r"[a-z]+|[\u3400-\u9fff]")


def standardise_person_name(raw: str) -> tuple[str | None, str | None]:
    """(display name, comparison key). The key is the sorted pinyin or Latin syllables in lower case."""
    name = _HONORIFIC_PREFIX.sub("", fold_text(raw))
    name = re.sub(r"\s+", " ", _NOT_NAME.sub(" ", name)).strip()
    # Hanzi names are written without spaces; Latin parts keep their own.
    name = _HONORIFIC_SUFFIX.sub("", _HAN_GAP.sub("", name))
    if not name:
        return None, None
    tokens = []
    for word in _WORDS.findall(name.lower()):
        tokens.extend(lazy_pinyin(word) if has_han(word) else [word])
    return name, " ".join(sorted(tokens)) or None
