"""Company names: a key without legal form and region prefix, and the branch kept apart.

No maintained library knows Chinese legal forms and branch markers (有限公司, 分公司, 办事处), so
this is written here.
"""

from __future__ import annotations

import re

from pipelines.standardise.text import fold_text, has_han

COMPANY_COLUMNS = ["company_std", "company_key", "company_branch", "company_region"]

_HAN_LEGAL_FORMS = re.compile(r"股份有限公司|有限责任公司|有限公司|股份公司|集团|公司")
_HAN_REGION_PREFIX = re.compile(r"^(?:[\u4e00-\u9fff]{2,3}省)?(?:([\u4e00-\u9fff]{2,3})市)?")
_HAN_BRANCH = re.compile(r"^(.*?(?:股份有限公司|有限责任公司|有限公司|公司|集团))?(.*?)([\u4e00-\u9fff]{2,3}(?:分公司|分厂|办事处|分部|营业部))$")
_LATIN_LEGAL_WORDS = {"co", "company", "ltd", "limited", "inc", "incorporated", "llc", "gmbh", "corp", "corporation", "group", "the", "plc"}
_LATIN_BRANCH = re.compile(r"^(.*?)[\s,(-]+([a-z]+ (?:branch|branch office|office|factory|representative office))\)?$")
_NON_WORD = re.compile(r"[^\w\u3400-\u9fff]+")


def standardise_company(raw: str) -> tuple[str | None, str | None, str | None, str | None]:
    """(display name, key, branch, region). Two records name the same company branch when key and
    branch agree and their regions do not differ: Chinese trade names are registered per city, so
    南京市卓联医疗器械 and 合肥市卓联医疗器械 are different companies."""
    name = fold_text(raw)
    if not name:
        return None, None, None, None
    lowered = name.lower()
    key, branch, region = _han_key(lowered) if has_han(lowered) else _latin_key(lowered)
    return name, key or None, branch, region


def _han_key(name: str) -> tuple[str, str | None, str | None]:
    compact = _NON_WORD.sub("", name)
    branch = None
    match = _HAN_BRANCH.match(compact)
    if match:
        compact, branch = (match.group(1) or "") + match.group(2), match.group(3)
    region = _HAN_REGION_PREFIX.match(compact).group(1)
    key = _HAN_LEGAL_FORMS.sub("", _HAN_REGION_PREFIX.sub("", compact))
    return key, branch, region


def _latin_key(name: str) -> tuple[str, str | None, None]:
    branch = None
    match = _LATIN_BRANCH.match(name.strip())
    if match:
        name, branch = match.group(1), match.group(2)
    words = [word for word in _NON_WORD.sub(" ", name).split() if word not in _LATIN_LEGAL_WORDS]
    return " ".join(words), branch, None
