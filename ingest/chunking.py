"""Chunking that follows Chinese document structure: 第X章/第X条/numbered headings, sentence ends, table rows."""

from __future__ import annotations

import re

from ingest.loaders import CAPTION, is_heading
from ingest.postings import is_alias
from ingest.records import Chunk, DocType, Page, Posting
from ingest.scope import DOC_NUMBER, doc_numbers

MAX_CHARS = 360
_CHAPTER = re.compile(r"^(第[一二三四五六七八九十百零〇\d]+章)\s*(.*)$")
_ARTICLE = re.compile(r"^(第[一二三四五六七八九十百零〇\d]+条)\s*(.*)$")
_ENUM_HEADING = re.compile(r"^([一二三四五六七八九十]+、)\s*(.{1,30})$")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_FIELD = re.compile(r"^[\u4e00-\u9fff]{2,6}[：:]")
# a numbered sub-heading line (（二）人员条件): a heading, never the start of the sentence under it
SUB_HEADING = re.compile(r"(?:^|\n)[（(][一二三四五六七八九十]+[)）][^，。；：、,.;:\s]{1,12}$")
_EFFECTIVE = re.compile(r"自?(\d{4}年\d{1,2}月\d{1,2}日)起(?:施行|实施|执行)")
_EXPIRES = re.compile(r"有效期(?:至|到)(\d{4}年\d{1,2}月\d{1,2}日)|有效期(\d+年)")
_SIGN_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")
_SENTENCE = re.compile(r"[^。！？；!?;\n]*(?:[。！？；!?;]|(?=\n)|$)")
PROGRAMME_CODE = re.compile(r"(?:专业代码|代码)[:：\s]*(\d{6}K?)")


def split_sentences(text: str) -> list[str]:
    """Sentences ending at 。！？； or at a line end (a heading line such as 「第四条 生活补贴标准：」 is kept, not lost;
    a number never spans two of them)."""
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


def pack(sentences: list[str], limit: int = MAX_CHARS) -> list[str]:
    """Group consecutive sentences into pieces of at most ``limit`` characters (a longer sentence stays whole)."""
    pieces: list[str] = []
    for s in sentences:
        if pieces and len(pieces[-1]) + len(s) <= limit:
            # a heading keeps its own line, and so does a numbered sub-heading (（二）人员条件) after a sentence
            pieces[-1] += ("" if pieces[-1][-1] in "。！？；!?;" and not SUB_HEADING.search(s) else "\n") + s
        else:
            pieces.append(s)
    return pieces


def _is_table_row(line: str) -> bool:
    return line.startswith("|") and line.count("|") >= 3


def _table_cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _table_chunks(rows: list[str], base: dict) -> list[dict]:
    """Each data row becomes its own passage with the header repeated: '学历：本科；每月补贴：1000元'."""
    cells = [_table_cells(r) for r in rows if not re.fullmatch(r"[|\s:\-]+", r)]
    if len(cells) < 2:
        return [dict(base, text=" ".join(rows))]
    header, out = cells[0], []
    caption = base.get("caption", "")
    for row in cells[1:]:
        pairs = "；".join(f"{h}：{v}" for h, v in zip(header, row) if v)
        out.append(dict(base, text=f"{caption}{'：' if caption else ''}{pairs}。", kind="table_row"))
    return out


# an article or chapter number in Markdown bold (**第五条** 在本市…): the number itself heads the article
_BOLD_NUMBER = re.compile(r"^\*\*\s*(第[一二三四五六七八九十百零〇\d]+[章节条])\s*\*\*\s*")


def _blocks(pages: list[Page]) -> list[tuple[int, str]]:
    """(page, line) pairs of the whole document, in order; an article number written in bold is read plain."""
    return [(p.page, _BOLD_NUMBER.sub(r"\1 ", line.strip())) for p in pages for line in p.text.splitlines()
            if line.strip()]


