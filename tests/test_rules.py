"""The rule pre-annotator against the rules and examples of ANNOTATION.md."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from zhibiao.annotations import validate_record
from zhibiao.comparisons import of_plan
from zhibiao.linker import link
from zhibiao.patterns import load_patterns
from zhibiao.quotes import quoted_regions
from zhibiao.rules import propose as propose_with
from zhibiao.rules import propose_record

PATTERNS = load_patterns(Path(__file__).resolve().parent.parent / "configs" / "rules.json")


def propose(text: str) -> tuple[list, list]:
    """The rules' spans and the linker's pairs of them, as the pre-annotation gets them."""
    spans = propose_with(text, PATTERNS)
    return spans, link(text, spans)


def labelled(text: str) -> list[tuple[str, str]]:
    """(surface, label) of every proposed span, in order."""
    spans, _ = propose(text)
    return [(text[s:e], label) for s, e, label in spans]


def with_label(text: str, label: str) -> list[str]:
    return [surface for surface, kind in labelled(text) if kind == label]


def links(text: str) -> list[tuple[str, str]]:
    """(VALUE surface, INDICATOR surface) of every value_of pair."""
    spans, pairs = propose(text)
    return [(text[spans[v][0]:spans[v][1]], text[spans[i][0]:spans[i][1]]) for v, i in pairs]


# ---------------------------------------------------------------- VALUE and UNIT

@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("全年新增专精特新企业3-5家。", "3-5", "家"),  # range with hyphen
        ("新增企业4—5家。", "4—5", "家"),  # range with dash
        ("农村低保标准提高到620元/人·月。", "620", "元/人·月"),  # an allowance per person and month
        ("新接船舶订单200万载重吨。", "200", "万载重吨"),  # a ship's deadweight
        ("新建学校10~15所。", "10~15", "所"),  # range with tilde
        ("一般公共预算收入增长3.5%。", "3.5", "%"),  # decimal
        ("完成投资1,300.5亿元。", "1,300.5", "亿元"),  # separators and decimals
        ("新增省级以上研发机构两个。", "两", "个"),  # Chinese numeral with a measure word
        ("新增上市企业三家。", "三", "家"),
        ("打造超百亿元产业集群。", "百", "亿元"),  # 超 stays outside
        ("固定资产投资1300亿元。", "1300", "亿元"),  # magnitude units
        ("接待游客1.5万人次。", "1.5", "万人次"),
        ("城镇登记失业率下降0.5个百分点。", "0.5", "个百分点"),
        ("PM2.5年均浓度32.6微克/立方米。", "32.6", "微克/立方米"),
        ("亩均税收提高到32.6万元/亩。", "32.6", "万元/亩"),  # a rate per another unit is one unit
        ("均价8600元/平方米。", "8600", "元/平方米"),
        ("新增市场主体7500余户。", "7500", "户"),  # 余 between VALUE and UNIT
        ("新增市场主体7500多户。", "7500", "户"),  # 多 too
        ("一般公共预算收入 123.4 亿元。", "123.4", "亿元"),  # spaces a PDF's text layer puts around digits
        ("地区生产总值增长6.5　%。", "6.5", "%"),  # an ideographic space
        ("奖励资金200万。", "200", "万"),  # a magnitude word with no measure word is the UNIT
        ("培育50亿级企业。", "50", "亿"),  # size class
        ("审批时限压缩至3个工作日。", "3", "个工作日"),  # a duration an indicator measures
        ("工业开票销售突破600亿元大关。", "600", "亿元"),  # milestone
        ("新增保障性租赁住房600套(间)。", "600", "套(间)"),  # ANNOTATION.md: 套(间) is one UNIT
        ("城乡居民基础养老金提高至490元/月。", "490", "元/月"),
        ("生猪存栏达12.5万头。", "12.5", "万头"),
        ("惠及经营主体3.3万户次。", "3.3", "万户次"),
        ("牲畜存栏稳定在1200万头只以上。", "1200", "万头只"),  # livestock counted in heads of both kinds
        ("城镇化率提高三个百分点。", "三", "个百分点"),  # the longest unit after a Chinese numeral
        ("研发机构覆盖率达到六成以上。", "六", "成"),  # tenths
        ("接待游客突破一亿人次。", "一", "亿人次"),  # a lone 一 before a magnitude
        ("建成县级电商服务中心一个。", "一", "个"),  # a lone 一 and its measure word that end a clause
        ("中欧班列开行1260列。", "1260", "列"),  # trains
        ("平均到户电价降至0.326元/千瓦时。", "0.326", "元/千瓦时"),  # a price per unit is one UNIT
        ("单位工业增加值能耗降至1.86吨标准煤/万元。", "1.86", "吨标准煤/万元"),
        ("咖啡鲜果收购均价6—8元/公斤。", "6—8", "元/公斤"),
        ("储能电池产能达到8吉瓦时。", "8", "吉瓦时"),
        ("新增工业机器人1200台套。", "1200", "台套"),
        ("新打抗旱应急水源井86眼。", "86", "眼"),
        ("城镇化率提高三点一个百分点。", "三点一", "个百分点"),  # a decimal in words
        ("审批时间压减到120至150天。", "120至150", "天"),  # a range written with 至
        ("外贸进出口增长-31.4%。", "-31.4", "%"),  # a negative growth keeps its sign
    ],
)
def test_value_and_unit(text, value, unit):
    spans = labelled(text)
    assert [s for s, kind in spans if kind == "VALUE"] == [value]
    assert [s for s, kind in spans if kind == "UNIT"] == [unit]
    # The UNIT directly follows the VALUE (with at most 余/多 and spaces between), qualifiers stay outside.
    entities, _ = propose(text)
    value_span = next(e for e in entities if e[2] == "VALUE")
    unit_span = next(e for e in entities if e[2] == "UNIT")
    assert text[value_span[1]:unit_span[0]].strip(" \u3000") in ("", "余", "多")


@pytest.mark.parametrize(
    "text, value",
    [
        ("高新技术产业产值占比达1/5以上。", "1/5"),  # fraction, no UNIT
        ("三次产业结构调整为9.7:47.3:43。", "9.7:47.3:43"),  # ratio: one VALUE, no UNIT
        ("城乡收入比缩小至1.9∶1。", "1.9∶1"),  # the ratio sign ∶
        ("服务业增加值占比达一半。", "一半"),  # ANNOTATION.md's own example
        ("服务业增加值占地区生产总值比重超过三分之一。", "三分之一"),  # a Chinese fraction
        ("地区生产总值增长百分之六点二。", "百分之六点二"),  # a percentage in words, with its decimal
        ("国考断面水质优良比例达到百分之百。", "百分之百"),
    ],
)
def test_fraction_and_ratio_are_one_value_without_unit(text, value):
    assert with_label(text, "VALUE") == [value]
    assert with_label(text, "UNIT") == []


def test_a_number_with_two_decimal_points_is_no_value():
    assert with_label("地区生产总值增长1.2.3%。", "VALUE") == []  # a typo: not 3%


def test_chinese_numeral_and_magnitude_super_hundred_billion():
    text = "打造超百亿元产业集群。"
    entities, _ = propose(text)
    assert (3, 4, "VALUE") in entities
    assert (4, 6, "UNIT") in entities
    assert not any(text[s:e] == "超百" for s, e, _ in entities)


# ---------------------------------------------------------------- not a VALUE

@pytest.mark.parametrize(
    "text",
    [
        "2025年是“十四五”规划的收官之年。",  # year, and a numbered plan in quotes
        "2024年1月7日召开会议。",  # date
        "综合排名全省第一。",  # ordinal
        "位列全国第9位。",  # rank
        "排名全省前3名。",  # rank with a measure word after it
        "一、2024年工作回顾",  # list numbering
        "二、推进产业发展",
        "1、推进产业发展",
        "深入实施“532”发展战略。",  # slogan number in quotes
        "十四五规划圆满收官。",  # plan number without quotes
        "推动地区生产总值、工业开票销售向两个“双千亿”新台阶加速迈进。",  # slogan count, and so no INDICATOR
        "PM2.5浓度持续下降。",  # code
        "做强五大产业。",  # N大
        "做强五大主导产业。",
        "组建两大招商集团。",
        "345国道建成通车。",  # road code
        "召开二十届三中全会。",
        "贯彻省委十四届五次全会精神。",  # a meeting: the session after 届 counts nothing
        "落实市委九届八次全会部署。",
        "构建五群十链产业体系。",
        "完善“1+3”规划体系。",
        "出台人才政策4.0版。",
        "严格执行中央八项规定精神。",  # a policy named by its article count
        "让文明新风吹进千家万户。",  # idiom
        "落实“18条”政策。",
        "一步一个脚印。",  # idiom
        "开展百日攻坚行动。",
        "连续四年获评先进。",  # a duration nothing measures
        "构建区镇两级服务体系。",  # tier words
        "建成三级政务服务体系。",
        "做好以下六方面工作。",  # discourse count
        "实现经济总量倍增。",
        "水质达到II类。",  # class
        "出台支持冰雪经济发展20条措施。",  # a policy package named by its article count
        "一方面要稳增长。",  # a lone 一 opens words
        "工业投资连续18个月保持两位数增长。",  # a duration (ANNOTATION.md: 连续四年)
    ],
)
def test_not_a_value(text):
    entities, pairs = propose(text)
    assert [(text[s:e], label) for s, e, label in entities if label in ("VALUE", "UNIT", "INDICATOR")] == []
    assert pairs == []


def test_list_numbering_does_not_hide_the_real_value():
    text = "3、新增企业5家。"
    assert with_label(text, "VALUE") == ["5"]


def test_year_before_an_indicator_is_not_a_value():
    text = "2025年地区生产总值增长6%左右。"
    assert with_label(text, "VALUE") == ["6"]
    assert links(text) == [("6", "地区生产总值")]


def test_quoted_regions():
    text = "实施“532”发展战略和《政府工作报告》"
    assert [text[a:b] for a, b in quoted_regions(text)] == ["“532”", "《政府工作报告》"]


# ---------------------------------------------------------------- INDICATOR and value_of

def test_indicator_with_approximate_target():
    text = "地区生产总值增长6%左右。"
    assert labelled(text) == [("地区生产总值", "INDICATOR"), ("6", "VALUE"), ("%", "UNIT")]
    assert links(text) == [("6", "地区生产总值")]


def test_leading_verb_is_stripped():
    text = "新增规上工业企业102家。"
    assert with_label(text, "INDICATOR") == ["规上工业企业"]
    assert links(text) == [("102", "规上工业企业")]


def test_a_capacity_inside_a_project_name_is_no_value_but_one_before_a_kind_is(patterns):
    from zhibiao.rules import propose

    text = "加快建设云川滩200万千瓦风光储一体化基地项目。"
    assert [label for _, _, label in propose(text, patterns)] == ["PROJECT"]
    text = "加快推进140万千瓦海上风电项目。"
    assert ("140", "VALUE") in [(text[s:e], label) for s, e, label in propose(text, patterns)]


@pytest.mark.parametrize(
    "text, pairs",
    [
        ("万人有效发明专利拥有量达64.2件。", [("64.2", "万人有效发明专利拥有量")]),
        ("新增国家级专精特新“小巨人”企业15家。", [("15", "国家级专精特新“小巨人”企业")]),
        ("全区、开发区工业开票销售突破600亿元。", [("600", "工业开票销售")]),  # place subject left out
        ("PM2.5年均浓度32.6微克/立方米。", [("32.6", "PM2.5年均浓度")]),
        ("打造100个政务服务“好办”“快办”场景。", [("100", "政务服务“好办”“快办”场景")]),  # count before the noun
        # one INDICATOR receives several VALUEs
        ("工业开票销售达到4763亿元、年均增长5.8%。", [("4763", "工业开票销售"), ("5.8", "工业开票销售")]),
        ("规上工业增加值增长40.3%、39.7%。", [("40.3", "规上工业增加值"), ("39.7", "规上工业增加值")]),
        # a total and an increment of the same set
        ("新增规上工业企业102家、总数达760家。", [("102", "规上工业企业"), ("760", "规上工业企业")]),
        # a hedged change word (`可达`, `预计达到`) is no part of the name
        ("全部达产后,年产值可达100亿元。", [("100", "年产值")]),
        ("全年粮食产量预计达到52万吨。", [("52", "粮食产量")]),
        # 的 ties a threshold to the counted noun; each item of a 分别 list is counted, none is a project
        ("主营业务收入超50亿元的企业达到12家。", [("50", "主营业务收入"), ("12", "企业")]),
        ("谋划储备项目320个。", [("320", "储备项目")]),
        # change words other provinces use, and a per-person base between the change word and the value
        ("城乡居民基础养老金最低标准提高到每人每月153元。", [("153", "城乡居民基础养老金最低标准")]),
        ("审批时限由20个工作日压缩至5个工作日。", [("20", "审批时限"), ("5", "审批时限")]),
        ("审批时间由原来的20个工作日压缩至5个工作日。", [("20", "审批时间"), ("5", "审批时间")]),
        ("企业债券融资同比多增36亿元。", [("36", "企业债券融资")]),
        ("全年接待游客1500万人次。", [("1500", "游客")]),
        # a listed name that only modifies the one the value measures
        ("规上工业企业研发机构覆盖率达到60%。", [("60", "规上工业企业研发机构覆盖率")]),
        # a name quoted whole is labelled without its quotes; quotes inside a name stay
        ("新增“海上牧场”8个。", [("8", "海上牧场")]),
        ("新增“智改数转”项目30个。", [("30", "“智改数转”项目")]),
        # a size class before the counted noun (ANNOTATION.md: 50亿级)
        ("新建5万吨级冷库3座。", [("3", "冷库")]),
        ("新培育百亿级企业5家。", [("5", "企业")]),
        # the share of a total names the total: the value goes to the quantity before (corpus/notes/dongtai.md 2)
        ("新能源装机容量达到960万千瓦,占电力总装机的58%。",
         [("960", "新能源装机容量"), ("58", "新能源装机容量")]),
        ("民间投资186亿元,占比42%。", [("186", "民间投资"), ("42", "占比")]),  # a bare 占比 is its own
        # a count after a verb phrase counts the noun after it
        ("产品远销40多个国家和地区。", [("40", "国家和地区")]),
        ("当年新登记企业1.2万户。", [("1.2", "企业")]),  # a time word and a verb lead (新登记 like 新增)
        ("茶园面积发展到50万亩。", [("50", "茶园面积")]),
        # leading verbs of works and land use, and bounds (不少于) and totals (累计) after the name
        ("新辟公交线路8条。", [("8", "公交线路")]),
        ("选派科技特派员320名。", [("320", "科技特派员")]),
        # the one a quantity serves stays out (为/对/向/给 + nouns + the verb they get)
        ("为群众挽回经济损失2860万元。", [("2860", "经济损失")]),
        ("为中小微企业提供低成本续贷服务3000户次。", [("3000", "低成本续贷服务")]),
        ("为企业减税降费12.6亿元。", [("12.6", "减税降费")]),
        ("平均担保费率降至0.8%。", [("0.8", "担保费率")]),  # ANNOTATION.md: 平均 stays outside
        ("12个县（市、区）实现高质量发展。", [("12", "县（市、区）")]),  # a comma inside brackets ends nothing
        ("腾退低效用地不少于500亩。", [("500", "低效用地")]),
        ("民生支出累计达到900亿元。", [("900", "民生支出")]),
        ("成功设立规模5亿元的产业基金。", [("5", "规模")]),
        # a set counted by a threshold on a named quantity: the count measures the set, the threshold the quantity
        ("3个旗县区生产总值超过百亿元。", [("3", "旗县区"), ("百", "生产总值")]),
        ("9个乡镇财政收入超5000万元。", [("9", "乡镇"), ("5000", "财政收入")]),
        ("12家企业纳税超亿元。", [("12", "企业")]),  # a threshold with no numeral stays out of the set too
        ("38个村集体经济收入超过20万元。", [("38", "村"), ("20", "集体经济收入")]),  # jieba reads `村集体`
        ("全县侨资企业出口额占全县四成以上。", [("四", "侨资企业出口额")]),  # the whole a share is of stays out
        # ANNOTATION.md: a bare 增速 opening a clause is the growth of the name before it
        ("全县地区生产总值增长6.1%，增速高于全市0.7个百分点。", [("6.1", "地区生产总值"), ("0.7", "地区生产总值")]),
        ("9个村（社区）集体经济收入全部超过40万元。", [("9", "村（社区）"), ("40", "集体经济收入")]),  # every one
        # a comparison names what the value is compared with, not what it measures
        ("居民消费价格总水平上涨0.6%,低于全国0.2个百分点。",
         [("0.6", "居民消费价格总水平"), ("0.2", "居民消费价格总水平")]),
        ("固定资产投资完成2100亿元,是“十三五”时期的1.4倍。", [("2100", "固定资产投资"), ("1.4", "固定资产投资")]),
        ("涉农贷款余额达到1260亿元,较年初增长9.3%。", [("1260", "涉农贷款余额"), ("9.3", "涉农贷款余额")]),
        ("一般公共预算收入完成86亿元,同口径增长7.2%。", [("86", "一般公共预算收入"), ("7.2", "一般公共预算收入")]),
        # how long is no part of the name; a clause that opens with its change word measures the clause before
        ("粮食产量连续5年稳定在千万吨以上。", [("千", "粮食产量")]),
        ("常住人口城镇化率五年提高6.2个百分点。", [("6.2", "常住人口城镇化率")]),
        ("县域经济总量五年翻一番,达到1280亿元。", [("1280", "县域经济总量")]),
        ("地区生产总值首次突破千亿大关,达到1050亿元。", [("千", "地区生产总值"), ("1050", "地区生产总值")]),
        ("新增自治区级工程技术研究中心、企业技术中心分别为12家和18家。",
         [("12", "自治区级工程技术研究中心"), ("18", "企业技术中心")]),
        # a listed trailing word before the change word is no part of the name, an activity after it is
        ("苹果产量力争达到60万吨。", [("60", "苹果产量")]),
        ("乡村通硬化路率保持100%。", [("100", "乡村通硬化路率")]),
        ("完成老旧街巷整治提升86条。", [("86", "老旧街巷整治提升")]),
        # leading verbs of enforcement and land use
        ("查处违法用地案件32起。", [("32", "违法用地案件")]),
        ("出让商住用地860亩。", [("860", "商住用地")]),
        # the last item of a 分别 list cut as long as the one before it, whatever jieba tags the shared head
        ("城市、农村低保标准分别提高到800元/人·月、620元/人·月。", [("800", "城市"), ("620", "农村")]),
        ("基本养老保险、基本医疗保险参保率分别达到95%、97%。", [("95", "基本养老保险"), ("97", "基本医疗保险")]),
        # an aspect after a counted noun opens what is said of it when a verb follows (ANNOTATION.md)
        ("2个省控断面水质稳定达到Ⅲ类。", [("2", "省控断面")]),
        ("完成36个行政村生活污水治理。", [("36", "行政村")]),
        ("新造高产油茶林1.5万亩。", [("1.5", "高产油茶林")]),
        ("新认证绿色食品12个。", [("12", "绿色食品")]),
        ("输水管网延伸至45公里。", [("45", "输水管网")]),
        ("供暖期长达6个月。", [("6", "供暖期")]),
        ("引进世界500强企业3家。", [("3", "世界500强企业")]),  # a ranking's size names a title, it counts nothing
        # fixed terms of employment keep the set they count (ANNOTATION.md: like 城镇新增就业)
        ("新增农村劳动力转移就业1.2万人。", [("1.2", "农村劳动力转移就业")]),
        ("农民工务工就业3.6万人。", [("3.6", "农民工务工就业")]),
        ("优良天数由2020年的198天增加到245天。", [("198", "优良天数"), ("245", "优良天数")]),  # the year it starts from
        ("安置房交付率达到98%。", [("98", "安置房交付率")]),
        ("交付率达到98%。", [("98", "交付率")]),  # a verb that leads names makes a rate's name too
        ("算力规模达到12EFLOPS。", [("12", "算力规模")]),
        # 入驻 and 新签约 lead names (ANNOTATION.md), but what became of projects defines the set a rate is of
        ("园区入驻企业186家。", [("186", "企业")]),
        ("新签约项目80个。", [("80", "项目")]),
        ("签约项目履约率达到90%。", [("90", "签约项目履约率")]),
        ("开发公益性岗位1200个。", [("1200", "公益性岗位")]),
        ("经营主体总量达到12.4万户。", [("12.4", "经营主体")]),  # the total of a counted set measures the set
        ("煤炭消费总量控制在800万吨。", [("800", "煤炭消费总量")]),
        ("稳定粮食播种面积32万亩。", [("32", "粮食播种面积")]),
        ("帮助失业人员再就业2100人。", [("2100", "失业人员再就业")]),  # statistical terms of employment kept whole
        ("完成8个集中安置区配套提升。", [("8", "集中安置区")]),
        ("兑现各类惠企资金3.2亿元。", [("3.2", "各类惠企资金")]),
        ("城乡低保标准统一提高至800元/人·月。", [("800", "城乡低保标准")]),
        ("石漠化土地面积较2016年减少120平方公里。", [("120", "石漠化土地面积")]),  # the year compared with
        ("农村劳动力转移就业率达到90%。", [("90", "农村劳动力转移就业率")]),  # a listed name's rate is another name
        # ANNOTATION.md: a size class measures nothing; a count right before it counts the noun after it
        ("成为全省首个千亿级企业。", []),
        ("培育2个百亿级产业集群。", [("2", "产业集群")]),
        ("保障性租赁住房筹集860套。", [("860", "保障性租赁住房")]),  # what was done to it after the name
        ("营运柴油货车淘汰1460辆。", [("1460", "营运柴油货车")]),
        ("首台套重大技术装备新认定17台。", [("17", "首台套重大技术装备")]),
        ("县市培育2个百亿级产业集群。", [("2", "产业集群")]),  # the subject before the verb is measured by neither
        ("每个县市培育2家企业。", [("2", "企业")]),  # a leading verb before a count: the count counts the noun after it
        ("认证有机草原200万亩。", [("200", "有机草原")]),
        ("消化闲置土地860亩。", [("860", "闲置土地")]),
        ("商品房销售面积降幅收窄至5.8%。", [("5.8", "商品房销售面积降幅")]),
        ("36个数字化车间通过认定。", [("36", "数字化车间")]),  # what became of the counted noun is left out
        ("市场化选聘职业经理人46名。", [("46", "职业经理人")]),
        ("实施28个老旧小区完整社区改造。", [("28", "老旧小区")]),
        ("独角兽企业、瞪羚企业分别达到6家、312家。", [("6", "独角兽企业"), ("312", "瞪羚企业")]),  # each names its head
        # a listed head only the last item ends with is shared, but not what every item before ends with too
        ("城镇、农村常住居民人均可支配收入分别增长5%和6.5%。", [("5", "城镇"), ("6.5", "农村")]),
        ("城镇常住居民、农村常住居民人均可支配收入分别增长5%和6.5%。", [("5", "城镇常住居民"), ("6.5", "农村常住居民")]),
        ("城镇居民、农村居民人均可支配收入分别增长5%和6.5%。", [("5", "城镇居民"), ("6.5", "农村居民")]),
        ("学前教育毛入园率、高中阶段教育毛入学率分别达到92.6%和93.8%。",  # each ends with a rate of its own
         [("92.6", "学前教育毛入园率"), ("93.8", "高中阶段教育毛入学率")]),
        # 过 before a threshold, as 超: the quantity named before it is the threshold's (ANNOTATION.md)
        ("培育年产值过10亿元的龙头企业6家。", [("10", "年产值"), ("6", "龙头企业")]),
        ("新增地区生产总值过300亿元县市2个。", [("300", "地区生产总值"), ("2", "县市")]),
        # 等地 ends a list of places: what was done there is no part of the name (等 alone still ends examples)
        ("在泉港、岚城等地设立劳务协作工作站4个。", [("4", "劳务协作工作站")]),
        ("新增“岚山香米”等地理标志农产品4个。", [("4", "地理标志农产品")]),
        # an index is measured by a bare number (ANNOTATION.md: a VALUE may have no UNIT)
        ("空气质量综合指数为4.9，同比改善7.8%。", [("4.9", "空气质量综合指数"), ("7.8", "空气质量综合指数")]),
        # but not when the items before end with the same words, nor before a count of the items
        ("城镇常住居民人均可支配收入、农村牧区常住居民人均可支配收入分别达到5万元和2万元。",
         [("5", "城镇常住居民人均可支配收入"), ("2", "农村牧区常住居民人均可支配收入")]),
    ],
)
def test_value_of_pairs(text, pairs):
    assert links(text) == pairs
    # each INDICATOR is proposed once
    indicators = with_label(text, "INDICATOR")
    assert len(indicators) == len(set(indicators))


def test_threshold_with_named_quantity_gets_its_own_indicator():
    text = "新增产值30亿元企业1家。"
    assert ("30", "产值") in links(text)


def test_ratio_indicator_leaves_out_the_change_verb():
    assert links("三次产业结构调整为9.7:47.3:43。") == [("9.7:47.3:43", "三次产业结构")]
    assert links("三次产业结构调整优化为8.5:38.2:53.3。") == [("8.5:38.2:53.3", "三次产业结构")]


def test_modifier_with_its_own_value_is_not_part_of_the_indicator():
    assert links("实施500万元以上技改项目80个。") == [("80", "技改项目")]


def test_threshold_count_measures_the_noun_after_the_threshold():
    assert links("新增产值30亿元企业1家。") == [("30", "产值"), ("1", "企业")]


def test_activity_after_a_leading_count_is_left_out():
    assert links("完成11个老旧小区改造提升。") == [("11", "老旧小区")]
    assert links("推动海川、启明等6家企业完成股改。") == [("6", "企业")]


@pytest.mark.parametrize("text, pair", [
    ("完成14户国有企业公司制改制。", ("14", "国有企业")),  # a manner word (…制, …化, …性) opens the activity
    ("推动6户平台公司市场化转型。", ("6", "平台公司")),
    ("实现全县318座换热站远程监控。", ("318", "换热站")),  # a listed aspect opens it
    ("9个国省考断面水质全部达标。", ("9", "国省考断面")),
    ("完成8个村环境综合整治。", ("8", "村")),  # a bare noun when the activity follows it
    ("推进4条城区河道综合治理。", ("4", "城区河道")),
    ("实施6宗小型水库除险加固。", ("6", "小型水库")),
    ("推动3家县属企业战略重组。", ("3", "县属企业")),
    # with no aspect, the verbs that end the clause, or an idiom ending in one (jieba's 更新改造)
    ("推动8幢老旧写字楼更新改造。", ("8", "老旧写字楼")),
    ("云岭物流园、青川港区等12个项目加快建设。", ("12", "项目")),
])
def test_the_aspect_of_the_activity_after_a_count_is_left_out(text, pair):
    assert links(text) == [pair]


@pytest.mark.parametrize("text, pair", [
    ("建成5个数字化车间。", ("5", "数字化车间")),  # no activity after it: the manner word is the name's
    ("培育7家农业产业化龙头企业。", ("7", "农业产业化龙头企业")),
    ("63个村级综合文化服务中心实现全覆盖。", ("63", "村级综合文化服务中心")),  # `文化` names a thing
])
def test_a_counted_name_with_a_manner_word_and_no_activity_after_it_stays_whole(text, pair):
    assert links(text) == [pair]


@pytest.mark.parametrize("text, pair", [
    ("解决了1260名群众饮水难问题。", ("1260", "群众")),  # nouns after the people: jieba's tags cannot tell
    ("带动2.3万户农户增收。", ("2.3", "农户")),
    ("让12万农村群众喝上放心水。", ("12", "农村群众")),  # a bare 万 counts them too
    ("为1.1万名在校学生购买学生平安保险。", ("1.1", "在校学生")),
    ("组织300名青年志愿者服务社区。", ("300", "青年志愿者")),  # people words in a row end together
    ("新建12个村民活动中心。", ("12", "村民活动中心")),  # a count of things
])
def test_the_name_after_a_count_of_people_ends_with_them(text, pair):
    assert links(text) == [pair]


def test_a_time_word_before_a_verb_ends_the_counted_noun():
    assert links("岚溪中学等6所学校秋季投用。") == [("6", "学校")]
    # a time word (jieba: 潜在 t) before a noun is part of the name
    assert with_label("岚溪新能源等6家企业获评省(潜在)独角兽。", "INDICATOR") == ["省(潜在)独角兽"]


def test_count_before_the_noun_measures_the_noun():  # 谋划 is a listed leading word (jieba reads a noun)
    assert links("谋划16条重点产业链。") == [("16", "重点产业链")]


def test_size_class_threshold_has_no_relation():  # 级 qualifies the value before it, like 以上
    assert links("培育50亿级企业。") == []


# ---------------------------------------------------------------- PROJECT

def test_named_project_with_phase_and_suffix():
    text = "华能金坛储能二期项目开工。"
    assert with_label(text, "PROJECT") == ["华能金坛储能二期项目"]


def test_project_after_de_and_threshold():
    text = "投资超百亿元的华能金坛储能二期项目开工。"
    assert with_label(text, "PROJECT") == ["华能金坛储能二期项目"]


def test_project_list_without_shared_deng_xiangmu():
    text = "推动天源环保氢能装备、捷鑫新能源电力设备等项目开工。"
    assert labelled(text) == [("天源环保氢能装备", "PROJECT"), ("捷鑫新能源电力设备", "PROJECT")]


@pytest.mark.parametrize(
    "text, project",
    [
        ("中集科创金融中心建成投用。", "中集科创金融中心"),
        ("区域智算中心(一期)建成投用。", "区域智算中心(一期)"),
    ],
)
def test_facility_names_before_a_trigger(text, project):
    assert with_label(text, "PROJECT") == [project]


@pytest.mark.parametrize("text", ["推进重大项目建设。", "支持宏信超市港交所上市。", "加快产业项目建设。"])
def test_generic_kinds_and_companies_are_not_projects(text):
    assert with_label(text, "PROJECT") == []


def test_list_of_works_without_suffix():
    assert with_label("丹金高速、华城路改造提升工程开工建设。", "PROJECT") == ["丹金高速", "华城路改造提升工程"]


def test_project_name_stops_at_its_suffix():
    assert with_label("晶澳项目实现了百日首线试产。", "PROJECT") == ["晶澳项目"]


def test_facility_after_the_trigger():
    assert with_label("开工建设工业污水处理厂。", "PROJECT") == ["工业污水处理厂"]


# ---------------------------------------------------------------- output shape

SENTENCES = [
    "地区生产总值增长6%左右。",
    "新增规上工业企业102家、总数达760家。",
    "推动天源环保氢能装备、捷鑫新能源电力设备等项目开工。",
    "投资超百亿元的华能金坛储能二期项目开工。",
    "新增市场主体7500余户。",
    "三次产业结构调整为9.7:47.3:43。",
    "工业开票销售达到4763亿元、年均增长5.8%。",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_proposals_are_sorted_non_overlapping_and_pass_the_validator(text):
    entities, pairs = propose(text)
    assert entities == sorted(entities)
    for (s1, e1, _), (s2, e2, _) in zip(entities, entities[1:]):
        assert e1 <= s2
    for v, i in pairs:
        assert entities[v][2] == "VALUE" and entities[i][2] == "INDICATOR"
    record = propose_record({"doc_id": "t-2025", "sent_id": 0, "text": text, "meta": {"year": 2025}}, PATTERNS)
    assert record["meta"] == {"year": 2025}
    errors, misaligned = validate_record(record)
    assert errors == [] and misaligned == []


def test_patterns_load_from_the_config_with_longest_first():
    patterns = PATTERNS
    assert patterns.units.index("万人次") < patterns.units.index("人次") < patterns.units.index("人")
    assert "重大项目" in patterns.project_generic


# ---------------------------------------------------------------- spaCy component

def test_spacy_component_sets_its_span_group_and_ents(rules_nlp):
    text = "地区生产总值增长6%左右,新增规上工业企业102家。"
    doc = rules_nlp(text)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("地区生产总值", "INDICATOR"), ("6", "VALUE"), ("%", "UNIT"),
        ("规上工业企业", "INDICATOR"), ("102", "VALUE"), ("家", "UNIT"),
    ]
    assert [(s.text, s.label_) for s in doc.spans["rules"]] == [(e.text, e.label_) for e in doc.ents]
    assert "sc" not in doc.spans  # spancat's key stays the model's
    assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == propose(text)[0]


def test_component_without_patterns_says_how_to_give_them():
    nlp = spacy.blank("zh")
    nlp.add_pipe("zhibiao_rules")
    with pytest.raises(ValueError, match=r"initialize\.components\.zhibiao_rules\.patterns"):
        nlp.initialize()
    with pytest.raises(ValueError, match="no patterns"):
        nlp("地区生产总值增长6%。")


@pytest.mark.parametrize(
    "rule_labels, fill_labels, expected",
    [
        # the model's PROJECT stays; rule VALUE/UNIT replace the model's; no rule span fills a gap
        (["VALUE", "UNIT"], [], [("华能金坛", "PROJECT"), ("地区生产总值", "INDICATOR"), ("6", "VALUE"), ("%", "UNIT")]),
        # rule PROJECTs may fill gaps, but the model's overlapping PROJECT wins
        (["VALUE", "UNIT"], ["PROJECT"], [("华能金坛", "PROJECT"), ("地区生产总值", "INDICATOR"), ("6", "VALUE"), ("%", "UNIT")]),
        # the rules own PROJECT: theirs replaces the model's
        (["PROJECT"], [], [("华能金坛储能二期项目", "PROJECT"), ("地区生产总值", "INDICATOR"), ("6", "VALUE")]),
    ],
)
def test_rule_labels_filter_is_the_policy_between_model_and_rules(rules_data, rule_labels, fill_labels, expected):
    nlp = spacy.blank("zh")
    rules = nlp.add_pipe("zhibiao_rules", config={"ents_filter": {
        "@misc": "zhibiao.rule_labels_filter.v1", "rule_labels": rule_labels, "fill_labels": fill_labels}})
    rules.initialize(patterns=rules_data)
    doc = nlp.make_doc("华能金坛储能二期项目开工,地区生产总值增长6%。")
    # what a model found: a short PROJECT, an INDICATOR and a VALUE without its UNIT
    doc.ents = [doc.char_span(0, 4, label="PROJECT"), doc.char_span(13, 19, label="INDICATOR"),
                doc.char_span(21, 22, label="VALUE")]
    doc = rules(doc)
    assert [(e.text, e.label_) for e in doc.ents] == expected
    assert ("华能金坛储能二期项目", "PROJECT") in [(s.text, s.label_) for s in doc.spans["rules"]]


def test_patterns_travel_with_the_pipeline_on_disk_and_in_bytes(tmp_path, rules_nlp):
    """A saved (or packaged) pipeline uses the patterns it was saved with, not whatever configs/ holds later."""
    import json

    rules_nlp.to_disk(tmp_path / "model")
    saved = tmp_path / "model" / "zhibiao_rules" / "patterns.json"
    data = json.loads(saved.read_text(encoding="utf-8"))
    data["units"] = [unit for unit in data["units"] if unit != "%"]
    saved.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    reloaded = spacy.load(tmp_path / "model")
    assert [(e.text, e.label_) for e in reloaded("地区生产总值增长6%左右").ents] == []
    assert ("%", "UNIT") in [(e.text, e.label_) for e in rules_nlp("地区生产总值增长6%左右").ents]
    from_bytes = spacy.blank("zh")
    from_bytes.add_pipe("zhibiao_rules").from_bytes(reloaded.get_pipe("zhibiao_rules").to_bytes())
    assert [(e.text, e.label_) for e in from_bytes("地区生产总值增长6%左右").ents] == []


def test_saved_patterns_without_a_list_are_refused_naming_the_file_and_the_list(tmp_path, rules_nlp):
    import json

    rules_nlp.to_disk(tmp_path / "model")
    saved = tmp_path / "model" / "zhibiao_rules" / "patterns.json"
    data = json.loads(saved.read_text(encoding="utf-8"))
    del data["unit_magnitudes"]
    saved.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ValueError, match=r"patterns\.json: no list unit_magnitudes in the patterns"):
        spacy.load(tmp_path / "model")


@pytest.mark.parametrize("text, unit", [
    ("全省生产总值达到5.2万亿元", "万亿元"),  # a magnitude joins a listed unit (ANNOTATION.md)
    ("粮食总产量稳定在700亿斤以上", "亿斤"),
    ("新能源汽车产量突破50万辆", "万辆"),
    ("完成投资300亿元", "亿元"),
    ("新建道路10千米", "千米"),  # a listed unit beginning with a magnitude character stays itself
    ("资金规模达到3万", "万"),  # a magnitude with no unit after it is the unit
])
def test_magnitude_words_join_the_unit_after_them(text, unit):
    assert with_label(text, "UNIT") == [unit]


def test_model_entities_fill_the_gaps_the_owning_rules_leave(rules_data):
    nlp = spacy.blank("zh")
    rules = nlp.add_pipe("zhibiao_rules", config={"ents_filter": {
        "@misc": "zhibiao.rule_labels_filter.v1", "rule_labels": ["INDICATOR", "VALUE", "UNIT", "PROJECT"],
        "fill_labels": [], "model_fill_labels": ["INDICATOR"]}})
    rules.initialize(patterns=rules_data)
    text = "地区生产总值增长6%,居民收入稳步提高。"
    doc = nlp.make_doc(text)
    # the model's INDICATORs: one the rules find too (theirs is longer), one where the rules find none
    doc.ents = [doc.char_span(2, 6, label="INDICATOR"), doc.char_span(11, 15, label="INDICATOR")]
    found = [(e.text, e.label_) for e in rules(doc).ents]
    assert found == [("地区生产总值", "INDICATOR"), ("6", "VALUE"), ("%", "UNIT"), ("居民收入", "INDICATOR")]


@pytest.mark.parametrize("repair, expected", [
    ([], [("外贸进出口总额", "INDICATOR"), ("跃上", "INDICATOR"), ("3000", "VALUE"), ("亿元", "UNIT")]),
    (["INDICATOR"], [("外贸进出口总额", "INDICATOR"), ("3000", "VALUE"), ("亿元", "UNIT")]),
])
def test_a_listed_change_word_alone_is_no_indicator(rules_data, repair, expected):
    nlp = spacy.blank("zh")
    rules = nlp.add_pipe("zhibiao_rules", config={"repair_labels": repair, "ents_filter": {
        "@misc": "zhibiao.rule_labels_filter.v1", "rule_labels": ["INDICATOR", "VALUE", "UNIT", "PROJECT"],
        "fill_labels": [], "model_fill_labels": ["INDICATOR"]}})
    rules.initialize(patterns=rules_data)
    doc = nlp.make_doc("外贸进出口总额跃上3000亿元台阶。")
    doc.ents = [doc.char_span(7, 9, label="INDICATOR")]  # a model's INDICATOR in the rules' gap: `跃上`
    assert [(e.text, e.label_) for e in rules(doc).ents] == expected


@pytest.mark.parametrize("text, expected", [
    # the noun a count counts ends where the next count starts, and before 等 (seed gold: 110项【重点任务】和39项…)
    ("110项重点任务和39项民生实事落实见效。", [("110", "重点任务"), ("39", "民生实事")]),
    ("抓实5个列省、68个列云城以及125个市本级重大项目。",
     [("5", "列省"), ("68", "列云城"), ("125", "市本级重大项目")]),
    ("加快推进30万千瓦分布式光伏和20万千瓦储能电站等新能源项目。", [("30", "分布式光伏"), ("20", "储能电站")]),
])
def test_a_counted_noun_ends_before_the_next_count_and_before_its_kind(text, expected):
    assert links(text) == expected


@pytest.mark.parametrize("text, indicator", [
    # ANNOTATION.md: `盘活` leads like `入库`; other provinces' leading verbs and a trailing adverb
    ("盘活存量低效用地1200亩。", "存量低效用地"),
    ("吸引游客120万人次。", "游客"),
    ("选聘护边员412名。", "护边员"),
])
def test_listed_leading_verbs_stay_out(text, indicator):
    assert with_label(text, "INDICATOR") == [indicator]


@pytest.mark.parametrize("text, indicator", [
    # a listed name this short names a set its modifiers define (seed gold: 新增【城镇就业】4500人)
    ("新增城镇就业4500人。", "城镇就业"),
    ("新增公办学位5000个。", "公办学位"),
    ("新增学位5000个。", "学位"),
    ("全市新增就业1.2万人。", "新增就业"),  # a listed longer name; the subject stays out
    ("新增省级专精特新企业15家。", "省级专精特新企业"),  # seed gold: the level defines the set
    ("渝川区地区生产总值增长6.4%。", "地区生产总值"),  # a place that is the subject stays out
    ("带动果农户均增收2800元。", "户均增收"),  # so do the people a gain per head is for
])
def test_a_short_listed_name_keeps_the_nouns_that_define_it(text, indicator):
    assert with_label(text, "INDICATOR") == [indicator]


@pytest.mark.parametrize("text, expected", [
    # an indicator table's line: the name before the colon measured by the values after it
    ("1.地区生产总值：完成1862亿元，增长5.6%（预期目标6%）；",
     [("1862", "地区生产总值"), ("5.6", "地区生产总值"), ("6", "地区生产总值")]),  # a target is no name
    ("12.金融机构各项存款余额：4126亿元，较年初增加318亿元；",
     [("4126", "金融机构各项存款余额"), ("318", "金融机构各项存款余额")]),
    # a heading that introduces the targets names nothing; the name after it does
    ("今年主要预期目标是：地区生产总值增长5%以上。", [("5", "地区生产总值")]),
])
def test_an_indicator_table_line_names_its_indicator_before_the_colon(text, expected):
    assert links(text) == expected


def test_a_section_label_names_no_later_value_after_its_colon():
    text = "社保方面：城乡居民基础养老金由每人每月180元提高到200元。"
    assert with_label(text, "INDICATOR") == ["城乡居民基础养老金"]


@pytest.mark.parametrize("text, model_span, expected", [
    # leading verbs and adverbs one after another name nothing, as a model may put them before a threshold
    ("有序推进5万千瓦以上风电项目12个。", (0, 4), [("5", "VALUE"), ("万千瓦", "UNIT"), ("风电项目", "INDICATOR"),
                                              ("12", "VALUE"), ("个", "UNIT")]),
    # a listed trailing adverb goes from a model's INDICATOR (`先后`: one after another)
    ("经济总量先后跨越1500亿元台阶。", (0, 6), [("经济总量", "INDICATOR"), ("1500", "VALUE"), ("亿元", "UNIT")]),
    # one such word alone may name a quantity (投资 also leads a project's name)
    ("完成投资96亿元。", (2, 4), [("投资", "INDICATOR"), ("96", "VALUE"), ("亿元", "UNIT")]),
    # a fixed term that opens with leading words names its quantity (defining_modifiers)
    ("计划投资742亿元。", (0, 4), [("计划投资", "INDICATOR"), ("742", "VALUE"), ("亿元", "UNIT")]),
])
def test_leading_verbs_one_after_another_are_no_indicator(rules_data, text, model_span, expected):
    nlp = spacy.blank("zh")
    rules = nlp.add_pipe("zhibiao_rules", config={"repair_labels": ["INDICATOR"], "ents_filter": {
        "@misc": "zhibiao.rule_labels_filter.v1", "rule_labels": ["INDICATOR", "VALUE", "UNIT", "PROJECT"],
        "fill_labels": [], "model_fill_labels": ["INDICATOR"]}})
    rules.initialize(patterns=rules_data)
    doc = nlp.make_doc(text)
    doc.ents = [doc.char_span(*model_span, label="INDICATOR")]
    assert [(e.text, e.label_) for e in rules(doc).ents] == expected


@pytest.mark.parametrize("text, indicator", [
    ("对照12项任务。", "任务"),  # a preposition before the count names nothing: the noun after the unit is measured
    ("分别建成5个示范点。", "示范点"),
])
def test_a_function_word_before_a_count_names_nothing(text, indicator):
    assert with_label(text, "INDICATOR") == [indicator]


@pytest.mark.parametrize("text, indicator", [
    ("聚焦9条农业重点产业链。", "农业重点产业链"),  # a count between a verb and a noun counts the noun
    ("就业1.2万人。", "就业"),  # a verb that names the quantity itself, with nothing after the unit
])
def test_a_verb_alone_before_a_count_gives_way_to_the_noun_after_it(text, indicator):
    assert with_label(text, "INDICATOR") == [indicator]


@pytest.mark.parametrize("text, indicator", [
    # ANNOTATION.md: `X、Y等 + head + count` and `X、Y等 + count + head` count the head, not the listed names
    ("培育青禾、远帆等8家企业。", ["企业"]),
    ("改造晨光路、云杉巷2条道路。", ["道路"]),  # names listed right before a count
])
def test_a_list_of_names_before_a_count_gives_way_to_the_head_after_it(text, indicator):
    assert with_label(text, "INDICATOR") == indicator


def test_the_indicator_lies_after_the_entity_before_it():
    # the listed names are PROJECTs; the head after their 等 is what the count measures
    assert with_label("新建枫林实验学校、江湾小学等学校4所。", "INDICATOR") == ["学校"]


@pytest.mark.parametrize("text, indicator", [
    ("新建5G基站2.8万个。", ["5G基站"]),  # a number inside a code names the thing, it counts nothing
    ("全省地区生产总值突破6万亿元。", ["地区生产总值"]),  # the subject stays out at every level (全省, 全县, 全州)
    ("全县规上工业增加值增长8%。", ["规上工业增加值"]),
    ("全旗地区生产总值完成520亿元。", ["地区生产总值"]),
    ("年末全市户籍人口420万人。", ["户籍人口"]),  # a time word and a subject before the name
    ("中心城区空气质量优良天数比例达到86.5%。", ["空气质量优良天数比例"]),  # the urban core is a place subject
    ("主城区新增公共停车泊位1.2万个。", ["公共停车泊位"]),
    ("我县GDP总量突破300亿元。", ["GDP总量"]),
])
def test_codes_and_subjects_of_other_levels(text, indicator):
    assert with_label(text, "INDICATOR") == indicator


@pytest.mark.parametrize("text, indicator", [
    ("“四上”企业净增320家。", ["“四上”企业"]),  # 净增/新增 after the name is the change, as before it
    ("高新技术企业新增50家。", ["高新技术企业"]),
])
def test_a_change_word_after_the_name_stays_out(text, indicator):
    assert with_label(text, "INDICATOR") == indicator


@pytest.mark.parametrize("text, indicator", [
    # ANNOTATION.md: a list counted as a whole without 等 is one INDICATOR, without the verbs before it
    ("扶持家庭农场、农民合作社20家。", ["家庭农场、农民合作社"]),
    ("新建和改扩建中小学、幼儿园23所。", ["中小学、幼儿园"]),
    ("打造省级特色小镇3个、美丽乡村示范村50个。", ["省级特色小镇", "美丽乡村示范村"]),  # one count per item
    ("新增省级技术中心、市级工程中心各2家。", ["省级技术中心", "市级工程中心"]),  # 各: each item, not the list
    ("专科以上人才3.9万余人、领军人才164人。", ["专科以上人才", "领军人才"]),  # `余人` ends the count before
])
def test_a_list_counted_as_a_whole_is_one_indicator(text, indicator):
    assert with_label(text, "INDICATOR") == indicator


@pytest.mark.parametrize("text, indicator", [
    ("每千人口执业医师数达到3.2人。", ["每千人口执业医师数"]),  # a number after 每 is the measure's base
    ("全州共有A级旅游景区21家。", ["A级旅游景区"]),  # 共有 is a verb, not 共 + 有
    ("改造老旧小区126个,惠及居民3.5万户。", ["老旧小区", "居民"]),
])
def test_bases_of_rates_and_verbs_of_having_and_reaching(text, indicator):
    assert with_label(text, "INDICATOR") == indicator


@pytest.mark.parametrize("text, indicator", [
    ("5家企业入选国家级绿色工厂。", ["国家级绿色工厂"]),  # ANNOTATION.md: a count of firms measures the title they won
    ("青禾科技等6家企业获评省级瞪羚企业。", ["省级瞪羚企业"]),
    ("12个村被命名为县级文明村。", ["县级文明村"]),
    ("城镇化率提高到62.3%,比上年提高1.1个百分点。", ["城镇化率"]),  # `比上年` names nothing
    # the basis of a change and its cause name nothing either
    ("全县地区生产总值完成856.2亿元,按不变价格计算增长5.1%。", ["地区生产总值"]),
    ("税收收入12.4亿元,可比增长3.2%。", ["税收收入"]),
    ("工业用电量42.6亿千瓦时,受棉价下行影响同比下降3.5%。", ["工业用电量"]),
    ("港口吞吐量1.2亿吨,受航线调整等因素影响下降2.1%。", ["港口吞吐量"]),
    ("搬迁安置受影响群众860户。", ["受影响群众"]),  # 受 alone opens no cause
])
def test_titles_won_and_comparisons(text, indicator):
    assert with_label(text, "INDICATOR") == indicator


def test_full_width_numbers_and_units_are_read_at_their_own_offsets():
    text = "地区生产总值增长６．５％，实现１２３４亿元。"
    assert labelled(text) == [("地区生产总值", "INDICATOR"), ("６．５", "VALUE"), ("％", "UNIT"), ("１２３４", "VALUE"),
                              ("亿元", "UNIT")]
    assert links(text) == [("６．５", "地区生产总值"), ("１２３４", "地区生产总值")]


@pytest.mark.parametrize("text, indicator", [
    ("民营经济增加值占比达到58%。", ["民营经济增加值占比"]),  # 占比 belongs to the name, as in the gold
    ("实现税收收入45亿元,占一般公共预算收入的比重达到70%。", ["税收收入", "占一般公共预算收入的比重"]),  # 占X比重 whole
    ("村级集体经济收入全部超过10万元。", ["村级集体经济收入"]),
])
def test_shares_stay_whole_and_adverbs_stay_out(text, indicator):
    assert with_label(text, "INDICATOR") == indicator


@pytest.mark.parametrize("text, indicator", [
    ("建成区面积扩大到45平方公里。", ["建成区面积"]),  # 建成区 is a word of its own, 扩大到 a change word
    ("棚户区改造开工3200套。", ["棚户区改造"]),  # a count of what started: no PROJECT, the works are counted
    ("闲置厂房空置率压降10%以上。", ["闲置厂房空置率"]),
])
def test_built_up_areas_counts_of_works_and_more_change_words(text, indicator):
    assert with_label(text, "INDICATOR") == indicator
    assert with_label(text, "PROJECT") == []


@pytest.mark.parametrize("text, expected", [
    ("全年邮轮靠泊43艘次。", ("43", "艘次")),
    ("骨干网络时延压缩至18毫秒以内。", ("18", "毫秒")),
    ("投放人工鱼礁2万空方。", ("2", "万空方")),
    ("数据中心平均PUE降至1.22。", ("1.22", None)),  # PUE is measured without a unit
])
def test_units_of_ports_networks_and_data_centres(text, expected):
    found = labelled(text)
    value = next(surface for surface, label in found if label == "VALUE")
    unit = next((surface for surface, label in found if label == "UNIT"), None)
    assert (value, unit) == expected


def test_a_bank_is_a_subject_and_resettlement_verbs_lead():
    assert with_label("县农商银行涉农贷款余额168亿元。", "INDICATOR") == ["涉农贷款余额"]
    assert with_label("紧急转移受威胁群众320余人。", "INDICATOR") == ["受威胁群众"]
    assert with_label("动态识别监测对象1638户。", "INDICATOR") == ["监测对象"]


def test_sorties_and_the_end_of_last_year():
    assert labelled("起降架次达到12万架次。")[-1] == ("万架次", "UNIT")
    assert with_label("城镇化率达到72.5%,比上年末提高0.8个百分点。", "INDICATOR") == ["城镇化率"]


@pytest.mark.parametrize("text, expected", [
    ("全年接待游客超千万人次。", [("千", "VALUE"), ("万人次", "UNIT")]),  # a listed unit that starts with a magnitude
    ("城镇新增就业两万人以上。", [("两", "VALUE"), ("万人", "UNIT")]),
    ("力争百亿项目实现新突破。", [("百", "VALUE"), ("亿", "UNIT")]),  # a size: the magnitude alone
    ("在用标准机架达到十五万架。", [("十五", "VALUE"), ("万架", "UNIT")]),  # the magnitude joins the measure word
])
def test_chinese_numerals_before_a_magnitude(text, expected):
    assert [(surface, label) for surface, label in labelled(text) if label in ("VALUE", "UNIT")] == expected


def test_a_qualifier_after_the_unit_names_nothing_and_milestones_are_change_words():
    assert with_label("居民消费价格指数上涨2.1%,控制在3%以内。", "INDICATOR") == ["居民消费价格指数"]
    assert with_label("全市GDP迈上5000亿元新台阶。", "INDICATOR") == ["GDP"]


def test_a_voltage_class_is_no_value():
    assert with_label("建成投运500千伏输变电工程。", "VALUE") == []


def test_a_grade_before_a_subject_head_names_a_kind_not_a_subject():
    # `岚湖景区游客` leaves the named scenic area out as the subject; `3A级景区` is a kind of place, part of the name
    assert with_label("新增3A级景区村庄12个。", "INDICATOR") == ["3A级景区村庄"]


def test_a_listed_name_as_the_subject_gives_way_to_the_name_after_its_verb():
    # ANNOTATION.md: the subject of the sentence stays out (`磊达集团【应税销售】`)
    assert with_label("规模以上工业企业实现利润总额320亿元。", "INDICATOR") == ["利润总额"]
    assert with_label("地区生产总值实现2860亿元。", "INDICATOR") == ["地区生产总值"]  # a verb alone follows


@pytest.mark.parametrize("text, expected", [
    # ANNOTATION.md: with 分别 one VALUE per item, one INDICATOR per item, paired in order
    ("工业投资、技改投资、民间投资分别增长8.1%、6.5%和5.2%。",
     [("8.1", "工业投资"), ("6.5", "技改投资"), ("5.2", "民间投资")]),
    # the head the items share is left out of the last (corpus/notes/jiangdu.md decision 3: 油料、水产、蔬菜产量)
    ("小麦、玉米、大豆产量分别达到45万吨、120万吨和38万吨。",
     [("45", "小麦"), ("120", "玉米"), ("38", "大豆")]),
    ("化肥、农药使用量分别下降3.2%和4.1%。", [("3.2", "化肥"), ("4.1", "农药")]),
    ("铁矿石、原油、煤炭接卸量分别达到3860万吨、2420万吨、1980万吨。",
     [("3860", "铁矿石"), ("2420", "原油"), ("1980", "煤炭")]),  # other shared heads: 接卸量, 吞吐量, 产能…
    # a leading verb that would leave one character is part of the item (`解决|率`)
    ("解决率、满意率分别达到94.6%和95.2%。", [("94.6", "解决率"), ("95.2", "满意率")]),
    # items that each hold their own words keep them
    ("规上工业增加值、工业投资、固定资产投资分别增长8%、10%和6%。",
     [("8", "规上工业增加值"), ("10", "工业投资"), ("6", "固定资产投资")]),
])
def test_a_respectively_list_gives_one_indicator_per_item(text, expected):
    assert links(text) == expected


def test_a_respectively_list_needs_as_many_values_as_items():
    assert with_label("二三产业增加值分别增长3.1%、7.2%、5.8%。", "INDICATOR") == ["二三产业增加值"]


def test_one_value_after_each_measures_every_item():
    assert links("新增省级技术中心、市级工程中心各2家。") == [("2", "省级技术中心"), ("2", "市级工程中心")]
    assert links("城镇居民收入和农村居民收入均增长7%。") == [("7", "城镇居民收入"), ("7", "农村居民收入")]
    # `年均` is a rate, not 均 after a list: the rules read the cue as the linker does
    assert "工业投资年" not in with_label("规上工业增加值、工业投资年均增长8%。", "INDICATOR")


def test_each_kind_of_is_a_defining_modifier():
    assert with_label("引进各类人才8000人。", "INDICATOR") == ["各类人才"]  # as 各级专精特新企业 (ANNOTATION.md)


@pytest.mark.parametrize("text", [
    "扎实开展“招商引资年”“环境提升年”“作风转变年”三个年活动。",
    "开展“质量提升年”和“服务优化年”两个年活动。",
])
def test_a_count_that_restates_the_quoted_programmes_before_it_is_no_value(text):
    # ANNOTATION.md: numbers of slogans and programmes are not VALUEs; the count only restates the quoted names
    assert labelled(text) == []


def test_a_count_of_quoted_names_that_differs_from_them_stays_a_value():
    assert with_label("评选“最美庭院”“文明家庭”五个。", "VALUE") == ["五"]
    assert with_label("“青禾”“云麦”品牌新增3个。", "VALUE") == ["3"]


@pytest.mark.parametrize("text, indicators", [
    ("今年，全力推进交通项目27个。", ["交通项目"]),  # an adverb with its verb leads
    ("计划实施城市更新项目86个，总投资320亿元。", ["城市更新项目", "总投资"]),  # 总投资 is one term
    ("新招聘教师620名。", ["教师"]),
    ("今年，启动城中村改造项目5个。", ["城中村改造项目"]),
    ("建成交付安置房4600套。", ["安置房"]),
    ("新开辟航线12条，航线总数达到168条。", ["航线", "航线"]),  # ANNOTATION.md: `总数` is not labelled
    ("总部企业达到42家。", ["总部企业"]),  # 总 of a noun is no leading word
    ("总面积达到42万平方米。", ["总面积"]),
    ("全年新登记经营主体3.2万户。", ["经营主体"]),
    ("撬动社会资本投入216亿元。", ["社会资本投入"]),
    ("腾出发展空间2800亩。", ["发展空间"]),
    ("加装电梯1280部。", ["电梯"]),
    ("新建改建农村公路380公里。", ["农村公路"]),
    ("排查化解矛盾纠纷8260件，化解成功率达到97.8%。", ["矛盾纠纷", "化解成功率"]),  # a rate keeps its verb
    ("森林火灾受害率控制在0.3‰以内。", ["森林火灾受害率"]),
    ("全地区外贸进出口总额完成386.2亿元。", ["外贸进出口总额"]),  # the subject of a prefecture or corps division
    ("全师棉花种植面积稳定在186万亩。", ["棉花种植面积"]),
    ("完成营造林面积126万亩，治理沙化土地45万亩。", ["营造林面积", "沙化土地"]),
    ("粮食总产量达到186.4亿斤，连续五年稳定在180亿斤以上。", ["粮食总产量"]),  # a duration alone names nothing
    ("过去一年，云屿市规上工业增加值增长9.1%。", ["规上工业增加值"]),  # a named city is the subject
    ("落户德语区企业总数达85家。", ["德语区企业"]),  # 区 also names zones: no subject head
    ("重污染天数减少到6天。", ["重污染天数"]),  # change words after the name stay out
    ("棚户区改造新开工1260套。", ["棚户区改造"]),
    ("涉企审批时限平均压缩30%。", ["涉企审批时限"]),  # ANNOTATION.md: 平均 stays outside
    ("其中50万元以上的村28个。", ["村"]),  # ANNOTATION.md: after a threshold the bare noun (`500万元【村】3个`)
    ("审批时间由120天压减到60天以内。", ["审批时间"]),  # not what is left of a verb after a value (`到`)
])
def test_leading_verbs_and_totals(text, indicators):
    assert with_label(text, "INDICATOR") == indicators


@pytest.mark.parametrize("text, value, unit", [
    ("人均预期寿命达到79.2岁。", "79.2", "岁"),
    ("全年查处环境违法案件86起。", "86", "起"),
    ("中考均分高出全省35分。", "35", "分"),
    ("新增排涝流量120立方米/秒。", "120", "立方米/秒"),
    ("电池基地年产能达到20GWh。", "20", "GWh"),
    ("日均供餐能力达到1.8万客。", "1.8", "万客"),
    ("新增乳制品加工能力1500吨/日。", "1500", "吨/日"),  # a rate of a unit per day, year or mu is one UNIT
    ("单产达到175公斤/亩。", "175", "公斤/亩"),
    ("新增变电容量420万千伏安。", "420", "万千伏安"),  # 千伏安 measures capacity; 110千伏 stays a voltage class
    ("核减草原超载牲畜18.6万羊单位。", "18.6", "万羊单位"),
    ("耕地土壤有机质含量达到36.8克/千克。", "36.8", "克/千克"),
    ("完成山塘清淤整治380口。", "380", "口"),
    ("开展统防统治120万亩次。", "120", "万亩次"),
])
def test_measure_words_of_ages_cases_scores_and_flows(text, value, unit):
    assert (with_label(text, "VALUE"), with_label(text, "UNIT")) == ([value], [unit])


@pytest.mark.parametrize("text, values, indicators, pairs", [
    # the gold (dongtai-2024 #62): `为5.8万名【80】【周岁】以上【老人】购买…`: an age bounding a group is a VALUE that
    # measures nothing (ANNOTATION.md: a threshold with no named quantity); the count counts the people, who end
    # before what is done for them
    ("为1.2万名80周岁以上老人发放补贴。", ["1.2", "80"], ["老人"], [("1.2", "老人")]),
    ("为全县8.6万名65岁以上老年人免费健康体检。", ["8.6", "65"], ["老年人"], [("8.6", "老年人")]),
    ("每千人口拥有3岁以下婴幼儿托位数达到4.5个。", ["3", "4.5"], ["婴幼儿托位数"], [("4.5", "婴幼儿托位数")]),
])
def test_an_age_that_bounds_a_group_measures_nothing(text, values, indicators, pairs):
    assert (with_label(text, "VALUE"), with_label(text, "INDICATOR"), links(text)) == (values, indicators, pairs)


@pytest.mark.parametrize("text, indicator", [
    ("中考均分高出全省35分。", "中考均分"),  # the name before the comparison, not what it is compared with
    ("投资增速比上年快3.2个百分点。", "投资增速"),
    ("各项存款余额较年初增加320亿元。", "各项存款余额"),
    ("一般公共预算收入按可比口径增长7.2%。", "一般公共预算收入"),
    ("税收占比达到78.4%。", "税收占比"),  # 占比 and 之比 are names
    ("城乡居民收入之比缩小到2.1:1。", "城乡居民收入之比"),
])
def test_a_comparison_after_a_name_is_left_out(text, indicator):
    assert with_label(text, "INDICATOR") == [indicator]


@pytest.mark.parametrize("text, indicator", [
    ("14个项目列入省重点项目。", "省重点项目"),  # the list names the kind counted: the count measures it (like a title)
    ("力争12个项目纳入省重点项目。", "省重点项目"),
    ("6个物流项目列入省“十四五”规划。", "物流项目"),  # a plan names no kind: the count measures the noun
])
def test_a_count_put_on_a_list(text, indicator):
    assert with_label(text, "INDICATOR") == [indicator]


@pytest.mark.parametrize("text, indicator", [
    ("举办送戏下乡、剧院“周周演”等文化惠民活动200场。", "文化惠民活动"),  # ANNOTATION.md: the head after 等 only
    ("引进光伏组件、储能变流器等配套企业20家以上。", "配套企业"),
    ("新增中等职业学校3所。", "中等职业学校"),  # 等 inside a word ends no examples
])
def test_examples_before_a_head_are_left_out(text, indicator):
    assert with_label(text, "INDICATOR") == [indicator]


def test_a_duration_that_names_a_service_circle_is_no_value():
    assert with_label("15分钟社区生活圈行动深入实施，新建社区生活圈服务设施46处。", "VALUE") == ["46"]


@pytest.mark.parametrize("text, indicators", [
    # ANNOTATION.md: a head the items share is left out of the last one (corpus/notes/jiangdu.md decision 3)
    ("钢铁、化工两大产业集群产值分别达到800亿元和600亿元。", ["钢铁", "化工"]),
    ("番茄、加工辣椒、葡萄种植面积分别达到42万亩、18万亩和26万亩。", ["番茄", "加工辣椒", "葡萄"]),
    ("行政村光纤和4G网络覆盖率均达到100%。", ["行政村光纤", "4G网络"]),  # a shared modifier stays where written
    ("城镇和农村居民人均可支配收入分别增长4.8%和6.9%。", ["城镇", "农村"]),
    ("城镇、农村常住居民人均可支配收入年均分别增长6.1%和7.3%。", ["城镇", "农村"]),
    ("城乡居民人均可支配收入分别增长6%和7.1%。", ["城乡居民人均可支配收入"]),  # one word: no list to share it
    ("推动汽车、电子信息产业集群规模分别迈上5000亿元、4000亿元台阶。", ["汽车", "电子信息"]),  # a head nouns follow
    # the word every item before ends with, written again in the last one: the rest is the shared head
    ("科创贷款、普惠涉农贷款、绿色贷款余额分别增长20.4%、23.8%和31.6%。", ["科创贷款", "普惠涉农贷款", "绿色贷款"]),
    # quantities listed as heads the items share (configs/rules.json shared_heads)
    ("PM2.5、PM10平均浓度分别下降6.2%、4.8%。", ["PM2.5", "PM10"]),
    ("鞋服、箱包出口分别增长13.2%、8.5%。", ["鞋服", "箱包"]),
    ("本外币存款、贷款余额分别达到2480亿元和2236亿元。", ["本外币存款", "贷款"]),
])
def test_a_head_the_items_share_is_left_out_of_the_last_one(text, indicators):
    assert with_label(text, "INDICATOR") == indicators


@pytest.mark.parametrize("text, indicators", [
    ("全年完成年度投资计划的112%。", ["年度投资计划"]),  # the share's 的 names nothing
    ("政府债务率由上年的98%下降到92%。", ["政府债务率"]),
    ("大豆单产提高到每亩186公斤。", ["大豆单产"]),
    ("岩羊种群数量增至3.2万只。", ["岩羊种群数量"]),
    ("新入库“四上”企业86家。", ["“四上”企业"]),
    ("民营企业数量占企业总数的90%以上。", ["民营企业数量"]),  # the share of a total names the total
    ("助餐服务达到186万人次。", ["助餐服务"]),
])
def test_probe_passages_of_other_provinces(text, indicators):
    assert with_label(text, "INDICATOR") == indicators


@pytest.mark.parametrize("text, indicators", [
    # a subject and its verb before the name (subject_verbs), leading verbs (leading_words)
    ("市级领导联系重点企业120家。", ["重点企业"]),
    ("与璧川区签订川渝合作协议12份。", ["川渝合作协议"]),
    ("收集解决企业诉求836件。", ["企业诉求"]),
    ("新获批国家级企业技术中心2家。", ["国家级企业技术中心"]),
    ("全年输送技能人才2100余名。", ["技能人才"]),
    ("研发投入强度达到2.41%。", ["研发投入强度"]),  # 投入 is no verb after a subject here (lost: 投入 as one)
    ("新开业商业综合体3个。", ["商业综合体"]),  # the longer leading word, not 新开 of 新开|业
    ("全面关停4.3米焦炉12座。", ["焦炉"]),
    ("三是新建互助幸福院、农村老年餐桌各12个。", ["互助幸福院", "农村老年餐桌"]),  # a list item's number
    # the manner or aspect that opens what is done to a counted noun (activity_aspects)
    ("完成2家铸造企业深度治理和6家砖瓦企业提标改造。", ["铸造企业", "砖瓦企业"]),
    ("实现4个乡镇集中供热全覆盖。", ["乡镇"]),
    # ANNOTATION.md: a fixed term stays whole with the set of projects it is of; a named project is the subject
    ("区重点产业项目完成投资超60亿元。", ["区重点产业项目完成投资"]),
    ("亿元以上项目完成投资612亿元。", ["亿元以上项目完成投资"]),
    ("北塬灌区续建配套与节水改造项目完成投资1.86亿元。", ["投资"]),
    ("旅游接待人次达到2800万人次。", ["旅游接待人次"]),  # listed names (indicator_gazetteer)
    ("帮扶就业困难人员再就业600人。", ["就业困难人员再就业"]),
    ("群众满意度均在95分以上。", ["群众满意度"]),  # 均在 is a change word
    ("计划改造老旧小区65个。", ["老旧小区"]),  # 计划 leads a verb; 计划总投资, 计划投资 are fixed terms
    ("全年新引进项目21个、计划总投资46.8亿元。", ["项目", "计划总投资"]),
    ("柘川蔬菜交易市场年交易量突破120万吨。", ["年交易量"]),  # a named market is the subject (subject_heads)
    ("其中：新开工72个，续建91个，竣工17个。", []),  # nothing is left of the noun once the verb is removed
])
def test_verbs_before_names(text, indicators):
    assert with_label(text, "INDICATOR") == indicators


@pytest.mark.parametrize("text, pairs", [
    # the share of a plan measures the quantity named before it; the plan names nothing
    ("全年完成投资238.4亿元，完成年度计划的112.3%。", [("112.3", "投资"), ("238.4", "投资")]),
    ("城镇新增就业6.82万人，完成省下达目标任务的113.7%。", [("113.7", "城镇新增就业"), ("6.82", "城镇新增就业")]),
])
def test_a_share_of_the_plan_measures_the_quantity_before(text, pairs):
    assert sorted(links(text)) == pairs


@pytest.mark.parametrize("text, name, expected", [
    ("完成投资238.4亿元，完成年度计划的112.3%。", "年度计划", True),  # a model's span, 的 out
    ("完成投资238.4亿元，完成年度计划的112.3%。", "年度计划的", True),
    ("全年完成年度投资计划的112%。", "年度投资计划", False),  # no quantity before: the plan is the name
    ("完成投资238.4亿元，年度计划完成率112.3%。", "年度计划完成率", False),
])
def test_of_plan_the_rules_and_the_model_repair_share(text, name, expected):
    start = text.index(name)
    assert of_plan(text, start, start + len(name), PATTERNS.plan_words) is expected


@pytest.mark.parametrize("text", [
    "空气质量优良天数比例91.5%，同比上升3.2个百分点。",  # what is left of a comparison names nothing
    "新增政府专项债券42.5亿元，同比多争取9.3亿元。",
])
def test_what_is_left_of_a_comparison_is_no_indicator(text):
    assert len(with_label(text, "INDICATOR")) == 1


@pytest.mark.parametrize("text, indicators", [
    ("（五）新建社区嵌入式托育机构12家。", ["社区嵌入式托育机构"]),  # a list item's number names nothing
    ("1.新建改扩建中小学校舍5.6万平方米。", ["中小学校舍"]),
    ("全区地区生产总值增加到1652亿元，迈上1600亿元台阶。", ["地区生产总值"]),  # a milestone is no indicator
    ("每千人口拥有执业（助理）医师数由2.1人提高到2.9人。", ["每千人口拥有执业（助理）医师数"]),
    ("同步实施供热管网改造126公里。", ["供热管网改造"]),
    ("实现全区2万余个公共泊位“一网统管”。", ["公共泊位"]),  # a quoted tail says what is done to the noun
    ("打造100个政务服务“好办”“快办”场景。", ["政务服务“好办”“快办”场景"]),  # ANNOTATION.md: quotes inside stay
    ("融资平台公司压减至3家。", ["融资平台公司"]),
    ("打造和美乡村片区3个。", ["和美乡村片区"]),
    ("经开区工业总产值突破2000亿元。", ["工业总产值"]),  # the zone is the subject, as 全区
    ("发行地方政府专项债券486亿元。", ["地方政府专项债券"]),
    ("上市公司总市值达到1.2万亿元。", ["上市公司总市值"]),
    ("全市地区生产总值达到2148亿元，按可比价格计算增长5.6%。", ["地区生产总值"]),  # how it is computed, no name
    ("保险业实现保费收入862亿元。", ["保费收入"]),  # the subject and its verb before the name
    ("支持企业参加境外展会120场次。", ["境外展会"]),
    ("确保亿元以上项目开工率达到80%、投产率达到50%以上。", ["亿元以上项目开工率", "投产率"]),  # a rate of a verb
    ("信访总量同比下降18.6%。", ["信访总量"]),
    ("辖区群众安全感满意度达到98.9%。", ["群众安全感满意度"]),
    ("新增“机器换人”设备1260台（套）。", ["“机器换人”设备"]),
    ("建成帮扶车间46个，落实帮扶资金3.2亿元。", ["帮扶车间", "帮扶资金"]),  # 帮扶 defines these sets
    ("棉花种植面积稳定在186万亩，总产达到32.6万吨。", ["棉花种植面积", "总产"]),
    ("排查安全隐患3620处，整改3586处，整改率99.1%。", ["安全隐患", "整改率"]),  # a verb alone names nothing
    ("受理矛盾纠纷412起，调处成功405起，调处成功率98.3%。", ["矛盾纠纷", "调处成功率"]),
    ("计划新增市场主体1.2万户。", ["市场主体"]),
    ("地区生产总值预期增长5.5%左右。", ["地区生产总值"]),
    ("36项重点工程全面完成。", ["重点工程"]),
    ("沁川经济技术开发区营业收入突破1200亿元。", ["营业收入"]),  # a named zone as the subject
])
def test_numbered_tasks_milestones_and_per_capita_names(text, indicators):
    assert with_label(text, "INDICATOR") == indicators


@pytest.mark.parametrize("text, indicators", [
    ("居民人均可支配收入年均实际增长5.8%。", ["居民人均可支配收入"]),
    ("青峰山观光带接待游客46万人次。", ["游客"]),  # a subject and its verb before the name
    ("留存电量惠及企业56家。", ["企业"]),
    ("青云产业园入驻企业达到31家。", ["企业"]),
    ("申报专项债券项目56个。", ["专项债券项目"]),
    ("临时救助困难群众4300人次。", ["困难群众"]),
    ("现场签约意向订单超过85亿元。", ["意向订单"]),
    ("全县已建成投产水电站47座。", ["水电站"]),
    ("项目投产后可新增产值120亿元。", ["产值"]),
    ("今年新引进外资项目60个。", ["外资项目"]),
    ("“一网通办”事项拓展到46项。", ["“一网通办”事项"]),
    ("民生支出占一般公共预算支出比重始终保持在75%以上。", ["民生支出占一般公共预算支出比重"]),
    ("日交易量最高达到8000吨。", ["日交易量"]),
    ("城中村改造新开工安置房5000套。", ["安置房"]),
    ("累计开行铁海联运班列4860列。", ["铁海联运班列"]),
    ("全年承接京津转移项目47个。", ["京津转移项目"]),
    ("新发展设施农业1万亩。", ["设施农业"]),
    ("累计审定新品种126个。", ["新品种"]),
    ("试点建设“零碳”农房100户。", ["“零碳”农房"]),
    ("招聘医疗卫生人才860名，举办招聘会120场。", ["医疗卫生人才", "招聘会"]),  # 招聘会 is a kind of event
    ("全局有林地面积达到512万亩。", ["有林地面积"]),  # a forestry bureau's whole area, like 全市
    ("全港生产性泊位达到58个。", ["生产性泊位"]),
    ("购置以水灭火设备140台套。", ["以水灭火设备"]),
    ("新晋升省级湿地公园1处。", ["省级湿地公园"]),
    ("日均客流达到1.2万人次。", ["客流"]),  # 日均 says how it is counted, like 平均
    ("焦化产能整合至660万吨。", ["焦化产能"]),
    ("出口额46.8亿元、进口额115.5亿元。", ["出口额", "进口额"]),  # 进口 leads no name: it is one (进口额, 进口总额)
])
def test_probe_passages_of_southwest_central_and_coastal_reports(text, indicators):
    assert with_label(text, "INDICATOR") == indicators


def test_a_size_class_in_mu_is_a_value_and_the_counted_noun_the_indicator():
    # the seed gold's `打造【千】【亩】【示范片】21个` (corpus/notes/dongtai.md: size classes with no named quantity)
    text = "打造千亩示范片21个，建成百亩以上精品果园32个。"
    assert labelled(text) == [("千", "VALUE"), ("亩", "UNIT"), ("示范片", "INDICATOR"), ("21", "VALUE"), ("个", "UNIT"),
                              ("百", "VALUE"), ("亩", "UNIT"), ("精品果园", "INDICATOR"), ("32", "VALUE"), ("个", "UNIT")]


def test_computing_power_in_p_is_a_unit():
    assert labelled("新增智能算力800P。") == [("智能算力", "INDICATOR"), ("800", "VALUE"), ("P", "UNIT")]


@pytest.mark.parametrize("text, indicator, values", [
    # ANNOTATION.md: the subject stays out; places listed before 分别 share the one name after them
    ("岚溪街道、葛岙镇、青沙镇规上工业总产值分别达到512亿元、387亿元和255亿元。", "规上工业总产值",
     ["512", "387", "255"]),
    ("分县市区看，湄岭县、桃垭县、淇阳区地区生产总值分别增长7.9%、7.5%和7.2%。", "地区生产总值", ["7.9", "7.5", "7.2"]),
    # a place named with a direction (jieba tags 西 and 北 locatives)
    ("力争沁西县、岚北县生产总值分别突破300亿元、200亿元。", "生产总值", ["300", "200"]),
])
def test_places_listed_before_respectively_are_subjects(text, indicator, values):
    assert with_label(text, "INDICATOR") == [indicator]
    assert links(text) == [(value, indicator) for value in values]


def test_a_list_of_kinds_of_place_is_no_list_of_subjects():
    # 工业园区 is a kind of park (工业 is a common noun), 老旧小区 a kind of housing: each is measured
    assert with_label("工业园区、农业园区产值分别增长9.1%和6.3%。", "INDICATOR") == ["工业园区", "农业园区"]
    assert with_label("改造老旧小区46个。", "INDICATOR") == ["老旧小区"]


def test_a_named_town_is_the_subject_and_a_place_alone_names_nothing():
    assert with_label("葛岙镇实际使用外资占全市的四成以上。", "INDICATOR") == ["实际使用外资"]
    # `荆岭县增长7.1%`: the county is where, not what; the sentence's indicator is the one measured
    assert with_label("分地区看，澄岭区地区生产总值增长7.8%；荆岭县增长7.1%。", "INDICATOR") == ["地区生产总值"]
    # a place of one character is no name (`在镇院校`: 在镇 says where)
    assert with_label("在镇院校毕业生留镇率提升至23%。", "INDICATOR") == ["在镇院校毕业生留镇率"]


def test_a_threshold_after_a_count_and_a_bare_unit_stays_in_the_counted_name():
    # as the seed gold's `新开工【亿元以上产业项目】91个`
    assert with_label("青岚陶瓷、南汀食品产业园等６个亿元以上项目竣工投产。", "INDICATOR") == ["亿元以上项目"]
    assert with_label("加快德岚光电等58个亿元以上产业项目建设。", "INDICATOR") == ["亿元以上产业项目"]


@pytest.mark.parametrize("text, expected", [
    # ANNOTATION.md: a share of a named base without 比重 measures the subject (`占盐城【1/5】以上`), not the base
    ("跨境电商进出口额达到38.5亿元,占全市进出口总额的23.6%。",
     [("38.5", "跨境电商进出口额"), ("23.6", "跨境电商进出口额")]),
    ("外资企业进出口额占全市进出口总额的56.8%。", [("56.8", "外资企业进出口额")]),
    # a share named as such is an INDICATOR of its own
    ("外资企业税收占全市税收收入比重为31.2%。", [("31.2", "外资企业税收占全市税收收入比重")]),
])
def test_a_share_of_a_named_base_measures_the_subject(text, expected):
    assert links(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("工业用电量环比增长3.4%。", [("3.4", "工业用电量")]),  # 环比, like 同比, is how it changed
    ("全市生产总值312.6亿元,同比增长5.9%,环比增长1.8%。",
     [("312.6", "生产总值"), ("5.9", "生产总值"), ("1.8", "生产总值")]),
    # 分别 before the change word pairs the values with the names before it, and names nothing itself
    ("亩均税收达到32.4万元,亩均增加值达到168万元,分别比上年增长6.2%和5.8%。",
     [("32.4", "亩均税收"), ("168", "亩均增加值"), ("6.2", "亩均税收"), ("5.8", "亩均增加值")]),
])
def test_quarter_on_quarter_and_respectively_name_nothing(text, expected):
    assert sorted(links(text), key=lambda pair: text.index(pair[0])) == expected


@pytest.mark.parametrize("text, expected", [
    # corpus/notes/jintan.md decision 2: the count counts the noun before a listed name a later number measures
    ("全市5个县市区地区生产总值过300亿元。", [("5", "县市区"), ("300", "地区生产总值")]),
    ("4个县市区固定资产投资增速超过10%。", [("4", "县市区"), ("10", "固定资产投资")]),
])
def test_a_count_before_a_measured_name_counts_the_noun_before_it(text, expected):
    assert links(text) == expected


def test_a_change_word_alone_before_a_value_names_nothing():
    # `保持` is how the rate stands, not what it is (the seed gold's `优Ⅲ比例保持90.9%`)
    assert with_label("14个国考断面水质优良比例保持100%。", "INDICATOR") == ["国考断面水质优良比例"]


@pytest.mark.parametrize("text, indicators", [
    ("去年确定的十件民生实事全部完成，累计投入资金26.8亿元。", ["民生实事", "资金"]),
    ("全社会研发投入增长16.2%，投入强度达到1.92%。", ["全社会研发投入", "投入强度"]),  # 投入强度 is one name
    ("资助家庭经济困难学生1.9万人次。", ["家庭经济困难学生"]),
    ("全年登记技术合同2316项。", ["技术合同"]),
    ("累计形成创新成果168项。", ["创新成果"]),
    ("柔性引进京津专家420人，培训双语教师1200人次。", ["京津专家", "双语教师"]),
    ("到位京津资金突破100亿元，实际到位资金486亿元。", ["京津资金", "实际到位资金"]),
    ("增加学位2.8万个，农业增加值增长3.5%。", ["学位", "农业增加值"]),
])
def test_probe_passages_of_provincial_industrial_and_border_reports(text, indicators):
    assert with_label(text, "INDICATOR") == indicators


@pytest.mark.parametrize("text, expected", [
    # places alone before 分别 name nothing: their values measure the name before them, or after them
    ("锦岭市地区生产总值突破2.5万亿元，岷岙市、巴岭市分别达到4260亿元和3890亿元。",
     [("2.5", "地区生产总值"), ("4260", "地区生产总值"), ("3890", "地区生产总值")]),
    ("湄岭区、桃岙县分别新增停车位3200个和1800个。", [("3200", "停车位"), ("1800", "停车位")]),
    # places before 均 are subjects too; 跨越 is a change word like 突破
    ("庐岙市、桐岭市经济总量均跨越3000亿元。", [("3000", "经济总量")]),
])
def test_places_alone_or_before_each_name_nothing(text, expected):
    assert links(text) == expected


@pytest.mark.parametrize("text, expected", [
    # 一 inside a Chinese numeral is a digit (`二百一十`, `一百零五`)
    ("交流轮岗校长教师二百一十名。", [("交流轮岗校长教师", "I"), ("二百一十", "V"), ("名", "U")]),
    ("全州“两品一标”农产品达到一百零六个。", [("“两品一标”农产品", "I"), ("一百零六", "V"), ("个", "U")]),
    # a Chinese numeral takes lengths, tonnes, lamps and households as its measure word too
    ("新建供热管网九公里，安装太阳能路灯二千四百盏。",
     [("供热管网", "I"), ("九", "V"), ("公里", "U"), ("太阳能路灯", "I"), ("二千四百", "V"), ("盏", "U")]),
    ("新增规上工业企业三十户。", [("规上工业企业", "I"), ("三十", "V"), ("户", "U")]),
])
def test_chinese_numerals_with_one_inside_and_more_measure_words(text, expected):
    assert [(surface, label[0]) for surface, label in labelled(text)] == expected


def test_a_plan_name_with_one_inside_is_still_no_value():
    assert with_label("“十一五”时期累计完成。", "VALUE") == []


@pytest.mark.parametrize("text, indicators", [
    ("全年签约金额412亿元。", ["签约金额"]),  # 签约金额 is one name, 签约 leads no name here
    ("改造面积286万平方米。", ["改造面积"]),
    ("供应工业用地2340亩，供应链金融规模12亿元。", ["工业用地", "供应链金融规模"]),
    ("现场签订意向订单19.6亿美元。", ["意向订单"]),
])
def test_probe_passages_of_coastal_county_level_cities(text, indicators):
    assert with_label(text, "INDICATOR") == indicators


@pytest.mark.parametrize("text, indicators", [
    # trade with a partner names the trade with it: 对 and the partner stay (unlike `为企业【减税降费】`)
    ("全市对俄进出口总额实现162.3亿元。", ["对俄进出口总额"]),
    ("其中对东盟进出口增长27.5%，对美国出口下降2.4%。", ["对东盟进出口", "对美国出口"]),
    ("为企业减税降费12亿元。", ["减税降费"]),
])
def test_trade_with_a_partner_keeps_the_partner(text, indicators):
    assert with_label(text, "INDICATOR") == indicators


def test_a_per_household_gain_is_one_name_after_the_group_that_gains():
    assert with_label("带动牧民户均增收5200元。", "INDICATOR") == ["户均增收"]


@pytest.mark.parametrize("text, indicators", [
    # the count of the items after the last one is no part of it (the count measures the head)
    ("管道装备、医药化工两个集群分别达到420亿元和286亿元。", ["管道装备", "医药化工", "集群"]),
    ("汽车、摩托车、通机三个产业集群规模分别达到520亿元、186亿元、96亿元。", ["汽车", "摩托车", "通机", "产业集群规模"]),
    # shared heads: 综合产值, 参保人数, 保险
    ("茶叶、花卉、咖啡产业综合产值分别达到1650亿元、1420亿元和460亿元。", ["茶叶", "花卉", "咖啡"]),
    ("失业、工伤保险参保人数分别达到52.3万人、61.8万人。", ["失业", "工伤"]),
])
def test_list_items_before_their_count_and_shared_heads(text, indicators):
    assert with_label(text, "INDICATOR") == indicators


@pytest.mark.parametrize("text, expected", [
    # ANNOTATION.md: a VALUE may have no UNIT; a name measured without one takes a bare number
    ("城乡收入比缩小至1.69。", [("城乡收入比", "I"), ("1.69", "V")]),
    ("农田灌溉水有效利用系数提高到0.58。", [("农田灌溉水有效利用系数", "I"), ("0.58", "V")]),
    ("完成道路改造3期。", []),  # a bare number after no such name stays no VALUE
])
def test_a_bare_number_after_a_name_measured_without_unit_is_a_value(text, expected):
    assert [(surface, label[0]) for surface, label in labelled(text)] == expected


@pytest.mark.parametrize("text, indicators", [
    # cut at 和/及 there would be more items than values: the joining word is inside an item
    ("教育、卫生健康、社会保障和就业支出分别增长8.1%、11.4%、7.6%。", ["教育", "卫生健康", "社会保障和就业"]),
    ("其中原辅料、交通工具及游艇、自用生产设备分别进口21.3亿元、8.4亿元和18.9亿元。",
     ["原辅料", "交通工具及游艇", "自用生产设备"]),
    ("小麦、玉米和大豆产量分别达到45万吨、120万吨和38万吨。", ["小麦", "玉米", "大豆"]),
])
def test_a_joining_word_inside_an_item_when_the_values_say_so(text, indicators):
    assert with_label(text, "INDICATOR") == indicators


def test_a_locative_after_a_counted_noun_is_no_part_of_it():
    assert with_label("全市10个镇街中，6个镇街地区生产总值超过百亿元。", "INDICATOR") == ["镇街", "镇街", "地区生产总值"]


def test_new_leading_verbs_of_other_provinces_stay_out():
    # 入园 and 入社 lead like 入驻 (read in the text: jieba cuts `入|园`)
    assert with_label("新增小微企业园2个、入园企业150家。", "INDICATOR") == ["小微企业园", "企业"]
    assert with_label("全县组建合作社38个，入社牧户达到3120户。", "INDICATOR") == ["合作社", "牧户"]


@pytest.mark.parametrize("text, expected", [
    # a share before 的 measures the noun it is of; the subject and its verb are no name
    ("民营经济贡献了全省50%以上的税收、60%以上的地区生产总值。", [("50", "税收"), ("60", "地区生产总值")]),
    ("岚峪工业园区以全县38%的工业用地贡献了全县82%的工业营业收入。", [("38", "工业用地"), ("82", "工业营业收入")]),
])
def test_a_share_before_de_measures_the_noun_after_it(text, expected):
    assert [(v, i) for v, i in links(text) if v in {"50", "60", "38", "82", "6"}] == expected


def test_a_named_park_or_station_before_a_statistic_is_its_subject():
    # ANNOTATION.md: the subject left out is not only a place: a company, port or park too
    assert with_label("柳岚汽车城整车产能达到80万辆。", "INDICATOR") == ["整车产能"]
    assert with_label("岚峪物流园货物吞吐量达到120万吨。", "INDICATOR") == ["货物吞吐量"]


def test_eliminating_a_threshold_group_is_no_part_of_its_name():
    # `全面消除`/`基本消除` lead the quantity a threshold bounds (the writers' call; `消除风险1039户` stays whole)
    assert with_label("基本消除亩均税收1万元以下的低效企业。", "INDICATOR")[:1] == ["亩均税收"]


@pytest.mark.parametrize("text, indicator", [
    ("新建和改造农村公路86公里。", "农村公路"),  # a joining word between two leading words leads too
    ("引进和培养医学专业人才186名。", "医学专业人才"),
    ("聘用生态护林员4860名。", "生态护林员"),
    ("新打煤层气地面抽采井186口。", "煤层气地面抽采井"),
    ("全镇村级集体经济收入共计5.86亿元。", "村级集体经济收入"),
    ("新开展临床新技术52项。", "临床新技术"),  # the longer leading word first
    ("全年下线风电机组412台。", "风电机组"),
    ("拉动销售额9.8亿元。", "销售额"),
    ("扩种油莎豆3.2万亩。", "油莎豆"),
    ("新(改)建乡村道路860公里。", "乡村道路"),  # a leading verb with its alternative in brackets
    ("城区供水管网密度提高到每平方公里9公里。", "城区供水管网密度"),  # per unit of area, before the value

    ("关停落后产能企业14家。", "落后产能企业"),
    ("加固干渠堤岸12.4公里。", "干渠堤岸"),
    ("连片整备工业用地1600亩。", "工业用地"),
    ("引回在外创业人才320名。", "在外创业人才"),
    ("直接拉动旅游消费6亿元。", "旅游消费"),
    ("协调解决企业诉求2100余件。", "企业诉求"),
    ("分配公租房900套。", "公租房"),
    ("新开办中小学2所。", "中小学"),  # the longer leading word first (jieba: 新 + 开办)
    ("新设立外资企业12家。", "外资企业"),
    ("新建成小微企业园3个。", "小微企业园"),
    ("新创建省级未来社区2个。", "省级未来社区"),
    ("滚动实施市重点项目120个。", "市重点项目"),
    ("复垦耕地1200亩。", "耕地"),
    ("新植更新橡胶0.8万亩。", "橡胶"),
    ("营造修复红树林600亩。", "红树林"),
    ("释放商务空间8万平方米。", "商务空间"),
])
def test_leading_verbs_of_other_provinces(text, indicator):
    assert with_label(text, "INDICATOR") == [indicator]


@pytest.mark.parametrize("text, indicator", [
    ("1200户群众喜迁新居。", "群众"),
    ("全市5个县市区地区生产总值过300亿元。", "地区生产总值"),  # 过 as 超
])
def test_what_follows_a_counted_noun_or_a_name(text, indicator):
    assert indicator in with_label(text, "INDICATOR")


def test_the_rest_names_nothing_the_count_after_it_measures_the_noun():
    assert links("其余四件实事涉及食品安全、城乡供水和公共文化。") == [("四", "实事")]


@pytest.mark.parametrize("text", ["打造一个示范区。", "其中一个。"])
def test_a_lone_yi_before_a_noun_or_after_qizhong_is_no_value(text):
    assert labelled(text) == []


# Text no report would hold, but `zhibiao.extract` may be given: a clause of list marks alone, a size numeral at the
# very end (its magnitude was read past the text), list marks and numerals run together. Each once crashed the rules.
@pytest.mark.parametrize("text", ["、", "，、。", "①-百", "超百", "等、", "百亿级", "、等项目开工", "1.5万"])
def test_odd_text_gives_spans_inside_it(text):
    spans, _ = propose(text)
    assert all(0 <= start < end <= len(text) for start, end, *_ in spans)


@pytest.mark.parametrize("curly", ["新增“四上”企业12家。", "“专精特新”企业达到12家，“四上”企业300家。",
                                   "推进“智改数转”项目36个。"])
def test_ascii_quotes_read_as_the_curly_ones(curly):
    # reports typed with ASCII punctuation write `"四上"企业`: the same spans at the same offsets
    ascii_typed = curly.replace("“", '"').replace("”", '"')
    assert propose(ascii_typed) == propose(curly)


@pytest.mark.parametrize("text", ["汽车、电子信息两个千亿级产业集群产值分别达到680亿元、412亿元。",
                                  "推动郭家梁、黑龙沟两座千万吨级矿井建成投产。"])
def test_a_size_class_measures_nothing_whatever_stands_before_it(text):
    assert not [pair for pair in links(text) if pair[0] == "千"]  # ANNOTATION.md: `百亿级` is a size, no VALUE of a name


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("农村居民人均可支配收入达到二万一千三百元。", "二万一千三百", "元"),  # a magnitude inside a written-out number
        ("信访总量下降一成以上。", "一", "成"),  # 一 before tenths
        ("光伏发电量增长近一倍。", "一", "倍"),  # and before times
        ("劳动年龄人口平均受教育年限达到11.5年。", "11.5", "年"),  # a decimal before 年 counts years
        ("煤电机组供电煤耗降至298.5克标准煤/千瓦时。", "298.5", "克标准煤/千瓦时"),
        ("新建6个“工业上楼”项目。", "6", "个"),  # digits before a quote count the quoted kind
        ("旅游包机航班加密至每周14班。", "14", "班"),
        ("白酒产量稳定在10万千升。", "10", "万千升"),
    ],
)
def test_figures_as_other_offices_write_them(text, value, unit):
    assert with_label(text, "VALUE") == [value]
    assert with_label(text, "UNIT") == [unit]


@pytest.mark.parametrize(
    "text",
    [
        "规章制度一成不变。",  # an idiom, not tenths
        "深刻领悟两个“确立”的决定性意义。",  # a slogan counted in Chinese numerals
        "2020年底前完成。",  # a whole number before 年 is a year
    ],
)
def test_no_value_in_idioms_slogans_and_years(text):
    assert with_label(text, "VALUE") == []


@pytest.mark.parametrize(
    "text, pairs",
    [
        ("城乡居民收入倍差缩小至1.83。", [("1.83", "城乡居民收入倍差")]),  # measured without a unit
        ("容积率由过去的1.2提高到3.0以上。", [("1.2", "容积率"), ("3.0", "容积率")]),  # both numbers of the change
        ("城镇化率从49.2%提高到56.7%。", [("49.2", "城镇化率"), ("56.7", "城镇化率")]),  # 从 ends the name
        ("2家企业获评省级“雄鹰企业”。", [("2", "省级“雄鹰企业”")]),  # a title keeps its quoted name
        ("“12345”市民服务热线工单办结率达到99.2%。", [("99.2", "“12345”市民服务热线工单办结率")]),  # a quoted number names
        ("溪阳县、盘河县地区生产总值分别达到186.4亿元和162.8亿元。",  # places listed as subjects
         [("186.4", "地区生产总值"), ("162.8", "地区生产总值")]),
        ("岙丰阀门产值首次突破15亿元。", [("15", "产值")]),  # a named firm is the subject
        ("积极争取资源型地区转型发展专项资金12亿元以上。", [("12", "资源型地区转型发展专项资金")]),
        ("开设暑期爱心托管班40个。", [("40", "暑期爱心托管班")]),
        ("“海上巴士”客运航线开通至4条。", [("4", "“海上巴士”客运航线")]),
        ("煤矿百万吨死亡率控制在0.012以内。", [("0.012", "煤矿百万吨死亡率")]),  # 百 is no value inside the name
        ("高质量建设“四好农村路”860公里。", [("860", "四好农村路")]),
        ("打造3个民宿集聚区。", [("3", "民宿集聚区")]),  # 集聚|区: the verb makes a kind of place
    ],
)
def test_value_of_pairs_in_other_provinces_wording(text, pairs):
    assert links(text) == pairs


@pytest.mark.parametrize("text", ["——地区生产总值：年初预期增长5.5%左右，实际增长5.4%。",
                                  "老旧小区改造：计划138个，实际开工138个。"])
def test_the_words_of_a_table_turned_into_prose_name_nothing(text):
    assert not set(with_label(text, "INDICATOR")) & {"实际", "预期", "年初预期", "计划"}
