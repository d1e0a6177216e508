"""PROJECT spans by ANNOTATION.md's PROJECT rules: names without the verbs around them, and no programmes,
slogans, headings, clause fragments, titles, events, services or generic kinds."""

import pytest
import spacy

from zhibiao.patterns import load_patterns, patterns_from_data
from zhibiao.projects import clean_project, clean_projects, exclusion, strip_project


def stripped(patterns, text: str) -> str:
    start, end = strip_project(text, 0, len(text), patterns)
    return text[start:end]


@pytest.mark.parametrize("span, expected", [
    ("推动东富龙", "东富龙"),  # a leading verb
    ("加快建设开发区半导体产业园", "开发区半导体产业园"),  # adverb + verb; 开发区 is part of the name
    ("开工建设工业污水处理厂", "工业污水处理厂"),
    ("河海大学教职工公寓建设", "河海大学教职工公寓"),  # a new facility keeps only its name
    ("扬中市长城汽车核心零部件一期", "长城汽车核心零部件一期"),  # the county only locates the project
    ("中医院整体搬迁改造", "中医院整体搬迁改造"),  # works on an existing facility keep the works word
    ("345国道江都东段新建", "345国道江都东段新建"),
    ("建设路", "建设路"),  # token-aligned: the verb inside a name stays
    ("华能金坛储能二期项目", "华能金坛储能二期项目"),
    ("区域智算中心(一期)", "区域智算中心(一期)"),  # an attached (一期) stays with its bracket
    ("稳妥推进北湖新材料产业园", "北湖新材料产业园"),  # an unlisted adverb before a listed verb goes with it
    ("协同推进西岭大道", "西岭大道"),
    ("服务中心", "服务中心"),  # a listed verb that leaves less than three characters stays
])
def test_strip_project(patterns, span, expected):
    assert stripped(patterns, span) == expected


@pytest.mark.parametrize("name", [
    "我们坚持把项目",  # clause fragments with pronouns and function words
    "产业基础在项目",
    "2024年工作回顾",  # a heading
    "三年行动",  # programmes, campaigns, slogans, policies
    "“智改数转”",
    "“招推服”",
    "“精网微格”提升工程",
    "三大工程",
    "“两重”项目",
    "知识产权“繁星工程”",
    "全面推行“拿地即",  # cut inside a quote
    "重大项目",  # generic kinds
    "省市重大产业项目",
    "新竣工亿元以上产业项目",
    "民生实事",
    "中欧班列",  # services, financial products, events, titles
    "公募REITs项目",
    "马拉松",
    "鲁班奖",
    "邻里中心等城市综合服务类项目",  # a list with its shared head
    "区域商圈",  # a regional kind, no name
    "项目早日",  # the head of a list cut off from its names (`A、B等项目早日开工`)
    "工程尽快",
    "产业项目一律进园区",  # a verb after a generic kind: a clause, not a name
    "做强项目",  # only verbs and adverbs before a generic kind
    "抓项目",
    "改进项目",
])
def test_not_a_project(patterns, name):
    assert exclusion(name, patterns) is not None
    assert clean_project(name, 0, len(name), patterns)[0] is None


@pytest.mark.parametrize("name", [
    "华能金坛储能二期项目", "天源环保氢能装备", "中集科创金融中心", "区域智算中心(一期)", "丹金高速",
    "华城路改造提升工程", "晶澳", "晶澳项目", "工业污水处理厂", "跨境电商产业园", "中医院整体搬迁改造",
    "开发区、高新区污水处理厂", "苏锡常城际铁路", "市域社会治理智能化平台", "和平路", "“东农云”大数据中心",
])
def test_annotation_examples_are_projects(patterns, name):
    assert exclusion(name, patterns) is None
    assert clean_project(name, 0, len(name), patterns) == ((0, len(name)), None)


def test_clean_projects_names_what_it_leaves_out(patterns):
    text = "推动东富龙项目开工,实施三年行动。"
    kept, dropped = clean_projects(text, [(0, 7), (12, 16)], patterns)
    assert [text[s:e] for s, e in kept] == ["东富龙项目"]
    assert dropped == [("三年行动", "excluded word 行动")]


def test_a_bad_exclusion_pattern_is_a_clear_error(rules_data, tmp_path):
    rules_data["project_excluded_patterns"] = ["^(unclosed"]
    with pytest.raises(ValueError, match="project_excluded_patterns: '\\^\\(unclosed'"):
        patterns_from_data(rules_data)
    path = tmp_path / "rules.json"
    del rules_data["project_leading_words"]
    path.write_text(__import__("json").dumps(rules_data), encoding="utf-8")
    with pytest.raises(ValueError, match=f"{path}: no list project_leading_words"):
        load_patterns(path)


@pytest.mark.parametrize("filter_projects, expected", [
    (False, [("我们坚持把项目", "PROJECT"), ("推动东富龙", "PROJECT")]),
    # the model's fragment goes, the verb leaves the name
    (True, [("东富龙", "PROJECT")]),
])
def test_filter_projects_cleans_model_entities_in_the_rule_component(rules_data, filter_projects, expected):
    nlp = spacy.blank("zh")
    rules = nlp.add_pipe("zhibiao_rules", config={"filter_projects": filter_projects, "ents_filter": {
        "@misc": "zhibiao.rule_labels_filter.v1", "rule_labels": ["VALUE", "UNIT"], "fill_labels": []}})
    rules.initialize(patterns=rules_data)
    doc = nlp.make_doc("我们坚持把项目放在首位,推动东富龙落地。")
    doc.ents = [doc.char_span(0, 7, label="PROJECT"), doc.char_span(12, 17, label="PROJECT")]
    assert [(e.text, e.label_) for e in rules(doc).ents] == expected


def test_a_dropped_model_project_leaves_room_for_a_rule_project(rules_data):
    nlp = spacy.blank("zh")
    rules = nlp.add_pipe("zhibiao_rules", config={"filter_projects": True, "ents_filter": {
        "@misc": "zhibiao.rule_labels_filter.v1", "rule_labels": ["VALUE", "UNIT"], "fill_labels": ["PROJECT"]}})
    rules.initialize(patterns=rules_data)
    text = "华能金坛储能二期项目开工。"
    doc = nlp.make_doc(text)
    doc.ents = [doc.char_span(0, 13, label="PROJECT")]  # the model swallowed the clause up to 。
    assert [e.text for e in rules(doc).ents] == ["华能金坛储能二期项目"]


