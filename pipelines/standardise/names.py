"""Person names: cleaned display form plus an order-free pinyin key, so that 张伟, 張偉,
"Zhang Wei" and "Wei ZHANG" compare equal."""

from __future__ import annotations

import re
from functools import lru_cache

from pypinyin import Style, lazy_pinyin
from pypinyin.pinyin_dict import pinyin_dict

from pipelines.standardise.text import fold_text

NAME_COLUMNS = ["name_std", "name_key"]
_HONORIFIC_PREFIX = re.compile(r"^(?:mr|mrs|ms|miss|dr|prof)\.?\s+", re.IGNORECASE)
_HONORIFIC_SUFFIX = re.compile(r"(?<=[\u3400-\u9fff])(?:先生|女士|小姐|太太|夫人)$")
_NOT_NAME = re.compile(r"[^\w\s\u3400-\u9fff]")
_HAN_GAP = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")
_LATIN_WORD = re.compile(r"[a-z]+")
_HAN_CHARACTER = re.compile(r"[\u3400-\u9fff]")
# Characters read otherwise as a surname than pypinyin reads them in words: 曾 is Zeng, not ceng.
# pypinyin has no surname reading, so the usual single-character ones are listed here; those with
# two readings in use as surnames (乐 Yue or Le, 盖 Ge or Gai, 覃 Qin or Tan) keep pypinyin's.
SURNAME_READINGS = {
    "曾": "zeng",
    "单": "shan",
    "区": "ou",
    "解": "xie",
    "仇": "qiu",
    "朴": "piao",
    "查": "zha",
    "翟": "zhai",
    "缪": "miao",
    "繁": "po",
    "员": "yun",
    "召": "shao",
    "秘": "bi",
    "阚": "kan",
    "折": "she",
    "祭": "zhai",
    "薄": "bo",
    "洗": "xian",
}
# Two-character surnames, read as pypinyin reads them as a word (尉迟 Yuchi, 万俟 Moqi).
COMPOUND_SURNAMES = frozenset(
    {
        "欧阳",
        "司马",
        "诸葛",
        "上官",
        "东方",
        "皇甫",
        "令狐",
        "慕容",
        "尉迟",
        "公孙",
        "夏侯",
        "长孙",
        "宇文",
        "司徒",
        "端木",
        "申屠",
        "万俟",
        "闻人",
        "澹台",
        "公冶",
        "濮阳",
        "淳于",
        "单于",
        "呼延",
        "钟离",
        "南宫",
        "西门",
    }
)


def standardise_person_name(raw: str) -> tuple[str | None, str | None]:
    """(display name, comparison key). The key is the sorted pinyin or Latin syllables in lower case."""
    name = _HONORIFIC_PREFIX.sub("", fold_text(raw))
    name = re.sub(r"\s+", " ", _NOT_NAME.sub(" ", name)).strip()
    # Hanzi names are written without spaces; Latin parts keep their own.
    name = _HONORIFIC_SUFFIX.sub("", _HAN_GAP.sub("", name))
    if not name:
        return None, None
    surname, given = hanzi_name_syllables(name)
    words = latin_words(name)
    # A name is read as pinyin written together ("Li Minghai") only when every word of it is
    # pinyin: "Madeline Mason" is no ma de li ne, though "madeline" alone could be.
    in_pinyin = all(map(_is_pinyin, words))
    latin = [syllable for word in words for syllable in (split_pinyin(word) if in_pinyin else (word,))]
    return name, " ".join(sorted([*surname, *given, *latin])) or None


def hanzi_name_syllables(name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The pinyin of a name's Chinese characters: (surname syllables, given name syllables), the
    surname read as a surname. A name in two scripts ("David 曾伟") gives its Chinese part."""
    characters = "".join(_HAN_CHARACTER.findall(name))
    surname_length = 2 if characters[:2] in COMPOUND_SURNAMES else 1
    surname = _surname_reading(characters[:surname_length]) if characters else ()
    return surname, tuple(_character_reading(character) for character in characters[surname_length:])


def latin_words(name: str) -> list[str]:
    """The Latin-script words of a name, in lower case and in order."""
    return _LATIN_WORD.findall(name.lower())


def is_surname_pinyin(word: str) -> bool:
    """Whether a lower-case Latin word can be a surname in pinyin: one syllable, or a
    two-character surname's reading ("ouyang"). "david" and "tina" cannot."""
    return word in _pinyin_syllables() or word in _compound_surname_readings()


@lru_cache(maxsize=65536)
def _character_reading(character: str) -> str:
    return lazy_pinyin(character)[0]


@lru_cache(maxsize=4096)
def _surname_reading(surname: str) -> tuple[str, ...]:
    return (SURNAME_READINGS[surname],) if surname in SURNAME_READINGS else tuple(lazy_pinyin(surname))


@lru_cache(maxsize=1)
def _compound_surname_readings() -> frozenset[str]:
    return frozenset("".join(_surname_reading(surname)) for surname in COMPOUND_SURNAMES)


@lru_cache(maxsize=1)
def _pinyin_syllables() -> frozenset[str]:
    """Every toneless syllable pypinyin knows (about 400), read off its character dictionary."""
    characters = "".join(map(chr, pinyin_dict))
    return frozenset(lazy_pinyin(characters, style=Style.NORMAL, errors="ignore"))


def _is_pinyin(word: str) -> bool:
    """A syllable, or syllables written together ("minghai")."""
    return word in _pinyin_syllables() or split_pinyin(word) != (word,)


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
            if (
                head is not None
                and word[start:end] in syllables
                and (best[end] is None or len(head) + 1 < len(best[end]))
            ):
                best[end] = (*head, word[start:end])
    return best[-1] or (word,)
