"""What a person-name cell holds: a person's full name, or only their surname with a title (王先生,
张经理, 李工, Mr. Wang), and sometimes their company beside them ("广州市润信电器有限公司 王宁瑶",
"王总-华德机械", "王建国(华德)", "李工@华德").

A cell is read in this order, and the first reading that fits is taken:

1. The cell splits into a person and a company at a separator (a space beside hanzi, -, @,
   brackets, a comma): the company side names a company by its words (有限公司, 集团, 厂, 商行, 家居,
   电器, and the trade words of `industries.py`), or is a short name (华德) where the form says it is
   one: in brackets, after @ or a dash, or beside a surname with a title (华德 李工, Mr. Wang
   (Huade)). Two untitled names side by side ("王建国 华德"), and a Latin word in brackets after an
   untitled name ("Zhang Wei (David)", an English name as often as a company), are not split. A
   bracket in hanzi after a person that names no company is a remark (王建国(男), 王建国(深圳)) and
   is left out.
2. The whole cell is a person: a known surname and one or two characters of given name (a
   two-character surname, 欧阳, and up to two), or a known surname and a title (a partial name),
   or a full name and a title of two characters or more (王建国经理, 张伟先生); in Latin script,
   up to four words without company words ("Zhang Wei", "Mr. Wang").
3. A person follows a legal form or a branch marker without a separator (华德机械有限公司王宁瑶),
   where the company's name surely ends; elsewhere a name run on from a company (润信电器王宁瑶) has
   no sure start, and the cell stays a company.
4. The whole cell names a company by its words: a company and no person.
5. Anything else is taken for a full name as it is written, as every cell was before.

Titles are short: a single-character one (王总, 李工, 张姐) only right after a surname, so that a
three-character cell ending in one (王建工) is still a full name; longer titles (经理, 主任, 总监,
老师, 师傅, 先生, 女士 ...) also after a full name. 老王 is a surname with 老 for a title; 小 is not read
so, because 小 + a given name (小明, 小红) is as common a nickname as 小 + a surname.

No maintained library splits Chinese name cells or lists surnames (pypinyin reads names but knows no
surnames), so this is written here. The surnames are those of the Hundred Family Surnames (百家姓),
the frequent modern ones it lacks (肖, 付, 覃, 闫 ...) and the two-character ones of `names.py`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from pipelines.standardise.addresses import locate
from pipelines.standardise.industries import INDUSTRY_TERMS
from pipelines.standardise.names import (
    COMPOUND_SURNAMES,
    SURNAME_READINGS,
    hanzi_name_syllables,
    is_surname_pinyin,
    split_pinyin,
    standardise_person_name,
)
from pipelines.standardise.text import fold_text, has_han

NAME_FORM_COLUMNS = [
    "name_std",
    "name_key",
    "name_surname",
    "name_surname_key",
    "name_form",
    "name_title",
    "name_sex",
]
NAME_CELL_COLUMNS = ["person_part", "company_part"]
FULL, SURNAME_ONLY = "full", "surname_only"
NAME_FORMS = (FULL, SURNAME_ONLY)
MALE, FEMALE = "male", "female"
SEXES = (MALE, FEMALE)

# The Hundred Family Surnames, single-character ones, in simplified script (fold_text's output).
_CLASSIC_SURNAMES = (
    "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章云苏潘葛奚范彭郎"
    "鲁韦昌马苗凤花方俞任袁柳酆鲍史唐费廉岑薛雷贺倪汤滕殷罗毕郝邬安常乐于时傅皮卞齐康伍余元卜顾孟平黄"
    "和穆萧尹姚邵湛汪祁毛禹狄米贝明臧计伏成戴谈宋茅庞熊纪舒屈项祝董梁杜阮蓝闵席季麻强贾路娄危江童颜郭"
    "梅盛林刁钟徐邱骆高夏蔡田樊胡凌霍虞万支柯昝管卢莫经房裘缪干解应宗丁宣贲邓郁单杭洪包诸左石崔吉钮龚"
    "程嵇邢滑裴陆荣翁荀羊惠甄曲家封芮羿储靳汲邴糜松井段富巫乌焦巴弓牧隗山谷车侯宓蓬全郗班仰秋仲伊宫宁"
    "仇栾暴甘钭厉戎祖武符刘景詹束龙叶幸司韶郜黎蓟薄印宿白怀蒲邰从鄂索咸籍赖卓蔺屠蒙池乔阴胥能苍双闻莘"
    "党翟谭贡劳逄姬申扶堵冉宰郦雍郤璩桑桂濮牛寿通边扈燕冀郏浦尚农温别庄晏柴瞿阎充慕连茹习宦艾鱼容向古"
    "易慎戈廖庾终暨居衡步都耿满弘匡国文寇广禄阙东欧殳沃利蔚越夔隆师巩厍聂晁勾敖融冷訾辛阚那简饶空曾毋"
    "沙乜养鞠须丰巢关蒯相查后荆红游竺权逯盖益桓公晋楚闫法汝鄢涂钦岳帅缑亢况郈有琴佘佴墨哈谯笪年爱阳佟"
    "言福"
)
_MODERN_SURNAMES = "付肖覃兰麦冼邝植练谌揭粟邸靖代银庹檀苟仝栗苑战鲜矫蹇迟敬纵修丘芦鹿隋衣初门官续旷亓禤"
SURNAMES = frozenset(_CLASSIC_SURNAMES + _MODERN_SURNAMES) | frozenset(SURNAME_READINGS)

# Title -> the sex it says, where it says one.
_HONORIFICS = {
    "先生": MALE,
    "女士": FEMALE,
    "小姐": FEMALE,
    "太太": FEMALE,
    "夫人": FEMALE,
    "大哥": MALE,
    "叔叔": MALE,
    "大姐": FEMALE,
    "阿姨": FEMALE,
}
_JOB_TITLES = (  # noqa: SIM905 - a vocabulary reads best as words
    "经理 总经理 副总经理 副经理 总监 副总监 主任 副主任 主管 总裁 副总 老总 总工 "
    "董事长 董事 老板 老师 师傅 会计 出纳 秘书 助理 专员 医生 大夫 护士 律师 "
    "教授 博士 工程师 院长 校长 处长 科长 局长 部长 厂长 所长 站长 行长 店长 "
    "组长 班长 队长 村长 镇长 书记 主席 会长"
).split()
# Single-character titles, read only right after a surname (王总, 李工): 总 = 总经理, 工 = 工程师.
_SHORT_TITLES = {"总": None, "工": None, "董": None, "局": None, "处": None}
_SHORT_HONORIFICS = {"哥": MALE, "叔": MALE, "姐": FEMALE, "姨": FEMALE}
_TITLES = {**_HONORIFICS, **dict.fromkeys(_JOB_TITLES), **_SHORT_TITLES, **_SHORT_HONORIFICS}
# Titles that may follow a full name, longest first: 王建国总经理 is 王建国 and 总经理.
_LONG_TITLES = sorted((title for title in _TITLES if len(title) > 1), key=len, reverse=True)
_ELDER_PREFIX = "老"
# Latin honorifics, as the hanzi title they stand for, so that Mr. Wang and 王先生 have one title.
_LATIN_HONORIFICS = {
    "mr": "先生",
    "mister": "先生",
    "mrs": "太太",
    "ms": "女士",
    "miss": "小姐",
    "madam": "女士",
    "madame": "女士",
    "dr": "博士",
    "prof": "教授",
}
_LATIN_HONORIFIC = re.compile(rf"^({'|'.join(_LATIN_HONORIFICS)})(?:\.\s*|\s+)", re.IGNORECASE)

_HAN = "\u3400-\u9fff"
# What names a company in hanzi: legal forms, branch markers, kinds of business and trades.
_BUSINESS_WORDS = (  # noqa: SIM905 - a vocabulary reads best as words
    "公司 集团 分厂 办事处 分部 营业部 经营部 服务部 维修部 门市部 门市 商行 商店 "
    "商场 超市 专卖店 工作室 中心 事务所 研究院 研究所 设计院 医院 学校 学院 "
    "合作社 协会 银行 酒店 宾馆 饭店 餐厅 家居 家电 装饰 装修 工程 设备 制冷 "
    "空调 卫浴 灯饰 陶瓷 厨具 门窗 配件 材料 制品 汽修"
).split()
_COMPANY_WORD_ALTERNATIVES = "|".join(sorted({*_BUSINESS_WORDS, *INDUSTRY_TERMS}, key=len, reverse=True))
# 厂 and 店 only where a word ends: 店长 and 厂长 are titles.
_HAN_COMPANY_WORD = re.compile(rf"{_COMPANY_WORD_ALTERNATIVES}|[厂店](?![{_HAN}])")
# What names a company in Latin script: legal forms, kinds of business and the trades' English words.
_LATIN_BUSINESS_WORDS = (  # noqa: SIM905 - a vocabulary reads best as words
    "co company ltd limited inc incorporated llc gmbh corp corporation group plc "
    "factory store shop studio center centre"
).split()
_LATIN_COMPANY_WORDS = frozenset(_LATIN_BUSINESS_WORDS) | (
    frozenset(word for term in INDUSTRY_TERMS.values() for word in term.split()) - {"and", "new"}
)
_LATIN_WORD = re.compile(r"[A-Za-z]+")
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z .,'-]*")
_HAN_GAP = re.compile(rf"(?<=[{_HAN}])\s+(?=[{_HAN}])")
_HAN_CHARACTER = re.compile(f"[{_HAN}]")
_HAN_ONLY = re.compile(f"[{_HAN}]+")
_LATIN_SHORT_NAME = re.compile(r"[A-Za-z][A-Za-z' ]*")
# Runs that may separate a company from a person. Brackets and @ always do; other punctuation and
# spaces only beside hanzi or with spaces on both sides ("Wang Jianguo - Huade"), so that "Zhang
# Wei", "Zhang, Wei" and Jean-Pierre stay one name.
_SEPARATOR_CLASS = r"\s()\[\]【】《》<>@\-–—~/|,;:、"
_SEPARATOR_RUN = re.compile(f"[{_SEPARATOR_CLASS}]+")
_ALWAYS_SEPARATES = re.compile(r"[()\[\]【】《》<>@]")
_OPENING, _CLOSING = "([【《<", ")]】》>"
# What puts a company after a person: 李工@华德, 王总-华德机械.
_MARKER = re.compile(r"[@\-–—]")
# Where a company's name surely ends, so that a person may follow it without a separator
# (华德机械有限公司王宁瑶): a legal form or a branch marker (as in `companies.py`).
_NAME_END = re.compile("(?:公司|集团|分厂|办事处|分部|营业部)$")
# A title after a full name, in brackets or after a separator: 王建国(经理), 王建国-经理.
_TITLE_ALTERNATIVES = "|".join(sorted(_TITLES, key=len, reverse=True))
_TRAILING_TITLE = re.compile(rf"^(.+?)[{_SEPARATOR_CLASS}]+({_TITLE_ALTERNATIVES})[{re.escape(_CLOSING)}]?$")
# Short remarks a bracket carries that name no company: sex, standing, channel, department.
_REMARK = re.compile(
    r"^[男女]$|客户|离职|退休|微信|电话|手机|座机|备注|介绍|本人|家属|朋友|同事|亲戚"
    r"|^(?:采购|销售|财务|售后|行政|人事|市场|技术|仓库|质检|生产|客服|工程)部?$"
)
# How surely the other side of a split is the person's company (`_company_strength`).
_NO_COMPANY, _REMARK_ONLY, _BY_FORM, _BY_WORDS = range(4)
# Company short names read from a remark form (华德, 润信电器) are this long, in hanzi.
_SHORT_NAME_LENGTH = range(2, 9)


class Person(NamedTuple):
    """A person as a cell names them: `full_name` when the given name is known, `surname` (hanzi,
    or lower-case pinyin) when it is known, `title` (王总 -> 总, Mr. -> 先生), and the partial name
    as written (`display`: 王总, Mr. Wang)."""

    full_name: str | None
    surname: str | None
    title: str | None
    display: str


class NameCell(NamedTuple):
    """A cell's person part and company part, as folded text; either may be None."""

    person_part: str | None
    company_part: str | None


