"""The ``dossier`` command: a thin shell over the library (ingest, pipeline, store, bench)."""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from dossier.bench import run_bench
from dossier.errors import ConfigurationError, DossierError
from dossier.evaluate import TASKS
from dossier.ingest import Failed, Rejected, read_articles
from dossier.ingestion import OUTCOMES, Ingestor
from dossier.model import Analysis, AnalysisFailure, Article, IngestResult, analysis_record
from dossier.pipeline import Analyzer, load_pipeline
from dossier.pipeline.cues import DEFAULT_MODEL_PATH
from dossier.settings import Settings, help_for
from dossier.store import Store, open_store
from dossier.train import train_cues

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

PathsArg = Annotated[list[str], typer.Argument(help="Files, folders (read recursively) or - for stdin.")]
DbOption = Annotated[str | None, typer.Option("--db", help=help_for("db"), envvar="DOSSIER_DB")]


@app.command()
def analyze(
    paths: PathsArg,
    as_json: Annotated[bool, typer.Option("--json", help="One analysis record per line (JSON Lines).")] = False,
) -> None:
    """Analyse articles without touching a database."""
    settings = Settings.from_env()
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
            _print_outcome("failed", analysis.article.metadata.get("source", analysis.article.id), analysis.error)
        elif as_json:
            sys.stdout.write(json.dumps(analysis_record(analysis), ensure_ascii=False) + "\n")
        else:
            _print_analysis(analysis)
    if outcomes:
        raise typer.Exit(EXIT_REJECTED)


@app.command()
def ingest(paths: PathsArg, db: DbOption = None) -> None:
    """Read, deduplicate, analyse and store articles; re-running on the same input changes nothing."""
    settings = Settings.from_env(db=db)
    store = open_store(settings.db)
    try:
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
        out.print(_summary_line(outcomes), highlight=False)
    finally:
        store.close()
    if outcomes["rejected"] or outcomes["failed"]:
        raise typer.Exit(EXIT_REJECTED)


@app.command("eval")
def evaluate(
    task: Annotated[str, typer.Argument(help=f"One of: {', '.join(TASKS)}.")],
    data: Annotated[Path, typer.Option("--data", help="The data set, in the task's standard format.")],
) -> None:
    """Score a capability on a standard annotated data set; the last line is `TASK metric=value …`."""
    if task not in TASKS:
        raise ConfigurationError(f"unknown eval task {task!r}; choose one of: {', '.join(TASKS)}")
    if not data.exists():
        raise ConfigurationError(f"--data {data} does not exist")
    settings = Settings.from_env()
    report = TASKS[task](data, Analyzer.from_settings(settings))
    for line in report.lines():
        out.print(line, highlight=False)


@app.command()
def train(
    what: Annotated[str, typer.Argument(help="What to train: cues (the attribution-cue scorer).")],
    data: Annotated[Path, typer.Option("--data", help="PolNeAR-format training folder (text/, attributions/).")],
    output: Annotated[Path, typer.Option("--out", help="Where to write the model.")] = DEFAULT_MODEL_PATH,
) -> None:
    """Train a learned component from annotated data (needs the `train` extra: scikit-learn)."""
    if what != "cues":
        raise ConfigurationError(f"unknown training target {what!r}; the one target is: cues")
    settings = Settings.from_env()
    card = train_cues(data, load_pipeline(settings.spacy_model, statements=False), output)
    for key, value in card.items():
        out.print(f"{key}: {value}", highlight=False)
    out.print(f"wrote {output}", highlight=False)


@app.command()
def bench(
    data: Annotated[str, typer.Option("--data", help="Articles to time (any input format; e.g. VOA JSONL).")],
    limit: Annotated[int | None, typer.Option(help="Use only the first N articles.")] = None,
) -> None:
    """Throughput and memory of the dossier pipeline against the bare spaCy model on the same texts."""
    report = run_bench([data], Settings.from_env(), limit)
    for line in report.lines():
        out.print(line, highlight=False)


def _progress() -> Progress:
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


def _summary_line(outcomes: Counter[str]) -> str:
    parts = " ".join(f"{name}={outcomes[name]}" for name in OUTCOMES)
    return f"ingest {parts}"


def _print_outcome(outcome: str, source: str, reason: str) -> None:
    err.print(f"[red]{outcome}[/red] {escape(source)}: {escape(reason)}", highlight=False)


def _print_stored(store: Store, article_ids: list[str]) -> None:
    if not article_ids:
        return
    table = Table(title="Stored articles", show_lines=False)
    for column in ("published", "title", "actors"):
        table.add_column(column)
    for column in ("statements", "quantities", "times"):
        table.add_column(column, justify="right")
    for article_id in article_ids[:_SHOWN_ROWS]:
        analysis = store.get(article_id)
        if analysis is not None:
            table.add_row(
                str(analysis.article.published or "?"),
                analysis.article.title or article_id,
                _actors(analysis),
                *(str(len(found)) for found in (analysis.statements, analysis.quantities, analysis.times)),
            )
    out.print(table)
    if len(article_ids) > _SHOWN_ROWS:
        out.print(f"… and {len(article_ids) - _SHOWN_ROWS} more")


def _actors(analysis: Analysis) -> str:
    counts = Counter(
        f"{e.actor.name} ({e.actor.code})" if e.actor.code else e.actor.name
        for e in analysis.entities
        if e.actor is not None
    )
    return ", ".join(name for name, _ in counts.most_common(6))


def _print_analysis(analysis: Analysis) -> None:
    article = analysis.article
    out.rule(article.title or article.id)
    out.print(f"published {article.published or '?'} · authors {', '.join(article.authors) or '?'} · "
              f"language {article.language or '?'}", highlight=False)
    if analysis.skipped:
        out.print(f"[yellow]analysis skipped:[/yellow] {analysis.skipped}")
        return
    for caption in article.captions:
        out.print(f"caption: {caption}", highlight=False)
    out.print(f"actors: {_actors(analysis)}", highlight=False)


def main() -> None:
    try:
        app()
    except DossierError as exc:  # configuration, model or database: nothing the batch itself could fix
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        sys.exit(EXIT_USAGE)