# ---------------------------------------------------------------- the rules' proposals

def projects_in(patterns, text: str) -> list[str]:
    from zhibiao.rules import propose

    return [text[s:e] for s, e, label in propose(text, patterns) if label == "PROJECT"]


@pytest.mark.parametrize("text, expected", [
    # ANNOTATION.md's examples
    ("推动天源环保氢能装备、捷鑫新能源电力设备等项目开工。", ["天源环保氢能装备", "捷鑫新能源电力设备"]),
    ("丹金高速、华城路改造提升工程开工建设。", ["丹金高速", "华城路改造提升工程"]),
    ("建成区域智算中心(一期)。", ["区域智算中心(一期)"]),
    ("改造提升城北小区、华城四村等老旧小区。", ["城北小区", "华城四村"]),
    ("开工建设工业污水处理厂。", ["工业污水处理厂"]),
    ("启动中医院整体搬迁改造。", ["中医院整体搬迁改造"]),
    # a list of facilities before a shared generic head, the name before a phase, a works word after a road
    ("建成东湖路、西山大道等园区配套道路。", ["东湖路", "西山大道"]),
    ("青山水厂二期建成投用。", ["青山水厂二期"]),
    ("推进208国道北延。", ["208国道北延"]),
    ("加快建设滨江科技园。", ["滨江科技园"]),
    # a list counted without 等, and a list before a shared head in a clause that upgrades
    ("云峰、海拓、金石3个项目竣工投产。", ["云峰", "海拓", "金石"]),
    ("全线提升青溪河、白塘河等航道。", ["青溪河", "白塘河"]),
    ("推进云峰、海拓等项目早日开工。", ["云峰", "海拓"]),
    ("新建青川图书馆、云岭体育馆。", ["青川图书馆", "云岭体育馆"]),  # facility heads: 馆, 物流园
    ("开工建设沿海高铁,建成投用东岭机场。", ["沿海高铁", "东岭机场"]),  # rail and air
    ("建成轨道交通2号线一期。", ["轨道交通2号线一期"]),
    ("加快推进青龙山水库建设。", ["青龙山水库"]),
    ("南岭机场正式通航。", ["南岭机场"]),
    ("启动市中心医院新院区建设。", ["市中心医院新院区"]),  # a hospital's new campus is the project
    ("推进港城物流园等重大功能项目。", ["港城物流园"]),
    ("青湾跨江大桥顺利合龙,机场快速路全线贯通。", ["青湾跨江大桥", "机场快速路"]),  # works finished
    ("云岭高铁正式开通运营。", ["云岭高铁"]),  # no adverb or aspect word after the name
    ("力争西港物流园一期年内建成投用。", ["西港物流园一期"]),  # nor a time word
    ("全面完成青河堤防加固工程。", ["青河堤防加固工程"]),  # listed verbs jieba joins into one word
    ("高标准建设东林片区安置房。", ["东林片区安置房"]),
    # names joined by 和 stand alone; 和平路 is one word
    ("推进312省道西延和东海路东延。", ["312省道西延", "东海路东延"]),
    ("提升滨河城市绿道和青溪生态廊道。", ["滨河城市绿道", "青溪生态廊道"]),
    ("推进和平路改造。", ["和平路改造"]),
    ("推动青石橡胶、云界能源等项目全面开工。", ["青石橡胶", "云界能源"]),  # the sentence calls them projects
    ("青湾卫生院异地新建投入使用。", ["青湾卫生院异地新建"]),  # works on an existing facility keep the works word
    ("南岭国际机场T2航站楼投入使用。", ["南岭国际机场T2航站楼"]),
    ("开工建设云州综合保税区二期。", ["云州综合保税区二期"]),
    ("市图书馆新馆开馆运营。", ["市图书馆新馆"]),
    ("青山电池项目一期建成投产。", ["青山电池项目一期"]),  # a phase after 项目 (jieba tags 一期 an adverb)
    ("云州综合保税区封关运营。", ["云州综合保税区"]),
    # other provinces' works: a year before the verb, mines restarted, railways under design, works words
    ("2024年建成投用青岭隧道。", ["青岭隧道"]),
    ("推动巴音查干煤矿复工复产。", ["巴音查干煤矿"]),
    ("全面完成青溪至云岭铁路勘察设计。", ["青溪至云岭铁路"]),
    ("启动云岭国家森林步道建设。", ["云岭国家森林步道"]),
    ("加快推进青川至云岭铁路复线建设。", ["青川至云岭铁路复线"]),
    ("推动云海快速路北延线建设。", ["云海快速路北延线"]),
    ("建成通车青川至云岭一级公路。", ["青川至云岭一级公路"]),
    ("推进青树岗、云塘坑等城中村改造。", ["青树岗", "云塘坑"]),  # named sites in a list of works
    # a capacity inside a project's name is part of it, no VALUE (a capacity before a kind stays a VALUE)
    ("加快建设云川滩200万千瓦风光储一体化基地项目。", ["云川滩200万千瓦风光储一体化基地项目"]),
    ("加快建设峁川2×100万千瓦煤电一体化项目。", ["峁川2×100万千瓦煤电一体化项目"]),  # units times their size
    ("推动青柳滩100万千瓦风电基地、云泉子50万千瓦光伏基地等项目开工建设。",
     ["青柳滩100万千瓦风电基地", "云泉子50万千瓦光伏基地"]),
    ("青峰乳业10万头奶牛养殖基地项目开工建设。", ["青峰乳业10万头奶牛养殖基地项目"]),
    ("青沙光伏治沙项目一期50万千瓦实现全容量并网。", ["青沙光伏治沙项目一期"]),  # a capacity after it counts nothing
    # more verbs around names, works words without 工程, heads, lists the sentence calls projects
    ("青衣文化街区开街运营。", ["青衣文化街区"]),
    ("建成开放云岭楼公园。", ["云岭楼公园"]),
    ("青凤山水库下闸蓄水。", ["青凤山水库"]),
    ("推进云平山抽水蓄能电站主体工程建设。", ["云平山抽水蓄能电站"]),
    ("完成省道S203线青坪至云鞍段路面改造。", ["省道S203线青坪至云鞍段路面改造"]),
    ("完成市第一中学整体迁建。", ["市第一中学整体迁建"]),
    ("开工建设云门港区通用码头二期工程。", ["云门港区通用码头二期工程"]),
    ("云林实验中学新校区9月投入使用。", ["云林实验中学新校区"]),  # a month is no count
    ("推动云科电子、青宇精工两个项目投产。", ["云科电子", "青宇精工"]),
    ("打造青关文化街区、云坊美食街等特色街区。", ["青关文化街区", "云坊美食街"]),  # not the kind after 等
    ("（一）聚焦项目建设,开工建设青山水库。", ["青山水库"]),  # not the heading's number and the generic kind
    ("建成投用云阳实验室。", ["云阳实验室"]),
    ("确保青拓电子总部基地动工。", ["青拓电子总部基地"]),
    ("云河水电站首台机组并网发电。", ["云河水电站"]),
    ("人民医院加快启动医养中心建设。", ["医养中心"]),  # the subject and its verbs before the name
    # names sharing the last one's head are one span (corpus/notes/jiangdu.md decision 4)
    ("提档升级青川、明珠农贸市场。", ["青川、明珠农贸市场"]),
    ("建成丁岭、邵川、小云专职消防站。", ["丁岭、邵川、小云专职消防站"]),
    ("改造提升市图书馆。", ["市图书馆"]),  # a city's one facility is no generic kind
    ("青峰茶旅融合示范项目建成运营。", ["青峰茶旅融合示范项目"]),  # a named 示范项目 is one project
    ("云岭通用机场完成选址报批。", ["云岭通用机场"]),  # planning works mark a project too
    ("推进青杨沟二期风电项目前期工作。", ["青杨沟二期风电项目"]),  # jieba's one word 项目前期 ends the name
    ("建成云港危化品车辆专用停车场。", ["云港危化品车辆专用停车场"]),
    ("加快建设青川智慧城市运营中心。", ["青川智慧城市运营中心"]),  # 运营 inside the facility's name
    ("云岫氢能装备制造基地落地开工。", ["云岫氢能装备制造基地"]),
    ("青龙峡水库年底下闸蓄水。", ["青龙峡水库"]),  # 下闸 is the works, no name
    ("推进县妇幼保健院迁建、云渡技师学院二期建设。", ["县妇幼保健院迁建", "云渡技师学院二期"]),  # heads of schools, clinics
    ("青澜国际小商品城三期建成投用。", ["青澜国际小商品城三期"]),
    ("加快建设云湾国际金融岛二期。", ["云湾国际金融岛二期"]),
    ("加快建设云峪古镇二期、青沟港二期作业区。", ["云峪古镇二期", "青沟港二期作业区"]),
    ("推进县职教中心实训楼、城南养老服务中心建设。", ["县职教中心实训楼", "城南养老服务中心"]),
    ("推动青港至云岭铁路支线、港区疏港公路二期建成通车。", ["青港至云岭铁路支线", "港区疏港公路二期"]),
    ("推进S21线青特连接线改建。", ["S21线青特连接线改建"]),  # works on an existing road keep the works word
    ("建成云鳌山索道、溶洞温泉度假酒店。", ["云鳌山索道", "溶洞温泉度假酒店"]),
    ("青山国际滑雪度假区二期、云湾冰雪小镇建成开业。", ["青山国际滑雪度假区二期", "云湾冰雪小镇"]),
    ("加快推进云岭口岸扩能改造、青川边民互市贸易区三期建设。", ["云岭口岸扩能改造", "青川边民互市贸易区三期"]),
    ("推进云岭光热储能一体化示范项目建设。", ["云岭光热储能一体化示范项目"]),
    # a phase marks a project where the item has no facility head (ANNOTATION.md: `一期/二期`)
    ("青帆动力电池二期、岚光光模块项目竣工投产。", ["青帆动力电池二期", "岚光光模块项目"]),
    ("礁岚海上风电三期、云湾智慧渔业加快建设。", ["礁岚海上风电三期"]),  # 智慧渔业: no head, no phase
    ("建成青峰湖环湖栈道、云岭边境冷链仓。", ["青峰湖环湖栈道", "云岭边境冷链仓"]),
    ("完成青屿中心渔港升级改造。", ["青屿中心渔港升级改造"]),  # works on one facility keep the works word
    ("力争云岭抽水蓄能电站年内取得核准。", ["云岭抽水蓄能电站"]),  # an approval plans the works
    ("青川国际物流枢纽、青川铁路口岸相继建成投用。", ["青川国际物流枢纽", "青川铁路口岸"]),
    # other provinces' facilities and verbs: grid connection, a port opening, labs, clinics, schools, supply mains
    ("云屿海上风电场三期全容量并网。", ["云屿海上风电场三期"]),
    ("青岚农光互补光伏电站全容量并网。", ["青岚农光互补光伏电站"]),
    ("云湾国际邮轮母港开港运营。", ["云湾国际邮轮母港"]),
    ("市疾控中心实验楼、县社会福利中心康养楼投入使用。", ["市疾控中心实验楼", "县社会福利中心康养楼"]),
    ("开工建设县疾控中心综合实验楼、市中心血站迁建。", ["县疾控中心综合实验楼", "市中心血站迁建"]),
    ("云川高中、市第三实验学校建成招生。", ["云川高中", "市第三实验学校"]),
    ("推进云江水利枢纽、西部供水干线建设。", ["云江水利枢纽", "西部供水干线"]),
    ("开工建设青岬一级渔港、云洲岛避风锚地。", ["青岬一级渔港", "云洲岛避风锚地"]),
    ("加快青屿中原科技城建设。", ["青屿中原科技城"]),
    ("推进高品质普通高中建设。", []),  # a kind of school, no name
    # a project list's lines: the name before the colon, what the works reached after it; no list number
    ("6.云江大桥：建成通车；", ["云江大桥"]),
    ("11.市中心医院门诊综合楼：主体封顶；", ["市中心医院门诊综合楼"]),
    ("3.青瑞特种钢管：一期投产，二期主体完工；", ["青瑞特种钢管"]),
    ("1.云拓锂电新材料二期项目：建成投产，新增正极材料产能5万吨；", ["云拓锂电新材料二期项目"]),
    ("红色旅游：加快推进青山红色文化街区建设。", ["青山红色文化街区"]),  # a topic before the colon, no name
    ("（1）云江港区二期，总投资36亿元，年度计划投资9亿元；", ["云江港区二期"]),  # a numbered line and its details
    ("（2）青岭抽水蓄能电站，装机容量120万千瓦，总投资78亿元；", ["青岭抽水蓄能电站"]),
    ("（二）坚持项目为王，总投资增长10%。", []),  # a heading's clause that names no facility
    ("青川城际铁路完成预可研。", ["青川城际铁路"]),  # a study plans the works
    ("8.云林大道西延：完成道路主体4.6公里，年内具备通车条件；", ["云林大道西延"]),  # a numbered name, its works
    ("10.青江东站综合交通枢纽：投入使用；", ["青江东站综合交通枢纽"]),
    ("完成云湾农贸市场智慧化改造。", ["云湾农贸市场智慧化改造"]),
    ("全面融入国家公园示范省建设。", []),  # a strategy the county joins, no works
    ("青湾文化礼堂完成提升改造。", ["青湾文化礼堂"]),  # township facilities and what their works reached
    ("云垟社区卫生服务中心年底前主体结顶。", ["云垟社区卫生服务中心"]),
    ("加快云塔草原旅游区提升改造、云包山民俗文化园建设。", ["云塔草原旅游区提升改造", "云包山民俗文化园"]),
    ("推进云湾港区防波堤前期工作。", ["云湾港区防波堤"]),
    ("青岭排水沟完成清淤疏浚。", ["青岭排水沟"]),
    ("青禾未来社区通过验收。", ["青禾未来社区"]),
    ("新建云岭新村就业帮扶车间。", ["云岭新村就业帮扶车间"]),
    # works and heads of other provinces: repairs, capacity upgrades, colleges, greenways, shelter belts, markets
    ("云川市游泳馆维修改造完成。", ["云川市游泳馆维修改造"]),
    ("青岗35千伏变电站增容改造建成投运。", ["青岗35千伏变电站增容改造"]),
    ("开工建设青渠灌区现代化改造。", ["青渠灌区现代化改造"]),
    ("青涌碧道完成建设。", ["青涌碧道"]),
    ("南沙地北缘锁边林带全线贯通。", ["南沙地北缘锁边林带"]),
    ("建成云川农产品大市场。", ["云川农产品大市场"]),
    ("建成青港进境肉类指定监管场地。", ["青港进境肉类指定监管场地"]),
    ("云峰光电研发总部主体封顶。", ["云峰光电研发总部"]),
    ("建好云岭冷链物流产业园。", ["云岭冷链物流产业园"]),  # a listed verb jieba cuts in two (`建`+`好`) leads too
    # works words that stay with the name (ANNOTATION.md: works on an existing facility), and more heads
    ("凤鸣桥拓宽改造、翠湖公园提升改造完成。", ["凤鸣桥拓宽改造", "翠湖公园提升改造"]),
    ("启动青石港区航道疏浚。", ["青石港区航道疏浚"]),
    ("推进云溪红军医院旧址保护修缮。", ["云溪红军医院旧址保护修缮"]),
    ("芙蓉乡安置点、双河安置区建成入住。", ["芙蓉乡安置点", "双河安置区"]),
    # a joining word right after a name's first character joins no two names (jieba: `伊|和|乳业`)
    ("伊和乳业产业园、岚山风电装备产业园等2个项目竣工投产。", ["伊和乳业产业园", "岚山风电装备产业园"]),
    # a count of the last item's own kind leaves the name before it a name (not a list counted as a whole)
    ("推进市急救中心和6个县级急救分站建设。", ["市急救中心"]),
    # 及 or 与 joining what one project does, before the 项目 or 工程 they share
    ("总投资25亿元的瑞丰生猪屠宰及肉制品深加工项目签约落地。", ["瑞丰生猪屠宰及肉制品深加工项目"]),
    ("实施黑山湖湿地保护与修复工程。", ["黑山湖湿地保护与修复工程"]),
    ("加快建设澜铜产业合作园。", ["澜铜产业合作园"]),
    ("建成园区污水处理厂三期。", ["园区污水处理厂三期"]),  # a phase is one facility's, even of a generic kind
    ("推动青崖通用机场选址落地。", ["青崖通用机场"]),
    ("沙洲湾机器人谷二期主体封顶。", ["沙洲湾机器人谷二期"]),  # 谷 a head (创智云谷)
])
def test_rules_propose_named_projects(patterns, text, expected):
    assert projects_in(patterns, text) == expected


