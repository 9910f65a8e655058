"""The ``dossier`` command: a thin shell over the library (ingest, pipeline, store, queries, bench).

Each sub-command imports what it needs when it runs: ``dossier --help`` and ``dossier search`` must not
pay for loading spaCy, scikit-learn or the evaluation code.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from dossier.errors import ConfigurationError, DossierError
from dossier.export import Exported, ExportFormat
from dossier.model import OUTCOMES
from dossier.settings import Settings, help_for

if TYPE_CHECKING:
    from rich.progress import Progress

    from dossier.model import Analysis, Article
    from dossier.store import SqlStore

EXIT_REJECTED = 1  # some items rejected or failed
EXIT_USAGE = 2
_SHOWN_ROWS = 25

app = typer.Typer(
    help="Turn dated news articles into source-attributed, time-anchored, cross-checked knowledge.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

class Searched(StrEnum):
    articles = "articles"
    statements = "statements"
    claims = "claims"


PathsArg = Annotated[list[str], typer.Argument(help="Files, folders (read recursively) or - for stdin.")]
DbOption = Annotated[str | None, typer.Option("--db", help=help_for("db"), envvar="DOSSIER_DB")]
JsonOption = Annotated[bool, typer.Option("--json", help="One JSON record per line (JSON Lines).")]


@app.command()
def analyze(paths: PathsArg, as_json: JsonOption = False) -> None:
    """Analyse articles without touching a database."""
    from dossier.ingest import Failed, Rejected, read_articles
    from dossier.ingest.language import prefetch
    from dossier.model import AnalysisFailure, analysis_record, source_of
    from dossier.pipeline import Analyzer

    settings = Settings.from_env()
    prefetch()  # the language model loads while spaCy's does
    analyzer = Analyzer.from_settings(settings)
    outcomes: Counter[str] = Counter()

    def accepted() -> Iterator[Article]:
        for item in read_articles(paths, settings.limits):
            if isinstance(item, Rejected):
                outcomes["rejected"] += 1
                _print_outcome("rejected", item.source, item.reason)
            elif isinstance(item, Failed):
                outcomes["failed"] += 1
                _print_outcome("failed", item.source, item.error)
            else:
                yield item

    for analysis in analyzer.analyze(accepted()):
        if isinstance(analysis, AnalysisFailure):
            outcomes["failed"] += 1
            _print_outcome("failed", source_of(analysis.article), analysis.error)
        elif as_json:
            sys.stdout.write(json.dumps(analysis_record(analysis), ensure_ascii=False) + "\n")
        else:
            _print_analysis(analysis)
    if outcomes:
        raise typer.Exit(EXIT_REJECTED)


class Engine(StrEnum):
    local = "local"
    ray = "ray"


@app.command()
def ingest(
    paths: PathsArg,
    db: DbOption = None,
    engine: Annotated[Engine, typer.Option(help="local: this process; ray: analysis and embedding on Ray actors "
                                                "(pip install 'dossier[ray]'), the same stored result.")] = Engine.local,
    address: Annotated[str | None, typer.Option(help="With --engine ray: a running Ray cluster's address "
                                                     "(default: start Ray on this machine).")] = None,
    workers: Annotated[int, typer.Option(help="With --engine ray: actors, each with its own loaded pipeline.",
                                         min=1)] = 2,
) -> None:
    """Read, deduplicate, analyse and store articles; re-running on the same input changes nothing."""
    from dossier.ingest import read_articles
    from dossier.ingest.language import prefetch
    from dossier.ingestion import Ingestor
    from dossier.model import IngestResult
    from dossier.store import open_store

    if engine is Engine.local and address is not None:
        raise ConfigurationError("--address names a Ray cluster: it needs --engine ray")
    settings = Settings.from_env(db=db)
    store = open_store(settings.db)
    try:
        prefetch()  # the language model loads while spaCy's does
        if engine is Engine.ray:
            from dossier.ingestion_ray import RayIngestor

            ingestor: Ingestor | RayIngestor = RayIngestor(store, settings, workers, address)
        else:
            from dossier.pipeline import Analyzer

            ingestor = Ingestor(store, Analyzer.from_settings(settings), settings)
        stored: list[str] = []
        with _progress() as progress:
            task = progress.add_task("ingesting", total=None)

            def on_result(result: IngestResult) -> None:
                progress.advance(task)
                if result.outcome == "stored" and result.article_id:
                    stored.append(result.article_id)
                elif result.outcome in ("rejected", "failed"):
                    _print_outcome(result.outcome, result.source, result.reason or "")

            outcomes = ingestor.run(read_articles(paths, settings.limits), on_result)
        _print_stored(store, stored)
        out.print(_summary_line("ingest", outcomes), highlight=False)
    finally:
        store.close()
    if outcomes["rejected"] or outcomes["failed"]:
        raise typer.Exit(EXIT_REJECTED)


@app.command()
def search(
    text: Annotated[str, typer.Argument(help="Words to find (articles: every word must occur; statements and "
                                             "claims: the words as written, in a statement's content or source).")],
    within: Annotated[Searched, typer.Option("--in", help="What to search.")] = Searched.articles,
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="At most this many results.", min=1)] = 20,
    as_json: JsonOption = False,
) -> None:
    """Search the stored articles (full text, best match first), statements or claims (the latest first)."""
    from dossier import queries
    from dossier.model import article_record, placed_record, to_jsonable
    from dossier.render import print_listings, print_statements
    from dossier.store import open_store

    store = open_store(Settings.from_env(db=db).db)
    try:
        if within is Searched.articles:
            found = queries.search(store, text, limit)
            if not as_json:
                _print_stored(store, [a.id for a in found], title=f"{len(found)} found")
            records = [article_record(a) for a in found]
        elif within is Searched.statements:
            hits = queries.statements(store, text=text, limit=limit).items
            records = [{"article": h.article_id, "outlet": h.outlet, "published": to_jsonable(h.published),
                        "statement": placed_record(h.statement)} for h in hits]
            if not as_json:
                print_statements(out, hits)
        else:
            listed = queries.board(store, about=text, limit=limit).items
            records = [to_jsonable(c) for c in listed]
            if not as_json:
                print_listings(out, listed)
    finally:
        store.close()
    if as_json:
        for record in records:
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on; 0.0.0.0 opens it to the network.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
) -> None:
    """The HTTP API (OpenAPI at /docs) and the web UI (claim board at /) over a store, read-only unless
    DOSSIER_SERVE_TOKEN turns uploads on."""
    try:
        import uvicorn

        from dossier.api.app import create_app
    except ImportError as exc:
        raise ConfigurationError(f"dossier serve needs the serve extra ({exc.name} is missing): "
                                 "pip install 'dossier[serve]'") from exc
    from dossier.store import open_store

    settings = Settings.from_env(db=db)
    store = open_store(settings.db, read_only=not settings.serve_token)
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"warning: listening on {host}: anyone who can reach it can read this store", highlight=False)
    mode = "uploads on (token set)" if settings.serve_token else "read-only"
    err.print(f"serving {settings.db} ({mode}) at http://{host}:{port}/ — API docs at /docs", highlight=False)
    try:
        uvicorn.run(create_app(settings, store), host=host, port=port, log_level="warning")
    finally:
        store.close()


@app.command()
def claims(
    about: Annotated[str | None, typer.Option(help="Only claims naming this country code (PRK) or with these words.")]
    = None,
    since: Annotated[str | None, typer.Option(help="Only claims seen on or after this date (YYYY-MM-DD).")] = None,
    min_size: Annotated[int, typer.Option(help="Only claims with at least this many statements.", min=1)] = 2,
    limit: Annotated[int, typer.Option(help="At most this many claims.", min=1)] = 20,
    rebuild: Annotated[bool, typer.Option(help="Link every stored article into claims anew (in the order stored) "
                                          "before listing.")] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Claims across articles, the most followed first: status, independent sources and figures over time."""
    from datetime import date

    from dossier import queries
    from dossier.model import claim_record
    from dossier.store import open_store

    try:
        start = date.fromisoformat(since) if since else None
    except ValueError as exc:
        raise ConfigurationError(f"--since {since!r} is not a date such as 2024-10-17") from exc
    settings = Settings.from_env(db=db)
    store = open_store(settings.db)
    try:
        if rebuild:
            from dossier.claims.linking import ClaimLinking
            from dossier.ingestion import link_claims

            linked = link_claims(store, ClaimLinking(settings), rebuild=True)
            err.print(f"rebuilt claims from {linked} articles", highlight=False)
        found = queries.claims(store, about=about, since=start, min_size=min_size, limit=limit).items
    finally:
        store.close()
    if as_json:
        for claim in found:
            sys.stdout.write(json.dumps(claim_record(claim), ensure_ascii=False) + "\n")
    else:
        from dossier.render import print_claims

        print_claims(out, found)


