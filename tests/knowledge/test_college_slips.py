"""An ingested college written by a slip (every character read the same, the same length and ending) is that college;
another college's name, however near, is not (a made-up college written only here)."""

from __future__ import annotations

import pytest

from knowledge.query import Vocabulary, analyse

VOCAB = Vocabulary.from_metadata([
    {"doc_type": "programme", "source": "catalogue.md", "college": "琅嶂职业技术学院", "programme": "护理", "title": "招生目录"},
])


@pytest.mark.parametrize("question", [
    "郎章职业技术学院护理专业一年学费多少",
    "想问下浪涨职业技术学院的护理招几个人",
])
def test_a_college_written_by_a_slip_is_the_ingested_college(question):
    a = analyse(question, VOCAB)
    assert list(a.resolved.values()) == ["琅嶂职业技术学院"], a.resolved
    assert analyse(a.resolved_text(), VOCAB).colleges == ["琅嶂职业技术学院"]


@pytest.mark.parametrize("question", [
    "琅嶂职业技术学院护理专业一年学费多少",  # written right: nothing to resolve
    "郎章卫生职业学院护理专业一年学费多少",  # another college's name (another length)
    "朗山职业技术学院护理专业一年学费多少",  # another reading
])
def test_another_college_is_never_taken_for_the_ingested_one(question):
    assert "琅嶂职业技术学院" not in analyse(question, VOCAB).resolved.values()