@pytest.mark.parametrize("text", [
    "新建体育公园1个。",  # a counted kind (ANNOTATION.md: 体育公园1个)
    "新建公办中小学和幼儿园32所。",  # a list counted as a whole is one kind, joined by 和 or 、
    "建成公办幼儿园、托育机构5个。",
    "大力发展分布式光伏、分散式风电和新型储能项目。",  # 和 lists kinds, it joins no works of one project
    "“鹤汀白茶”入选国家地理标志保护工程。",  # a title won
    "推动各项任务落地见效。",  # every task, one by one: no name
    "一件件民生实事落地见效。",
    "这些实事件件落地见效。",  # a demonstrative points back, it names nothing
    "今年继续实施城镇老旧小区改造。",  # a generic kind of works (城镇 is a generic modifier)
    "坚持把智能化改造作为头号工程。",  # 作为 joins a clause, no name
    "一般工业项目从拿地到开工时间压缩至45天。",  # 一般 names a kind
    "持续推进跨境电商综合试验区建设。",  # a strategic zone
    "加快建设重大交通项目。",  # a sector and 重大 before 项目: a generic kind
    "推动交通、水利等重大工程建设。",  # kinds listed before a kind of works
    "原则上不再新建保障房和安置房。",  # nothing is built
    "多元化养老服务体系基本建成。",  # a system, not a facility
    "争取中央预算内投资项目68个。",  # a counted kind named with 项目
    "推进现代稻业、精品园艺、生态养殖等5个农业项目落地。",
    "建成农贸市场、邻里中心。",  # generic kinds
    "实施“精网微格”提升工程。",  # programmes
    "我们坚持把项目建设放在首位。",
    "全力突破重大项目。",
    "创建国家农业现代化示范区。",  # a title
    "开通中欧班列。",  # a service
    "坚定不移抓项目、强产业。",
    "稳妥实施城中村改造超900户。",  # a generic kind of works, counted
    "推进老工业基地调整改造。",
    "实施小型病险水库除险加固46座。",
    "五年累计建成高标准农田320万亩。",  # a duration opens no name
    "四、加快建设湾区现代化交通枢纽",  # headings name tasks
    "（一）全力打造西部科技创新中心",
    "实施“老字号”“原字号”“新字号”改造升级工程。",  # a programme named in quotes
    "支持青岭研究所创建国家重点实验室。",  # a title
    "加快发展临港先进制造业。",  # a head inside a longer noun phrase (临港|先进制造业) names nothing
    "加快提升青川港综合能级。",
    "改建组建国有资本投资运营公司。",  # a trigger that modifies a noun (运营公司) starts nothing
    "青岭研究所落户云大工程生物学院。",  # 工程 inside a noun phrase
    "攻坚德语区项目招引。",  # 项目 of attracting projects is a kind
    "支持在镇高校建设高水平大学。",
    "加快建设江北科学城。",  # a strategic area
    "规范建设区镇两级综治中心。",
    "实施城区“断头路”畅通工程。",  # a programme named in quotes after a place word
    "加快建设青湾科创走廊。",  # a strategic corridor, like 科学城
    "区内轨道交通运营里程达到42公里。",  # 区内 only locates a generic kind
    "持续推进青山旅游度假区“国创”工作。",  # a head before a quoted title names what the title is about
    "新建改建农村公路820公里，实现村村通硬化路、户户通水泥路。",  # slogans (村村通…)
    "加快盘活国有闲置厂房、科创载体。",  # 厂房 alone is a kind of building, no project
    "新增自治区级工程技术研究中心、企业技术中心分别为12家和18家。",  # kinds, each counted
    "全岛封关运作各项准备工作有序推进。",  # the whole island is the subject, not a works
    "今年是青屿自由贸易港全岛封关运作的关键之年。",
    "举办第二期企业家培训班、青年人才研修班。",  # 第二期 numbers a course, not a phase of works
    "加快建设三期叠加区域。",  # nothing named before the phase
])
def test_rules_propose_no_project(patterns, text):
    assert projects_in(patterns, text) == []


