"""Who pays is no subject: 政府 in 政府给多少 is written by the city-wide notice's issuer (XX市人民政府办公室) and not by a
district's own rule (区财政 pays there), yet the district's own rule answers — not the city-wide figure. Small
made-up corpus written here."""

from __future__ import annotations

import pytest

from tests.conftest import ask_dry_run as ask

CITY = """# 雯川市人民政府办公室关于印发《雯川市创业扶持若干措施》的通知

各区人民政府，市政府各部门：现印发给你们，请认真贯彻执行。

一、一次性创业补贴。在本市首次创办小微企业或个体工商户，正常经营6个月以上的，一次性给予5000元创业补贴。

二、就业见习补贴。按每人每月1500元给予见习单位见习补贴。
"""
OWN = """# 桐屿区创业扶持办法

桐屿区人力资源和社会保障局

一、一次性创业补贴。在桐屿区首次创办小微企业或个体工商户，正常经营6个月以上的，一次性创业补贴标准提高至8000元，由区财政拨付。

二、见习人员补助。区财政按每人每月200元给予见习人员交通餐费补助。
"""


@pytest.fixture(scope="module")
def city(small_corpus):
    files = {"policies/wenchuan_shi_chuangye_cuoshi.md": CITY, "policies/tongyu_qu_chuangye_banfa.md": OWN}
    with small_corpus("wenchuan_payer", files) as services:
        yield services


@pytest.mark.parametrize("question", ["在桐屿区开了家奶茶店 听说政府有一次性创业补贴 我能拿多少钱",
                                      "桐屿区政府给的一次性创业补贴是多少"])
def test_the_payer_named_does_not_send_a_district_to_the_city_wide_rule(city, question):
    reply = ask(city, question)
    assert not reply.refused and "8000元" in reply.answer and "5000元" not in reply.answer, reply.answer
    assert "全市" not in reply.answer
    assert [s.source for s in reply.sources] == ["tongyu_qu_chuangye_banfa.md"]
