"""Throughput of ``dossier ingest`` on the local engine and on Ray with 1 and 2 workers, and whether they store the
same result.

    .venv/bin/python scripts/ray_bench.py --articles 2000 --out /tmp/ray-bench.json
    .venv/bin/python scripts/ray_bench.py --articles 200 --engines local ray2

The input is ``--articles`` distinct articles built from the VOA stories (``../shared/data/voa/voa_stories.jsonl``,
89 stories), deterministically: article ``n`` is the first half of story ``a`` followed by the second half of
story ``b`` (sentences found by spaCy's rule-based sentencizer), for the ``n``-th pair of different stories in a
fixed order, with its own id and story ``a``'s headline and date. Two such articles share at most one half, so
they are never near-copies (their word-trigram Jaccard similarity stays near 1/3, under the 0.7 threshold) and
every one of them is analysed; the statements they share link into claims as syndicated quotes do.

Each engine ingests the file into a new SQLite store, timed from loading its pipelines to the last claim linked,
through the library as ``dossier ingest`` calls it. The stores are then compared with the first engine's: the
outcome of each item, the stored articles and copies, the counts of every kind of row, and each linked
statement's claim id. Timings on a shared 2-core machine are noisy: other processes' load is printed beside them.
Ray starts its workers at nice 15 so that the driver keeps priority; beside other jobs at nice 0 that starves them
whatever their number, so on a shared machine run it with ``RAY_worker_niceness=0`` in the environment.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from itertools import permutations
from pathlib import Path
from typing import Any

import spacy
import sqlalchemy as sa

from dossier import queries
from dossier.ingest import read_articles
from dossier.ingestion import Ingestor
from dossier.ingestion_ray import RayIngestor
from dossier.model import IngestResult
from dossier.pipeline import Analyzer
from dossier.settings import Settings
from dossier.store import Store, open_store
from dossier.store import tables as t

REPO = Path(__file__).resolve().parent.parent
STORIES = REPO.parent / "shared" / "data" / "voa" / "voa_stories.jsonl"
ENGINES = ("local", "ray1", "ray2")


def build_articles(stories: list[dict[str, Any]], count: int) -> Iterator[dict[str, Any]]:
    """``count`` distinct JSON records, each the first half of one story and the second half of another."""
    sentencizer = spacy.blank("en")
    sentencizer.add_pipe("sentencizer")
    halves = []
    for doc in sentencizer.pipe(story["text"] for story in stories):
        sentences = [s.text for s in doc.sents]
        middle = len(sentences) // 2
        halves.append((" ".join(sentences[:middle]), " ".join(sentences[middle:])))
    # Pairs in order of the distance between their two stories: each distance uses every story once as the first
    # half and once as the second, so any prefix of the list spreads evenly over the stories.
    ordered = sorted(permutations(range(len(stories)), 2), key=lambda pair: (pair[1] - pair[0]) % len(stories))
    if count > len(ordered):
        raise SystemExit(f"at most {len(ordered)} distinct articles can be built from {len(stories)} stories")
    for n, (first, second) in enumerate(ordered[:count]):
        story = stories[first]
        yield {
            "id": f"voa-mix-{n:05d}", "title": story["title"], "author": story["author"],
            "published": story["published"], "outlet": "VOA", "text": f"{halves[first][0]} {halves[second][1]}",
        }


def stored_result(store: Store, results: list[IngestResult]) -> dict[str, Any]:
    """What an ingest left: each item's outcome, the articles and copies, the row counts and each unit's claim."""

    def rows(conn: sa.Connection) -> dict[str, Any]:
        articles = conn.execute(sa.select(t.articles.c.id, t.articles.c.duplicate_of).order_by(t.articles.c.id))
        units = conn.execute(sa.select(t.claim_units.c.article_id, t.claim_units.c.statement_id,
                                       t.claim_units.c.claim_id).order_by(t.claim_units.c.article_id,
                                                                          t.claim_units.c.statement_id))
        return {"articles": [list(row) for row in articles], "claim_units": [list(row) for row in units]}

    return {
        # By source: the engines report in different orders (Ray's driver decides a window's copies up front).
        "outcomes": [[r.source, r.outcome, r.article_id, r.duplicate_of] for r in sorted(results, key=lambda r: r.source)],
        "counts": queries.counts(store),
        **store.read(rows),
    }


def run_engine(engine: str, inputs: Path, db: str) -> tuple[float, float, list[IngestResult], Store]:
    """Seconds from loading the pipelines to the last claim linked, the CPU seconds of this process (the driver's,
    for Ray: reading, deduplicating, storing, linking), each item's result, and the store."""
    settings = Settings(db=db)
    store = open_store(db)
    results: list[IngestResult] = []
    start, cpu = time.perf_counter(), time.process_time()
    if engine == "local":
        ingestor: Ingestor | RayIngestor = Ingestor(store, Analyzer.from_settings(settings), settings)
    else:
        ingestor = RayIngestor(store, settings, workers=int(engine.removeprefix("ray")))
    ingestor.run(read_articles([str(inputs)], settings.limits), results.append)
    return time.perf_counter() - start, time.process_time() - cpu, results, store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--engines", nargs="+", choices=ENGINES, default=list(ENGINES))
    parser.add_argument("--stories", type=Path, default=STORIES)
    parser.add_argument("--out", type=Path, help="Write the figures here as JSON.")
    args = parser.parse_args()

    stories = [json.loads(line) for line in args.stories.read_text("utf-8").splitlines() if line.strip()]
    figures: dict[str, Any] = {"articles": args.articles, "cpus": os.cpu_count(), "engines": {}}
    with tempfile.TemporaryDirectory(prefix="dossier-ray-bench-") as folder:
        inputs = Path(folder) / "articles.jsonl"
        with inputs.open("w", encoding="utf-8") as out:
            out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in build_articles(stories, args.articles))
        reference: dict[str, Any] | None = None
        for engine in args.engines:
            load_before = os.getloadavg()[0]
            seconds, cpu, results, store = run_engine(engine, inputs, f"sqlite:///{folder}/{engine}.db")
            result = stored_result(store, results)
            store.close()
            reference = reference or result
            same = {part: result[part] == reference[part] for part in result}
            figures["engines"][engine] = {
                "seconds": round(seconds, 1), "articles_per_second": round(args.articles / seconds, 2),
                "process_cpu_ms_per_article": round(1000 * cpu / args.articles, 1),
                "load_before": round(load_before, 2), "load_after": round(os.getloadavg()[0], 2),
                "counts": result["counts"], "same_as_first": same,
            }
            print(f"{engine:6} {seconds:7.1f} s  {args.articles / seconds:6.2f} articles/s  "
                  f"{1000 * cpu / args.articles:5.0f} ms CPU of this process an article  "
                  f"load {load_before:.1f}→{os.getloadavg()[0]:.1f}  same as {args.engines[0]}: {same}", flush=True)
    if args.out:
        args.out.write_text(json.dumps(figures, indent=2) + "\n")
    engines = figures["engines"]
    if "ray1" in engines and "ray2" in engines:
        print(f"ray2 / ray1: {engines['ray2']['articles_per_second'] / engines['ray1']['articles_per_second']:.2f}×")
    if not all(all(e["same_as_first"].values()) for e in engines.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