def split_name_cell(raw: str) -> NameCell:
    """The person and the company a name cell holds (steps 1 to 5 of the module's reading)."""
    text = fold_text(raw)
    if not text:
        return NameCell(None, None)
    split = _split_at_separator(text)
    if split:
        return split
    if _is_person(text):
        return NameCell(text, None)
    split = _split_after_name_end(text)
    if split:
        return split
    if _names_company(text):
        return NameCell(None, text)
    return NameCell(text, None)


def standardise_name(raw: str) -> tuple[str | None, ...]:
    """The `NAME_FORM_COLUMNS` of a cell's person part: the display form, the pinyin key (of a
    full name only: a surname says nothing about which Wang), the surname and its pinyin, the form
    (`full` or `surname_only`), the title and the sex the title says (`male` / `female`)."""
    text = fold_text(raw)
    if not text:
        return (None,) * len(NAME_FORM_COLUMNS)
    # A cell read by no form is a full name as written, as every cell was read before.
    person = read_person(text) or Person(text, None, None, text)
    name_std, name_key = standardise_person_name(person.full_name) if person.full_name else (None, None)
    if person.full_name:
        form = FULL if name_std else None
    else:
        name_std, form = person.display, SURNAME_ONLY if person.surname else None
    surname_key = _surname_key(person.surname) if person.surname else None
    sex = _TITLES.get(person.title) if person.title else None
    return name_std, name_key, person.surname, surname_key, form, person.title, sex


