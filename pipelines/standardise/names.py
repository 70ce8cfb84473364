"""Person names: cleaned display form plus an order-free pinyin key, so that 张伟, 張偉,
"Zhang Wei" and "Wei ZHANG" compare equal."""

from __future__ import annotations

import re
from functools import lru_cache

from pypinyin import Style, lazy_pinyin
from pypinyin.pinyin_dict import pinyin_dict

from pipelines.standardise.text import fold_text, has_han

NAME_COLUMNS = ["name_std", "name_key"]
_HONORIFIC_PREFIX = re.compile(r"^(?:mr|mrs|ms|miss|dr|prof)\.?\s+", re.IGNORECASE)
_HONORIFIC_SUFFIX = re.compile(r"(?<=[\u3400-\u9fff])(?:先生|女士|小姐|太太|夫人)$")
_NOT_NAME = re.compile(r"[^\w\s\u3400-\u9fff]")
_HAN_GAP = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")
_WORDS = re.compile(r"[a-z]+|[\u3400-\u9fff]")
# Characters read otherwise as a surname than pypinyin reads them in words: 曾 is Zeng, not ceng.
# pypinyin has no surname reading, so the usual single-character ones are listed here.
SURNAME_READINGS = {
    "曾": "zeng", "单": "shan", "区": "ou", "解": "xie", "仇": "qiu", "朴": "piao", "查": "zha", "盖": "ge",
    "乐": "yue", "覃": "qin", "翟": "zhai", "缪": "miao", "繁": "po", "种": "chong", "员": "yun", "召": "shao",
    "秘": "bi", "隗": "wei", "阚": "kan", "黑": "he", "折": "she", "祭": "zhai", "薄": "bo", "洗": "xian",
}


def standardise_person_name(raw: str) -> tuple[str | None, str | None]:
    """(display name, comparison key). The key is the sorted pinyin or Latin syllables in lower case."""
    name = _HONORIFIC_PREFIX.sub("", fold_text(raw))
    name = re.sub(r"\s+", " ", _NOT_NAME.sub(" ", name)).strip()
    # Hanzi names are written without spaces; Latin parts keep their own.
    name = _HONORIFIC_SUFFIX.sub("", _HAN_GAP.sub("", name))
    if not name:
        return None, None
    tokens = []
    surname_read = False
    for word in _WORDS.findall(name.lower()):
        if has_han(word):
            tokens.append(hanzi_syllable(word, as_surname=not surname_read))
            surname_read = True
        else:
            tokens.extend(split_pinyin(word))
    return name, " ".join(sorted(tokens)) or None


def hanzi_syllable(character: str, *, as_surname: bool) -> str:
    """The toneless pinyin of one hanzi; the first character of a name is read as a surname."""
    return (as_surname and SURNAME_READINGS.get(character)) or lazy_pinyin(character)[0]


@lru_cache(maxsize=1)
def _pinyin_syllables() -> frozenset[str]:
    """Every toneless syllable pypinyin knows (about 400), read off its character dictionary."""
    characters = "".join(map(chr, pinyin_dict))
    return frozenset(lazy_pinyin(characters, style=Style.NORMAL, errors="ignore"))


@lru_cache(maxsize=65536)
def split_pinyin(word: str) -> tuple[str, ...]:
    """A Latin word as pinyin syllables when it is pinyin written together ("minghai" -> ming hai),
    else the word itself ("david"). Fewest syllables win; pypinyin has no such splitter."""
    syllables = _pinyin_syllables()
    if word in syllables:
        return (word,)
    # best[i]: the shortest split of word[:i] into syllables, if there is one
    best: list[tuple[str, ...] | None] = [()] + [None] * len(word)
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 6), end):
            head = best[start]
            if head is not None and word[start:end] in syllables and (best[end] is None or len(head) + 1 < len(best[end])):
                best[end] = (*head, word[start:end])
    return best[-1] or (word,)
