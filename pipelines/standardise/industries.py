"""The line of business a company name states, in one vocabulary for both scripts: 光电技术 and
"Optoelectronic Technology" are one industry. An English company name keeps the trade name in
pinyin and translates the industry, so the industry is what tells 信宝光电技术 from 信宝物流
across scripts.

No maintained library maps Chinese industry terms in company names to their usual English
renderings, so this short glossary of common terms is kept here; add terms as sources need them.
"""

from __future__ import annotations

import re

from pipelines.standardise.text import has_han

# Chinese term -> the English rendering company names use, lower case.
INDUSTRY_TERMS = {
    "光电技术": "optoelectronic technology",
    "光电科技": "optoelectronic technology",
    "光电": "optoelectronics",
    "精密机械": "precision machinery",
    "工程机械": "construction machinery",
    "食品机械": "food machinery",
    "机械设备": "machinery equipment",
    "机械制造": "machinery manufacturing",
    "机械": "machinery",
    "物流": "logistics",
    "供应链管理": "supply chain management",
    "供应链": "supply chain",
    "货运代理": "freight forwarding",
    "电气设备": "electrical equipment",
    "电气": "electric",
    "电器": "electric appliance",
    "建材": "building materials",
    "建筑材料": "building materials",
    "建筑工程": "construction engineering",
    "建筑": "construction",
    "贸易": "trading",
    "进出口": "import and export",
    "商贸": "trading",
    "电子科技": "electronic technology",
    "电子技术": "electronic technology",
    "电子": "electronics",
    "自动化设备": "automation equipment",
    "自动化": "automation",
    "液压设备": "hydraulic equipment",
    "液压": "hydraulics",
    "机电工程": "electromechanical engineering",
    "机电设备": "electromechanical equipment",
    "机电": "electromechanical",
    "钢结构工程": "steel structure engineering",
    "五金制品": "hardware products",
    "五金": "hardware",
    "塑胶制品": "plastic products",
    "塑料制品": "plastic products",
    "模具": "mould",
    "新材料": "new materials",
    "包装材料": "packaging materials",
    "包装": "packaging",
    "环保科技": "environmental technology",
    "环保": "environmental protection",
    "化工": "chemical",
    "汽车配件": "auto parts",
    "汽车零部件": "auto parts",
    "医疗器械": "medical devices",
    "医药": "pharmaceutical",
    "纺织": "textile",
    "服装": "garment",
    "服饰": "apparel",
    "家具": "furniture",
    "食品": "food",
    "印刷": "printing",
    "信息技术": "information technology",
    "软件": "software",
    "网络科技": "network technology",
    "科技": "technology",
    "能源": "energy",
    "新能源": "new energy",
    "房地产开发": "real estate development",
    "房地产": "real estate",
    "投资": "investment",
    "实业发展": "industrial development",
    "实业": "industrial",
    "工贸": "industry and trade",
    "科贸": "technology and trading",
    "物业管理": "property management",
    "物业服务": "property services",
    "物业": "property",
    "制药": "pharmaceutical",
}
# English spellings that differ only in form.
_ENGLISH_VARIANTS = {
    "mold": "mould",
    "trade": "trading",
    "device": "devices",
    "part": "parts",
    "tech": "technology",
}
# English renderings of one term in other words: 商贸 is "Trading" or "Commerce and Trade".
_ENGLISH_PHRASES = {"commerce and trading": "trading"}
_LONGEST_FIRST = sorted(INDUSTRY_TERMS, key=len, reverse=True)
_WORD = re.compile(r"[a-z]+")


def industry_of(trade_and_industry: str, trade_name_length: int) -> str | None:
    """The industry of a company key after its trade name, in English; None when the key states
    none the glossary knows (a Chinese key) or none at all."""
    rest = trade_and_industry[trade_name_length:].strip()
    if has_han(rest):
        term = next((term for term in _LONGEST_FIRST if rest.startswith(term)), None)
        return INDUSTRY_TERMS[term] if term else None
    words = " ".join(_ENGLISH_VARIANTS.get(word, word) for word in _WORD.findall(rest))
    return _ENGLISH_PHRASES.get(words, words) or None
