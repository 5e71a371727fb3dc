"""What a file really is: magic bytes against the extension, and the text encoding (UTF-8 or GBK/GB18030)."""

from __future__ import annotations

from pathlib import Path

from core.errors import IngestError

SUPPORTED = (".pdf", ".md", ".txt", ".csv", ".jsonl", ".xlsx")

# Magic numbers of common binary formats that sometimes arrive renamed.
_BINARY_MAGIC = {
    b"MZ": "a Windows executable",
    b"\x7fELF": "an ELF executable",
    b"PK\x03\x04": "a ZIP/Office archive",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\xd0\xcf\x11\xe0": "an old Office document",
    b"\x1f\x8b": "a gzip archive",
    b"Rar!": "a RAR archive",
    b"7z\xbc\xaf": "a 7z archive",
}


def check_content(name: str, data: bytes) -> str:
    """Return the lower-case extension after checking the bytes match it; raise IngestError naming the file otherwise."""
    ext = Path(name).suffix.lower()
    if ext not in SUPPORTED:
        raise IngestError(f"{name}: unsupported file type {ext or '(none)'}; use {' '.join(SUPPORTED)}")
    if not data.strip():
        raise IngestError(f"{name}: empty file")
    head = data[:1024]
    if ext == ".pdf":
        if b"%PDF-" not in head:
            raise IngestError(f"{name}: not a PDF (content is {describe(head)})")
        return ext
    if ext == ".xlsx":  # an Office Open XML workbook is a ZIP archive
        if not head.startswith(b"PK\x03\x04"):
            raise IngestError(f"{name}: not an .xlsx workbook (content is {describe(head)})")
        return ext
    for magic, what in _BINARY_MAGIC.items():
        if head.startswith(magic):
            raise IngestError(f"{name}: content is {what}, not {ext} text")
    if head.startswith(b"%PDF-"):
        raise IngestError(f"{name}: content is a PDF, not {ext} text; rename it to .pdf")
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise IngestError(f"{name}: binary content, not {ext} text")
    return ext


def describe(head: bytes) -> str:
    for magic, what in _BINARY_MAGIC.items():
        if head.startswith(magic):
            return what
    try:
        head.decode("utf-8")
        return "text"
    except UnicodeDecodeError:
        return "unrecognised binary data"


def decode_text(name: str, data: bytes) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, or GBK/GB18030; raise IngestError if none fits."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise IngestError(f"{name}: text encoding not recognised (expected UTF-8 or GBK)") from None
        return str(best)