@app.command()
def export(
    what: Annotated[Exported, typer.Argument(help="What to export.")] = Exported.events,
    fmt: Annotated[ExportFormat, typer.Option("--format", help="plover (events only: PLOVER JSON lines), jsonl "
                                              "(the contract's records), csv or parquet (one row per record; "
                                              "parquet needs the parquet extra).")] = ExportFormat.jsonl,
    output: Annotated[Path | None, typer.Option("--out", help="The file to write (default: standard output).")]
    = None,
    db: DbOption = None,
) -> None:
    """Every event, statement or claim of a store, streamed a page at a time (any size of store)."""
    from dossier.export.write import export as write_export
    from dossier.export.write import export_file
    from dossier.store import open_store

    if output is None and fmt is ExportFormat.parquet and sys.stdout.isatty():
        raise ConfigurationError("parquet is binary: write it to a file with --out PATH, or pipe standard output")
    store = open_store(Settings.from_env(db=db).db, read_only=True)
    try:
        written = (write_export(store, what, fmt, sys.stdout.buffer) if output is None
                   else export_file(store, what, fmt, output))
    finally:
        store.close()
    err.print(f"exported {written} {what} as {fmt}" + (f" to {output}" if output else ""), highlight=False)


@app.command()
def migrate(db: DbOption = None) -> None:
    """Bring the database's schema to this version of dossier (in one transaction, under a lock)."""
    from dossier.store import open_store
    from dossier.store.migrations import SCHEMA_VERSION

    store = open_store(Settings.from_env(db=db).db, upgrade=True)
    store.close()
    before = store.migrated_from
    change = f"from version {before} to {SCHEMA_VERSION}" if before != SCHEMA_VERSION else f"at version {before}"
    out.print(f"migrate {change}", highlight=False)


