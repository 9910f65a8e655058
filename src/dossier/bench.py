"""``dossier bench``: the dossier pipeline against the bare spaCy model, on the same texts, in one process.

Both sides are warmed up first and timed alternately (best of ``repeat``), so
a noisy neighbour slows both rather than one. The pipeline side is the whole
ingest job — cleaning, deduplication, analysis (headlines included), embedding,
SQLite storage and linking into claims — since that is what a user waits for.
Each dossier component's cost is the time it spends itself, as a share of the
whole analysis: timing a run without it instead measures the difference of two
noisy runs, which on a hundred articles swings by ten points.

Linking's cost grows with the claims already stored, so it is measured apart
(``linking_cost``) against a store of ``STORED_ARTICLES`` synthetic articles.
"""

from __future__ import annotations

import dataclasses
import resource
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import islice
from pathlib import Path

import numpy as np
import spacy
import sqlalchemy as sa

from dossier.claims.linking import ClaimLinking
from dossier.errors import ConfigurationError
from dossier.ingest import read_articles
from dossier.ingestion import Ingestor
from dossier.model import Analysis, Article, ClaimUnit, Fingerprint, ToStore
from dossier.pipeline import Analyzer
from dossier.settings import Settings
from dossier.store import open_store
from dossier.store import tables as t

_WARMUP_ARTICLES = 4
# Each one's share of the analysis time is reported.
MEASURED_COMPONENTS = ("dossier_actors", "dossier_statements", "dossier_quantities", "dossier_times", "dossier_events")


STORED_ARTICLES = 10_000
MEASURED_ARTICLES = 100


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


def run_bench(
    paths: list[str], settings: Settings, limit: int | None = None, repeat: int = 2, stored: int = STORED_ARTICLES
) -> BenchReport:
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
    linking = linking_cost(list(analyzer.analyze_strict(articles)), settings, stored) if stored else {}
    return BenchReport(
        articles=len(articles),
        words=sum(len(t.split()) for t in texts),
        model_seconds=model_s,
        pipeline_seconds=pipeline_s,
        stages={"analyze_articles_per_s": len(articles) / analyze_s}
        | {f"{c.removeprefix('dossier_')}_cost_pct": 100 * s / analyze_s for c, s in spent.items()}
        | linking,
    )


def linking_cost(analyses: list[Analysis], settings: Settings, stored: int) -> dict[str, float]:
    """The median and 90th-percentile time to link one new article into a store already holding ``stored``
    articles' claims, in milliseconds, and how many claims that store holds.

    The store is synthetic, shaped like the bench's own articles (``synthetic_articles``). The new articles are made
    the same way and linked one at a time, the claims they change described, as ingestion does."""
    linking = ClaimLinking(settings)
    synthetic = synthetic_articles(analyses, linking.prepare(analyses), "synthetic")

    def read(ids: list[str]) -> list[Analysis]:
        return []  # every stored article has its units already

    timings = []
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(f"sqlite:///{Path(folder) / 'linking.db'}")
        try:
            for start in range(0, stored, 500):
                store.save([synthetic(n) for n in range(start, min(start + 500, stored))])
            linking.link(store, read)
            claims = store.read(lambda conn: conn.execute(sa.select(sa.func.count()).select_from(t.claims)).scalar_one())
            for number in range(stored, stored + MEASURED_ARTICLES):
                store.save([synthetic(number)])
                timings.append(_timed(lambda: linking.link(store, read)))
        finally:
            store.close()
    return {"linking_ms_median": 1000 * float(np.median(timings)), "linking_ms_p90": 1000 * float(np.percentile(timings, 90)),
            "linking_stored_articles": float(stored), "linking_stored_claims": float(claims)}


def synthetic_articles(
    analyses: Sequence[Analysis], prepared: Mapping[str, Sequence[ClaimUnit]], prefix: str,
    first_day: date | None = None, days_per_article: float = 0.0,
) -> Callable[[int], ToStore]:
    """Article ``n`` of a synthetic stream shaped like these analysed articles (``synthetic_draws``)."""
    draw = synthetic_draws(analyses, prepared, prefix, first_day, days_per_article)
    return lambda number: draw(number)[0]


def synthetic_draws(
    analyses: Sequence[Analysis], prepared: Mapping[str, Sequence[ClaimUnit]], prefix: str,
    first_day: date | None = None, days_per_article: float = 0.0,
) -> Callable[[int], tuple[ToStore, tuple[int, ...]]]:
    """Article ``n`` of a synthetic stream shaped like these analysed articles (those with units), and for each of
    its units the number of the unit it was drawn from: the analysis of article ``n mod k`` (statements, quantities,
    entities, times: what a claim's description reads) under its own id, with that article's units, each unit's two
    vectors those of a unit drawn at random from all of them, moved by Gaussian noise (σ = 0.05 a dimension, so a
    copy keeps a cosine of about 0.5 with what it was drawn from) and normalised again; dated from ``first_day`` on,
    if given. Most units so start claims of their own and some join others, as a stream of news does."""
    shapes = [(a, tuple(prepared[a.article.id])) for a in analyses if prepared.get(a.article.id)]
    if not shapes:
        raise ConfigurationError("the bench's articles have no statements to link")
    pool = [unit for _, units in shapes for unit in units]
    rng = np.random.default_rng(13)

    def synthetic(number: int) -> tuple[ToStore, tuple[int, ...]]:
        analysis, units = shapes[number % len(shapes)]
        drawn = tuple(int(rng.integers(len(pool))) for _ in units)
        moved = tuple(dataclasses.replace(u, embedding=_moved(pool[e], rng, "embedding"), chars=_moved(pool[e], rng, "chars"))
                      for u, e in zip(units, drawn, strict=True))
        published = first_day + timedelta(days=int(number * days_per_article)) if first_day is not None else None
        article = dataclasses.replace(analysis.article, id=f"{prefix}-{number:05d}", published=published, url=None,
                                      title=f"{analysis.article.title or 'Report'} (#{number})")
        return ToStore(dataclasses.replace(analysis, article=article), Fingerprint(f"{prefix}-{number}"), units=moved), drawn

    return synthetic


def _moved(unit: ClaimUnit, rng: np.random.Generator, field_name: str) -> bytes:
    vector = np.frombuffer(getattr(unit, field_name), dtype="<f4")
    moved = vector + rng.normal(0.0, 0.05, vector.shape).astype(np.float32)
    return bytes((moved / np.linalg.norm(moved)).astype("<f4").tobytes())


def _timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start