@pytest.mark.parametrize("name", [
    "产业创新工程",  # programmes: 工程 after no place or proper name
    "制造业技术改造升级工程",
    "文化惠民工程",
    "生物多样性保护重大工程",  # a class of works, not one
    "标志性项目",
    "全面",  # nothing left but an adverb
])
def test_programmes_and_classes_of_works_are_not_projects(patterns, name):
    assert exclusion(name, patterns) is not None


def test_works_named_by_a_place_stay_projects(patterns):
    for name in ("东台南通联网供水工程", "河西片区环境改善工程", "华城路改造提升工程", "区公共卫生服务中心", "综合交通枢纽"):
        assert exclusion(name, patterns) is None


@pytest.mark.parametrize("text, projects", [
    # works on an existing facility keep their works word, 与 inside it joins nothing
    ("东岭灌区续建配套与节水改造、松溪水库除险加固工程全面完工。", ["东岭灌区续建配套与节水改造", "松溪水库除险加固工程"]),
    ("推进柏溪奶业产业园扩区建设。", ["柏溪奶业产业园扩区"]),
    # a works word jieba joins to the head (`路北`+`延`) still follows it
    ("沅岚大道北延、滨溪路提质改造工程完工。", ["沅岚大道北延", "滨溪路提质改造工程"]),
    ("梁溪河流域生态修复、城区污水处理厂提标改造项目建成投运。", ["梁溪河流域生态修复", "城区污水处理厂提标改造项目"]),
    # corpus/notes/jintan.md decision 12: the works a list shares are left out of its last item
    ("启动莲岙片区、北岭片区城中村改造。", ["莲岙片区", "北岭片区"]),
    ("推进生态清洁小流域治理。", []),  # a programme, no facility
])
def test_probe_project_works_and_shared_works(patterns, text, projects):
    assert projects_in(patterns, text) == projects