@app.command()
def reanalyze(
    db: DbOption = None,
    since_version: Annotated[
        str | None,
        typer.Option(help="Only articles analysed by a dossier release before this one (the pipeline changed since).")
    ] = None,
    everything: Annotated[bool, typer.Option("--all", help="Every stored original, even those analysed by this "
                                             "very pipeline.")] = False,
) -> None:
    """Run stored originals again through the current pipeline and replace their analyses."""
    from packaging.version import InvalidVersion, Version

    from dossier.ingestion import reanalyze as run_reanalysis
    from dossier.model import IngestResult
    from dossier.pipeline import Analyzer
    from dossier.store import open_store

    if since_version is not None:
        try:
            Version(since_version)
        except InvalidVersion as exc:
            raise ConfigurationError(f"--since-version {since_version!r} is not a version such as 0.1.0") from exc
    settings = Settings.from_env(db=db)
    store = open_store(settings.db)
    try:
        with _progress() as progress:
            task = progress.add_task("re-analysing", total=None)

            def on_result(result: IngestResult) -> None:
                progress.advance(task)
                if result.outcome == "failed":
                    _print_outcome("failed", result.source, result.reason or "")

            outcomes = run_reanalysis(store, Analyzer.from_settings(settings), settings, everything, since_version,
                                      on_result)
    finally:
        store.close()
    out.print(_summary_line("reanalyze", outcomes, ("stored", "failed")), highlight=False)
    if outcomes["failed"]:
        raise typer.Exit(EXIT_REJECTED)


@app.command("eval")
def evaluate(
    task: Annotated[str, typer.Argument(help="The capability to score (attribution, timex, quantities, events…).")],
    data: Annotated[Path, typer.Option("--data", help="The data set, in the task's standard format.")],
) -> None:
    """Score a capability on a standard annotated data set; the last line is `TASK metric=value …`."""
    from dossier.evaluate import TASKS
    from dossier.pipeline import Analyzer
    from dossier.pipeline.cues import DEFAULT_MODEL_PATH

    if task not in TASKS:
        raise ConfigurationError(f"unknown eval task {task!r}; choose one of: {', '.join(TASKS)}")
    if not data.exists():
        raise ConfigurationError(f"--data {data} does not exist")
    settings = Settings.from_env()
    analyzer = Analyzer.from_settings(settings)
    cue_model = Path(settings.cue_model) if settings.cue_model else DEFAULT_MODEL_PATH
    digest = hashlib.sha256(cue_model.read_bytes()).hexdigest()[:12]
    out.print(f"scoring pipeline {analyzer.version} with cue model {cue_model} (sha256 {digest}…)", highlight=False)
    report = TASKS[task](data, analyzer)
    for line in report.lines():
        out.print(line, highlight=False)


