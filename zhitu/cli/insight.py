"""`zhitu insight`: the figures of the /insight page for a period, and a group of unanswered questions as a question set."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click

from core.errors import ZhituError
from zhitu.cli.output import echo_json


def _day(_ctx, param, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date like 2026-11-01", param=param) from exc


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


@click.command("insight")
@click.option("--since", callback=_day, help="First day (YYYY-MM-DD, service time zone); default: the last 30 days.")
@click.option("--until", callback=_day, help="Last day, inclusive (default: today).")
@click.option("--json", "as_json", is_flag=True, help="Print every figure as JSON.")
@click.option("--no-groups", is_flag=True, help="Skip grouping the unanswered questions (no embedding model needed).")
@click.option("--export", "export_group", type=int, metavar="GROUP",
              help="Write the questions of unanswered group GROUP as a question set for `zhitu eval` (masked).")
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path), help="File for --export (default: stdout).")
@click.pass_obj
def insight_command(services, since, until, as_json, no_groups, export_group, out_file):
    """What people asked and what Zhitu could not answer: conversations, auto-resolution, refusals, escalations,
    latency, and the unanswered questions grouped by topic. Question texts are masked; no contact is shown."""
    insight = services.insight
    if export_group is not None:
        period = insight.period(since, until)
        groups = {g.id: g for g in insight.groups(period)}
        if export_group not in groups:
            raise ZhituError(f"no unanswered group {export_group} in {period.since}…{period.until} (there are {len(groups)})")
        lines = "".join(json.dumps(q, ensure_ascii=False) + "\n" for q in insight.export_group(groups[export_group], period.since.isoformat()))
        if out_file:
            out_file.write_text(lines, encoding="utf-8")
            click.echo(f"wrote {lines.count(chr(10))} questions to {out_file}", err=True)
        else:
            click.echo(lines, nl=False)
        return
    data = insight.report(since, until, with_groups=not no_groups)
    if as_json:
        echo_json(data)
        return
    t, s, p = data["totals"], data["shares"], data["period"]
    click.echo(f"{p['since']} … {p['until']}: {t['conversations']} conversations, {t['questions']} questions")
    click.echo(f"auto-resolved {_pct(s['auto_resolved'])} · refused {_pct(s['refused'])} · escalated {_pct(s['escalated'])} · "
               f"👎 {t['thumbs_down']}")
    lat = data["latency_ms"]
    click.echo(f"latency p50 {lat['p50']} ms · p95 {lat['p95']} ms")
    if data["llm"]:
        click.echo(f"LLM turns {data['llm']['turns']}, fallbacks {data['llm']['fallbacks']}")
    e = data["escalations"]
    click.echo(f"tickets {e['tickets']}: " + ", ".join(f"{r['label']} {r['tickets']}" for r in e["by_reason"]))
    fr = e["first_reply_minutes"]
    click.echo(f"first counsellor reply p50 {fr['p50']} min, p95 {fr['p95']} min; waiting {fr['waiting']}; open by age {e['open_by_age']}")
    for g in data.get("unanswered", []):
        docs = "、".join(d["source"] for d in g["documents"]) or "—"
        click.echo(f"[{g['id']}] {g['size']:>4}  {g['label']}  | nearest: {docs}")


def register(main: click.Group) -> None:
    main.add_command(insight_command)
