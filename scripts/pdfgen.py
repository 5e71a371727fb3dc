"""Render the sample policy PDFs (and deliberately broken variants for tests) with reportlab.

Source markup (``knowledge/corpus_src/policies/*.md``), UTF-8:

    title: 南江市云溪区青年人才生活补贴办法        front matter: ``key: value`` lines up to the first blank line
    doc_no: 云人社规〔2025〕3号                    keys: title (required), doc_no, header, issuer, date
    header: 南江市云溪区人力资源和社会保障局

    ## 第一章 总则                               chapter heading (centred, bold)
    第一条 为……，制定本办法。                   any other non-empty line is one paragraph
    ### 附表 补贴标准表                          table caption
    | 学历 | 每月补贴 | 最长期限 |                table rows; the first row of a block is the header row

The running header (``header`` or the ``header=`` argument) and a footer "第 N 页 共 M 页" are drawn on
every page. Output is byte-for-byte deterministic (reportlab ``invariant=1``).
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import KeepTogether

FONT = "STSong-Light"  # Adobe CID font built into reportlab and every PDF reader: no font file needed
_PAGE_W, _PAGE_H = A4


@dataclass
class PolicySource:
    """A parsed policy source file."""

    title: str
    doc_no: str = ""
    header: str = ""
    issuer: str = ""
    date: str = ""
    blocks: list[tuple[str, object]] = field(default_factory=list)  # (kind, payload)


def parse_policy_source(src_text: str) -> PolicySource:
    """Parse the markup described in the module docstring; raise ValueError on a malformed source."""
    lines = src_text.replace("\r\n", "\n").split("\n")
    meta: dict[str, str] = {}
    i = 0
    while i < len(lines) and lines[i].strip():
        key, sep, value = lines[i].partition(":")
        if not sep:
            raise ValueError(f"front matter line {i + 1} is not 'key: value': {lines[i]!r}")
        meta[key.strip()] = value.strip()
        i += 1
    if not meta.get("title"):
        raise ValueError("policy source has no 'title:' line")
    src = PolicySource(
        title=meta["title"],
        doc_no=meta.get("doc_no", ""),
        header=meta.get("header", ""),
        issuer=meta.get("issuer", ""),
        date=meta.get("date", ""),
    )
    table: list[list[str]] | None = None
    for raw in lines[i:]:
        line = raw.strip()
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if table is None:
                table = []
                src.blocks.append(("table", table))
            table.append(cells)
            continue
        table = None
        if not line:
            continue
        if line.startswith("### "):
            src.blocks.append(("caption", line[4:].strip()))
        elif line.startswith("## "):
            src.blocks.append(("chapter", line[3:].strip()))
        else:
            src.blocks.append(("para", line))
    return src


def _register_font() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=12, leading=21, wordWrap="CJK", firstLineIndent=24)
    return {
        "title": ParagraphStyle("title", parent=base, fontSize=18, leading=28, alignment=TA_CENTER,
                                firstLineIndent=0, spaceAfter=6),
        "doc_no": ParagraphStyle("doc_no", parent=base, alignment=TA_CENTER, firstLineIndent=0, spaceAfter=10),
        "chapter": ParagraphStyle("chapter", parent=base, fontSize=13, alignment=TA_CENTER, firstLineIndent=0,
                                  spaceBefore=8, spaceAfter=4),
        "body": base,
        "caption": ParagraphStyle("caption", parent=base, alignment=TA_CENTER, firstLineIndent=0,
                                  spaceBefore=8, spaceAfter=4),
        "cell": ParagraphStyle("cell", parent=base, fontSize=10.5, leading=15, firstLineIndent=0),
        "sign": ParagraphStyle("sign", parent=base, firstLineIndent=0, alignment=2),
    }


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _story(src: PolicySource) -> list:
    st = _styles()
    story: list = [Paragraph(_escape(src.title), st["title"])]
    if src.doc_no:
        story.append(Paragraph(_escape(src.doc_no), st["doc_no"]))
    pending_caption = None
    for kind, payload in src.blocks:
        if kind == "chapter":
            story.append(Paragraph(_escape(str(payload)), st["chapter"]))
        elif kind == "para":
            story.append(Paragraph(_escape(str(payload)), st["body"]))
        elif kind == "caption":
            pending_caption = Paragraph(_escape(str(payload)), st["caption"])
        elif kind == "table":
            rows = [[Paragraph(_escape(c), st["cell"]) for c in row] for row in payload]  # type: ignore[union-attr]
            ncols = max(len(r) for r in rows)
            rows = [r + [""] * (ncols - len(r)) for r in rows]
            width = _PAGE_W - 5 * cm
            table = Table(rows, colWidths=[width / ncols] * ncols, repeatRows=1)
            table.setStyle(TableStyle([
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.88, 0.88, 0.88)),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]))
            parts = [pending_caption, table] if pending_caption else [table]
            story.append(KeepTogether(parts) if len(payload) <= 8 else table)  # type: ignore[arg-type]
            story.append(Spacer(1, 6))
            pending_caption = None
    if src.issuer or src.date:
        story.append(Spacer(1, 18))
        for line in (src.issuer, src.date):
            if line:
                story.append(Paragraph(_escape(line), st["sign"]))
    return story


def _build(src: PolicySource, header: str, total_pages: int | None) -> tuple[bytes, int]:
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf, pagesize=A4, leftMargin=2.5 * cm, rightMargin=2.5 * cm, topMargin=2.8 * cm, bottomMargin=2.5 * cm,
        title=src.title, author=src.issuer or header, subject=src.doc_no, creator="Zhitu sample corpus",
        invariant=1,
    )

    def decorate(canvas, _doc) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 9)
        if header:
            canvas.drawString(2.5 * cm, _PAGE_H - 1.6 * cm, header)
            canvas.setLineWidth(0.5)
            canvas.line(2.5 * cm, _PAGE_H - 1.8 * cm, _PAGE_W - 2.5 * cm, _PAGE_H - 1.8 * cm)
        footer = f"第 {canvas.getPageNumber()} 页 共 {total_pages or '?'} 页"
        canvas.drawCentredString(_PAGE_W / 2, 1.4 * cm, footer)
        canvas.restoreState()

    doc.build(_story(src), onFirstPage=decorate, onLaterPages=decorate)
    return buf.getvalue(), doc.page


def render_policy_pdf(src_text: str, out_path: Path, *, header: str | None = None,
                      encrypt: str | None = None) -> None:
    """Render one policy source to an A4 PDF at ``out_path``.

    ``header`` overrides the source's ``header:`` line; ``encrypt`` password-protects the result (RC4-128,
    which pypdf can both write and read without the optional ``cryptography`` package).
    """
    _register_font()
    src = parse_policy_source(src_text)
    running = header if header is not None else (src.header or src.issuer)
    _, pages = _build(src, running, None)  # first pass only counts pages for "共 M 页"
    data, _ = _build(src, running, pages)
    if encrypt is not None:
        data = _encrypt(data, encrypt)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_bytes(data)


def _encrypt(data: bytes, password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=password, owner_password=password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def render_scanned_pdf(out_path: Path, *, pages: int = 1, seed: int = 0) -> None:
    """Write an image-only PDF that looks like a scanned notice: a raster page with no text layer."""
    from PIL import Image, ImageDraw, ImageFilter
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    rng = random.Random(seed)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    canvas = Canvas(str(out_path), pagesize=A4, invariant=1)
    for _ in range(pages):
        img = Image.new("L", (620, 877), 246)
        draw = ImageDraw.Draw(img)
        draw.rectangle((180, 60, 440, 78), fill=40)  # the "title"
        y = 120
        while y < 800:
            indent = 90 if rng.random() < 0.25 else 62
            draw.rectangle((indent, y, rng.randint(420, 560), y + 9), fill=rng.randint(30, 80))
            y += rng.choice((22, 22, 22, 36))
        draw.ellipse((420, 720, 540, 840), outline=90, width=4)  # a seal
        img = img.filter(ImageFilter.GaussianBlur(0.8)).rotate(0.6, fillcolor=246)
        canvas.drawImage(ImageReader(img), 0, 0, width=_PAGE_W, height=_PAGE_H)
        canvas.showPage()
    canvas.save()
