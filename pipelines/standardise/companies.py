"""Company names: a key without legal form and region prefix, and the branch kept apart.

No maintained library knows Chinese legal forms and branch markers (有限公司, 分公司, 办事处), so
this is written here.
"""

from __future__ import annotations

import re

from pypinyin import lazy_pinyin

from pipelines.standardise.addresses import city_of_pinyin, leading_city_length, short_city_name
from pipelines.standardise.industries import industry_of
from pipelines.standardise.text import fold_text, has_han

COMPANY_COLUMNS = [
    "company_std",
    "company_key",
    "company_branch",
    "company_region",
    "company_brand",
    "company_industry",
]
# A Chinese trade name (字号) is two characters far more often than not: 信宝 in 常州市信宝光电技术有限公司.
_HAN_BRAND_LENGTH = 2

_HAN_LEGAL_FORMS = re.compile(r"股份有限公司|有限责任公司|有限公司|股份公司|集团|公司")
_HAN_REGION_PREFIX = re.compile(r"^(?:[\u4e00-\u9fff]{2,3}省)?(?:([\u4e00-\u9fff]{2,3})市)?")
_HAN_BRANCH = re.compile(r"^(.*?)(分公司|分厂|办事处|分部|营业部)$")
# Where a company's name ends: what a cell holds after it is a person or a job title
# (华德机械有限公司 采购经理, ...有限公司深圳分公司 张瑶), not part of the name.
_HAN_NAME_END = re.compile(
    r"^(.*(?:公司|集团|分厂|办事处|分部|营业部))((?:(?!公司|集团|分厂|办事处|分部|营业部).)+)$"
)
# A parenthesised part: the city in 宏康家电(成都)有限公司, or (集团).
_HAN_PARENTHESISED = re.compile(r"[(（]([^()（）]*)[)）]")
_LATIN_LEGAL_WORDS = {
    "co",
    "company",
    "ltd",
    "limited",
    "inc",
    "incorporated",
    "llc",
    "gmbh",
    "corp",
    "corporation",
    "group",
    "the",
    "plc",
}
_LATIN_BRANCH = re.compile(
    r"^(.*?)[\s,(-]+([a-z]+ (?:branch|branch office|office|factory|representative office))\)?$"
)
_NON_WORD = re.compile(r"[^\w\u3400-\u9fff]+")


def standardise_company(raw: str) -> tuple[str | None, ...]:
    """(display name, key, branch, region, brand, industry). Two records name the same company
    branch when key and branch agree and their regions do not differ: Chinese trade names are
    registered per city, so 南京市卓联医疗器械 and 合肥市卓联医疗器械 are different companies. The
    brand is the trade name in toneless pinyin and the industry its line of business in English
    (`industries.py`): what an English name keeps of a Chinese one (常州市信宝光电技术有限公司 and
    Changzhou Xinbao Optoelectronic Technology Co., Ltd. are both xinbao, optoelectronic technology)."""
    name = fold_text(raw)
    ended = _HAN_NAME_END.match(name)
    if ended:
        name = ended.group(1)
    if not name:
        return None, None, None, None, None, None
    lowered = name.lower()
    key, branch, region = _han_key(lowered) if has_han(lowered) else _latin_key(lowered)
    if not key:
        return name, None, branch, region, None, None
    brand_length = _HAN_BRAND_LENGTH if has_han(key) else len(key.split()[0])
    if has_han(key) and len(key) <= _HAN_BRAND_LENGTH:
        return name, key, branch, region, None, None
    brand = "".join(lazy_pinyin(key[:brand_length])) if has_han(key) else key[:brand_length]
    return name, key, branch, region, brand, industry_of(key, brand_length)


def _han_key(name: str) -> tuple[str, str | None, str | None]:
    cities = [inner for inner in _HAN_PARENTHESISED.findall(name) if _is_city(inner)]
    compact = _NON_WORD.sub(
        "", _HAN_PARENTHESISED.sub(lambda part: "" if _is_city(part.group(1)) else part.group(1), name)
    )
    branch = None
    match = _HAN_BRANCH.match(compact)
    if match:
        compact, branch = _split_branch(match.group(1), match.group(2))
    region = _HAN_REGION_PREFIX.match(compact).group(1) or (short_city_name(cities[0]) if cities else None)
    key = _HAN_LEGAL_FORMS.sub("", _HAN_REGION_PREFIX.sub("", compact))
    city_length = 0 if region else leading_city_length(key)
    # What is left after the city must still be a trade name and a trade: 中山 alone is no company.
    if city_length and len(key) - city_length > _HAN_BRAND_LENGTH:
        region, key = key[:city_length], key[city_length:]
    return key, branch, region


def _is_city(text: str) -> bool:
    return bool(text) and leading_city_length(text) == len(text)


def _split_branch(before: str, marker: str) -> tuple[str, str]:
    """(the company, its branch) of a name ending in a branch marker: the branch is the city just
    before the marker (明图家电深圳分公司: 深圳分公司), else the two characters there."""
    for length in range(min(len(before), 4), 1, -1):
        if _is_city(before[-length:]):
            return before[:-length], before[-length:] + marker
    return before[:-_HAN_BRAND_LENGTH], before[-_HAN_BRAND_LENGTH:] + marker


def _latin_key(name: str) -> tuple[str, str | None, str | None]:
    branch = None
    match = _LATIN_BRANCH.match(name.strip())
    if match:
        name, branch = match.group(1), match.group(2)
    # Xi'an is one word: xian.
    words = [
        word for word in _NON_WORD.sub(" ", name.replace("'", "")).split() if word not in _LATIN_LEGAL_WORDS
    ]
    region = city_of_pinyin(words[0]) if len(words) > 1 else None
    return " ".join(words[1:] if region else words), branch, region
