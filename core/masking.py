"""Masking of personal identifiers wherever staff or exports see text."""

import re

_ID_CARD = re.compile(r"(?<![0-9])([1-9][0-9]{5})[0-9]{8}([0-9]{3}[0-9Xx])(?![0-9])")
_MOBILE = re.compile(r"(?<![0-9])(1[3-9][0-9])[0-9]{4}([0-9]{4})(?![0-9])")


def mask_pii(text: str) -> str:
    """Mask 18-digit ID-card numbers and mainland mobile numbers, keeping a few digits for recognition."""
    text = _ID_CARD.sub(lambda m: m.group(1) + "*" * 12, text)
    return _MOBILE.sub(lambda m: f"{m.group(1)}****{m.group(2)}", text)
