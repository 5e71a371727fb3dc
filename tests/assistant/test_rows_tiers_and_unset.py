"""A city's rules written here (a graduate subsidy table whose columns say 每月 and whose cells write their unit, a
certificate rule listing its tiers as numbered items, a loan rule) and a district's rent rule: a row's own unit is read
as written; a tier asked in a district whose rule is about rent is answered from the city-wide rule that lists it; a
grant asked for a group whose figure the rule leaves to later (博士后) is 'not stated', not answered with a
neighbouring row (博士); a county where the user works that no document covers is refused, not answered with the
city's figures; a zone the city-wide rule leaves out (高新技术产业开发区参保人员不适用本办法) gets that sentence,
cited, and no figure, and a zone it takes in (参照本办法执行) gets that sentence first."""

from __future__ import annotations

import pytest
from langchain_core.documents import Document

from assistant.clauses import holds, with_units
from assistant.scope import subject_terms
from tests.conftest import ask_dry_run as ask

GRADUATES = """# 苘州市高校毕业生生活补贴实施办法

第一条 本办法适用于在苘州市蒹塘区、沄江区就业的高校毕业生。苘州高新技术产业开发区参照本办法执行。

第二条 生活补贴按学历分档发放，标准如下表：

| 学历层次 | 生活补贴（每月） | 最长发放期限 |
|---|---|---|
| 全日制大专 | 500元 | 24个月 |
| 全日制本科 | 800元 | 24个月 |
| 全日制博士研究生 | 2000元 | 36个月 |
| 技工院校预备技师班 | 另行制定 | 另行制定 |

第三条 进站博士后及出站后留苘工作的博士后研究人员，其生活补贴标准另行制定。

第四条 申请人应在苘州市连续缴纳社会保险满6个月，本人在苘州市无自有住房。
"""

CERTIFICATES = """# 苘州市职业技能等级证书补贴办法

第一条 本办法适用于在苘州市蒹塘区、沄江区参保或户籍在上述区的劳动者。苘州高新技术产业开发区参保人员不适用本办法，其技能提升补贴按高新区有关规定执行。

第二条 职业技能等级证书补贴标准如下：
（一）初级工（五级），每人700元；
（二）中级工（四级），每人1300元；
（三）高级工（三级），每人1900元。

第三条 劳动者应在取得证书之日起12个月内，向户籍所在区人力资源和社会保障局申请补贴。
"""

LOANS = """# 苘州市创业担保贷款实施办法

第一条 本办法适用于蒹塘区、沄江区的创业者和小微企业。

第二条 个人创业担保贷款额度最高20万元，贷款期限最长3年。

第三条 个人创业担保贷款由财政按贷款合同利率给予全额贴息；小微企业创业担保贷款按贷款合同利率的50%给予贴息，贴息期限最长2年。

第四条 当年新招用符合条件人员达到企业现有在职职工人数15%的小微企业，可申请创业担保贷款。

第五条 小微企业创业担保贷款额度最高300万元，贷款期限最长2年。
"""

RENT = """# 沄江区创业场地租金补贴办法

第一条 在沄江区首次创办小微企业或个体工商户的高校毕业生、退役军人和登记失业人员，租用经营场地的，按实际租金的50%给予补贴，每户每年最高不超过1万元，补贴期限最长2年。

第二条 申请人应当提交以下材料：经营者的身份证及身份证明材料（毕业证书、退役证、失业登记证明等）；场地租赁合同及租金支付凭证。

第三条 入驻区级创业孵化基地的初创主体，前两年免收场地租金，第三年按市场租金的50%收取。

第四条 受理地点：沄江区创业指导服务中心，电话：0571-8800123。
"""


@pytest.fixture(scope="module")
def city(small_corpus):
    files = {"policies/qiongzhou_shenghuo.md": GRADUATES, "policies/qiongzhou_zhengshu.md": CERTIFICATES,
             "policies/qiongzhou_daikuan.md": LOANS, "policies/yunjiang_zujin.md": RENT}
    with small_corpus("rows_tiers_unset", files) as services:
        yield services


