"""A part that tells the story (钱不太够, 搞个小加工厂) may hold ask wording (钱) without asking: the subject of an
ask is read from the part that asks (创业担保贷款个人最多能贷多少), so the story's business is no subject the
documents must write."""

from __future__ import annotations

from langchain_core.documents import Document

from assistant.clauses import asked_part, telling, unaddressed_here
from knowledge.query import Vocabulary, analyse

VOCAB = Vocabulary.from_metadata([{"doc_type": "policy", "source": "city.md", "city": "甲乙市"}])
LOAN = Document(page_content="符合条件的个人创业者可申请创业担保贷款，最高额度30万元，贷款期限最长不超过3年。",
                metadata={"title": "甲乙市促进就业创业若干措施", "doc_type": "policy", "section": "创业担保贷款"})
QUESTION = "打算搞个小加工厂，钱不太够，创业担保贷款个人最多能贷多少？贷几年？"


def test_a_telling_part_is_not_the_asking_one():
    assert telling("钱不太够") and not telling("创业担保贷款个人最多能贷多少")
    part, words = asked_part(QUESTION, "amount", {"创业担保贷款", "加工厂", "加工", "工厂", "创业", "担保", "贷款"})
    assert "创业担保贷款" in part and not {"加工", "工厂", "加工厂"} & words


def test_the_story_business_is_no_unwritten_subject():
    assert unaddressed_here(analyse(QUESTION, VOCAB), [LOAN]) == []
    # the asked subject itself, unwritten, is still named
    assert unaddressed_here(analyse("钱不太够，失业保险金一个月能领多少？", VOCAB), [LOAN]) != []
