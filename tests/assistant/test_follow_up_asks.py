"""A follow-up that asks a question of its own, in words no ask cue names (那我老婆孩子能一起迁过来吗 after 要在单位干
多久), is answered by meaning: the earlier ask (多久) is not asked again, and a clause that shares no word with it
(配偶和未成年子女可随调随迁) is still found. An elliptic follow-up (那硕士呢) carries the earlier ask to its new
subject. Read on a small made-up city written here."""

from __future__ import annotations

import pytest

from tests.conftest import ask_dry_run as ask
from tests.conftest import turn

TALENT = """# 荇州市引进人才管理办法

荇州市人力资源和社会保障局

**第一条 适用范围** 本办法适用于荇州市各类用人单位引进的各类人才。

**第二条 引进条件** 具有硕士研究生及以上学历，或具有高级专业技术职称的人员，可申请办理人才引进。

**第三条 工作年限** 拟引进的人才应无刑事犯罪记录，提出引进时一般应在聘用单位工作满2年。

**第四条 年龄** 引进时年龄原则上不超过45周岁。

**第五条 随迁** 引进人才的配偶和未成年子女可随调随迁。

**第六条 落户地址** 引进人才可在本人或配偶合法产权住房落户，也可在聘用单位的集体户落户。

**第七条 办理程序** 聘用单位向市人才服务中心提交申请材料，市人力资源和社会保障局审核通过的，办理引进落户手续。
"""
RENT = """# 荇州市高校毕业生租房补贴办法

荇州市人力资源和社会保障局

**第一条 补贴对象** 在本市就业的全日制高校毕业生。

**第二条 补贴标准** 本科毕业生每人每月730元，硕士研究生每人每月1160元，博士研究生每人每月1790元。

**第三条 补贴期限** 补贴期限最长不超过36个月。
"""


@pytest.fixture(scope="module")
def city(small_corpus):
    files = {"policies/xingzhou_rencai.md": TALENT, "policies/xingzhou_zufang.md": RENT}
    with small_corpus("xingzhou", files) as services:
        yield services


def test_a_follow_up_asking_its_own_question_is_answered_by_meaning(city):
    reply = ask(city, "那我老婆孩子能一起迁过来吗",
                history=turn("荇州引进人才要在单位干多久才能申请？", "按《荇州市引进人才管理办法》第三条，一般应在聘用单位工作满2年。"))
    assert not reply.refused, reply.answer
    assert "随调随迁" in reply.answer, reply.answer
    assert "满2年" not in reply.answer, reply.answer  # the earlier ask is not answered again


def test_an_elliptic_follow_up_carries_the_earlier_ask(city):
    reply = ask(city, "那硕士呢", history=turn("荇州本科毕业生租房补贴一个月多少？", "按《荇州市高校毕业生租房补贴办法》第二条，本科毕业生每人每月730元。"))
    assert "1160元" in reply.answer, reply.answer


def test_own_questions_and_elliptic_ones():
    from knowledge.query import asks_its_own

    assert asks_its_own("那我老婆孩子能一起迁过来吗")
    assert asks_its_own("孩子上学给不给安排")
    assert not asks_its_own("那硕士呢")
    assert not asks_its_own("我是硕士")


@pytest.mark.parametrize("message, moved", [
    ("我才干了一年多，也没有证，那菁冈那边的呢？要求低点吗，工资多少", "菁冈"),  # the district by a slip of its name
    ("我才干了一年多，也没有证，那菁岗区那边的呢？工资多少", "菁岗区"),
])
def test_a_story_before_a_part_turning_to_the_earlier_question_keeps_its_subject(message, moved):
    # 那…呢 in a part of its own, after a story (我才干了一年多): a follow-up. The job asked before (电工) is carried;
    # the earlier district is not (the refusal named 「才干、一年」 as a topic no posting has)
    from assistant.records import Turn
    from assistant.rewrite import standalone
    from knowledge.query import Vocabulary

    vocab = Vocabulary.from_metadata([
        {"doc_type": "job", "source": "j.csv", "district": "棂溪区", "title": "电工", "company": "棂溪某某物业"},
        {"doc_type": "job", "source": "j.csv", "district": "菁岗区", "title": "电工", "company": "菁岗某某厂"},
        {"doc_type": "policy", "source": "p.md", "district": "菁岗区"},
        {"doc_type": "policy", "source": "q.md", "district": "棂溪区"}])
    history = [Turn("user", "棂溪区有没有招电工的岗位"), Turn("assistant", "有。")]
    rewritten = standalone(message, history, vocab)
    assert "电工" in rewritten and moved in rewritten and "棂溪" not in rewritten, rewritten
