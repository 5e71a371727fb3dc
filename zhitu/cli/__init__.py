"""The `zhitu` command line. Each command parses, calls one library function, prints; errors become one line."""

from __future__ import annotations

import importlib
import sys

import click

from core.errors import ZhituError

# Each module defines register(main); kept as names so `zhitu --help` imports no model.
COMMAND_MODULES = ["zhitu.cli.kb", "zhitu.cli.chat", "zhitu.cli.evaluation", "zhitu.cli.tickets", "zhitu.cli.interview", "zhitu.cli.match",
                   "zhitu.cli.insight", "zhitu.cli.escalation"]


class _Main(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ZhituError as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=_Main)
@click.pass_context
def main(ctx: click.Context) -> None:
    """Zhitu 职途 — career guidance from your own documents."""
    if ctx.obj is None:  # tests and embedding programs pass their own services: main(args, obj=services)
        from core.settings import load_settings
        from zhitu.compose import build_services

        ctx.obj = build_services(load_settings())


for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(main)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
