"""Every prompt and answer template is a file in this folder, loaded by name."""

from functools import cache
from pathlib import Path

PROMPTS_DIR = Path(__file__).resolve().parent


@cache
def load(name: str) -> str:
    """Return the text of ``prompts/<name>.txt``."""
    path = PROMPTS_DIR / f"{name}.txt"
    if not path.is_file():
        raise FileNotFoundError(f"prompt {name!r} not found in {PROMPTS_DIR}")
    return path.read_text(encoding="utf-8")


def render(name: str, **values: str) -> str:
    """Load a prompt and fill its ``{placeholders}``."""
    return load(name).format(**values)
