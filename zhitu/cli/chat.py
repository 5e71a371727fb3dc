"""Chat commands: ask, serve."""

from __future__ import annotations

import click

from zhitu.cli.output import echo_json


@click.command()
@click.argument("message")
@click.option("--session", "session_id", help="Continue this conversation (history and counsellor replies).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def ask(services, message, session_id, as_json):
    """Ask the assistant one question."""
    reply = services.assistant.ask(message, session_id=session_id)
    if as_json:
        echo_json(reply.to_json())
        return
    click.echo(reply.answer)
    for i, s in enumerate(reply.sources, 1):
        click.echo(f"  [{i}] {s.source} p{s.page} {s.section} — {s.title}")
    if reply.ticket_id:
        click.echo(f"  工单号：{reply.ticket_id}")


@click.command()
@click.option("--port", type=int, help="Port (default: $GRADIO_SERVER_PORT or 7860).")
@click.option("--no-ingest", is_flag=True, help="Do not ingest the sample corpus even when the knowledge base is empty.")
@click.pass_obj
def serve(services, port, no_ingest):
    """Serve the web pages: chat /, counsellor console /counsellor, admin /admin."""
    from app import serve as run

    run(services, port=port, ingest_sample=not no_ingest)


def register(main: click.Group) -> None:
    main.add_command(ask)
    main.add_command(serve)
