import pytest

from pipelines.quarantine import quarantine_reasons
from pipelines.standardise.name_forms import NAME_FORM_COLUMNS, split_name_cell, standardise_name
from pipelines.standardise.records import standardise_records
from tests.builders import staged as build_staged

# What a name cell comes to: the NAME_FORM_COLUMNS of its person and the company it names.
COLUMNS = (*NAME_FORM_COLUMNS, "company")


def read_cell(raw: str) -> dict:
    person, company = split_name_cell(raw)
    names = standardise_name(person) if person else (None,) * len(NAME_FORM_COLUMNS)
    return dict(zip(COLUMNS, (*names, company), strict=True))


def expected(name, key, surname, surname_key, form, title=None, sex=None, company=None) -> dict:
    return dict(zip(COLUMNS, (name, key, surname, surname_key, form, title, sex, company), strict=True))


WANG = ("王", "wang")
FULL_WANG_JIANGUO = ("王建国", "guo jian wang", *WANG, "full")


@pytest.mark.parametrize(
    "raw, result",
    [
        # Full names stay full names, surname and all.
        pytest.param("王建国", expected(*FULL_WANG_JIANGUO), id="full"),
        pytest.param("王建國", expected(*FULL_WANG_JIANGUO), id="full-traditional"),
        pytest.param("王 建国", expected(*FULL_WANG_JIANGUO), id="full-spaced"),
        pytest.param(
            "欧阳娜娜", expected("欧阳娜娜", "na na ou yang", "欧阳", "ouyang", "full"), id="compound"
        ),
        pytest.param(
            "司马光", expected("司马光", "guang ma si", "司马", "sima", "full"), id="compound-one-given"
        ),
        pytest.param(
            "曾嘉燕", expected("曾嘉燕", "jia yan zeng", "曾", "zeng", "full"), id="surname-reading"
        ),
        # Three characters ending in a single-character title are a full name, not a title form.
        pytest.param(
            "王总华", expected("王总华", "hua wang zong", *WANG, "full"), id="title-character-inside"
        ),
        pytest.param("王建工", expected("王建工", "gong jian wang", *WANG, "full"), id="ends-in-gong"),
        pytest.param("李明总", expected("李明总", "li ming zong", "李", "li", "full"), id="ends-in-zong"),
        pytest.param(
            "张国董", expected("张国董", "dong guo zhang", "张", "zhang", "full"), id="ends-in-dong"
        ),
        # Latin script: the surname where capitals or the only surname-like word show it.
        pytest.param(
            "Zhang Wei", expected("Zhang Wei", "wei zhang", None, None, "full"), id="latin-either-order"
        ),
        pytest.param(
            "David Li", expected("David Li", "david li", "li", "li", "full"), id="latin-english-given"
        ),
        pytest.param(
            "Minghai ZHANG",
            expected("Minghai ZHANG", "hai ming zhang", "zhang", "zhang", "full"),
            id="capitals",
        ),
        pytest.param(
            "Wang Jianguo",
            expected("Wang Jianguo", "guo jian wang", "wang", "wang", "full"),
            id="latin-pinyin",
        ),
        pytest.param("Zhang, Wei", expected("Zhang Wei", "wei zhang", None, None, "full"), id="latin-comma"),
        pytest.param(
            "Lisa Zhang Wei",
            expected("Lisa Zhang Wei", "li sa wei zhang", None, None, "full"),
            id="three-words",
        ),
        pytest.param(
            "David 曾伟", expected("David 曾伟", "david wei zeng", "曾", "zeng", "full"), id="two-scripts"
        ),
        # Honorifics: the surname, and the sex they say.
        pytest.param(
            "王先生", expected("王先生", None, *WANG, "surname_only", "先生", "male"), id="xiansheng"
        ),
        pytest.param(
            "李女士", expected("李女士", None, "李", "li", "surname_only", "女士", "female"), id="nvshi"
        ),
        pytest.param(
            "王小姐", expected("王小姐", None, *WANG, "surname_only", "小姐", "female"), id="xiaojie"
        ),
        pytest.param(
            "陳太太", expected("陈太太", None, "陈", "chen", "surname_only", "太太", "female"), id="taitai"
        ),
        pytest.param("张姐", expected("张姐", None, "张", "zhang", "surname_only", "姐", "female"), id="jie"),
        pytest.param("老王", expected("老王", None, *WANG, "surname_only", "老"), id="lao-prefix"),
        pytest.param("王", expected("王", None, *WANG, "surname_only"), id="surname-alone"),
        pytest.param(
            "張偉先生",
            expected("张伟", "wei zhang", "张", "zhang", "full", "先生", "male"),
            id="full-and-honorific",
        ),
        pytest.param(
            "王 芳 女士",
            expected("王芳", "fang wang", *WANG, "full", "女士", "female"),
            id="full-spaced-honorific",
        ),
        # Job titles: a surname and a title, or a full name and a title.
        pytest.param("张经理", expected("张经理", None, "张", "zhang", "surname_only", "经理"), id="jingli"),
        pytest.param(
            "張經理", expected("张经理", None, "张", "zhang", "surname_only", "经理"), id="jingli-trad"
        ),
        pytest.param("李工", expected("李工", None, "李", "li", "surname_only", "工"), id="gong"),
        pytest.param("王总", expected("王总", None, *WANG, "surname_only", "总"), id="zong"),
        pytest.param("王總", expected("王总", None, *WANG, "surname_only", "总"), id="zong-traditional"),
        pytest.param("张主任", expected("张主任", None, "张", "zhang", "surname_only", "主任"), id="zhuren"),
        pytest.param("刘老师", expected("刘老师", None, "刘", "liu", "surname_only", "老师"), id="laoshi"),
        pytest.param("陈师傅", expected("陈师傅", None, "陈", "chen", "surname_only", "师傅"), id="shifu"),
        pytest.param("赵总监", expected("赵总监", None, "赵", "zhao", "surname_only", "总监"), id="zongjian"),
        pytest.param("孙会计", expected("孙会计", None, "孙", "sun", "surname_only", "会计"), id="kuaiji"),
        pytest.param(
            "周醫生", expected("周医生", None, "周", "zhou", "surname_only", "医生"), id="yisheng-trad"
        ),
        pytest.param(
            "欧阳经理",
            expected("欧阳经理", None, "欧阳", "ouyang", "surname_only", "经理"),
            id="compound-title",
        ),
        pytest.param("王建国经理", expected(*FULL_WANG_JIANGUO, "经理"), id="full-and-title"),
        pytest.param("王建国(总经理)", expected(*FULL_WANG_JIANGUO, "总经理"), id="title-in-brackets"),
        pytest.param("经理", expected("经理", None, None, None, None, "经理"), id="title-alone"),
        # Latin honorifics, as the hanzi title they stand for.
        pytest.param(
            "Mr. Wang", expected("Mr. Wang", None, "wang", "wang", "surname_only", "先生", "male"), id="mr"
        ),
        pytest.param("Ms Li", expected("Ms Li", None, "li", "li", "surname_only", "女士", "female"), id="ms"),
        pytest.param(
            "MRS ZHANG",
            expected("MRS ZHANG", None, "zhang", "zhang", "surname_only", "太太", "female"),
            id="mrs",
        ),
        pytest.param(
            "Mr. Zhang Wei",
            expected("Zhang Wei", "wei zhang", None, None, "full", "先生", "male"),
            id="mr-full",
        ),
        # A company in the person cell, with or without its contact.
        pytest.param(
            "广州市润信电器有限公司 王宁瑶",
            expected("王宁瑶", "ning wang yao", *WANG, "full", company="广州市润信电器有限公司"),
            id="company-then-contact",
        ),
        pytest.param(
            "廣州市潤信電器有限公司 王寧瑤",
            expected("王宁瑶", "ning wang yao", *WANG, "full", company="广州市润信电器有限公司"),
            id="company-then-contact-traditional",
        ),
        pytest.param(
            "华德机械有限公司王宁瑶",
            expected("王宁瑶", "ning wang yao", *WANG, "full", company="华德机械有限公司"),
            id="contact-after-legal-form",
        ),
        pytest.param(
            "华德机械有限公司王经理",
            expected("王经理", None, *WANG, "surname_only", "经理", company="华德机械有限公司"),
            id="titled-contact-after-legal-form",
        ),
        pytest.param(
            "华德集团广州",
            expected(None, None, None, None, None, company="华德集团广州"),
            id="place-after-legal-form",
        ),
        pytest.param(
            "明宇家居 魏峰海",
            expected("魏峰海", "feng hai wei", "魏", "wei", "full", company="明宇家居"),
            id="short-name-with-trade-word",
        ),
        pytest.param(
            "广州市润信电器有限公司",
            expected(None, None, None, None, None, company="广州市润信电器有限公司"),
            id="company-alone",
        ),
        pytest.param(
            "明宇家居", expected(None, None, None, None, None, company="明宇家居"), id="short-name-alone"
        ),
        pytest.param(
            "Huaxing Optoelectronics Co., Ltd.",
            expected(None, None, None, None, None, company="Huaxing Optoelectronics Co., Ltd."),
            id="latin-company-alone",
        ),
        # Remark forms: a person and a company or its short name.
        pytest.param(
            "王总-华德机械",
            expected("王总", None, *WANG, "surname_only", "总", company="华德机械"),
            id="dash",
        ),
        pytest.param(
            "王總-華德機械",
            expected("王总", None, *WANG, "surname_only", "总", company="华德机械"),
            id="dash-trad",
        ),
        pytest.param(
            "华德 李工",
            expected("李工", None, "李", "li", "surname_only", "工", company="华德"),
            id="space-titled",
        ),
        pytest.param("王建国(华德)", expected(*FULL_WANG_JIANGUO, company="华德"), id="brackets"),
        pytest.param(
            "王建国（华德机械）", expected(*FULL_WANG_JIANGUO, company="华德机械"), id="full-width-brackets"
        ),
        pytest.param("(华德)王建国", expected(*FULL_WANG_JIANGUO, company="华德"), id="brackets-first"),
        pytest.param(
            "李工@华德",
            expected("李工", None, "李", "li", "surname_only", "工", company="华德"),
            id="at-sign",
        ),
        pytest.param(
            "Wang Jianguo - Huade",
            expected("Wang Jianguo", "guo jian wang", "wang", "wang", "full", company="Huade"),
            id="latin-dash",
        ),
        pytest.param(
            "Mr. Wang (Huade)",
            expected("Mr. Wang", None, "wang", "wang", "surname_only", "先生", "male", company="Huade"),
            id="latin-honorific-brackets",
        ),
        # A bracket that names no company is a remark; two untitled names side by side are not split.
        pytest.param("王建国(男)", expected(*FULL_WANG_JIANGUO), id="remark-sex"),
        pytest.param("王建国(深圳)", expected(*FULL_WANG_JIANGUO), id="remark-place"),
        pytest.param("王建国(工程部)", expected(*FULL_WANG_JIANGUO), id="remark-department"),
        # A Latin word in brackets may as well be an English name as a company: one name, as written.
        pytest.param(
            "Zhang Wei (David)",
            expected("Zhang Wei David", "david wei zhang", None, None, "full"),
            id="english-name",
        ),
        pytest.param(
            "Zhang Wei (Tina)",
            expected("Zhang Wei Tina", "na ti wei zhang", None, None, "full"),
            id="pinyin-like",
        ),
        pytest.param(
            "Wang Jianguo (Huade)",
            expected("Wang Jianguo Huade", "de guo hua jian wang", None, None, "full"),
            id="latin-brackets",
        ),
        pytest.param(
            "王建国 (David)",
            expected("王建国 David", "david guo jian wang", None, None, "full"),
            id="hanzi-english",
        ),
        pytest.param(
            "王建国 华德",
            expected("王建国华德", "de guo hua jian wang", None, None, "full"),
            id="ambiguous-as-written",
        ),
        pytest.param("   ", expected(None, None, None, None, None), id="blank"),
    ],
)
def test_name_cells_are_read_into_person_and_company(raw, result):
    assert read_cell(raw) == result


