"""Knowledge-base commands: ingest, docs, search."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from zhitu.cli.output import echo_json

TYPES = click.Choice(["policy", "programme", "job"])
INGEST_TYPES = click.Choice(["policy", "programme", "job", "seeker"])


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--type", "doc_type", type=INGEST_TYPES,
              help="Document type (seeker = anonymised job-seeker registrations); detected from the content when omitted.")
@click.option("--json", "as_json", is_flag=True, help="Print the result of every file as JSON.")
@click.pass_obj
def ingest(services, paths, doc_type, as_json):
    """Ingest files or folders (.pdf .md .txt .csv .jsonl .xlsx). Unchanged files are skipped; failures are listed, one
    per line. Registration exports (type seeker) keep only anonymised fields: names, ID numbers and phones are dropped."""
    from ingest.pipeline import iter_files

    files = iter_files(list(paths))
    bar = None
    if sys.stderr.isatty() and len(files) > 1:
        from tqdm import tqdm

        bar = tqdm(total=len(files), unit="file", file=sys.stderr)
    report = services.kb.ingest_paths(list(paths), doc_type, progress=(lambda _name: bar.update(1)) if bar else None)
    if bar:
        bar.close()
    for r in report.failed:
        click.echo(f"error: {r.message}", err=True)
    if as_json:
        echo_json([r.__dict__ for r in report.results])
    else:
        for r in report.results:
            if r.status != "failed":
                unit = "registrations" if r.doc_type == "seeker" else "chunks"
                click.echo(f"{r.status:9} {r.source} (v{r.version}, {r.chunks} {unit}, {r.doc_type})")
    if report.failed:
        sys.exit(1)


@click.command()
@click.option("--json", "as_json", is_flag=True)
@click.option("--delete", "delete", metavar="NAME", help="Delete a document and all its chunks.")
@click.pass_obj
def docs(services, as_json, delete):
    """List the documents in the knowledge base (or delete one)."""
    if delete:
        rec = services.kb.delete(delete)
        click.echo(f"deleted {rec.source} ({rec.chunks} chunks)")
        return
    records = services.kb.documents()
    scopes = services.kb.scopes()
    empty = {"places": [], "issuer": "", "covers": []}
    if as_json:
        echo_json([r.to_json() | {"scope": scopes.get(r.source, empty)} for r in records])
        return
    for r in records:
        places = "、".join(scopes.get(r.source, empty)["places"])
        unit = "registrations" if r.doc_type == "seeker" else "chunks"
        click.echo(f"{r.doc_type:9} v{r.version:<3} {r.chunks:4} {unit}  {r.source}  {r.title}" + (f"  [{places}]" if places else ""))


@click.command()
@click.argument("query")
@click.option("--k", default=5, show_default=True, help="How many passages.")
@click.option("--type", "doc_type", type=TYPES, help="Only this document type.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def search(services, query, k, doc_type, as_json):
    """Search the knowledge base (dense + BM25)."""
    docs_ = services.retriever(k=k).invoke(query, doc_type=doc_type)
    rows = [{"source": d.metadata["source"], "title": d.metadata.get("title", ""), "page": d.metadata.get("page", 1),
             "section": d.metadata.get("section", ""), "score": d.metadata["score"], "text": d.page_content} for d in docs_]
    if as_json:
        echo_json(rows)
        return
    for i, r in enumerate(rows, 1):
        click.echo(f"[{i}] {r['score']:.3f} {r['source']} p{r['page']} {r['section']}\n    {r['text'][:160]}")


def register(main: click.Group) -> None:
    for cmd in (ingest, docs, search):
        main.add_command(cmd)