def read_person(text: str) -> Person | None:
    """`text` (folded) as one person in a form this module knows, else None."""
    trailing = _TRAILING_TITLE.match(text)
    if trailing:
        head = read_person(trailing.group(1))
        if head is not None and head.full_name and head.title is None:
            return head._replace(title=trailing.group(2), display=text)
    if any(_separates(text, run) and not run.group().isspace() for run in _SEPARATOR_RUN.finditer(text)):
        return None
    # Hanzi written with spaces is one name: 王 芳 女士.
    text = _HAN_GAP.sub("", text)
    if not has_han(text):
        return _read_latin(text)
    han = "".join(_HAN_CHARACTER.findall(text))
    latin = _HAN_CHARACTER.sub("", text).strip()
    if not latin:
        return _read_hanzi(han)
    # A name in two scripts ("David 曾伟") is read by its hanzi, which must be a full name.
    person = _read_hanzi(han)
    if person is None or not person.full_name or not _LATIN_NAME.fullmatch(latin) or _names_company(latin):
        return None
    return Person(text, person.surname, person.title, text)


def _read_hanzi(name: str) -> Person | None:
    if name in _TITLES:
        return Person(None, None, name, name)
    if name.startswith(_ELDER_PREFIX) and _is_surname(name[1:]):
        return Person(None, name[1:], _ELDER_PREFIX, name)
    surname = next((name[:length] for length in (2, 1) if _is_surname(name[:length])), None)
    if surname is None:
        return None
    rest = name[len(surname) :]
    if not rest or rest in _TITLES:
        return Person(None, surname, rest or None, name)
    title = next((title for title in _LONG_TITLES if rest.endswith(title) and len(rest) > len(title)), None)
    given = rest[: -len(title)] if title else rest
    if len(given) > 2 or _names_company(surname + given):
        return None
    return Person(surname + given, surname, title, name)