def test_a_company_in_the_person_cell_becomes_the_records_company():
    records = standardise_records(
        build_staged(
            {"person_name": "广州市润信电器有限公司 王宁瑶", "phone": "13800138000"},
            {"customer_name": "明宇家居 魏峰海"},
            {"person_name": "廣州市潤信電器有限公司"},
            {"person_name": "王总-华德机械", "company_name": "华德机械设备有限公司"},
            {"customer_name": "华德机械有限公司 李工"},
            {"person_name": "王建国(华德)", "customer_type": "person"},
            {"person_name": "王先生", "phone": "13900139000"},
        )
    )
    assert records["company_std"].tolist() == [
        "广州市润信电器有限公司",
        "明宇家居",
        "广州市润信电器有限公司",
        "华德机械设备有限公司",
        "华德机械有限公司",
        "华德",
        None,
    ]
    assert records["customer_type_std"].tolist() == ["company"] * 5 + ["person", "person"]
    assert records["name_std"].tolist() == ["王宁瑶", "魏峰海", None, "王总", "李工", "王建国", "王先生"]
    assert records["name_key"].tolist() == [
        "ning wang yao",
        "feng hai wei",
        None,
        None,
        None,
        "guo jian wang",
        None,
    ]
    assert records["name_form"].tolist() == [
        "full",
        "full",
        None,
        "surname_only",
        "surname_only",
        "full",
        "surname_only",
    ]
    assert records["name_surname"].tolist() == ["王", "魏", None, "王", "李", "王", "王"]
    assert records["name_title"].tolist() == [None, None, None, "总", "工", None, "先生"]
    assert records["name_sex"].tolist() == [None] * 6 + ["male"]


