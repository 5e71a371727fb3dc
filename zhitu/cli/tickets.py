"""`zhitu tickets` (the counsellor queue) and `zhitu user add|disable|delete` (staff accounts)."""

from __future__ import annotations

import click

from zhitu.cli.output import echo_json


def register(main: click.Group) -> None:
    @main.command("tickets")
    @click.option("--status", type=click.Choice(["new", "assigned", "waiting_for_seeker", "resolved", "closed", "open"]),
                  help="Only tickets in this status ('open' = not yet resolved or closed).")
    @click.option("--json", "as_json", is_flag=True, help="Print JSON (text masked as staff see it).")
    @click.pass_obj
    def tickets_cmd(services, status: str | None, as_json: bool) -> None:
        """List escalation tickets, most urgent and oldest first. Phone and ID numbers are masked."""
        views = services.tickets.list(status=status)
        if as_json:
            echo_json([
                {k: v for k, v in t.to_json().items() if k not in ("transcript", "messages")} for t in views
            ])
            return
        if not views:
            click.echo("没有工单")
            return
        for t in views:
            reasons = "、".join(services.escalation.label(r) for r in t.reasons)
            click.echo(f"{t.id}  {t.priority:<6} {t.status:<18} {t.created_at:%Y-%m-%d %H:%M}  {t.assignee or '-':<10} {reasons}  {t.summary[:40]}")

    @main.group("user")
    def user_group() -> None:
        """Staff accounts for the counsellor and admin pages."""

    @user_group.command("add")
    @click.argument("name")
    @click.option("--role", type=click.Choice(["counsellor", "admin"]), required=True)
    @click.option("--password-stdin", is_flag=True, help="Read the password from standard input instead of prompting.")
    @click.pass_obj
    def user_add(services, name: str, role: str, password_stdin: bool) -> None:
        """Add a counsellor or admin. Prompts for the password unless --password-stdin is given."""
        if password_stdin:
            password = click.get_text_stream("stdin").readline().rstrip("\r\n")
        else:
            password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        user = services.users.add(name, role, password)
        click.echo(f"added {user.role} {user.name}")

    @user_group.command("disable")
    @click.argument("name")
    @click.pass_obj
    def user_disable(services, name: str) -> None:
        """Disable a staff account: it can no longer log in and its open sessions end at their next request."""
        services.users.disable(name)
        click.echo(f"disabled {name}; sessions revoked")

    @user_group.command("delete")
    @click.argument("name")
    @click.pass_obj
    def user_delete(services, name: str) -> None:
        """Delete a staff account and end its open sessions at once (the audit log keeps its history)."""
        services.users.delete(name)
        click.echo(f"deleted {name}; sessions revoked")
