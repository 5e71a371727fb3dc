"""Escalation: which messages must go to a human counsellor, why, and how urgently (see ``detector.py``)."""

from assistant.escalation.detector import Decision, EscalationDetector
from assistant.escalation.labelled import REASONS
from assistant.escalation.rules import RULES_PATH, Rules, normalise

__all__ = ["REASONS", "RULES_PATH", "Decision", "EscalationDetector", "Rules", "build_detector", "normalise"]


def build_detector(settings, embeddings=None, chat_model=None) -> EscalationDetector:
    """The detector the services use: rules now, the classifier built or loaded on first use, the LLM vote when a chat
    model is configured."""
    from assistant.escalation.training import build_classifier
    from assistant.escalation.vote import LLMVote

    return EscalationDetector(
        Rules.from_data(), embeddings,
        classifier_factory=(lambda: build_classifier(settings, embeddings)) if embeddings is not None else None,
        vote=LLMVote(chat_model) if chat_model is not None else None,
        context_turns=settings.escalation.context_turns, rule_check=settings.escalation.rule_check,
        follow_up_weight=settings.escalation.follow_up_weight, follow_up_sure=settings.escalation.follow_up_sure,
        follow_up_gate=settings.escalation.follow_up_gate, conversation_model=settings.escalation.conversation_model,
        crisis_score=settings.escalation.crisis_score, complaint_crisis_score=settings.escalation.complaint_crisis_score,
        sentence_distress=settings.escalation.sentence_distress, sentence_min_chars=settings.escalation.sentence_min_chars,
    )
