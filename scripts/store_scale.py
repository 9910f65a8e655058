"""How the store grows: ingest start-up time and memory against stores of N articles, and bytes per article.

    .venv/bin/python scripts/store_scale.py --articles 50000 --folder /tmp/scale

builds (once, kept in the folder) a SQLite store of N synthetic articles written through ``Store.save`` with
analyses shaped like real ones (entities, statements, quantities, times) and real near-duplicate buckets, then
times an ingest of 32 new articles into a copy of it (open the store, check its settings, deduplicate, analyse,
store) in a fresh process with the model already loaded, against that store and against an empty one.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from dossier.ingest.clean import content_hash
from dossier.ingest.dedup import Bander
from dossier.model import (
    Actor,
    Analysis,
    Article,
    Entity,
    Fingerprint,
    Quantity,
    Source,
    Statement,
    TextSpan,
    TimeRef,
    ToStore,
)
from dossier.store import open_store

WORDS = ("troops officials said the ministry border region soldiers report deployed killed wounded sanctions talks "
         "minister president army forces week attack city government spokesman denied confirmed").split()
PEOPLE = [Actor(f"person:p{n}", f"Person {n}", "person", "RUS", "spokesman") for n in range(500)]
COUNTRIES = [Actor(f"country:{c}", c, "country", c) for c in ("RUS", "UKR", "PRK", "USA", "KOR", "CHN")]


def synthetic(n: int, rng: random.Random) -> Analysis:
    body = " ".join(rng.choice(WORDS) + (str(rng.randint(1, 9999)) if rng.random() < 0.1 else "") for _ in range(700))
    article = Article(f"s{n}", body, title=f"Report {n}", outlet="Synthetic Wire", authors=("A. Writer",),
                      published=date(2024, 1, 1) + timedelta(days=n % 365), language="en",
                      metadata={"format": "jsonl", "source": f"synthetic.jsonl:{n}"})
    entities = tuple(Entity(f"e{i}", i * 10, i * 10 + 5, "Name", "PERSON", rng.choice(PEOPLE + COUNTRIES))
                     for i in range(60))
    statements = tuple(
        Statement(f"s{i}", Source("Person", i * 50, i * 50 + 6, "person", "spokesman", rng.choice(PEOPLE)),
                  TextSpan("said", i * 50 + 7, i * 50 + 11), TextSpan("x" * 80, i * 50 + 12, i * 50 + 92), "assert")
        for i in range(28)
    )
    quantities = tuple(Quantity(f"q{i}", "3,000 troops", i * 40, i * 40 + 12, 3000.0, object="troops")
                       for i in range(8))
    times = tuple(TimeRef(f"t{i}", "last week", i * 30, i * 30 + 9, "DATE", "2024-W41") for i in range(10))
    return Analysis(article, entities, statements, quantities, times, pipeline_version="dossier-0.1.0/core_web_sm-3.8.0")


def build(path: Path, count: int) -> None:
    if path.exists():
        return
    store = open_store(f"sqlite:///{path}")
    bander = Bander(128)
    store.check_settings(bander.settings)
    rng = random.Random(7)
    for start in range(0, count, 500):
        batch = [synthetic(n, rng) for n in range(start, min(count, start + 500))]
        store.save([ToStore(a, Fingerprint(content_hash(a.article.body), bander.buckets(a.article.body)))
                    for a in batch])
    store.close()


PROBE = """
import json, resource, sys, time
from dossier.ingestion import Ingestor
from dossier.model import Article
from dossier.pipeline import Analyzer
from dossier.settings import Settings
from dossier.store import open_store
settings = Settings()
analyzer = Analyzer.from_settings(settings)
articles = [Article(f"new{n}", f"Officials said {n} troops arrived in region {n} on Monday, the ministry said.",
                    metadata={"source": f"probe:{n}"}) for n in range(32)]
list(analyzer.analyze(articles[:2]))  # warm
started = time.perf_counter()
store = open_store(sys.argv[1])
outcomes = Ingestor(store, analyzer, settings).run(articles)
store.close()
print(json.dumps({"seconds": time.perf_counter() - started,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "stored": outcomes["stored"]}))
"""


def probe(path: Path) -> dict[str, float]:
    """The best of three ingests, each into a fresh copy of the store."""
    runs = []
    for _ in range(3):
        copy = path.with_name(f"probe-{path.name}")
        shutil.copyfile(path, copy)
        runs.append(json.loads(subprocess.run([sys.executable, "-c", PROBE, f"sqlite:///{copy}"], check=True,
                                              capture_output=True, text=True).stdout))
        copy.unlink()
    return min(runs, key=lambda r: r["seconds"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--folder", type=Path, default=Path("/tmp/dossier-scale"))
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    empty = args.folder / "empty.db"
    build(empty, 0)
    baseline = probe(empty)
    print(f"empty: ingest of 32 {baseline['seconds']:.3f} s, peak RSS {baseline['rss_mb']:.0f} MB")
    for count in args.articles:
        path = args.folder / f"store-{count}.db"
        started = time.perf_counter()
        build(path, count)
        built = time.perf_counter() - started
        found = probe(path)
        size = path.stat().st_size + sum(p.stat().st_size for p in path.parent.glob(f"{path.name}-*"))
        print(f"{count} articles (built in {built:.0f} s): ingest of 32 {found['seconds']:.3f} s "
              f"(+{found['seconds'] - baseline['seconds']:.3f}), peak RSS {found['rss_mb']:.0f} MB "
              f"(+{found['rss_mb'] - baseline['rss_mb']:.0f}), {size / count / 1024:.1f} KB per article")
    print(f"peak RSS of this builder: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
