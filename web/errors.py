"""Errors at the pages' edge: a domain error becomes one visible, masked line (``gr.Error``), never a stack trace."""

from __future__ import annotations

import functools

import gradio as gr

from core.errors import ZhituError
from core.masking import mask_pii


def guard(fn):
    """Domain errors become a visible one-line message, not a stack trace."""

    @functools.wraps(fn)  # keeps the signature: Gradio injects gr.Request / gr.Progress by annotation and default
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except ZhituError as exc:
            raise gr.Error(mask_pii(str(exc))) from exc

    return wrapper