@pytest.mark.parametrize(
    "record, reason",
    [
        pytest.param({"person_name": "王先生", "phone": "13800138000"}, None, id="partial-name-and-phone"),
        pytest.param({"person_name": "李工", "email": "li@huade.com"}, None, id="partial-name-and-email"),
        pytest.param({"person_name": "王先生"}, "NO_IDENTITY", id="partial-name-alone"),
        pytest.param({"person_name": "王建国"}, None, id="full-name-alone"),
        pytest.param({"person_name": "华德 李工"}, None, id="company-short-name"),
    ],
)
def test_a_partial_name_alone_identifies_no_one(record, reason):
    records = standardise_records(build_staged(record))
    assert quarantine_reasons(records).tolist() == [reason]


def test_a_company_short_name_in_the_customer_name_takes_its_contact_from_the_person_name():
    records = standardise_records(
        build_staged(
            {"customer_name": "中世物业管理", "person_name": "吴娟霞"},
            {"customer_name": "天津市中世物业管理有限公司", "person_name": "吴娟霞"},
            {"customer_name": "吴娟霞", "person_name": "王先生"},
        )
    )
    assert records["company_key"].tolist() == ["中世物业管理", "中世物业管理", None]
    assert records["customer_type_std"].tolist() == ["company", "company", "person"]
    # The customer-name cell names the person where it holds one; the person-name column waits.
    assert records["name_std"].tolist() == ["吴娟霞", "吴娟霞", "吴娟霞"]
