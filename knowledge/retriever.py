"""Hybrid retrieval: dense (Chroma) + BM25 (jieba) fused by reciprocal rank fusion, with soft boosts from query
understanding and optional hard filters (document type, district, programme code)."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from core.places import place_mentions
from ingest.records import DOC_TYPES
from knowledge.query import QueryAnalysis, Vocabulary, analyse
from knowledge.tokenize import names_place


class HybridRetriever(BaseRetriever):
    """Dense + BM25 over the knowledge base. Each result's metadata carries source, title, page, section and score."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    kb: Any
    k: int = 5
    candidates: int = 30
    rrf_k: int = 60
    dense_weight: float = 1.0
    bm25_weight: float = 1.0
    boost: float = 0.35
    mode: str = "hybrid"  # hybrid | dense | bm25 (the latter two for comparison in the eval)
    doc_type: str | None = None
    district: str | None = None
    programme_code: str | None = None

    def refresh(self) -> None:
        """Pick up a version another writer (process, replica) made live; pins this thread to it."""
        self.kb.refresh()

    def vocabulary(self) -> Vocabulary:
        return vocabulary(self.kb)

    def analyse(self, query: str) -> QueryAnalysis:
        a = analyse(query, self.vocabulary())
        a.known = {t for t in a.terms if self.kb.lexical.knows(t)}
        return a

    # The term-index side of the small protocol the assistant depends on (assistant.knowledge.KnowledgeView).
    def knows(self, term: str) -> bool:
        """Does the term occur anywhere in the knowledge base?"""
        return self.kb.lexical.knows(term)

    def chunks_of(self, source: str) -> list[Document]:
        """Every live passage of one document, in order."""
        return [Document(page_content=text, metadata={**meta, "score": 0.0}, id=cid) for cid, text, meta in self.kb.chunks_of(source)]

    def postings(self) -> list[Document]:
        """Every live job posting as a passage, its fields in the metadata (cached until the knowledge base changes)."""
        return postings(self.kb)

    @property
    def embeddings(self):
        return self.kb.embeddings

    def _get_relevant_documents(
        self,
        query: str,
        *,
        run_manager: CallbackManagerForRetrieverRun,
        k: int | None = None,
        doc_type: str | None = None,
        district: str | None = None,
        programme_code: str | None = None,
        analysis: QueryAnalysis | None = None,
    ) -> list[Document]:
        k = k or self.k
        doc_type = doc_type or self.doc_type
        district = district or self.district
        programme_code = programme_code or self.programme_code
        kb = self.kb
        kb.refresh()
        types = [doc_type] if doc_type else list(DOC_TYPES)
        where = _where(district, programme_code)
        analysis = analysis or self.analyse(query)
        n = max(self.candidates, k * 3)

        fused: dict[str, float] = {}
        dense: dict[str, tuple[float, str, dict]] = {}
        bm25_scores: dict[str, float] = {}
        if self.mode in ("hybrid", "dense"):
            vector = kb.embeddings.embed_query(query)
            hits = [h for h in kb.vectors.query(vector, types, n * 2, where) if kb.is_live(h.metadata)][:n]
            for rank, h in enumerate(hits):
                dense[h.id] = (h.score, h.text, h.metadata)
                fused[h.id] = fused.get(h.id, 0.0) + self.dense_weight / (self.rrf_k + rank + 1)
        if self.mode in ("hybrid", "bm25"):
            lex = kb.lexical

            def allowed(chunk_id: str) -> bool:
                if not kb.live_id(chunk_id):
                    return False
                tags = lex.tags(chunk_id)
                return (tags["doc_type"] in types and (not district or tags.get("district") == district)
                        and (not programme_code or tags.get("programme_code") == programme_code))

            for rank, (cid, score) in enumerate(lex.search(query, n, allowed)):
                bm25_scores[cid] = score
                fused[cid] = fused.get(cid, 0.0) + self.bm25_weight / (self.rrf_k + rank + 1)
        if not fused:
            return []
        # Fetch text and metadata of BM25-only hits.
        missing: dict[str, list[str]] = {}
        for cid in fused:
            if cid not in dense:
                missing.setdefault(kb.lexical.tags(cid)["doc_type"], []).append(cid)
        rows = {cid: (None, text, meta) for t, ids in missing.items() for cid, (text, meta) in kb.vectors.by_ids(t, ids).items()}
        rows.update(dense)
        top_score = max(fused.values())
        scored = []
        for cid, base in fused.items():
            if cid not in rows:
                continue
            _, text, meta = rows[cid]
            if _exact(meta, analysis):  # a 专业代码 or 文号 named in the query: its passages lead, in their own order
                base += top_score
            score = base / top_score * (1.0 + self.boost * _matches(meta, analysis))
            scored.append((score, cid, text, meta))
        scored.sort(key=lambda x: -x[0])
        docs = []
        for score, cid, text, meta in scored[:k]:
            md = dict(meta)
            md["score"] = round(score, 4)
            md["dense_score"] = round(dense[cid][0], 4) if cid in dense else 0.0
            md["bm25_score"] = round(bm25_scores.get(cid, 0.0), 4)
            md.setdefault("section", "")
            docs.append(Document(page_content=text, metadata=md, id=cid))
        return docs