@pytest.mark.parametrize("text, projects", [
    ("澜溪高铁站站前广场及配套路网工程完工。", ["澜溪高铁站站前广场及配套路网工程"]),  # supporting works join the name
    ("推动滇岭沿边铁路澜溪段尽快开工。", ["滇岭沿边铁路澜溪段"]),  # 尽快 says when
    ("峒溪县第三小学、鹏岭实验幼儿园秋季学期开学。", ["峒溪县第三小学", "鹏岭实验幼儿园"]),  # a school opens
    ("岫溪温泉度假区一期开门迎客。", ["岫溪温泉度假区一期"]),
    ("推动澜汐深海智能养殖工船下水运营。", ["澜汐深海智能养殖工船"]),  # 下水 says a vessel starts work
    ("岚溪科技孵化器建成投用。", ["岚溪科技孵化器"]),  # heads of district reports and resource cities
    ("启动江畔路城市更新单元。", ["江畔路城市更新单元"]),
    ("加快县中医院康复楼、市疾控中心业务楼建设。", ["县中医院康复楼", "市疾控中心业务楼"]),
    ("推进地区人民医院传染病楼建设。", ["地区人民医院传染病楼"]),  # any building (楼) a jieba word ends with
    ("实验幼儿园东湖分园、市妇幼保健院新院投入使用。", ["实验幼儿园东湖分园", "市妇幼保健院新院"]),
    # a school named by its number stands alone (ANNOTATION.md: names that can stand alone are split)
    ("开工建设岚溪二中、城东幼儿园。", ["岚溪二中", "城东幼儿园"]),
    ("改扩建澄川一中，新增学位3000个。", ["澄川一中"]),
    ("推进市图书馆新馆建设。", ["市图书馆新馆"]),
])
def test_probe_projects_of_border_counties(patterns, text, projects):
    assert projects_in(patterns, text) == projects


@pytest.mark.parametrize("text, projects", [
    # ANNOTATION.md: a title is no project, nor is what wins one
    ("桐溪社区、安岭苑社区获评全省易地扶贫搬迁安置社区治理示范点。", []),
    ("峒岭口岸获批扩大开放，实现客货双向通关。", []),
    ("青溪产业园建成投用并获批省级开发区。", ["青溪产业园"]),  # built first: the works make it a project
])
def test_what_wins_a_title_is_no_project(patterns, text, projects):
    assert projects_in(patterns, text) == projects