def structured_chunks(pages: list[Page], source: str, title: str, doc_type: DocType, extra: dict | None = None) -> list[Chunk]:
    """Split a policy or free text into article/section passages, table rows on their own."""
    lines = _blocks(pages)
    extra = dict(extra or {})
    chapter = ""
    raw: list[dict] = []  # {"page","section","text"} before size limits
    current: dict | None = None
    table: list[str] = []
    table_page = 1
    caption = ""

    def flush_table():
        nonlocal table
        if table:
            section = "附表" if caption.startswith("附表") else "表格"
            raw.extend(_table_chunks(table, {"page": table_page, "section": section, "caption": caption}))
            table = []

    for idx, (page, line) in enumerate(lines):
        following = lines[idx + 1][1] if idx + 1 < len(lines) else None
        if _is_table_row(line):
            if not table:
                table_page = page
            table.append(line)
            continue
        flush_table()
        if line == title or DOC_NUMBER.fullmatch(line):
            continue
        # The sign-off (issuing bodies, then the date on its own line) is a passage of its own, not the tail of
        # the last article: otherwise 第十七条 would carry the signing date.
        if not re.search(r"[。；，：:！？]", line) and (_SIGN_DATE.search(line[-11:]) and line.endswith("日") or (
                following is not None and _SIGN_DATE.fullmatch(following))):
            if current is None or current["section"] != "落款":
                current = {"page": page, "section": "落款", "chapter": "", "text": line}
                raw.append(current)
            else:
                current["text"] += "\n" + line
            continue
        if CAPTION.match(line) and following and _is_table_row(following):
            caption = line
            continue
        m_ch, m_art, m_md = _CHAPTER.match(line), _ARTICLE.match(line), _MD_HEADING.match(line)
        m_enum = _ENUM_HEADING.match(line)
        if (m_ch and len(line) <= 30) or (not m_art and is_heading(line, following)):
            chapter = f"{m_ch.group(1)} {m_ch.group(2)}".strip() if m_ch else line
            current = None
            continue
        if m_art:
            current = {"page": page, "section": m_art.group(1), "chapter": chapter, "text": line}
            raw.append(current)
        elif m_md or m_enum:
            heading = (m_md.group(2) if m_md else line).strip()
            current = {"page": page, "section": heading[:40], "chapter": chapter, "text": ""}
            raw.append(current)
        elif current is None:
            current = {"page": page, "section": chapter or "正文", "chapter": chapter, "text": line}
            raw.append(current)
        else:
            # A line that opens with a field label (政策内容：, 申请渠道：) starts a field of its own, whatever ends
            # the line before it, and so does the line under a numbered sub-heading (（二）人员条件); any other line
            # continues a sentence broken across lines or pages.
            joiner = "\n" if current["text"] and (current["text"][-1] in "。！？；：:" or _FIELD.match(line)
                                                   or SUB_HEADING.match(current["text"].rpartition("\n")[2])) else ""
            current["text"] = current["text"] + joiner + line
    flush_table()

    chunks: list[Chunk] = []
    for item in raw:
        text = item["text"].strip()
        if not text:
            continue
        meta = dict(extra)
        if item.get("chapter"):
            meta["chapter"] = item["chapter"]
        if item.get("kind"):
            meta["kind"] = item["kind"]
        pieces = [text] if len(text) <= MAX_CHARS else pack(split_sentences(text))
        for piece in pieces:
            chunks.append(Chunk(text=piece, source=source, title=title, doc_type=doc_type, page=item["page"],
                                section=item["section"], metadata=meta))
    return chunks


_OWN_NUMBER = re.compile(r"^[#*\s（(]*(?:文号\**[:：]\**\s*)?|[）)*\s]*$")


def policy_metadata(text: str) -> dict[str, str]:
    """文号, effective date, expiry and district of a policy, where the text states them. The 文号 is the one written on
    a line of its own (under the heading: 京政发﹝2009﹞14号, （某人社规〔2025〕3号）, 文号：…); a number the text only
    cites (根据《…》（某政发〔2017〕46号）) is another document's."""
    meta: dict[str, str] = {}
    own = [ln for ln in (_OWN_NUMBER.sub("", ln) for ln in text.splitlines()) if DOC_NUMBER.fullmatch(ln)]
    if own:
        meta["doc_number"] = doc_numbers(own[0])[0]
    if m := _EFFECTIVE.search(text):
        meta["effective_date"] = m.group(1)
    if m := _EXPIRES.search(text):
        meta["expires"] = m.group(1) or m.group(2)
    return meta


# A notice that issues rules (关于印发《甲办法》和《乙办法》的通知): the rules it issues are named in the title.
ISSUING = re.compile(r"^关于印发((?:《[^《》]+》[和、及]?)+)的通知$")


def issued_rule(title: str, lines: list[str]) -> dict[str, str]:
    """The one rule whose text a notice issuing several holds: the only rule of its title that the body writes as a
    heading line of its own ({"rule": 乙办法}); {} when the notice issues one rule or holds several."""
    issued = ISSUING.match(title)
    names = re.findall(r"《([^《》]+)》", issued.group(1)) if issued else []
    headings = {re.sub(r"^#+\s*", "", ln) for ln in lines}
    held = [n for n in names if n in headings]
    return {"rule": held[0]} if len(names) > 1 and len(held) == 1 else {}


