"""The ways a clean value gets written, mistyped and mangled on its way into
a source system.  Every function takes the caller's ``random.Random`` so the
output stays reproducible."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

import opencc

from .people import Address, Company, PersonName
from .sampling import Weighted
from .vocabulary import FEMALE_GIVEN_CHARS, MALE_GIVEN_CHARS

_FULLWIDTH = str.maketrans({chr(code): chr(code + 0xFEE0) for code in range(0x21, 0x7F)})


def _homophone_table() -> dict[str, tuple[str, ...]]:
    by_pinyin: dict[str, list[str]] = {}
    for char, pinyin in MALE_GIVEN_CHARS + FEMALE_GIVEN_CHARS:
        if char not in by_pinyin.setdefault(pinyin, []):
            by_pinyin[pinyin].append(char)
    return {
        char: tuple(other for other in chars if other != char)
        for chars in by_pinyin.values()
        if len(chars) > 1
        for char in chars
    }


_HOMOPHONES = _homophone_table()


# -- scripts -----------------------------------------------------------------------


def to_fullwidth(text: str) -> str:
    return text.translate(_FULLWIDTH)


@cache
def _simplified_to_traditional() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


@lru_cache(maxsize=65536)
def to_traditional(text: str) -> str:
    """Traditional characters, but only if GBK can still encode them: the
    after-sales export is GBK and a real GBK system could not hold the rest."""
    converted = _simplified_to_traditional().convert(text)
    try:
        converted.encode("gbk")
    except UnicodeEncodeError:
        return text
    return converted


# -- typos -------------------------------------------------------------------------


def letter_typo(text: str, rng: random.Random) -> str:
    """Swap, drop or double one letter, never the first one (people rarely
    get the first letter of a name wrong)."""
    positions = [i for i, char in enumerate(text) if i > 0 and char.isascii() and char.isalpha()]
    if len(positions) < 2:
        return text
    i = rng.choice(positions)
    operation = rng.randrange(3)
    if operation == 0 and i + 1 < len(text) and text[i + 1].isalpha():
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if operation == 1:
        return text[:i] + text[i + 1 :]
    return text[:i] + text[i] + text[i:]


def homophone_typo(name: PersonName, rng: random.Random) -> str:
    """Replace one given-name character with another read the same way,
    the classic mistake of typing a name heard over the phone."""
    candidates = [i for i, char in enumerate(name.given) if char in _HOMOPHONES]
    if not candidates:
        return name.hanzi
    i = rng.choice(candidates)
    given = name.given[:i] + rng.choice(_HOMOPHONES[name.given[i]]) + name.given[i + 1 :]
    return name.surname + given


# -- names -------------------------------------------------------------------------


def hanzi_name(name: PersonName, rng: random.Random, *, honorific: bool, typo: bool) -> str:
    text = homophone_typo(name, rng) if typo else name.hanzi
    if honorific:
        return text + ("先生" if name.gender == "m" else "女士")
    if len(text) == 2 and rng.random() < 0.03:
        # old systems padded two-character names to the width of three
        return f"{text[0]} {text[1]}"
    return text


def pinyin_name(name: PersonName, rng: random.Random, *, honorific: bool) -> str:
    surname = name.surname_pinyin.capitalize()
    given = name.given_pinyin.capitalize()
    # the two plain orders are listed twice: they are what most people write
    forms = [
        f"{surname} {given}",
        f"{surname} {given}",
        f"{given} {surname}",
        f"{given} {surname}",
        f"{surname.upper()} {given}",
        f"{given} {surname.upper()}",
        f"{surname} {given}".lower(),
        f"{surname} {given}".upper(),
        f"{surname}{given.lower()}",
    ]
    if len(name.given_syllables) > 1:
        forms.append(" ".join([surname, *(syllable.capitalize() for syllable in name.given_syllables)]))
    if name.english and rng.random() < 0.4:
        forms = [
            f"{name.english} {surname}",
            f"{name.english} {surname} {given}",
            f"{surname} {given} ({name.english})",
            f"{name.english} {surname.upper()}",
        ]
    text = rng.choice(forms)
    if honorific:
        return ("Mr. " if name.gender == "m" else "Ms. ") + text
    return text


# -- companies ---------------------------------------------------------------------

_SWAPPED_LEGAL_FORM = {"股份有限公司": "有限公司", "有限公司": "股份有限公司", "有限责任公司": "有限公司"}
_ENGLISH_SUFFIXES = Weighted.of(
    [
        ("Co., Ltd.", 50),
        ("Co.,Ltd", 15),
        ("CO LTD", 8),
        ("Co. Ltd", 8),
        ("Co., Limited", 7),
        ("Company Limited", 5),
        ("Ltd.", 7),
    ]
)


def company_chinese(company: Company, rng: random.Random) -> str:
    city = rng.choices((company.home_city.full_name, company.home_city.name, ""), cum_weights=(70, 82, 100))[
        0
    ]
    group = ("（集团）" if rng.random() < 0.8 else "(集团)") if company.is_group else ""
    legal = company.legal_form
    roll = rng.random()
    if roll < 0.08:
        legal = _SWAPPED_LEGAL_FORM[legal]
    elif roll < 0.2:
        legal, group = "", ""
    branch = f"{company.branch.city.name}{company.branch.marker}" if company.branch else ""
    return f"{city}{company.brand}{company.industry.chinese}{group}{legal}{branch}"


def company_english(company: Company, rng: random.Random) -> str:
    city = f"{company.home_city.pinyin} " if rng.random() < 0.75 else ""
    group = " Group" if company.is_group else ""
    branch = f" {company.branch.city.pinyin} {company.branch.marker_english}" if company.branch else ""
    text = f"{city}{company.brand_pinyin} {company.industry.english}{group} {_ENGLISH_SUFFIXES.pick(rng)}{branch}"
    roll = rng.random()
    if roll < 0.12:
        return text.upper()
    if roll < 0.15:
        return text.lower()
    return text


# -- addresses ---------------------------------------------------------------------


def address_text(address: Address, rng: random.Random) -> str:
    parts = [address.province, address.city, address.district, address.street, address.detail]
    roll = rng.random()
    if roll < 0.2:
        parts[0] = ""
    elif roll < 0.3:
        parts[4] = ""
    separator = " " if rng.random() < 0.1 else ""
    return separator.join(part for part in parts if part)


def city_level_address(address: Address) -> str:
    return address.province + address.city


# -- phones ------------------------------------------------------------------------


def _mobile_spaced(m: str) -> str:
    return f"{m[:3]} {m[3:7]} {m[7:]}"


_MOBILE_FORMATS: dict[str, Callable[[str], str]] = {
    "plain": lambda m: m,
    "spaced": _mobile_spaced,
    "dashed": lambda m: f"{m[:3]}-{m[3:7]}-{m[7:]}",
    "intl_dashed": lambda m: f"+86 {m[:3]}-{m[3:7]}-{m[7:]}",
    "intl_spaced": lambda m: f"+86 {_mobile_spaced(m)}",
    "intl_plain": lambda m: f"+86 {m}",
    "intl_compact": lambda m: f"+86{m}",
    "intl_paren": lambda m: f"(+86){m}",
    "intl_zeros": lambda m: f"0086-{m}",
    "intl_zeros_spaced": lambda m: f"0086 {_mobile_spaced(m)}",
    "legacy_86": lambda m: f"86-{m}",
}

# Landline formats take the area code ("0755") and the local number.
_LANDLINE_FORMATS: dict[str, Callable[[str, str], str]] = {
    "dashed": lambda area, local: f"{area}-{local}",
    "paren": lambda area, local: f"({area}){local}",
    "spaced": lambda area, local: f"{area} {local}",
    "compact": lambda area, local: area + local,
    "intl_spaced": lambda area, local: f"+86 {area[1:]} {local[:4]} {local[4:]}",
    "intl_dashed": lambda area, local: f"+86-{area[1:]}-{local}",
    "split_local": lambda area, local: f"{area}-{local[:4]}-{local[4:]}",
    "local_only": lambda area, local: local,
}

_EXTENSION_FORMS = (" ext {}", "转{}", "-{}", " x{}", "（分机{}）")


@dataclass(frozen=True, slots=True)
class PhoneStyle:
    """How a source system tends to write phone numbers."""

    mobile: Weighted[Callable[[str], str]]
    landline: Weighted[Callable[[str, str], str]]

    @classmethod
    def of(cls, mobile: dict[str, float], landline: dict[str, float]) -> PhoneStyle:
        return cls(
            mobile=Weighted([_MOBILE_FORMATS[name] for name in mobile], list(mobile.values())),
            landline=Weighted([_LANDLINE_FORMATS[name] for name in landline], list(landline.values())),
        )

    def format_mobile(self, number: str, rng: random.Random) -> str:
        return self.mobile.pick(rng)(number)

    def format_landline(self, number: str, extension: str, rng: random.Random) -> str:
        area, local = number.split("-")
        text = self.landline.pick(rng)(area, local)
        if extension and rng.random() < 0.7:
            text += rng.choice(_EXTENSION_FORMS).format(extension)
        return text


DOMESTIC_PHONES = PhoneStyle.of(
    mobile={
        "plain": 72,
        "spaced": 9,
        "dashed": 7,
        "intl_dashed": 3,
        "intl_compact": 3,
        "intl_paren": 2,
        "intl_zeros": 2,
        "intl_plain": 2,
    },
    landline={
        "dashed": 62,
        "paren": 10,
        "spaced": 8,
        "compact": 7,
        "split_local": 5,
        "intl_dashed": 3,
        "intl_spaced": 2,
        "local_only": 3,
    },
)
INTERNATIONAL_PHONES = PhoneStyle.of(
    mobile={
        "intl_spaced": 30,
        "intl_plain": 22,
        "intl_dashed": 12,
        "intl_zeros_spaced": 8,
        "intl_compact": 8,
        "plain": 20,
    },
    landline={"intl_spaced": 40, "intl_dashed": 30, "dashed": 20, "paren": 10},
)
LEGACY_PHONES = PhoneStyle.of(
    mobile={"plain": 60, "dashed": 18, "legacy_86": 8, "intl_zeros": 8, "spaced": 6},
    landline={"dashed": 45, "paren": 25, "spaced": 12, "compact": 10, "local_only": 8},
)


# -- email -------------------------------------------------------------------------


def _capitalised_parts(local: str) -> str:
    return ".".join(part.capitalize() for part in local.split("."))


def _malformed(address: str, rng: random.Random) -> str:
    local, domain = address.split("@")
    return rng.choice((f"{local}@{domain.replace('.', ',', 1)}", local + domain, f"{local}@@{domain}"))


def format_email(address: str, rng: random.Random, *, noise: float, uppercase: float) -> str:
    """``noise`` is the chance of any damage; malformed addresses are a small
    share of that, mixed case and stray spaces the rest."""
    if rng.random() < uppercase:
        address = address.upper()
    if rng.random() >= noise:
        return address
    roll = rng.random()
    if roll < 0.5:
        local, domain = address.split("@")
        return f"{_capitalised_parts(local)}@{domain.upper()}"
    if roll < 0.88:
        return rng.choice((f" {address} ", f"{address} ", f" {address}"))
    return _malformed(address, rng)
