"""The 岗位匹配 tab (profile form → ranked postings with reasons) and the 供需与技能 tab (charts).

``MatchingPage`` holds what the tabs do without Gradio; ``build_matching_tab(services)`` and
``build_skills_tab(services)`` wire it into the open ``gr.Blocks`` / ``gr.Tab`` context. Everything shown is
escaped before rendering: the form's text, and the postings' text too (an uploaded CSV is not trusted).
"""

from __future__ import annotations

import html
import re
import uuid

import gradio as gr
import pandas as pd

from core.errors import ZhituError
from matching.profiles import ProfileError

EDUCATION_CHOICES = ["未填写", "初中", "中专/高中", "大专", "本科", "硕士"]
ANY_DISTRICT = "不限"
ALL_OCCUPATIONS = "全部职业"
CONSENT_LABEL = "计入本区求职登记（匿名）"
CITY = "全市"
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~])")


def esc(text) -> str:
    """Text made inert for gr.Markdown: HTML-escaped and Markdown punctuation backslashed."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(str(text), quote=False)).replace("\n", " ")


class MatchingPage:
    """The tabs' behaviour as plain functions of the form's values."""

    def __init__(self, service) -> None:
        self.service = service
        self.outputs: list = []  # the 供需与技能 components that ``refresh`` fills (set by build_skills_tab)

    def districts(self) -> list[str]:
        return [ANY_DISTRICT, *self.service.matcher.districts]

    def match(self, major: str, education: str, certificates: str, skills: str, district: str,
              salary: float | None, years: float | None, resume: str, target: str = "", consent: bool = False,
              session: str = "", k: int = 10) -> str:
        """Markdown of the ranked postings for the form's profile (or a message saying what is missing).

        With ``consent`` the anonymised profile (no résumé text, no name) is counted in the supply of the gap table,
        once per browser ``session``; unticking it takes the profile back out."""
        data: dict = {"major": major or "", "certificates": certificates or "", "skills": skills or "",
                      "text": resume or "", "target": (target or "").strip()}
        if education and education != "未填写":
            data["education"] = education
        if district and district != ANY_DISTRICT:
            data["district"] = district
        if salary:
            data["expected_salary"] = int(salary)
        if years is not None and years != "":
            data["experience"] = int(years)
        if not any(str(v).strip() for key, v in data.items() if key in ("major", "certificates", "skills", "text")):
            return "请至少填写专业、技能、证书或一段简历。"
        try:
            profile = self.service.profile_from_dict(data)
            counted = self._consent(profile, data["target"], consent, session)
            results = self.service.match_profile(profile, k)
        except (ProfileError, ZhituError) as exc:
            return f"⚠️ {esc(exc)}"
        if not results:
            return counted + "知识库里还没有岗位信息。"
        understood = "、".join([*profile.certificates, *profile.skills]) or "（未识别出技能）"
        out = [counted + f"**识别到的技能与证书：** {esc(understood)}", ""]
        for i, r in enumerate(results, 1):
            out.append(f"### {i}. {esc(r.title)} · {esc(r.company)}　匹配度 {r.score:.0f}")
            out.append(f"岗位编号 {esc(r.id)}｜{esc(r.district)}｜{esc(r.salary)}")
            out += [f"- {esc(reason)}" for reason in r.reasons]
            out.append("")
        return "\n".join(out)

    def _consent(self, profile, target: str, consent: bool, session: str) -> str:
        if not session:
            return ""
        if consent:
            self.service.count_profile(profile, key=session, target=target)
            return "✅ 已匿名计入本区求职登记（不含姓名、联系方式和简历原文）。\n\n"
        if self.service.withdraw_profile(session):
            return "已从本区求职登记中撤回您的匿名档案。\n\n"
        return ""

    def skills_frame(self, occupation: str | None = None, top: int = 15) -> pd.DataFrame:
        sm = self.service.skill_map()
        rows = sm.overall if not occupation or occupation == ALL_OCCUPATIONS else sm.by_occupation.get(occupation, [])
        return pd.DataFrame([{"技能": d.skill, "岗位数": d.postings} for d in rows[:top]], columns=["技能", "岗位数"])

    def gap_frame(self) -> pd.DataFrame:
        rows = [r for r in self.service.gaps(by_district=False)]
        return pd.DataFrame(
            [{"职业": r.occupation, "缺口": r.gap, "岗位数": r.openings, "求职者": r.seekers} for r in rows],
            columns=["职业", "缺口", "岗位数", "求职者"],
        )

    def trend_frame(self) -> pd.DataFrame:
        """Openings and seekers per month, city-wide, all occupations together (long form for a line chart)."""
        totals: dict[str, list[int]] = {}
        for r in self.service.gaps(by_district=False, by_month=True):
            t = totals.setdefault(r.month, [0, 0])
            t[0] += r.openings
            t[1] += r.seekers
        rows = [{"月份": m, "类别": kind, "人数": t[i]} for m, t in sorted(totals.items())
                for i, kind in enumerate(("岗位数", "求职者"))]
        return pd.DataFrame(rows, columns=["月份", "类别", "人数"])

    def supply_note(self) -> str:
        counted = self.service.registrations()
        if not sum(counted.values()):
            return ("⚠️ 尚未导入求职登记数据：下表的求职者人数为 0，不作紧缺或过剩判断。"
                    "管理员可在后台导入求职登记表（类型 seeker）。")
        return f"求职者来自：导入的求职登记 {counted['file']} 人，岗位匹配页自愿计入 {counted['web']} 人。"

    def refresh(self):
        """Everything on the 供需与技能 tab that depends on the data, for a refresh."""
        return self.gap_frame(), self.trend_frame(), self.gap_table(), self.supply_note()

    def gap_table(self) -> pd.DataFrame:
        rows = self.service.gaps()
        return pd.DataFrame(
            [{"职业": r.occupation, "区域": r.district, "岗位数": r.openings, "求职者": r.seekers, "缺口": r.gap,
              "求人倍率": "—" if r.ratio is None else f"{r.ratio:.2f}", "预警": r.to_dict()["flag_name"]}
             for r in rows],
            columns=["职业", "区域", "岗位数", "求职者", "缺口", "求人倍率", "预警"],
        )

    def programme_gaps_md(self) -> str:
        lines = ["**专业课程未覆盖的岗位需求技能**（需求占该职业岗位 20% 以上）", ""]
        for g in self.service.skill_map().programme_gaps:
            missing = "、".join(g["missing"]) or "无"
            lines.append(f"- {esc(g['college'])}·{esc(g['programme'])}（{esc(g['occupation'] or '未归类')}）："
                         f"{esc(missing)}　〔{esc(g['source'])}〕")
        return "\n".join(lines)

    def occupations(self) -> list[str]:
        return [ALL_OCCUPATIONS, *self.service.skill_map().by_occupation]


def build_matching_tab(services) -> MatchingPage:
    """The 岗位匹配 form and results, inside the caller's open Blocks/Tab context."""
    page = MatchingPage(services.matching)
    gr.Markdown("填写您的情况，职途会从知识库的招聘岗位里找出匹配的岗位，并说明理由、缺什么技能、去哪里学。")
    with gr.Row():
        major = gr.Textbox(label="所学专业", placeholder="例如：数控技术", elem_id="match-major")
        education = gr.Dropdown(EDUCATION_CHOICES, value="未填写", label="学历", elem_id="match-education")
        district = gr.Dropdown(page.districts(), value=ANY_DISTRICT, label="意向区域", elem_id="match-district",
                               allow_custom_value=True)
    with gr.Row():
        certificates = gr.Textbox(label="证书（用顿号分隔）", placeholder="例如：数控车工中级证、低压电工证",
                                  elem_id="match-certs")
        skills = gr.Textbox(label="技能（用顿号分隔）", placeholder="例如：数控车床、看图纸、游标卡尺",
                            elem_id="match-skills")
    with gr.Row():
        salary = gr.Number(label="期望月薪（元）", value=None, precision=0, elem_id="match-salary")
        years = gr.Number(label="工作年限", value=None, precision=0, elem_id="match-years")
    target = gr.Textbox(label="意向岗位（可选）", placeholder="例如：数控车工", elem_id="match-target")
    resume = gr.Textbox(label="简历或自我介绍（可选）", lines=4, elem_id="match-resume")
    consent = gr.Checkbox(label=CONSENT_LABEL, value=False, elem_id="match-consent",
                          info="勾选后，您的专业、意向、学历、技能和意向区域会匿名计入供需统计（不含姓名、联系方式和简历原文）。")
    session = gr.State(lambda: uuid.uuid4().hex)
    button = gr.Button("开始匹配", variant="primary", elem_id="match-submit")
    results = gr.Markdown(elem_id="match-results")
    button.click(page.match, [major, education, certificates, skills, district, salary, years, resume, target, consent,
                              session], results)
    return page