_ENUM_PREFIX = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|\d+[、.．]|[（(][一二三四五六七八九十\d]+[)）])\s*")
_PROGRAMME_NAME = re.compile(r"^专业名称\s*[:：]\s*(.+)$")
# A heading line naming one programme and its code: 数控技术（专业代码：460103）, 3. 数控技术(460103)
_PROGRAMME_HEADING = re.compile(r"^(?:#+\s*)?(.{2,30}?)\s*[（(]\s*(?:专业代码\s*[:：]?\s*)?(\d{6}K?)\s*[)）]$")
_COLLEGE = re.compile(r"([\u4e00-\u9fff]{2,20}?(?:职业技术学院|技师学院|职业学院|学院|学校|大学))")


_MD_LEVEL = re.compile(r"^(#{2,6})\s+(.+)$")


def _fielded_headings(lines: list[str]) -> set[int]:
    """The heading lines (any Markdown level) whose own section, up to the next heading, opens a line with its code
    (- 专业代码：530701, **专业代码**：530701): each names a programme (### 5. 电子商务), and the headings above them
    are the college's."""
    fielded: set[int] = set()
    current = None
    for i, line in enumerate(lines):
        if _MD_LEVEL.match(line):
            current = i
        elif current is not None and PROGRAMME_CODE.match(line.lstrip("-*• ").replace("**", "")):
            fielded.add(current)
    return fielded


def _programme_heading(line: str, coded: bool) -> tuple[str, bool] | None:
    """(heading, names a programme) when ``line`` opens a section of a catalogue, else None. A programme is a heading
    with a code (数控技术（专业代码：460103）, ### 3. 数控技术（460103）) or a 专业名称 line; in a catalogue without
    codes every ## heading is one. A catalogue with codes may have other ## sections (专业一览, 报名与咨询): those are
    the college's, not a programme's."""
    md = _MD_LEVEL.match(line)
    bare = _ENUM_PREFIX.sub("", (md.group(2) if md else line).strip())
    if m := _PROGRAMME_NAME.match(bare):
        return _ENUM_PREFIX.sub("", m.group(1).strip()), True
    if (m := _PROGRAMME_HEADING.match(bare)) and "：" not in m.group(1):
        return f"{m.group(1).strip()}（专业代码：{m.group(2)}）", True
    if md and len(md.group(1)) == 2:
        return bare, not coded
    return None


def _tabled_programmes(lines: list[str]) -> set[str]:
    """The programmes a catalogue's tables name: the cells under a programme-name column (专业名称, 专业)."""
    names: set[str] = set()
    column = None
    for line in lines:
        if not _is_table_row(line):
            column = None
            continue
        cells = _table_cells(line)
        if column is None:
            column = next((i for i, h in enumerate(cells) if h.endswith("专业名称") or h == "专业"), -1)
        elif 0 <= column < len(cells) and not re.fullmatch(r"[\s:\-]*", cells[column]):
            names.add(cells[column])
    return names


def _row_programme(row: str) -> dict[str, str]:
    """A catalogue table row (专业代码：460305；专业名称：工业机器人技术；…) → its programme and code, if it names them."""
    fields = dict(f.split("：", 1) for f in row.rstrip("。").split("；") if "：" in f)
    meta = {}
    if name := next((v for k, v in fields.items() if k.endswith("专业名称") or k == "专业"), ""):
        meta["programme"] = name.strip()
    if code := next((v for k, v in fields.items() if "代码" in k and re.fullmatch(r"\d{6}K?", v.strip())), ""):
        meta["programme_code"] = code.strip()
    return meta