def expand_with_document(kb, docs: list[Document], doc_type: str = "policy") -> list[Document]:
    """The retrieved passages, then every other live passage of the top-ranked document (policies are short):
    retrieval finds the document, the answer step reads all of it."""
    if not docs or docs[0].metadata.get("doc_type") != doc_type:
        return docs
    source = docs[0].metadata["source"]
    seen = {d.id for d in docs}
    extra = [Document(page_content=text, metadata={**meta, "score": 0.0}, id=cid)
             for cid, text, meta in kb.chunks_of(source) if cid not in seen]
    return docs + extra


def _where(district: str | None, programme_code: str | None) -> dict | None:
    clauses = [{"district": district}] if district else []
    if programme_code:
        clauses.append({"programme_code": programme_code})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def _exact(meta: dict, a: QueryAnalysis) -> bool:
    """The passage belongs to a programme code or a 文号 the query names exactly (identifiers, not topics)."""
    return (bool(a.codes) and meta.get("programme_code") in a.codes) or (
        bool(a.doc_numbers) and meta.get("doc_number") in a.doc_numbers)


def _matches(meta: dict, a: QueryAnalysis) -> float:
    """How many of the detected soft signals a passage agrees with (type, district, programme/code, college, title)."""
    m = 0.0
    if a.doc_types and meta.get("doc_type") == a.doc_types[0]:
        m += 1.0
    if a.districts:
        d = meta.get("district") or ""
        text_district = d in a.districts or any(x in (meta.get("title") or "") for x in a.districts)
        m += 1.0 if text_district else (-0.5 if d or meta.get("doc_type") == "policy" else 0.0)
    if a.codes and meta.get("programme_code") in a.codes:
        m += 1.5
    elif a.programmes and meta.get("programme") in a.programmes:
        m += 1.0
    if a.colleges and meta.get("college") in a.colleges:
        m += 0.5
    if a.titles and meta.get("doc_type") == "job" and meta.get("title") in a.titles:
        m += 0.5
    return m


_VOCAB: dict[int, tuple[str, Vocabulary]] = {}


def vocabulary(kb) -> Vocabulary:
    """Names in the knowledge base, rebuilt when it changes."""
    gen = kb.generation
    cached = _VOCAB.get(id(kb))
    if cached and cached[0] == gen:
        return cached[1]
    metas = (m for t in DOC_TYPES for m in kb.vectors.iter_metadata(t) if kb.is_live(m))
    vocab = Vocabulary.from_metadata(metas)
    vocab.add_inside(named_inside(kb, sorted(vocab.policy_scope)))
    _VOCAB[id(kb)] = (gen, vocab)
    return vocab


def named_inside(kb, sources: list[str]) -> dict[str, set[str]]:
    """The places each policy's own text names (core.places, names at a phrase boundary only): the county-level cities
    and districts it lists, the groups it sets figures for (北三市). Provinces say where, not what is covered."""
    found: dict[str, set[str]] = {}
    for source in sources:
        for _, text, _ in kb.chunks_of(source):
            for place in place_mentions(text, strict=True):
                # 建立由市, 享受市: a verb or a function word before 市/区 is no name (jieba's general lexicon tells)
                if place.kind != "province" and names_place(text, place.name):
                    found.setdefault(place.name, set()).add(source)
    # 持杉屏区: a known place with a character before it is that place
    return {p: s for p, s in found.items() if not any(k != p and p.endswith(k) for k in found)}


_POSTINGS: dict[int, tuple[object, list[Document]]] = {}


def postings(kb) -> list[Document]:
    """The live job postings as passages, rebuilt when the knowledge base changes."""
    gen = kb.generation
    cached = _POSTINGS.get(id(kb))
    if cached and cached[0] == gen:
        return cached[1]
    docs = [Document(page_content=text, metadata={**meta, "score": 0.0}, id=cid)
            for cid, text, meta in kb.vectors.get("job") if kb.is_live(meta)]
    _POSTINGS[id(kb)] = (gen, docs)
    return docs