def test_a_cell_that_writes_its_own_unit_is_read_as_written():
    row = "学历层次：全日制本科；生活补贴（每月）：800元；最长发放期限：24个月。"
    assert with_units(row) == row and holds("amount", row)  # was read 800每月元: no amount
    assert with_units("补贴标准（元/人）：3000；期限：1年") == "补贴标准：3000元；期限：1年"  # a bare figure takes the column's unit
    assert with_units("补贴（元/月）：2600") == "补贴：2600元"


def test_a_row_asked_beside_a_row_left_to_later_is_answered(city):
    reply = ask(city, "我去年本科毕业的，今年在沄江区一家公司上班，社保交了半年。市里的毕业生生活补帖一个月大概能拿多少钱，能拿几年？")
    assert not reply.refused, reply.answer
    assert "800元" in reply.answer and "24个月" in reply.answer, reply.answer
    assert "预备技师" not in reply.answer, reply.answer


def test_a_group_whose_figure_is_left_to_later_is_not_answered_with_a_neighbouring_row(city):
    reply = ask(city, "我明年博士后出站，打算留在蒹塘区工作。出站博士后的生活补贴每个月多少钱？")
    assert reply.refused, reply.answer
    assert "博士后" in reply.answer and "2000元" not in reply.answer, reply.answer


def test_a_numbered_item_naming_a_tier_names_a_subject_of_its_rule():
    items = Document(page_content="第二条 职业技能等级证书补贴标准如下：\n（一）初级工（五级），每人700元；\n（二）中级工（四级），每人1300元；",
                     metadata={"title": "苘州市职业技能等级证书补贴办法"})
    named = subject_terms([items])
    assert {"初级", "五级", "中级", "四级"} <= named, named
    condition = Document(page_content="（二）离校2年内未就业的高校毕业生。", metadata={})
    assert "离校" not in subject_terms([condition])  # a condition, no tier with its figure


def test_a_tier_asked_in_a_district_whose_rule_is_about_rent_is_answered_from_the_city_wide_rule(city):
    reply = ask(city, "我户口在沄江区，去年厂子倒闭了现在失业在家。上个月考了个育婴员初级证（五级），能领补贴吗？多少钱？")
    assert not reply.refused, reply.answer
    assert "700元" in reply.answer and "租金" not in reply.answer, reply.answer


def test_a_county_where_the_user_works_that_no_document_covers_is_not_the_citys(city):
    reply = ask(city, "我在蒿岭县城一家公司上班，蒿岭就在苘州边上，开车半小时到市区。我是本科毕业，能申请苘州的生活补贴吗？一个月能补多少？")
    assert reply.refused and "蒿岭县" in reply.answer, reply.answer
    assert "800元" not in reply.answer, reply.answer
    home = ask(city, "我老家是蒿岭县的，现在在蒹塘区上班。本科毕业的生活补贴每个月多少钱？")
    assert not home.refused and "800元" in home.answer, home.answer  # where the user comes from is no place asked


def test_a_city_wide_rule_that_leaves_a_zone_out_is_quoted_not_answered_for_it(city):
    reply = ask(city, "我在高新区芯片厂上班，社保也在高新区交的，今年考了电工高级证（三级），市里的技能证书补贴能补多少？")
    assert reply.refused, reply.answer
    assert "不适用本办法" in reply.answer and "1900元" not in reply.answer, reply.answer
    assert reply.sources and reply.sources[0].source == "qiongzhou_zhengshu.md"  # the rule's own sentence, cited


def test_a_zone_a_city_wide_rule_takes_in_by_its_long_name_is_answered_with_that_sentence_first(city):
    reply = ask(city, "我本科毕业，在高新区一家公司上班，市里的生活补贴我能领吗，一个月多少？")
    assert not reply.refused, reply.answer
    assert "参照本办法执行" in reply.answer and "800元" in reply.answer, reply.answer
