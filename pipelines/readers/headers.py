"""Which source column feeds which canonical field: the registry's explicit mapping first, then
headers recognised from a synonym dictionary in simplified, traditional Chinese and English,
typos included (rapidfuzz)."""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz, process

from pipelines.standardise.text import fold_text

# Synonyms are compared after folding (traditional -> simplified, full-width -> half-width), lower
# case, without spaces and punctuation, so 聯繫電話, "E-Mail" and "e mail" need no entries.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "source_customer_id": (
        "客户编号",
        "客户编码",
        "客户代码",
        "客户id",
        "档案号",
        "编号",
        "customerid",
        "customerno",
        "accountno",
        "id",
    ),
    "customer_type": ("客户类型", "客户性质", "customertype", "type"),
    "customer_name": ("客户名称", "客户名", "户名", "customer", "customername", "accountname"),
    "person_name": (
        "姓名",
        "联系人",
        "联系人姓名",
        "客户姓名",
        "用户姓名",
        "用户名称",
        "name",
        "fullname",
        "contact",
        "contactname",
        "contactperson",
    ),
    # A person's name in two columns (FEBRL, Outlook, 姓 / 名); the person's name is composed from them.
    "given_name": ("名", "名字", "firstname", "givenname", "forename"),
    "family_name": ("姓", "姓氏", "lastname", "surname", "familyname"),
    "company_name": (
        "单位名称",
        "公司名称",
        "企业名称",
        "单位",
        "公司",
        "工作单位",
        "company",
        "companyname",
        "organization",
        "organisation",
    ),
    "phone": (
        "手机",
        "手机号",
        "手机号码",
        "移动电话",
        "联系电话",
        "联系方式",
        "电话",
        "mobile",
        "mobilephone",
        "cellphone",
        "cell",
        "phone",
        "tel",
        "telephone",
    ),
    # A second phone-like column lands here once `phone` is taken.
    "alt_phone": (
        "办公电话",
        "座机",
        "固定电话",
        "单位电话",
        "公司电话",
        "家庭电话",
        "电话",
        "联系电话",
        "officephone",
        "businessphone",
        "workphone",
        "landline",
        "homephone",
        "phone",
        "tel",
        "telephone",
    ),
    "email": ("电子邮箱", "电子邮件", "邮箱", "邮件地址", "email", "emailaddress", "mail"),
    "address": (
        "地址",
        "详细地址",
        "联系地址",
        "通讯地址",
        "通信地址",
        "住址",
        "家庭住址",
        "家庭地址",
        "单位地址",
        "公司地址",
        "收货地址",
        "邮寄地址",
        "address",
        "streetaddress",
        "postaladdress",
        "mailingaddress",
    ),
    "city": ("城市", "所在城市", "所在地", "city"),
    "status": ("客户状态", "状态", "客户阶段", "status", "stage"),
    "intent_grade": ("意向等级", "客户等级", "意向级别", "等级", "grade", "rating", "level"),
    "owner": (
        "负责销售",
        "业务员",
        "销售员",
        "负责人",
        "客户经理",
        "跟进人",
        "owner",
        "salesrep",
        "salesperson",
        "accountmanager",
    ),
    "last_contact_date": (
        "最近联系日期",
        "最后联系日期",
        "最近联系时间",
        "联系日期",
        "lastcontact",
        "lastcontactdate",
        "date",
    ),
    "id_number": (
        "身份证号",
        "身份证号码",
        "身份证",
        "证件号码",
        "证件号",
        "居民身份证号码",
        "idnumber",
        "idcard",
        "idcardnumber",
        "idcardno",
    ),
    "birthday": ("生日", "出生日期", "出生年月", "出生年月日", "birthday", "birthdate", "dateofbirth", "dob"),
    # Not 渠道 or "channel" alone: a lead's source channel (展会, 官网) is no way of contacting. Not
    # 联系方向: too close to 联系方式, a phone column.
    "contact_channel": ("联系渠道", "沟通方式", "联系途径", "contactchannel"),
    "contact_direction": ("收发方向", "方向", "direction"),
    "contact_subject": ("主题", "邮件主题", "事由", "subject", "contactsubject"),
}
# Below this similarity a header is not taken for a synonym. One wrong character in a four-
# character Chinese header (电子油箱) scores 75.
MATCH_CUTOFF = 75
# Fields whose synonyms are two letters away from other "... name" headers (Firm Name ~ First Name,
# User Name ~ Surname, Store Name ~ Forename score 80 or more): one typo still passes (Frist Name
# scores 89), another word does not.
FIELD_CUTOFFS = {"given_name": 85, "family_name": 85}
_NOT_WORD = re.compile(r"[\W_]+")


def header_key(header: str) -> str:
    return _NOT_WORD.sub("", fold_text(header).lower())


def map_headers(headers: list[str], explicit: dict[str, str]) -> dict[str, str]:
    """Source header -> canonical field. Headers named in `explicit` map as it says; the others are
    recognised from the synonyms, each field once, the closest header winning it; fields the
    registry already maps are not guessed again."""
    mapping = {header: explicit[header] for header in headers if header in explicit}
    taken = set(explicit.values())
    candidates = []
    for header in headers:
        if header in mapping or not header.strip():
            continue
        for field, score in _field_scores(header_key(header)):
            if field not in taken:
                candidates.append((score, header, field))
    for score, header, field in sorted(candidates, key=lambda c: (-c[0], headers.index(c[1]))):
        if header not in mapping and field not in taken:
            mapping[header] = field
            taken.add(field)
    return mapping


@lru_cache(maxsize=4096)
def _field_scores(key: str) -> tuple[tuple[str, float], ...]:
    """(field, best similarity to one of its synonyms) for every field at or above the cutoff."""
    if not key:
        return ()
    scores = []
    for field, synonyms in SYNONYMS.items():
        cutoff = FIELD_CUTOFFS.get(field, MATCH_CUTOFF)
        best = process.extractOne(key, synonyms, scorer=fuzz.ratio, score_cutoff=cutoff)
        if best:
            scores.append((field, best[1]))
    return tuple(scores)
