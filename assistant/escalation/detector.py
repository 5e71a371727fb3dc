"""One escalation decision from these signals:

1. the near-certain rules (``rules.py``): an explicit request for a person, explicit self-harm words, "yes" to the
   bot's offer of a person — applied to the message and to the last few user turns read together. Words that also
   talk *about* people (真人, 人工客服, 找老师: rules.json marks them ``checked``) count only when the classifier's
   "any" score reaches ``rule_check``: "你是真人还是机器人" stays with the bot, "我要跟真人说话" does not. Held out by
   writer, this kept every checked-word request (the lowest scored 0.58) and dropped every question about people (the
   highest 0.37). Self-harm words are checked only when every one of them comes with a joke marker in the same
   sentence (想死的心都有了哈哈, 不想活了哈哈开玩笑的; never 不是开玩笑) or inside a profession's term (自杀干预):
   first-person self-harm words stand alone. A message that only says yes to the bot's offer of a person (好 要, 2 谢谢
   choosing its numbered option of a person) is an explicit request, and nothing else: the classifier does not read it
   (a bare 要的要的 麻烦了 scored as distress, and its hotline reply would answer a yes); self-harm words in the earlier
   turns still count through the rules read over the conversation;
2. the classifier (``classifier.py``) over the turn's query vector (the same vector retrieval uses: the embeddings'
   query cache hands it over) and the message's character n-grams;
3. the conversation: the last ``context_turns`` user turns and the message, read as one text (its n-grams) with one
   vector (the unit mean of the turns' cached query vectors: nothing is embedded again). The last message weighs
   most (``_follow_up``): what it shows alone stands when the conversation read with it still agrees, or when it is
   sure distress; the conversation alone escalates only when the earlier turns or the message carry a signal of their
   own. A signal spread over two messages is caught; an ordinary follow-up after a routine answer (那我交了6年 那是
   不是18个月, read alone like a personal case or distress) stays with the bot. Behind this hand gate stands the
   conversation model (``conversation.py``), learned from the labelled conversations: a follow-up the gate lets
   through still escalates when the model is sure (你说的我都试了 没用, after two turns about the same form);
3b. a sentence of a longer message read alone (``_distressed_sentence``): distress said in one sentence of a long
   practical question (厂子倒闭了…真的快撑不下去了。 then a question about a subsidy) is drowned by the rest when the
   message is scored whole; each sentence of ``sentence_min_chars`` or more, and each two adjacent sentences read
   together, is scored with its own vector, against a bar (``sentence_distress``) far above the message's;
4. when a chat model is configured, its vote (``vote.py``) — asked only when the offline signals let a message
   through; it can add an escalation, never remove one, and its failure changes nothing.

Plus the session's unresolved streak. Distress answers at once with the hotlines (``prompts/crisis_reply.txt``), but only
on a distress signal: a self-harm rule, the LLM's vote, or a distress score (the message's, or the conversation's read
together) at or above the distress threshold (and ``crisis_score``). A distress reason the classifier gave only as the
reason nearest its threshold (when "any" alone fired, or the conversation model fired) is no signal; nor is a distress
score below ``complaint_crisis_score`` when the unresolved rule found a complaint about the answers (问了三遍 没用:
frustration the classifier reads as distress). Without the signal the reason is the nearest other one (``unresolved``
on a follow-up) and the reply is the counsellor hand-off without the hotlines.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

import prompts
from assistant.escalation import conversation
from assistant.escalation.classifier import ANY
from assistant.escalation.rules import RULES_PATH, Rules
from assistant.records import Turn
from knowledge.query import question_parts

log = logging.getLogger(__name__)
_SENTENCE = re.compile(r"(?<=[。！？!?；;…\n])(?![。！？!?；;…\n])")  # after a run of sentence ends (……)


@dataclass
class Decision:
    """The outcome of checking one message. ``immediate_reply`` is sent at once (the crisis hotlines)."""

    escalate: bool
    reasons: list[str] = field(default_factory=list)
    priority: str = "normal"
    crisis: bool = False
    documents: bool = False  # the documents' answer to what the message asks comes with the ticket
    immediate_reply: str | None = None
    matches: list[str] = field(default_factory=list)  # which signal gave each reason, for the audit log
    scores: dict[str, float] = field(default_factory=dict)


class EscalationDetector:
    """Decides whether a message goes to a counsellor. The classifier is built on first use (``classifier_factory``),
    so listing tickets or labelling reasons never loads a model."""

    def __init__(self, rules: Rules, embeddings=None, classifier_factory: Callable | None = None, vote=None,
                 context_turns: int = 2, rule_check: float = 0.0, follow_up_weight: float = 0.0,
                 follow_up_gate: float = 0.0, follow_up_sure: float = 0.0, conversation_model: bool = False,
                 crisis_score: float = 0.0, complaint_crisis_score: float = 0.0, sentence_distress: float = 0.0,
                 sentence_min_chars: int = 12) -> None:
        self.rules = rules
        self.embeddings = embeddings
        self._factory = classifier_factory
        self._classifier = None
        self._lock = threading.Lock()
        self.vote = vote
        self.context_turns = context_turns
        self.rule_check = rule_check
        self.follow_up_weight = follow_up_weight
        self.follow_up_gate = follow_up_gate
        self.follow_up_sure = follow_up_sure
        self.conversation_model = conversation_model
        self.crisis_score = crisis_score
        self.complaint_crisis_score = complaint_crisis_score
        self.sentence_distress = sentence_distress
        self.sentence_min_chars = sentence_min_chars

    @classmethod
    def from_data(cls, path=RULES_PATH) -> EscalationDetector:
        """Rules only (no classifier): what the tests of the rules file use."""
        return cls(Rules.from_data(path))

    @property
    def classifier(self):
        if self._classifier is None and self._factory is not None:
            with self._lock:
                if self._classifier is None:
                    self._classifier = self._factory()
        return self._classifier

    def reload(self, classifier) -> None:
        """Use a newly trained classifier (``zhitu escalation retrain`` in the same process)."""
        with self._lock:
            self._classifier = classifier

    @property
    def button_message(self) -> str:
        return self.rules.button_message

    def asks_practical(self, message: str) -> bool:
        """The message asks something besides a person: an asking part that is no request for one (帮我转人工老师，
        另外问下见习补贴每月多少 asks the amount; 能帮我找个真人老师聊聊吗 asks only for a person)."""
        return any(asking and not any(h.reason == "explicit_request" for h in self.rules.match(part))
                   for part, asking in question_parts(message))

    def label(self, reason: str) -> str:
        """The Chinese label staff see for a reason id."""
        return self.rules.label(reason)

    def detect(self, message: str, history: list[Turn] | None = None, unresolved_streak: int = 0, vector=None) -> Decision:
        """Decide whether ``message`` goes to a counsellor. ``history`` is the conversation before it; ``vector`` the
        message's query vector when the caller already has it; ``unresolved_streak`` counts consecutive refusals or
        👎 on the same topic before this message (see ``assistant.sessions``)."""
        found: dict[str, str] = {}
        scores: dict[str, float] = {}
        ctx_scores: dict[str, float] | None = None
        checked: dict[str, str] = {}  # rule hits that count only if the classifier agrees (see ``rule_check``)
        earlier = [t.content for t in history or [] if t.role == "user" and t.content.strip()][-self.context_turns :]
        context = "\n".join([*earlier, message]) if earlier and self.context_turns > 0 else None
        hits = [("rule", h) for h in self.rules.match(message, history)]
        hits += [("rule(context)", h) for h in self.rules.match(context)] if context is not None else []
        for source, hit in hits:
            (checked if hit.checked else found).setdefault(hit.reason, f"{source}:{hit.text}")
        accepted = any(hit.offer for _, hit in hits)
        classifier = self._safe_classifier()
        if classifier is None:
            for reason, match in checked.items():
                found.setdefault(reason, match)
        else:
            vec = vector if vector is not None else self.embeddings.embed_query(message)
            scores = classifier.scores(message, vec)
            if accepted:
                pass  # a bare yes to the bot's offer of a person says nothing else (要的要的 麻烦了 read alone as distress)
            elif context is None:
                for reason in classifier.reasons_for(scores):
                    found.setdefault(reason, f"classifier:{scores[reason]:.2f}")
            else:
                earlier_vecs = self._vectors(earlier)
                ctx_scores = classifier.scores(context, conversation.unit_mean([*earlier_vecs, vec]))
                follow_up = self._follow_up(classifier, scores, ctx_scores, earlier, earlier_vecs)
                learned = getattr(classifier, "conversation", None) if self.conversation_model else None
                if learned is not None and not follow_up:
                    reading = conversation.read(classifier, message, vec, earlier, earlier_vecs, scores, ctx_scores)
                    follow_up = self._learned_follow_up(classifier, learned, reading)
                for reason, match in follow_up.items():
                    found.setdefault(reason, match)
            if not accepted and "distress" not in found:
                sentence = self._distressed_sentence(classifier, message)
                if sentence is not None:
                    found["distress"] = sentence
            agree = max(scores[ANY], ctx_scores[ANY] if ctx_scores is not None else 0.0)
            for reason, match in checked.items():
                if agree >= self.rule_check:
                    found.setdefault(reason, f"{match} (classifier {agree:.2f})")
        if not found and self.vote is not None:
            for reason in self.vote.reasons([*earlier, message]):
                found.setdefault(reason, "llm")
        if unresolved_streak >= self.rules.unresolved_streak:
            found.setdefault(self.rules.unresolved_id, f"streak={unresolved_streak}")
        if not found:
            return Decision(escalate=False, scores=scores)
        if classifier is not None and found.get("distress", "").startswith(("classifier:", "classifier(context)", "conversation")):
            self._settle_distress(found, classifier, scores, ctx_scores, bool(earlier))
        reasons = list(found)
        crisis = self.rules.crisis(reasons)
        return Decision(
            escalate=True, reasons=reasons, priority=self.rules.priority(reasons), crisis=crisis,
            documents=self.rules.with_documents(reasons),
            immediate_reply=prompts.load("crisis_reply").strip() if crisis else None,
            matches=[found[r] for r in reasons], scores=scores,
        )

    def _follow_up(self, classifier, scores: dict, ctx_scores: dict, earlier: list[str], earlier_vecs) -> dict[str, str]:
        """The classifier's reasons for a message that follows earlier turns; the last message weighs most.

        What the message shows alone stands only if the conversation read with it still fires: the score
        ``(1 - w)`` × message + ``w`` × conversation (``follow_up_weight``) reaches a threshold, so a routine history
        keeps a follow-up that reads like a personal case on its own (那我老婆孩子能跟着一起迁过去吗) routine. Distress the
        message shows alone always stands. When the message shows nothing alone, the conversation escalates only if
        the earlier turns carried a signal on their own or the message adds one — either's "any" score reaches
        ``follow_up_gate``: a signal spread over two messages is still caught, an ordinary follow-up to a routine
        history is not."""
        own = classifier.reasons_for(scores)
        if own:
            w = self.follow_up_weight
            blend = {r: (1 - w) * scores[r] + w * ctx_scores[r] for r in scores}
            if classifier.reasons_for(blend):
                return {r: f"classifier:{scores[r]:.2f}" for r in own}
            if scores["distress"] >= self.follow_up_sure:
                return {"distress": f"classifier:{scores['distress']:.2f}"}
            return {}
        fired = {r: f"classifier(context):{ctx_scores[r]:.2f}" for r in classifier.reasons_for(ctx_scores)}
        if fired and scores[ANY] < self.follow_up_gate:
            history = classifier.scores("\n".join(earlier), conversation.unit_mean(earlier_vecs))
            if history[ANY] < self.follow_up_gate:
                return {}
        return fired

    def _learned_follow_up(self, classifier, model, reading) -> dict[str, str]:
        """What the conversation model (``conversation.py``) adds to the hand gate on a follow-up the gate lets
        through: it escalates when the model's probability reaches its threshold. The reasons are the message's own,
        else the conversation's, else the one nearest its threshold in the conversation read together."""
        p = model.probability(conversation.features(reading))
        if p < model.threshold:
            return {}
        reasons = classifier.reasons_for(reading.message) or classifier.reasons_for(reading.together)
        if not reasons:
            together = reading.together
            reasons = [max((r for r in classifier.reasons if r != ANY), key=lambda r: together[r] / classifier.threshold(r))]
        return {r: f"conversation:{p:.2f}" for r in reasons}

    def _distressed_sentence(self, classifier, message: str) -> str | None:
        """Distress said in one sentence of a longer message and drowned by the rest (厂子倒闭了，老公常年生病…真的快撑不下去了。
        then a question about the insurance subsidy: the whole message scored 0.002). Each sentence of at least
        ``sentence_min_chars`` characters, and each two adjacent ones together, is scored alone, with its own query
        vector; one at or above ``sentence_distress`` is distress. A sentence read alone lacks its context, so its bar
        is far above the message's; short fragments (我怕错过了, 想跳过去试试) read alone as distress and are not scored.
        Two sentences read together say more than either (实在不知道该怎么办了…… then the story of a closed factory and
        sleepless nights: 0.90 where the story scored 0.77); over 1,818 routine multi-sentence questions of the answer
        sets (rounds 1-43, in-sample) no pair reached the bar. A pair of fragments is still fragments (不想跑太远。我怕错过
        了。 read together as distress): one of the two must be a long sentence, the story a short cry comes with."""
        if self.sentence_distress <= 0:
            return None
        parts = [p.strip() for p in _SENTENCE.split(message) if p.strip()]
        if len(parts) < 2:
            return None
        long = 2 * self.sentence_min_chars
        sentences = [p for p in parts if len(p) >= self.sentence_min_chars] + [
            a + b for a, b in pairwise(parts) if max(len(a), len(b)) >= long]
        if not sentences:
            return None
        best, text = max((classifier.scores(s, v)["distress"], s) for s, v in zip(sentences, self._vectors(sentences)))
        return f"classifier(sentence):{best:.2f}:{text[:40]}" if best >= self.sentence_distress else None

    def _settle_distress(self, found: dict[str, str], classifier, scores: dict, ctx_scores: dict | None, follow_up: bool) -> None:
        """Keep a distress reason the classifier gave only on a distress signal: the message's or the conversation's
        distress score at or above the distress threshold and ``crisis_score``, or at or above ``complaint_crisis_score``
        when the unresolved rule found a complaint about the answers (问了两遍 还是没用: frustration the classifier reads
        as distress). Else it is dropped; when no other reason is left, it is ``unresolved`` on a follow-up and
        otherwise the message reason nearest its threshold after distress."""
        signal = max(scores["distress"], ctx_scores["distress"] if ctx_scores is not None else 0.0)
        complaint = found.get(self.rules.unresolved_id, "").startswith("rule")
        level = self.complaint_crisis_score if complaint else max(self.crisis_score, classifier.threshold("distress"))
        if signal >= level:
            return
        match = found.pop("distress")
        if found:
            return
        if follow_up:
            found[self.rules.unresolved_id] = f"{match} (no distress signal: {signal:.2f})"
            return
        nearest = max((r for r in classifier.reasons if r not in (ANY, "distress")), key=lambda r: scores[r] / classifier.threshold(r))
        found[nearest] = f"{match} (no distress signal: {signal:.2f})"

    def _vectors(self, earlier: list[str]) -> list:
        """The earlier turns' query vectors. They were embedded when they were asked, so they come from the embeddings'
        cache (in memory, or by content hash on disk), never embedded again on every turn."""
        many = getattr(self.embeddings, "embed_queries", None)
        return list(many(earlier)) if many else [self.embeddings.embed_query(t) for t in earlier]

    def _safe_classifier(self):
        if self.embeddings is None:
            return None
        try:
            return self.classifier
        except Exception:  # a broken classifier must not stop the chat: the rules still answer
            log.exception("escalation classifier unavailable; rules only")
            self._factory = None
            return None