@pytest.mark.parametrize("text, projects", [
    # ANNOTATION.md: works on an existing facility keep the works word, also with no facility head before them
    ("嵘江大道拓宽改造、岚溪路下穿通道建成通车。", ["嵘江大道拓宽改造", "岚溪路下穿通道"]),
    ("沣泰钢铁超低排放改造、岳峰焦化干熄焦项目全部完工。", ["沣泰钢铁超低排放改造", "岳峰焦化干熄焦项目"]),
    ("推进城市燃气安全整治，推动经济实现质的有效提升和量的合理增长。", []),  # works a clause does, not names
    # a facility head after the first one ends the name (`口岸|联检楼`, `医院|门诊医技楼`)
    ("建成澄峪口岸联检楼和跨境物流园。", ["澄峪口岸联检楼", "跨境物流园"]),
    ("沣阳县中医院门诊医技楼年内竣工投用。", ["沣阳县中医院门诊医技楼"]),  # the county names the hospital
    ("完成岚浦新区污水处理厂提标改造。", ["岚浦新区污水处理厂提标改造"]),  # without the district nothing names it
    # a capacity inside a listed project's name (a product, no facility head)
    ("峦泰化工30万吨己内酰胺、澄源新材料碳纤维二期等12个重点项目建成投产。",
     ["峦泰化工30万吨己内酰胺", "澄源新材料碳纤维二期"]),
    ("盘活国有闲置厂房。", []),  # a generic kind after a leading verb
    ("云湾海洋牧场、岚屿5万头生猪养殖场加快建设。", ["云湾海洋牧场", "岚屿5万头生猪养殖场"]),
    # the name ends before what became of it; 完成主体工程 says the works moved
    ("苏峪60万吨煤制烯烃项目完成主体工程。", ["苏峪60万吨煤制烯烃项目"]),
])
def test_probe_projects_of_works_and_capacities(patterns, text, projects):
    assert projects_in(patterns, text) == projects


@pytest.mark.parametrize("text, projects", [
    # a leading phrase after 将 goes whole (`将|开工|建设`)
    ("今年将开工建设峦湾抽水蓄能电站。", ["峦湾抽水蓄能电站"]),
    ("二是县妇幼保健院新门诊楼投入使用。", ["县妇幼保健院新门诊楼"]),  # a list's number is no part of the name
    # a first word jieba does not know names the item (`澄岭|汽车零部件`), not a kind (`现代|稻业`)
    ("澄岭汽车零部件、岱联精密铸造等9个项目竣工投产。", ["澄岭汽车零部件", "岱联精密铸造"]),
    ("建成岚屏第二水源工程。", ["岚屏第二水源工程"]),
    # 及 between the works of one facility joins nothing
    ("峦溪县污水处理厂二期扩建及提标改造工程完工。", ["峦溪县污水处理厂二期扩建及提标改造工程"]),
    ("峦溪社区嵌入式养老服务综合体开工建设。", ["峦溪社区嵌入式养老服务综合体"]),  # no verb leads a bare kind
    # named sites counted before the facility they are
    ("相继建成岚峡坝、木溪、铜岭沟3座水电站。", ["岚峡坝", "木溪", "铜岭沟"]),
    ("岚峪热电厂至新材料产业园供热管线建成。", ["岚峪热电厂至新材料产业园供热管线"]),  # a route A至B
])
def test_probe_projects_of_western_and_district_reports(patterns, text, projects):
    assert projects_in(patterns, text) == projects


@pytest.mark.parametrize("text, projects", [
    ("峦溪大道综合改造、老城北门片区更新完成年度任务。", ["峦溪大道综合改造", "老城北门片区更新"]),  # 更新 is works
    ("岚口水电站4台机组全部并网发电。", ["岚口水电站"]),  # the parts of a named facility count nothing
    ("峪源铝业30万吨再生铝项目投产。", ["峪源铝业30万吨再生铝项目"]),  # a capacity after a name jieba does not know
    # a named zone only locates the project (a bare zone word is part of the name: `开发区半导体产业园`)
    ("推动岚阳高新区光电信息产业园二期建设。", ["光电信息产业园二期"]),
])
def test_probe_projects_of_works_parts_and_zones(patterns, text, projects):
    assert projects_in(patterns, text) == projects


@pytest.mark.parametrize("text, projects", [
    ("实施城市品质提升工程，改造老旧小区18个。", []),  # a programme: jieba's tag of 城市 names nothing
    ("实施养老服务工程，新建村级互助养老服务点50个。", []),
    ("县城污水处理厂三期扩建工程、岚溪食品产业园冷链中心等12个重点项目开工。",
     ["县城污水处理厂三期扩建工程", "岚溪食品产业园冷链中心"]),  # a phase and works before 工程 still name it
    ("一批带动性强的产业项目同时开工。", []),  # 同时 says when, a generic kind is left
    ("峦岙港区滚装码头一期建成试运营。", ["峦岙港区滚装码头一期"]),
    # a zone that is the works' own site stays
    ("谋划实施岚江经济开发区扩区提质、东岭片区城市更新等重大项目20个。", ["岚江经济开发区扩区提质", "东岭片区城市更新"]),
])
def test_probe_projects_of_programmes_and_works(patterns, text, projects):
    assert projects_in(patterns, text) == projects


@pytest.mark.parametrize("text, projects", [
    ("（一）新建改扩建中小学和幼儿园14所。", []),  # works before any name, and a counted kind
    ("既有多层住宅加装电梯完工312台。", []),  # a count of what was done, no named works
])
def test_probe_counted_works_are_no_projects(patterns, text, projects):
    assert projects_in(patterns, text) == projects


def test_a_bracketed_type_after_a_name_is_part_of_it(patterns):
    assert projects_in(patterns, "岚岭保税物流中心（B型）顺利封关运营。") == ["岚岭保税物流中心（B型）"]


