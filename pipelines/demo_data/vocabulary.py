"""Static word lists the demo generator draws from.

Only data lives here; the code that combines these lists is in ``people.py``.
Pinyin is spelled out explicitly instead of derived with pypinyin so that
polyphonic surnames (曾 is zeng, not ceng) are read the way a person
would write them on a business card.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

COMPANY_NAME = "恒泰机械有限公司"
COMPANY_SHORT_NAME = "恒泰机械"
STAFF_EMAIL_DOMAIN = "hengtai-machinery.com"
COMPANY_SWITCHBOARD = "0519-86625800"
# Every date in the demo is relative to this day, never to the current time.
REFERENCE_DATE = date(2026, 11, 1)


@dataclass(frozen=True, slots=True)
class City:
    name: str
    pinyin: str
    province: str  # empty for the four municipalities
    area_code: str
    region: str  # the sales workbook sheet this city belongs to
    districts: tuple[str, ...]
    weight: float

    @property
    def full_name(self) -> str:
        return f"{self.name}市"

    @property
    def province_short(self) -> str:
        return self.province.removesuffix("省").removesuffix("壮族自治区").removesuffix("自治区")


def _colon_triples(text: str) -> tuple[tuple[str, str, str], ...]:
    """Parse space-separated ``a:b:c`` entries."""
    return tuple((a, b, c) for a, b, c in (entry.split(":") for entry in text.split()))


def _char_pinyin_pairs(text: str) -> tuple[tuple[str, str], ...]:
    """Parse space-separated entries like ``伟wei`` into (hanzi, pinyin)."""
    return tuple((entry[0], entry[1:]) for entry in text.split())


def _city(
    name: str, pinyin: str, province: str, area_code: str, region: str, districts: str, weight: float
) -> City:
    return City(name, pinyin, province, area_code, region, tuple(districts.split()), weight)


CITIES: tuple[City, ...] = (
    _city("北京", "Beijing", "", "010", "华北区", "朝阳区 海淀区 丰台区 大兴区", 8),
    _city("天津", "Tianjin", "", "022", "华北区", "滨海新区 南开区 河西区", 4),
    _city("石家庄", "Shijiazhuang", "河北省", "0311", "华北区", "长安区 裕华区 桥西区", 2),
    _city("太原", "Taiyuan", "山西省", "0351", "华北区", "小店区 迎泽区", 1.5),
    _city("呼和浩特", "Hohhot", "内蒙古自治区", "0471", "华北区", "新城区 赛罕区", 1),
    _city("上海", "Shanghai", "", "021", "华东区", "浦东新区 闵行区 嘉定区 松江区", 9),
    _city("南京", "Nanjing", "江苏省", "025", "华东区", "江宁区 鼓楼区 玄武区", 4),
    _city("苏州", "Suzhou", "江苏省", "0512", "华东区", "姑苏区 吴中区 相城区 吴江区", 6),
    _city("无锡", "Wuxi", "江苏省", "0510", "华东区", "滨湖区 新吴区 梁溪区", 3),
    _city("常州", "Changzhou", "江苏省", "0519", "华东区", "武进区 新北区 天宁区", 3),
    _city("杭州", "Hangzhou", "浙江省", "0571", "华东区", "西湖区 滨江区 余杭区 萧山区", 6),
    _city("宁波", "Ningbo", "浙江省", "0574", "华东区", "鄞州区 北仑区 海曙区", 4),
    _city("温州", "Wenzhou", "浙江省", "0577", "华东区", "鹿城区 瓯海区 龙湾区", 2.5),
    _city("合肥", "Hefei", "安徽省", "0551", "华东区", "蜀山区 包河区 庐阳区", 2.5),
    _city("济南", "Jinan", "山东省", "0531", "华东区", "历下区 槐荫区 历城区", 2.5),
    _city("青岛", "Qingdao", "山东省", "0532", "华东区", "黄岛区 崂山区 市南区", 3),
    _city("福州", "Fuzhou", "福建省", "0591", "华东区", "鼓楼区 仓山区 晋安区", 2),
    _city("厦门", "Xiamen", "福建省", "0592", "华东区", "思明区 湖里区 集美区", 2.5),
    _city("深圳", "Shenzhen", "广东省", "0755", "华南区", "南山区 福田区 宝安区 龙岗区", 9),
    _city("广州", "Guangzhou", "广东省", "020", "华南区", "天河区 番禺区 白云区 黄埔区", 7),
    _city("东莞", "Dongguan", "广东省", "0769", "华南区", "长安镇 虎门镇 南城街道 松山湖", 5),
    _city("佛山", "Foshan", "广东省", "0757", "华南区", "顺德区 南海区 禅城区", 4),
    _city("珠海", "Zhuhai", "广东省", "0756", "华南区", "香洲区 金湾区 斗门区", 2),
    _city("南宁", "Nanning", "广西壮族自治区", "0771", "华南区", "青秀区 西乡塘区 江南区", 1.5),
    _city("海口", "Haikou", "海南省", "0898", "华南区", "龙华区 美兰区", 1),
    _city("武汉", "Wuhan", "湖北省", "027", "其他", "江汉区 洪山区 武昌区 东西湖区", 5),
    _city("长沙", "Changsha", "湖南省", "0731", "其他", "岳麓区 雨花区 开福区", 3.5),
    _city("郑州", "Zhengzhou", "河南省", "0371", "其他", "金水区 二七区 中原区", 3.5),
    _city("成都", "Chengdu", "四川省", "028", "其他", "武侯区 高新区 锦江区 双流区", 5),
    _city("重庆", "Chongqing", "", "023", "其他", "渝北区 江北区 九龙坡区", 4),
    _city("西安", "Xi'an", "陕西省", "029", "其他", "雁塔区 未央区 碑林区", 3.5),
    _city("沈阳", "Shenyang", "辽宁省", "024", "其他", "和平区 浑南区 铁西区", 2.5),
    _city("大连", "Dalian", "辽宁省", "0411", "其他", "甘井子区 沙河口区 中山区", 2),
    _city("哈尔滨", "Harbin", "黑龙江省", "0451", "其他", "南岗区 道里区 香坊区", 2),
    _city("昆明", "Kunming", "云南省", "0871", "其他", "五华区 官渡区 盘龙区", 2),
)

SALES_REGIONS: tuple[str, ...] = ("华东区", "华南区", "华北区", "其他")

# (hanzi, pinyin, share of the population in percent): the weights make
# names such as 王伟, 张静 and 李娜 repeat as often as they do in real lists.
SURNAMES: tuple[tuple[str, str, float], ...] = tuple(
    (hanzi, pinyin, float(weight))
    for hanzi, pinyin, weight in _colon_triples(
        "王:wang:7.12 李:li:7.00 张:zhang:6.74 刘:liu:5.10 陈:chen:4.61 杨:yang:3.22 黄:huang:2.45 "
        "赵:zhao:2.19 吴:wu:2.05 周:zhou:1.99 徐:xu:1.60 孙:sun:1.50 马:ma:1.44 朱:zhu:1.34 胡:hu:1.30 "
        "郭:guo:1.19 何:he:1.18 林:lin:1.14 高:gao:1.08 罗:luo:1.03 郑:zheng:0.97 梁:liang:0.90 "
        "谢:xie:0.81 宋:song:0.76 唐:tang:0.75 许:xu:0.71 邓:deng:0.68 韩:han:0.68 冯:feng:0.67 "
        "曹:cao:0.65 彭:peng:0.62 曾:zeng:0.60 肖:xiao:0.59 田:tian:0.56 董:dong:0.55 潘:pan:0.52 "
        "袁:yuan:0.52 蔡:cai:0.50 蒋:jiang:0.49 余:yu:0.48 于:yu:0.47 杜:du:0.46 叶:ye:0.45 "
        "程:cheng:0.44 魏:wei:0.42 苏:su:0.41 丁:ding:0.40 任:ren:0.39 卢:lu:0.38 姚:yao:0.37 "
        "沈:shen:0.36 钟:zhong:0.35 姜:jiang:0.34 崔:cui:0.33 谭:tan:0.32 陆:lu:0.31 范:fan:0.30 "
        "汪:wang:0.29 廖:liao:0.28 石:shi:0.27 金:jin:0.26 韦:wei:0.25 贾:jia:0.24 夏:xia:0.23 "
        "付:fu:0.22 方:fang:0.22 邹:zou:0.21 熊:xiong:0.20 白:bai:0.20 孟:meng:0.19 秦:qin:0.19 "
        "邱:qiu:0.18 侯:hou:0.18 江:jiang:0.17 尹:yin:0.17 薛:xue:0.16 闫:yan:0.16 段:duan:0.15 "
        "雷:lei:0.15 龙:long:0.14 黎:li:0.14 史:shi:0.14 陶:tao:0.13 贺:he:0.13 毛:mao:0.12 "
        "郝:hao:0.12 顾:gu:0.12 龚:gong:0.11 邵:shao:0.11 万:wan:0.11 钱:qian:0.10 戴:dai:0.10 "
        "严:yan:0.10 莫:mo:0.09 孔:kong:0.09 向:xiang:0.09 常:chang:0.08 欧阳:ouyang:0.05 "
        "上官:shangguan:0.01"
    )
)

# Given-name characters in rough order of popularity, per gender.  Several
# share a pinyin syllable (伟/玮/炜, 静/晶/婧) so homophone typos stay plausible.
MALE_GIVEN_CHARS: tuple[tuple[str, str], ...] = _char_pinyin_pairs(
    "伟wei 强qiang 磊lei 军jun 勇yong 杰jie 涛tao 明ming 超chao 刚gang 辉hui 建jian 国guo "
    "鹏peng 浩hao 凯kai 斌bin 峰feng 波bo 亮liang 成cheng 俊jun 志zhi 博bo 海hai 宇yu 轩xuan "
    "泽ze 昊hao 玮wei 炜wei 铭ming 钧jun 永yong 坤kun 旭xu 健jian 剑jian 锋feng 彬bin 立li "
    "力li 东dong 岩yan 毅yi 诚cheng 振zhen 震zhen 飞fei 文wen 华hua 新xin 阳yang 龙long "
    "晖hui 帆fan 凡fan 晨chen 鑫xin 洋yang"
)
FEMALE_GIVEN_CHARS: tuple[tuple[str, str], ...] = _char_pinyin_pairs(
    "芳fang 娜na 敏min 静jing 丽li 艳yan 娟juan 秀xiu 霞xia 平ping 桂gui 英ying 玉yu 兰lan "
    "婷ting 雪xue 琳lin 欣xin 丹dan 萍ping 红hong 梅mei 莉li 宁ning 佳jia 慧hui 颖ying 倩qian "
    "思si 晓xiao 春chun 燕yan 嘉jia 怡yi 雨yu 涵han 晶jing 婧jing 洁jie 蕾lei 妍yan 桦hua "
    "琦qi 琪qi 婉wan 瑶yao 芬fen 云yun 芸yun 蓉rong 冬dong 秋qiu 楠nan 玲ling 凌ling 悦yue "
    "璐lu 露lu 薇wei 菲fei 媛yuan 月yue 方fang 心xin"
)

MALE_ENGLISH_NAMES: tuple[str, ...] = (
    "David",
    "Michael",
    "Kevin",
    "Jack",
    "Tony",
    "Eric",
    "Jason",
    "Peter",
    "Leo",
    "Frank",
    "Vincent",
    "Sam",
    "Alan",
    "Steven",
    "Henry",
    "Bruce",
    "Andy",
    "Ryan",
    "Oscar",
    "Louis",
)
FEMALE_ENGLISH_NAMES: tuple[str, ...] = (
    "Lucy",
    "Amy",
    "Cindy",
    "Linda",
    "Grace",
    "Helen",
    "Vivian",
    "Emily",
    "Sophia",
    "Coco",
    "Jenny",
    "Sunny",
    "Annie",
    "Judy",
    "Iris",
    "Wendy",
    "Tina",
    "Sherry",
    "Nancy",
    "Cherry",
)

# (domain, weight); qq.com addresses are frequently just the QQ number.
PERSONAL_EMAIL_PROVIDERS: tuple[tuple[str, float], ...] = (
    ("qq.com", 30),
    ("163.com", 28),
    ("126.com", 10),
    ("gmail.com", 6),
    ("sina.com", 6),
    ("foxmail.com", 6),
    ("hotmail.com", 5),
    ("outlook.com", 4),
    ("139.com", 3),
    ("sohu.com", 2),
)

MOBILE_PREFIXES: tuple[str, ...] = (
    "130",
    "131",
    "132",
    "133",
    "134",
    "135",
    "136",
    "137",
    "138",
    "139",
    "145",
    "147",
    "150",
    "151",
    "152",
    "153",
    "155",
    "156",
    "157",
    "158",
    "159",
    "166",
    "176",
    "177",
    "178",
    "180",
    "181",
    "182",
    "183",
    "184",
    "185",
    "186",
    "187",
    "188",
    "189",
    "191",
    "198",
    "199",
)

STREETS: tuple[str, ...] = (
    "人民路",
    "解放路",
    "中山路",
    "建设路",
    "长江路",
    "黄河路",
    "新华路",
    "学府路",
    "创业路",
    "高新路",
    "迎宾大道",
    "滨河路",
    "和平路",
    "文化路",
    "工业大道",
    "科技路",
    "东风路",
    "胜利路",
    "青年路",
    "友谊路",
    "朝阳路",
    "南京路",
    "北京路",
    "延安路",
    "光明大道",
    "世纪大道",
)
ESTATES: tuple[str, ...] = (
    "阳光花园",
    "翠苑小区",
    "幸福家园",
    "锦绣江南",
    "金色家园",
    "世纪花园",
    "和平里小区",
    "桂花园",
    "海岸城",
    "明珠花园",
    "绿地新都会",
    "滨江公寓",
    "书香门第",
    "枫林湾",
    "紫荆苑",
)
INDUSTRIAL_PARKS: tuple[str, ...] = ("科技", "高新", "创业", "智能制造", "现代", "光明", "滨海", "临港")

# Brand characters for company names: (hanzi, pinyin).  恒泰 is excluded
# because it is our own company.
BRAND_CHARS: tuple[tuple[str, str], ...] = _char_pinyin_pairs(
    "华hua 恒heng 宏hong 鑫xin 永yong 金jin 天tian 中zhong 瑞rui 盛sheng 博bo 汇hui 东dong "
    "新xin 嘉jia 信xin 鼎ding 联lian 卓zhuo 凯kai 海hai 力li 日ri 佳jia 万wan 兴xing 远yuan "
    "泰tai 安an 明ming 通tong 益yi 众zhong 德de 晶jing 蓝lan 润run 正zheng 创chuang 光guang "
    "科ke 富fu 宝bao 隆long 昌chang 达da 源yuan 星xing 锐rui 诚cheng 丰feng 拓tuo 胜sheng "
    "弘hong 晟sheng 康kang 裕yu 辰chen 航hang 腾teng 峰feng 图tu 智zhi 美mei 和he"
)
EXCLUDED_BRANDS: frozenset[str] = frozenset({"恒泰"})


@dataclass(frozen=True, slots=True)
class Industry:
    chinese: str
    english: str
    domain_hint: str  # appended to a brand when building a unique email domain


INDUSTRIES: tuple[Industry, ...] = tuple(
    Industry(*entry.split("|"))
    for entry in (
        "光电技术|Optoelectronic Technology|gd",
        "精密机械|Precision Machinery|jm",
        "物流|Logistics|logistics",
        "电气设备|Electrical Equipment|dq",
        "建材|Building Materials|jc",
        "贸易|Trading|trade",
        "电子科技|Electronic Technology|tech",
        "自动化设备|Automation Equipment|auto",
        "机电工程|Electromechanical Engineering|jd",
        "五金制品|Hardware Products|hardware",
        "塑胶制品|Plastic Products|plastic",
        "模具|Mould|mould",
        "新材料|New Materials|nm",
        "环保科技|Environmental Technology|hb",
        "液压设备|Hydraulic Equipment|hydraulic",
        "包装材料|Packaging Materials|pack",
        "汽车配件|Auto Parts|autoparts",
        "钢结构工程|Steel Structure Engineering|steel",
        "化工|Chemical|chem",
        "食品机械|Food Machinery|fm",
        "医疗器械|Medical Devices|medical",
        "工程机械|Construction Machinery|cm",
        "供应链管理|Supply Chain Management|scm",
    )
)

# (legal form, weight); the "(集团)" marker is added separately.
LEGAL_FORMS: tuple[tuple[str, float], ...] = (("有限公司", 70), ("有限责任公司", 12), ("股份有限公司", 18))
BRANCH_MARKERS: tuple[tuple[str, str, float], ...] = (
    ("分公司", "Branch", 60),
    ("分厂", "Factory", 20),
    ("办事处", "Office", 20),
)

# (Chinese, English) pairs of a customer contact's job title.
JOB_TITLES: tuple[tuple[str, str], ...] = (
    ("采购经理", "Purchasing Manager"),
    ("采购主管", "Purchasing Supervisor"),
    ("采购专员", "Purchasing Specialist"),
    ("总经理", "General Manager"),
    ("副总经理", "Deputy General Manager"),
    ("设备部经理", "Equipment Manager"),
    ("技术总监", "Technical Director"),
    ("生产经理", "Production Manager"),
    ("工程师", "Engineer"),
    ("厂长", "Plant Manager"),
    ("董事长", "Chairman"),
    ("行政主管", "Admin Supervisor"),
    ("项目经理", "Project Manager"),
)

# Hengtai staff: (hanzi, surname pinyin, given pinyin).  The first forty are
# active; the rest left the company and only survive in the legacy CRM.
STAFF_NAMES: tuple[tuple[str, str, str], ...] = _colon_triples(
    "李娜:li:na 王磊:wang:lei 张敏:zhang:min 刘洋:liu:yang 陈静:chen:jing 杨帆:yang:fan "
    "赵刚:zhao:gang 黄丽:huang:li 周涛:zhou:tao 吴婷:wu:ting 徐峰:xu:feng 孙悦:sun:yue "
    "马超:ma:chao 朱琳:zhu:lin 胡斌:hu:bin 郭鹏:guo:peng 何佳:he:jia 林晓峰:lin:xiaofeng "
    "高强:gao:qiang 罗敏:luo:min 郑凯:zheng:kai 梁静:liang:jing 谢伟:xie:wei 宋雪:song:xue "
    "唐俊:tang:jun 许倩:xu:qian 邓辉:deng:hui 韩梅:han:mei 冯志强:feng:zhiqiang 曹颖:cao:ying "
    "彭亮:peng:liang 曾红:zeng:hong 肖宇:xiao:yu 田甜:tian:tian 董建国:dong:jianguo "
    "潘玲:pan:ling 袁博:yuan:bo 蔡丽娟:cai:lijuan 蒋文:jiang:wen 沈佳怡:shen:jiayi "
    "钱明:qian:ming 孔祥云:kong:xiangyun 魏东:wei:dong 苏红梅:su:hongmei 丁磊:ding:lei "
    "姚建华:yao:jianhua 陆平:lu:ping 范国强:fan:guoqiang"
)
ACTIVE_STAFF_COUNT = 40

SALES_STATUSES: tuple[str, ...] = ("潜在客户", "成交客户", "战败客户")
INTENT_LEVELS: tuple[str, ...] = ("A", "B", "C", "")
AFTER_SALES_CATEGORIES: tuple[str, ...] = ("保有客户", "忠诚客户", "流失客户")

SERVICE_TASKS: tuple[str, ...] = (
    "数控车床主轴异响，上门检修",
    "液压系统漏油，更换密封件",
    "伺服电机报警，更换编码器",
    "设备年度保养",
    "新机安装调试",
    "配件采购咨询",
    "操作培训",
    "控制面板黑屏，远程指导重启",
    "冷却泵不出水",
    "导轨润滑不良，清洗油路",
    "刀塔定位不准，重新校正",
    "电气柜跳闸，检查线路",
    "保修期内免费更换轴承",
    "客户来电咨询报价",
    "加工精度下降，检测丝杠",
)
SERVICE_STATIONS: dict[str, tuple[str, ...]] = {
    "华东区": ("常州总部服务中心", "上海服务站", "杭州服务站", "南京服务站"),
    "华南区": ("深圳服务站", "广州服务站", "东莞服务站"),
    "华北区": ("北京服务站", "天津服务站"),
    "其他": ("武汉服务站", "成都服务站", "西安服务站", "沈阳服务站"),
}

JUNK_REMARKS: tuple[str, ...] = ("测试数据", "test", "（空）", "TEST", "测试客户请勿删除", "无", "-")

MAIL_SUBJECTS_ZH: tuple[str, ...] = (
    "询价：数控车床 CK6150",
    "关于贵司报价单的问题",
    "订单确认",
    "发货时间咨询",
    "售后服务申请",
    "设备使用问题请教",
    "合同盖章版",
    "付款通知",
    "技术参数确认",
    "样机试用反馈",
    "年度采购计划沟通",
    "展会资料索取",
)
MAIL_SUBJECTS_EN: tuple[str, ...] = (
    "Inquiry: CNC lathe CK6150",
    "Quotation request",
    "Order confirmation",
    "Delivery schedule",
    "After-sales service request",
    "Technical specifications",
    "Payment notice",
    "Meeting at the fair",
    "Catalogue request",
    "Spare parts inquiry",
)
MAIL_TEXTS_ZH_INCOMING: tuple[str, ...] = (
    "我司计划采购两台数控车床，麻烦报个价。",
    "上次购买的设备主轴有异响，请安排售后人员上门。",
    "请问贵司液压机的交货期大概多久？",
    "附件是我们的技术要求，请查收并确认。",
    "发票已收到，谢谢。",
    "合同已盖章，原件已寄出，请注意查收。",
    "想了解一下贵司自动化生产线的方案。",
)
MAIL_TEXTS_ZH_OUTGOING: tuple[str, ...] = (
    "感谢您对恒泰机械的关注，附件是报价单，请查收。",
    "您的订单已安排生产，预计两周后发货。",
    "售后工程师将于本周四上门处理，请保持电话畅通。",
    "技术参数已确认无误，如有疑问请随时联系。",
    "展会上交流很愉快，附上我们的产品目录供参考。",
)
MAIL_TEXTS_EN_INCOMING: tuple[str, ...] = (
    "We are interested in your CNC lathes, please send us your best price.",
    "The spindle of the machine we bought makes a strange noise, please arrange service.",
    "Could you tell us the lead time for the hydraulic press?",
    "Please find our technical requirements attached.",
    "Nice to meet you at the fair, please send the catalogue.",
)
MAIL_TEXTS_EN_OUTGOING: tuple[str, ...] = (
    "Thank you for your interest in Hengtai Machinery, please find our quotation attached.",
    "Your order is in production and will ship in about two weeks.",
    "Our service engineer will visit you on Thursday.",
    "It was a pleasure meeting you at the fair.",
)

# What customers complain about, to any department.
COMPLAINT_REASONS: tuple[str, ...] = (
    "维修后设备仍然漏油",
    "配件承诺一周到货，至今未发",
    "服务工程师未按约定时间上门",
    "报价与合同金额不一致",
    "发票开具错误，多次催促仍未更正",
    "销售承诺的操作培训没有落实",
    "设备交付延期且无人通知",
    "客服电话长时间无人接听",
)
COMPLAINT_CHANNELS: tuple[str, ...] = ("phone", "phone", "email", "visit", "letter")