def programme_chunks(pages: list[Page], source: str, title: str, extra: dict | None = None) -> list[Chunk]:
    """A programme catalogue (Markdown or PDF): one passage per programme section, with its college, name and code
    as metadata; the text before the first programme is the college's 简介, and its other sections (an overview
    table, how to apply) are the college's passages, a table one passage per row."""
    text = "\n".join(p.text for p in pages)
    m = _COLLEGE.match(title) or _COLLEGE.search(text[:2000])
    college = m.group(1) if m else title
    base = dict(extra or {})
    lines = [ln.strip() for ln in text.splitlines()]
    # A catalogue whose headings carry codes, or whose overview table names the programmes (一、招生专业一览 with a
    # 专业名称 column), has other ## sections that are the college's (特别说明, 联系方式), not programmes.
    tabled = _tabled_programmes(lines)
    fielded = _fielded_headings(lines)
    coded = any((h := _programme_heading(ln, True)) and h[1] for ln in lines) or bool(tabled) or bool(fielded)
    sections: list[tuple[str, bool, list[str]]] = [("简介", False, [])]
    for i, line in enumerate(lines):
        heading = _programme_heading(line, coded)
        if i in fielded:
            heading = (_ENUM_PREFIX.sub("", _MD_LEVEL.match(line).group(2).strip()), True)
        if heading:
            sections.append((*heading, []))
        elif line and not re.fullmatch(r"[-*_]{3,}", line) and not line.startswith("# ") and line != title:
            sections[-1][2].append(line.lstrip("#").strip() if line.startswith("#") else line)
    chunks: list[Chunk] = []
    for heading, is_programme, body in sections:
        is_programme = is_programme or heading in tabled  # ## 数控技术 under an overview table naming it
        if not is_programme:
            rows = [ln for ln in body if _is_table_row(ln)]
            prose = "\n".join(ln for ln in body if not _is_table_row(ln)).strip()
            if prose:
                prefix = "" if heading == "简介" else f"{college}{heading}："
                for piece in [prose] if len(prose) <= MAX_CHARS * 1.5 else pack(split_sentences(prose)):
                    chunks.append(Chunk(text=prefix + piece, source=source, title=title, doc_type="programme",
                                        section=heading, metadata=base | {"college": college}))
            caption = f"{college}{heading}"
            for row in _table_chunks(rows, {"caption": caption}) if rows else []:
                named = _row_programme(row["text"][len(caption) + 1:])
                chunks.append(Chunk(text=row["text"], source=source, title=title, doc_type="programme", section=heading,
                                    metadata=base | {"college": college, "kind": "table_row"} | named))
            continue
        meta = base | {"college": college, "programme": re.split(r"[（(]", heading)[0].strip()}
        if m := PROGRAMME_CODE.search(heading + "\n".join(body)):
            meta["programme_code"] = m.group(1)
        lines = [ln.lstrip("-*• ").replace("**", "").strip() for ln in body]
        body_text = f"{college}{heading}：" + "；".join(ln for ln in lines if ln)
        pieces = [body_text] if len(body_text) <= MAX_CHARS * 1.5 else pack(split_sentences(body_text.replace("；", "；\n")))
        for piece in pieces:
            if not piece.startswith(college):
                piece = f"{college}{heading}：{piece}"
            chunks.append(Chunk(text=piece, source=source, title=title, doc_type="programme", section=heading, metadata=meta))
    return chunks


POSTING_LABELS = {
    "title": "岗位", "company": "公司", "district": "工作地点", "salary": "薪资", "education": "学历",
    "experience": "经验", "skills": "技能要求", "requirements": "任职要求", "description": "岗位描述", "openings": "招聘人数",
    "posted_at": "发布日期",
}


def posting_chunks(postings: list[Posting], source: str, title: str) -> list[Chunk]:
    """One posting = one passage; every field kept as metadata, unknown columns kept as text."""
    chunks = []
    for p in postings:
        f = p.fields
        parts = [f"{POSTING_LABELS[k]}：{f[k]}" for k in POSTING_LABELS if f.get(k)]
        # a second column for a field already filled (工作地址 after 所在区) stays in the metadata, answerable, but
        # out of the text: the district written twice would pull the postings into every question naming it
        parts += [f"{k}：{v}" for k, v in f.items() if k not in POSTING_LABELS and k not in ("id", "city") and not is_alias(k)]
        pid = f.get("id") or f"{source}#{p.row}"
        meta = {k: v for k, v in f.items()}
        meta["id"] = pid
        chunks.append(Chunk(text="；".join(parts) + "。", source=source, title=f.get("title") or title, doc_type="job",
                            section=f"{pid} {f.get('title', '')}".strip(), metadata=meta))
    return chunks


def header_chunk(source: str, title: str, doc_type: DocType, meta: dict[str, str]) -> Chunk:
    """The document's identity as a passage of its own: title, 文号, effective date, expiry."""
    parts = [f"《{title}》文号：{meta['doc_number']}"]
    if meta.get("effective_date"):
        parts.append(f"自{meta['effective_date']}起施行")
    if meta.get("expires"):
        parts.append(f"有效期{'至' if '日' in meta['expires'] else ''}{meta['expires']}")
    return Chunk(text="；".join(parts) + "。", source=source, title=title, doc_type=doc_type, page=1, section="文件信息",
                 metadata=dict(meta))
