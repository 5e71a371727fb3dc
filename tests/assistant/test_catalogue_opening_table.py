"""A catalogue written here whose programme table comes right after the college's introduction, with no heading of
its own (its rows sit in the 简介 section), and whose fee column gives the unit in its name (学费（元/年）): a fee
asked is read from the programme's row with that unit, never answered "not stated". A question naming the college
and what to study is about its catalogue, whatever posting shares a word with it and whatever district the user's
story names."""

from __future__ import annotations

import pytest

from tests.conftest import ask_dry_run as ask

CATALOGUE = """# 濉岭工程职业学院2025年招生专业目录

濉岭工程职业学院是濉岭市举办的公办高职院校，校址位于濉岭市鄞岫区学府路9号。住宿费900—1100元/年。

| 专业代码 | 专业名称 | 学制 | 招生计划（人） | 学费（元/年） | 主要课程 | 可考取证书 |
|---|---|---|---|---|---|---|
| 530802 | 现代物流管理 | 三年 | 70 | 4600 | 仓储管理实务、运输管理 | 叉车司机（N1）特种作业证 |
| 570102 | 学前教育 | 三年 | 60 | 5100 | 幼儿园教育活动设计、钢琴 | 幼儿园教师资格证 |
| 460305 | 工业机器人技术 | 三年 | 50 | 5700 | 工业机器人编程与操作 | 工业机器人操作与运维职业技能等级证书 |

招生办公室电话：0566-3310021。
"""


POSTINGS = """编号,岗位名称,招聘单位,所在区域,薪资,学历要求,岗位要求,联系方式
SL-01,工业机器人运维工程师,濉岭启衡机器人科技有限公司,洙坪区,7000-9000元/月,大专及以上,工业机器人、机电类专业,0566-3320011
SL-02,叉车司机,濉岭港达物流有限公司,洙坪区,5500-6500元/月,初中及以上,持叉车证,0566-3320012
SL-03,物流调度员,濉岭港达物流有限公司,洙坪区,5000-6000元/月,大专及以上,物流管理专业优先,0566-3320012
"""


POLICY = """# 洙坪区职业技能提升补贴办法

洙坪区人力资源和社会保障局

第一条 在洙坪区就业、就读或登记失业的劳动者（含在校学生）取得职业技能等级证书的，按以下标准给予补贴：中级工（四级）1500元，高级工（三级）2200元。

第二条 劳动者应在取得证书之日起6个月内向洙坪区人力资源和社会保障局提出申请。
"""


@pytest.fixture(scope="module")
def college(small_corpus):
    files = {"programmes/suiling_zhaosheng_2025.md": CATALOGUE, "jobs/suiling_gangwei.csv": POSTINGS,
             "policies/zhuping_jineng_butie.md": POLICY}
    with small_corpus("opening_table", files) as services:
        yield services


@pytest.mark.parametrize(("question", "fee", "other"), [
    ("濉岭工程职院的现代物流管理学费多少？能考叉车证吗", "4600元/年", "5100"),
    ("想读幼师，学前教育一年学费多少", "5100元/年", "4600"),
    ("我高考分不高，想去濉岭工程职院读工业机器人，这个专业一年学费多少？读完能考啥证？", "5700元/年", "7000"),
    ("我爸在洙坪区港口开了二十年叉车，非让我也学物流。濉岭工程职院的现代物流管理学费多少？读的时候能顺便考个叉车证吗？",
     "4600元/年", "5500"),
])
def test_a_fee_asked_is_read_from_the_row_of_a_table_that_opens_the_catalogue(college, question, fee, other):
    reply = ask(college, question)
    assert not reply.refused, reply.answer
    assert fee in reply.answer and other not in reply.answer, reply.answer
    assert [s.source for s in reply.sources][:1] == ["suiling_zhaosheng_2025.md"]


def test_a_student_of_the_college_asking_a_subsidy_gets_the_policy_not_the_catalogue(college):
    # the college and the programme are who asks (我是某某职院…专业的学生); what is asked is the district's subsidy
    reply = ask(college, "我是濉岭工程职院工业机器人技术专业大二的学生 学校在洙坪区 这学期考了个电工中级证（四级） "
                         "听学长说区里可以补钱 中级能补多少 要在多久之内去申请")
    assert not reply.refused, reply.answer
    assert "1500元" in reply.answer and "6个月内" in reply.answer and "5700" not in reply.answer, reply.answer
    assert [s.source for s in reply.sources][:1] == ["zhuping_jineng_butie.md"]
