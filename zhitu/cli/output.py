"""Output helpers shared by every command."""

import json

import click


def echo_json(data) -> None:
    """Print JSON the way every --json option does (UTF-8, not ASCII-escaped)."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