def build_skills_tab(services) -> MatchingPage:
    """The 供需与技能 charts: demanded skills (by occupation), gap by occupation, warnings table, programme gaps."""
    page = MatchingPage(services.matching)
    gr.Markdown("根据知识库里的招聘岗位和求职者档案统计：岗位需要哪些技能、哪些职业紧缺或过剩"
                "（求人倍率 = 岗位数 ÷ 求职人数）。")
    occupation = gr.Dropdown(page.occupations(), value=ALL_OCCUPATIONS, label="职业", elem_id="skills-occupation")
    skills_plot = gr.BarPlot(page.skills_frame(), x="技能", y="岗位数", title="岗位需求技能（前15）",
                             elem_id="skills-chart", sort="-y")
    with gr.Row():
        note = gr.Markdown(page.supply_note(), elem_id="supply-note")
        refresh = gr.Button("刷新统计", elem_id="gap-refresh", scale=0)
    gap_plot = gr.BarPlot(page.gap_frame(), x="职业", y="缺口", title="各职业供需缺口（岗位数 − 求职者）",
                          elem_id="gap-chart")
    trend_plot = gr.LinePlot(page.trend_frame(), x="月份", y="人数", color="类别", title="岗位数与求职者按月走势（全市）",
                             elem_id="gap-trend")
    table = gr.Dataframe(page.gap_table(), label="供需预警（按职业和区域）", elem_id="gap-table", interactive=False)
    gr.Markdown(page.programme_gaps_md(), elem_id="programme-gaps")
    occupation.change(page.skills_frame, occupation, skills_plot)
    page.outputs = [gap_plot, trend_plot, table, note]
    refresh.click(page.refresh, None, page.outputs, api_name=False)
    return page
