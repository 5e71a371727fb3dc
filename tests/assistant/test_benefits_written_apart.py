"""A grant the question names in a shorter form than the text writes it — the stem, a few characters, then the
suffix: 一次性求职补贴 for 一次性求职创业补贴 — is that grant, never "no document deals with it" (the real Dalian text,
used from ../shared/real-world, never copied): the answer quotes the clauses that write it, with their figure."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def ask(services, question: str):
    from eval.dryrun import for_evaluation

    return for_evaluation(services.assistant).ask(question, history=[])


def test_a_grant_asked_by_a_shorter_name_is_answered_from_the_clauses_that_write_it(realworld_services):
    reply = ask(realworld_services, "大连的应届大专生，家里是低保户。学校老师说毕业那年有个一次性求职补贴，给多少钱、找谁申请？"
                                    "我还想去县里见习，见习的时候每月生活费最少多少？")
    assert not reply.refused, reply.answer
    assert "1000元" in reply.answer and "所在高校" in reply.answer, reply.answer