def _read_latin(text: str) -> Person | None:
    honorific = _LATIN_HONORIFIC.match(text)
    name = text[honorific.end() :] if honorific else text
    title = _LATIN_HONORIFICS[honorific.group(1).lower()] if honorific else None
    words = _LATIN_WORD.findall(name)
    if not words or len(words) > 4 or not _LATIN_NAME.fullmatch(name) or _names_company(name):
        return None
    if len(words) == 1 and _is_surname_word(words[0].lower()):
        return Person(None, words[0].lower(), title, text)
    return Person(name, _latin_surname(words), title, text)


def _latin_surname(words: list[str]) -> str | None:
    """The surname of a Latin-script name where the name shows which word it is: the one word in
    capitals ("Minghai ZHANG"), else the first or the last word when only that one can be a surname
    ("David Li", "Wang Jianguo") of two. "Zhang Wei" may be written either way round, and "Lisa
    Zhang Wei" puts the surname in the middle: None."""
    if len(words) < 2:
        return None
    capitals = [word.lower() for word in words if word.isupper() and len(word) > 1]
    if len(capitals) == 1 and _is_surname_word(capitals[0]):
        return capitals[0]
    first, last = words[0].lower(), words[-1].lower()
    if len(words) == 2 and _is_surname_word(first) != _is_surname_word(last):
        return first if _is_surname_word(first) else last
    return None


def _split_at_separator(text: str) -> NameCell | None:
    """The split of `text` at a separator into a person and a company, if one: a company named by
    its words first, then a short name where the form says it is one. A bracket after a person
    that holds no company is a remark (王建国(男), 王建国(深圳)): the person alone."""
    best, best_strength = None, _NO_COMPANY
    for run in _SEPARATOR_RUN.finditer(text):
        if not _separates(text, run):
            continue
        left, right = _unwrapped(text[: run.start()]), _unwrapped(text[run.end() :])
        if not left or not right:
            continue
        for person_text, company_text, company_first in ((right, left, True), (left, right, False)):
            person = read_person(person_text)
            if person is None or not (person.full_name or person.surname):
                continue
            strength = _company_strength(company_text, person, run.group(), company_first)
            if strength > best_strength:
                company = company_text if strength > _REMARK_ONLY else None
                best, best_strength = NameCell(person_text, company), strength
    return best


