"""Matching commands: match (seeker → postings, posting → seekers), skills (the skill map), gaps (供需预警)."""

from __future__ import annotations

from pathlib import Path

import click

from core.errors import ZhituError
from zhitu.cli.output import echo_json


@click.command()
@click.option("--profile", "profile", type=click.Path(path_type=Path), help="A JSON profile or a plain-text résumé.")
@click.option("--posting", "posting", metavar="ID", help="Rank the registered seekers for this posting (anonymised).")
@click.option("-k", "--top", "k", default=10, show_default=True, help="How many results.")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.pass_obj
def match(services, profile, posting, k, as_json):
    """Match a seeker to postings (--profile FILE) or a posting to seekers (--posting ID), with reasons."""
    if bool(profile) == bool(posting):
        raise ZhituError("give exactly one of --profile FILE or --posting ID")
    service = services.matching
    if profile:
        results = service.match_profile(service.profile_from_file(profile), k)
    else:
        results = service.match_posting(posting, k)
    if as_json:
        echo_json([r.to_dict() for r in results])
        return
    if not results:
        click.echo("没有找到匹配结果。")
    for i, r in enumerate(results, 1):
        head = f"{i}. [{r.score:5.1f}] {r.id} {r.title}"
        click.echo(head + (f" · {r.company}" if r.company else ""))
        for reason in r.reasons:
            click.echo(f"     - {reason}")


@click.command()
@click.option("--top", "top", default=15, show_default=True, help="Skills per group.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def skills(services, top, as_json):
    """The skill map: demanded skills overall, by occupation and district, monthly trend, programme gaps."""
    sm = services.matching.skill_map()
    if as_json:
        echo_json(sm.to_dict(top))
        return
    click.echo("需求最多的技能：")
    for d in sm.overall[:top]:
        trend = " ".join(str(sm.trend.get(d.skill, {}).get(m, 0)) for m in sm.months)
        click.echo(f"  {d.skill:<14} {d.postings:4} 个岗位 ({d.share:.0%})  按月[{' '.join(sm.months)}]: {trend}")
    click.echo("专业课程未覆盖的需求技能：")
    for g in sm.programme_gaps:
        if g["missing"]:
            click.echo(f"  {g['college']}·{g['programme']}（{g['occupation']}）：{'、'.join(g['missing'])}")


@click.command()
@click.option("--json", "as_json", is_flag=True)
@click.option("--city-only", is_flag=True, help="Only the city-wide row of each occupation.")
@click.option("--by", "by", type=click.Choice(["month"]), help="One set of rows per month (posting / registration date).")
@click.pass_obj
def gaps(services, as_json, city_only, by):
    """Supply–demand warnings: openings, seekers, gap and 求人倍率 per occupation and district (全市 = city-wide).

    Seekers are the ingested registrations (`zhitu ingest FILE --type seeker`) and the profiles counted with consent
    on the 岗位匹配 tab; with none, seekers are 0 and no occupation is flagged."""
    service = services.matching
    rows = service.gaps(by_district=not city_only, by_month=by == "month")
    counted = service.registrations()
    if not sum(counted.values()):
        click.echo("note: no job-seeker registrations are ingested (zhitu ingest FILE --type seeker); "
                   "seekers are 0 and nothing is flagged", err=True)
    if as_json:
        echo_json([r.to_dict() for r in rows])
        return
    for r in rows:
        ratio = "—" if r.ratio is None else f"{r.ratio:.2f}"
        month = f"{r.month} " if r.month else ""
        click.echo(f"{month}{r.occupation:<10} {r.district:<5} 岗位{r.openings:4} 求职者{r.seekers:4} 缺口{r.gap:+4} "
                   f"求人倍率{ratio:>5}  {r.to_dict()['flag_name']}")


def register(main: click.Group) -> None:
    main.add_command(match)
    main.add_command(skills)
    main.add_command(gaps)