@pytest.mark.parametrize("text, projects", [
    # jieba reads `和县` (a county) after a facility head: 和 joins two names
    ("新建岚山县第二人民医院和县城北区幼儿园。", ["岚山县第二人民医院", "县城北区幼儿园"]),
    # a capacity's name ends at a joining word before another name
    ("加快推进岚峪20万只肉羊精深加工项目和岚北供热站改造工程。", ["岚峪20万只肉羊精深加工项目", "岚北供热站改造工程"]),
    # a bare zone word is part of the name (the seed gold: `开发区半导体产业园`), though it leads an INDICATOR
    ("加快建设开发区岚光半导体产业园。", ["开发区岚光半导体产业园"]),
    ("投入使用高新区实验小学。", ["高新区实验小学"]),
])
def test_joined_names_and_bare_zones(patterns, text, projects):
    assert projects_in(patterns, text) == projects


@pytest.mark.parametrize("text, projects", [
    ("岚岗水电站2号机组投产发电。", ["岚岗水电站2号机组"]),  # the numbered unit of a named facility
    ("推进城南污水处理厂扩建及提标改造。", ["城南污水处理厂扩建及提标改造"]),  # 及 between two works
    ("岚汐光伏基地、岚屏风电基地二期并网发电。", ["岚汐光伏基地", "岚屏风电基地二期"]),  # a phase is no shared works
    ("岚丹综合保税区力争封关运营。", ["岚丹综合保税区"]),
    ("利用援建资金新建岚措县完全中学。", ["岚措县完全中学"]),  # jieba tags 新建 as a place
    # a list item cut at 和 when the piece before it is a whole name; not when it is no name of its own
    ("岚江大道综合改造、老火车站片区更新和纺机厂片区有机更新三个项目全面完工。",
     ["岚江大道综合改造", "老火车站片区更新", "纺机厂片区有机更新"]),
    # (the item stays whole, no fragment of it is taken for a name, and 及 joins what the one project does)
    ("加快推进岚北生猪屠宰及冷链加工项目、岚汀饲料二期等项目建设。", ["岚北生猪屠宰及冷链加工项目", "岚汀饲料二期"]),
    ("建成岚峒口岸智慧通关系统和跨境电商监管中心。", ["跨境电商监管中心"]),  # a piece that stands alone: cut
])
def test_what_follows_a_head_and_joined_list_items(patterns, text, projects):
    assert projects_in(patterns, text) == projects


@pytest.mark.parametrize("text, projects", [
    ("岚汀科技成果转化基地挂牌运营。", ["岚汀科技成果转化基地"]),
    ("持续深化“五个体系”建设，安置社区治理效能不断提升。", []),  # a generic kind
    ("岚汀水库、岚汀经开区循环化改造等一批重大项目开工建设。", ["岚汀水库", "岚汀经开区循环化改造"]),  # the zone's works
    ("加快岚原遗址公园二期、岚河文化长廊建设。", ["岚原遗址公园二期", "岚河文化长廊"]),
])
def test_probe_projects_of_north_and_west_china(patterns, text, projects):
    assert projects_in(patterns, text) == projects


@pytest.mark.parametrize("text, projects", [
    # named sites listed before the works they share (ANNOTATION.md; corpus/notes/jintan.md decision 12)
    ("完成岚泾河、蒹岚港、北岚浜综合整治。", ["岚泾河", "蒹岚港", "北岚浜"]),
    ("二是完成岚东溪、岚西溪河道综合治理。", ["岚东溪", "岚西溪"]),
    ("启动岚湄旧村、岚围村城中村改造。", ["岚湄旧村", "岚围村"]),
    ("开展岚昌东路、岚城路等综合整治。", ["岚昌东路", "岚城路"]),
    # not sectors or common kinds, not a facility with works of its own, not a counted kind
    ("推进钢铁、焦化、水泥等重点行业超低排放改造。", []),
    ("实施老旧小区、背街小巷改造。", []),
    ("岚金高速、岚城路改造提升工程开工建设。", ["岚金高速", "岚城路改造提升工程"]),
])
def test_named_sites_before_shared_works(patterns, text, projects):
    assert projects_in(patterns, text) == projects


@pytest.mark.parametrize("text, projects", [
    ("筹集保障性租赁住房3.8万套，配售型保障性住房开工4200套。", []),  # a count after what became of a kind
    ("加快推进岚湾村、后岚村城中村改造和东郊棚户区二期安置房建设。", ["岚湾村", "后岚村", "东郊棚户区二期安置房"]),
    ("全力打造具有全国影响力的先进制造业基地。", []),
    ("建成农事综合服务中心 3 个。", []),  # a count after a space counts the kind too
    ("完成农村公路建设120公里。", []),  # a count after the works a name leaves behind it
    ("完成农村公路提档升级186公里。", []),
    ("京津产业转移项目落地41个。", []),  # a count after what became of projects counts them
    ("澄湾大桥及滨江东路互通立交建成通车。", ["澄湾大桥", "滨江东路互通立交"]),  # an interchange is a facility
    # no name before 项目: a kind (ANNOTATION.md: generic kinds are no PROJECT)
    ("严格审查高耗能项目。", []),
    ("淘汰低端低效项目。", []),
    ("推进岚城储能电站二期项目建设。", ["岚城储能电站二期项目"]),
    ("加快瀚蓝新能源整车三期、启衡动力电池基地二期建设。", ["瀚蓝新能源整车三期", "启衡动力电池基地二期"]),  # after 加快
    # a phase after a head ends the item (岛 is a head, 海上风电 no works word)
    ("推进鲸背岛海上风电二期、外礁海上风电项目开工。", ["鲸背岛海上风电二期", "外礁海上风电项目"]),
    ("机场北货运区二期、国际快件监管中心建成投用。", ["机场北货运区二期", "国际快件监管中心"]),
    ("推动国际邮轮母港开通2条国际邮轮航线。", []),
    ("岚坪至龙潭溪高速公路完成年度投资32.4亿元。", ["岚坪至龙潭溪高速公路"]),  # a named project's own figure
])
def test_counted_kinds_and_shared_works_before_another_name(patterns, text, projects):
    assert projects_in(patterns, text) == projects


