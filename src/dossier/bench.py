"""``dossier bench``: the dossier pipeline against the bare spaCy model, on the same texts, in one process.

Both sides are warmed up first and timed alternately (best of ``repeat``), so
a noisy neighbour slows both rather than one. The pipeline side is the whole
ingest job — cleaning, deduplication, analysis and SQLite storage — since that
is what a user waits for. Each dossier component's cost is the time it spends
itself, as a share of the whole analysis: timing a run without it instead
measures the difference of two noisy runs, which on a hundred articles swings
by ten points.
"""

from __future__ import annotations

import resource
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import spacy

from dossier.errors import ConfigurationError
from dossier.ingest import read_articles
from dossier.ingestion import Ingestor
from dossier.model import Article
from dossier.pipeline import Analyzer
from dossier.settings import Settings
from dossier.store import open_store

_WARMUP_ARTICLES = 4
# Each one's share of the analysis time is reported.
MEASURED_COMPONENTS = ("dossier_statements", "dossier_quantities", "dossier_times")


@dataclass(frozen=True, slots=True)
class BenchReport:
    articles: int
    words: int
    model_seconds: float
    pipeline_seconds: float
    stages: dict[str, float] = field(default_factory=dict)

    @property
    def model_articles_per_s(self) -> float:
        return self.articles / self.model_seconds

    @property
    def pipeline_articles_per_s(self) -> float:
        return self.articles / self.pipeline_seconds

    def lines(self) -> list[str]:
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        extras = " ".join(f"{name}={value:.1f}" for name, value in self.stages.items())
        return [
            f"{self.articles} articles, {self.words} words",
            f"bench model_articles_per_s={self.model_articles_per_s:.2f} "
            f"pipeline_articles_per_s={self.pipeline_articles_per_s:.2f} "
            f"ratio={self.pipeline_articles_per_s / self.model_articles_per_s:.3f} "
            f"words_per_s={self.words / self.pipeline_seconds:.0f} peak_rss_mb={peak_mb:.0f}"
            + (f" {extras}" if extras else ""),
        ]


def run_bench(paths: list[str], settings: Settings, limit: int | None = None, repeat: int = 2) -> BenchReport:
    articles = [a for a in islice(read_articles(paths, settings.limits), limit) if isinstance(a, Article)]
    if not articles:
        raise ConfigurationError(f"no readable articles in {', '.join(paths)}; point --data at news articles")
    texts = [a.body for a in articles]
    bare = spacy.load(settings.spacy_model)
    analyzer = Analyzer.from_settings(settings)
    list(bare.pipe(texts[:_WARMUP_ARTICLES]))
    list(analyzer.analyze_strict(articles[:_WARMUP_ARTICLES]))

    def bare_run() -> None:
        list(bare.pipe(texts, batch_size=settings.batch_size))

    def analyze_run() -> None:
        list(analyzer.analyze_strict(articles))

    def pipeline_run() -> None:
        with tempfile.TemporaryDirectory() as folder:
            store = open_store(f"sqlite:///{Path(folder) / 'bench.db'}")
            try:
                Ingestor(store, analyzer, settings).run(islice(read_articles(paths, settings.limits), limit))
            finally:
                store.close()

    model_s = pipeline_s = analyze_s = float("inf")
    spent = dict.fromkeys(MEASURED_COMPONENTS, float("inf"))
    for _ in range(repeat):
        model_s = min(model_s, _timed(bare_run))
        pipeline_s = min(pipeline_s, _timed(pipeline_run))
        analyze_s = min(analyze_s, _timed(analyze_run))
        for component, seconds in analyzer.component_seconds(articles, MEASURED_COMPONENTS).items():
            spent[component] = min(spent[component], seconds)
    return BenchReport(
        articles=len(articles),
        words=sum(len(t.split()) for t in texts),
        model_seconds=model_s,
        pipeline_seconds=pipeline_s,
        stages={"analyze_articles_per_s": len(articles) / analyze_s}
        | {f"{c.removeprefix('dossier_')}_cost_pct": 100 * s / analyze_s for c, s in spent.items()},
    )


def _timed(run: Callable[[], None]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start