def _unwrapped(part: str) -> str:
    """A side of a split without the bracket that opens or closes it alone: (华德 -> 华德."""
    part = part.strip()
    if part[:1] in _OPENING and not any(closing in part for closing in _CLOSING):
        part = part[1:]
    if part[-1:] in _CLOSING and not any(opening in part for opening in _OPENING):
        part = part[:-1]
    return part.strip()


def _company_strength(company: str, person: Person, gap: str, company_first: bool) -> int:
    """How surely `company` is the company beside `person`: by its words, as a short name that the
    remark form marks as a company (in brackets, after @ or a dash, or beside a titled person), or
    not at all but as a remark in brackets after the person.

    A Latin word in brackets is no company by the brackets alone: "Zhang Wei (David)" and "Zhang
    Wei (Tina)" give the English name as often as "Wang Jianguo (Huade)" gives a company, and no
    list of given names is at hand to tell them apart; such a cell stays one name, as written."""
    # The company is the bracket's content: 王建国(华德) opens it after the person, (华德)王建国 closes it.
    bracketed = has_han(company) and any(
        bracket in gap for bracket in (_CLOSING if company_first else _OPENING)
    )
    remark = _REMARK_ONLY if bracketed and not company_first and company not in _TITLES else _NO_COMPANY
    if _REMARK.search(company):
        return remark
    if _names_company(company) and not _is_person(company):
        return _BY_WORDS
    if not _is_short_name(company, person):
        return remark
    after_marker = not company_first and bool(_MARKER.search(gap))
    return _BY_FORM if bracketed or after_marker or person.title else _NO_COMPANY


def _split_after_name_end(text: str) -> NameCell | None:
    """华德机械有限公司王宁瑶: a full or titled name written right after the company's legal form or
    branch; a place there (华德集团广州) is no person."""
    for end in range(len(text) - 1, 1, -1):
        person = read_person(text[end:]) if _NAME_END.search(text[:end]) else None
        if person is not None and (person.full_name or person.title) and not _is_place(text[end:]):
            return NameCell(text[end:], text[:end])
    return None


def _is_short_name(text: str, person: Person) -> bool:
    """A company's short name: a few hanzi (华德), or pinyin words (Huade) beside a Latin-script
    name (an English word beside a hanzi name is a nickname); not a title, a remark, a place, or a
    surname with a title (李工)."""
    if text in _TITLES or _is_place(text):
        return False
    named = read_person(text)
    if named is not None and not named.full_name:
        return False
    if has_han(text):
        return bool(_HAN_ONLY.fullmatch(text)) and len(text) in _SHORT_NAME_LENGTH
    words = [word.lower() for word in _LATIN_WORD.findall(text)]
    return (
        not has_han(person.display)
        and bool(_LATIN_SHORT_NAME.fullmatch(text))
        and 0 < len(words) <= 4
        and all(is_surname_pinyin(word) or len(split_pinyin(word)) > 1 for word in words)
    )


def _is_place(text: str) -> bool:
    """Whether `text` is a province's, city's or district's name (广东, 深圳, 南山区)."""
    return any(name and name.startswith(text) for name in locate(text))


def _is_person(text: str) -> bool:
    person = read_person(text)
    return person is not None and bool(person.full_name or person.surname)


def _names_company(text: str) -> bool:
    if has_han(text):
        return bool(_HAN_COMPANY_WORD.search(text))
    return any(word.lower() in _LATIN_COMPANY_WORDS for word in _LATIN_WORD.findall(text))


def _separates(text: str, run: re.Match[str]) -> bool:
    separator = run.group()
    if _ALWAYS_SEPARATES.search(separator):
        return True
    before, after = text[run.start() - 1 : run.start()], text[run.end() : run.end() + 1]
    if has_han(before + after):
        return bool(before and after)
    return separator[0].isspace() and separator[-1].isspace() and not separator.isspace()


def _is_surname(text: str) -> bool:
    return text in COMPOUND_SURNAMES if len(text) == 2 else text in SURNAMES


def _is_surname_word(word: str) -> bool:
    return word in _surname_readings()


def _surname_key(surname: str) -> str:
    return "".join(hanzi_name_syllables(surname)[0]) if has_han(surname) else surname


@lru_cache(maxsize=1)
def _surname_readings() -> frozenset[str]:
    """The toneless pinyin of every known surname (wang, ouyang): what a Latin word must be to be one."""
    return frozenset(_surname_key(surname) for surname in SURNAMES | COMPOUND_SURNAMES)