@pytest.mark.parametrize("text, projects", [
    ("启动县人民医院新院区二期和县妇幼保健院迁建工程。", ["县人民医院新院区二期", "县妇幼保健院迁建工程"]),  # 和县 after a phase
    ("2025年9月底前，要完成全部民生实事项目的主体工程。", []),  # generic kinds
    ("力争６月底前新开工项目全部开工。", []),  # a date opens no name
    ("确保每一个签约项目早日开工。", []),
    ("第五届岚岭籍在外人士恳谈会上签约的项目已全部开工。", []),  # an event
    ("力争纳入国家铁路中长期规划。", []),
    ("实施产业帮扶项目87个，联农带农项目占比达到65%。", []),  # a share of projects, not one
    ("新建省级智能工厂46个。", []),
    ("过去一年，全市新建安置房3260套，配套建设学校、卫生院等公共服务设施。", []),
])
def test_probe_generic_kinds_events_and_joined_names(patterns, text, projects):
    assert projects_in(patterns, text) == projects


@pytest.mark.parametrize("text, projects", [
    ("岚屿港区5号、6号泊位建成投用。", ["岚屿港区5号、6号泊位"]),  # numbered units of one facility
    ("岚峨至岷溪城际铁路全线铺轨。", ["岚峨至岷溪城际铁路"]),
    ("巴岚县城至格岚乡三级公路、县城集中供暖扩网工程建成投用。", ["巴岚县城至格岚乡三级公路", "县城集中供暖扩网工程"]),
    ("四是实施岚浦河综合整治，新建改建绿道15公里。", ["岚浦河综合整治"]),  # a proper name keeps its works
    # works that end a clause with no proper name are what it does
    ("八是推进城市燃气安全整治，更新改造燃气管道150公里。", []),
    ("推动1100家企业实施数字化改造。", []),
    ("更大力度推进“危污乱散低”综合治理。", []),
    ("地铁10号线、12号线一期全面进入铺轨阶段。", ["地铁10号线"]),
])
def test_probe_numbered_units_town_works_and_named_works(patterns, text, projects):
    assert projects_in(patterns, text) == projects


@pytest.mark.parametrize("text, projects", [
    ("我们坚定不移推进能源结构转型，加快建设国家重要能源基地。", []),  # a goal, no facility
    ("支持岚澜市建设具有全球影响力的综合性科学中心。", []),
    ("加快建设区域性国际航空货运枢纽。", []),
    ("建设区域体检中心、检验中心等四大中心。", ["区域体检中心", "检验中心"]),  # facilities the district builds
])
def test_goals_are_no_projects(patterns, text, projects):
    assert projects_in(patterns, text) == projects


@pytest.mark.parametrize("text, projects", [
    # named areas (a head of their own) before the works they share, even after a verb that starts them
    ("岚江北岸片区、站前片区城中村改造全面启动。", ["岚江北岸片区", "站前片区"]),
    # a facility with works and 项目 of its own is one project
    ("岚塬引水配套工程、东岚灌区节水改造项目加快实施。", ["岚塬引水配套工程", "东岚灌区节水改造项目"]),
    ("推进芒岚坚果精深加工项目、曼岚茶叶初制所标准化改造。", ["芒岚坚果精深加工项目", "曼岚茶叶初制所标准化改造"]),
])
def test_named_areas_before_shared_works_and_works_of_their_own(patterns, text, projects):
    assert projects_in(patterns, text) == projects


@pytest.mark.parametrize("text, projects", [
    ("完成弄平屯、坡岩屯饮水工程建设。", ["弄平屯、坡岩屯饮水工程"]),  # villages share the works head they name
    ("实施凉水井组、大土组饮水工程，新建高位水池5座。", ["凉水井组、大土组饮水工程"]),  # 实施 leads, 大土 is a name
    ("推进行政村、白沙村饮水工程。", ["白沙村饮水工程"]),  # a kind jieba knows is no village
    ("新建石门村文化广场、青山村饮水工程。", ["石门村文化广场", "青山村饮水工程"]),  # a facility of its own
])
def test_villages_listed_before_one_works_head_share_it(patterns, text, projects):
    assert projects_in(patterns, text) == projects


@pytest.mark.parametrize("text, projects", [
    ("推进东岭水库、清溪河灌区等水利项目建设。", ["东岭水库", "清溪河灌区"]),
    ("加快推进乌岱至岱北500千伏输变电工程、察岱淖新能源汇集站等电网项目。",
     ["乌岱至岱北500千伏输变电工程", "察岱淖新能源汇集站"]),
])
def test_the_kind_a_list_shares_after_deng_is_no_project(patterns, text, projects):
    assert projects_in(patterns, text) == projects


@pytest.mark.parametrize("text, projects", [
    ("岩州陆港型物流枢纽一期投用，全年开行中欧班列86列。", ["岩州陆港型物流枢纽一期"]),  # jieba cuts 投|用
    ("城乡供水一体化二期工程建成通水。", ["城乡供水一体化二期工程"]),  # a phase makes it one project's
    ("老城区有机更新一期开工建设。", ["老城区有机更新一期"]),  # the place names works that have no other name
    ("滨江岸线贯通二期全线开放。", ["滨江岸线贯通二期"]),
    ("沙湾大道西延完成投资3.2亿元。", ["沙湾大道西延"]),  # 完成投资: the facility is being built
    ("加快澴孝快速通道北延、城南片区综合管廊建设。", ["澴孝快速通道北延", "城南片区综合管廊"]),
    ("建成澄湾区政务服务中心新址。", ["澄湾区政务服务中心新址"]),
    ("重点推进：一是岚江大桥工程，二是城北污水处理厂建设。", ["岚江大桥工程", "城北污水处理厂"]),
])
def test_projects_in_other_provinces_wording(patterns, text, projects):
    assert projects_in(patterns, text) == projects


@pytest.mark.parametrize("text", [
    "人工智能、集成电路、生物医药三大先导产业加快发展。",  # an industry, though 路 ends it
    "创新平台建设取得新突破。",  # a generic kind
    "对亩均效益评价D类企业实施分类整治。",  # works with no name
    "必须牢牢把握自由贸易港建设这条主线。",  # a strategic zone
    "加快景区创建国家5A级旅游景区。",  # a rating is a title
    "八是教育强市工程，九是健康沅川工程，十是民生兜底工程。",  # the programmes of a list
    "力争转型项目完成投资85亿元。",
    "统筹推进地下综合管廊建设。",
])
def test_no_project_in_other_provinces_wording(patterns, text):
    assert projects_in(patterns, text) == []