@app.command()
def train(
    what: Annotated[str, typer.Argument(help="What to train: cues (the attribution-cue scorer, on PolNeAR), linking "
                                        "(the claim-linking settings, on Emergent), cells (where linking looks for "
                                        "a claim, on any news text) or stance (on Emergent and FNC-1).")],
    data: Annotated[Path, typer.Option("--data", help="PolNeAR-format training folder (text/, attributions/) for "
                                       "cues; the Emergent CSV for linking and stance; articles dossier can read "
                                       "(a folder of text files, JSONL…) for cells.")],
    output: Annotated[Path | None, typer.Option("--out", help="Where to write the model (default: the bundled "
                                                "one's place).")] = None,
    fnc: Annotated[Path | None, typer.Option("--fnc", help="stance: the FNC-1 folder (*bodies*.csv, *stances*.csv) "
                                             "for the article-level model.")] = None,
    cross_validate: Annotated[bool, typer.Option("--cross-validate", help="stance: print held-out scores (folds by "
                                                 "claim; FNC-1 by headline and by story) and write nothing.")] = False,
) -> None:
    """Train a learned component from annotated data (cues and stance need the `train` extra: scikit-learn)."""
    if not data.exists():
        raise ConfigurationError(f"--data {data} does not exist")
    settings = Settings.from_env()
    if what == "cues":
        from dossier.pipeline import load_pipeline
        from dossier.pipeline.cues import DEFAULT_MODEL_PATH
        from dossier.train import train_cues

        target = output or DEFAULT_MODEL_PATH
        card = train_cues(data, load_pipeline(settings.spacy_model, statements=False), target)
    elif what == "linking":
        from dossier.claims.linker import DEFAULT_MODEL_PATH as LINKING_MODEL_PATH
        from dossier.pipeline import Analyzer
        from dossier.train_linking import train_linking

        target = output or LINKING_MODEL_PATH
        card = train_linking(data, Analyzer.from_settings(settings), settings, target)
    elif what == "cells":
        from dossier.claims.cells import DEFAULT_CELLS_PATH
        from dossier.train_cells import train_cells

        target = output or DEFAULT_CELLS_PATH
        card = train_cells(data, settings, target)
    elif what == "stance":
        from dossier.claims.stance import DEFAULT_MODEL_PATH as STANCE_MODEL_PATH
        from dossier.pipeline import Analyzer
        from dossier.train_stance import cross_validate_stance, train_stance

        if cross_validate:
            for line in cross_validate_stance(fnc or data, Analyzer.from_settings(settings)).lines():
                out.print(line, highlight=False)
            return
        target = output or STANCE_MODEL_PATH
        card = train_stance(data, fnc, target)
    else:
        raise ConfigurationError(f"unknown training target {what!r}; the targets are: cues, linking, cells, stance")
    for key, value in card.items():
        out.print(f"{key}: {value}", highlight=False)
    out.print(f"wrote {target}", highlight=False)


@app.command()
def bench(
    data: Annotated[str, typer.Option("--data", help="Articles to time (any input format; e.g. VOA JSONL).")],
    limit: Annotated[int | None, typer.Option(help="Use only the first N articles.")] = None,
) -> None:
    """Throughput and memory of the dossier pipeline against the bare spaCy model on the same texts."""
    from dossier.bench import run_bench

    report = run_bench([data], Settings.from_env(), limit)
    for line in report.lines():
        out.print(line, highlight=False)


def _progress() -> Progress:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )


def _summary_line(command: str, outcomes: Counter[str], names: tuple[str, ...] = OUTCOMES) -> str:
    return f"{command} " + " ".join(f"{name}={outcomes[name]}" for name in names)


def _print_outcome(outcome: str, source: str, reason: str) -> None:
    err.print(f"[red]{outcome}[/red] {escape(source)}: {escape(reason)}", highlight=False)


def _print_stored(store: SqlStore, article_ids: list[str], title: str = "Stored articles") -> None:
    from rich.table import Table

    from dossier.queries import summaries

    if not article_ids:
        return
    table = Table(title=title, show_lines=False)
    for column in ("published", "title", "actors"):
        table.add_column(column)
    for column in ("statements", "quantities", "times"):
        table.add_column(column, justify="right")
    for summary in summaries(store, article_ids[:_SHOWN_ROWS]):
        article = summary.article
        table.add_row(str(article.published or "?"), escape(article.title or article.id), escape(", ".join(summary.actors)),
                      str(summary.statements), str(summary.quantities), str(summary.times))
    out.print(table)
    if len(article_ids) > _SHOWN_ROWS:
        out.print(f"… and {len(article_ids) - _SHOWN_ROWS} more")


def _print_analysis(analysis: Analysis) -> None:
    article = analysis.article
    out.rule(escape(article.title or article.id))
    out.print(f"published {article.published or '?'} · authors {', '.join(article.authors) or '?'} · "
              f"language {article.language or '?'}", highlight=False)
    if analysis.skipped:
        out.print(f"[yellow]analysis skipped:[/yellow] {escape(analysis.skipped)}")
        return
    for caption in article.captions:
        out.print(f"caption: {caption}", highlight=False)
    named = Counter(f"{e.actor.name} ({e.actor.code})" if e.actor.code else e.actor.name
                    for e in analysis.entities if e.actor is not None)
    out.print(f"actors: {', '.join(name for name, _ in named.most_common(6))}", highlight=False)


def main() -> None:
    try:
        app()
    except DossierError as exc:  # configuration, model or database: nothing the batch itself could fix
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
        sys.exit(EXIT_USAGE)

