"""A personal calculation goes to a counsellor only when it spans several rules (several benefits, several people or
places, 能不能叠加); one rule's total, however personal the wording, is the documents' to answer."""

from __future__ import annotations

import pytest

from assistant.scope import complex_case
from knowledge.query import Vocabulary, analyse

VOCAB = Vocabulary.from_metadata([{"doc_type": "policy", "source": "rules.md", "district": "甲乙区"}])


@pytest.mark.parametrize("question", [
    "我硕士毕业在甲乙区上班，爱人在丙丁区，我们俩的生活补贴和租房补贴帮我算一下一共能拿多少钱？",
    "我在外地上班，老婆在甲乙区，我俩分别能领哪些补贴，帮我算一下一共能拿多少钱",
    "我是一家厂的人事，招了5个见习生，见习补贴、吸纳社保补贴能不能叠加？帮我算一下总共能领多少",
    "我硕士毕业在甲乙区上班，安家补贴和生活补贴帮我算算一共多少",
    # every benefit of the user's case, summed (各项补贴加起来), whatever benefits it names
    ("帮我算算：我是硕士，今年刚毕业，在甲乙区一家公司上班，租房一个月1500，刚拿了个电工高级证，公司还让我先见习几个月。"
    "一年下来各项补贴加起来一共多少？"),
])
def test_a_calculation_across_rules_is_a_complex_case(question):
    assert complex_case(analyse(question, VOCAB))


@pytest.mark.parametrize("question", [
    # an employer's clerk asks one rule's total per trainee: answered from the document
    "我是一家软件公司的人事，我们接收了一批见习的大学生，见习都是6个月。领导让我算算每个见习生单位一共能拿到多少补贴？",
    "我在甲乙区一家厂上班 有居住证 在攒积分 听说在这边工作居住有专门加分？怎么算的 最多能加多少",
    "我和两个同学准备在甲乙区合伙开公司 创业担保贷款每人最多多少 三个人加起来上限多少",
])
def test_one_rules_total_is_not_a_complex_case(question):
    assert not complex_case(analyse(question, VOCAB))
