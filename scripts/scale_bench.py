"""The store at scale, on SQLite and PostgreSQL: a synthetic store of N articles' worth of statements and claims, and
what a user waits for at that size: ingest start-up, linking one new article, the claim board and a claim page; the
bytes an article takes; and the query plans of the board and the claim page.

    .venv/bin/python scripts/scale_bench.py --articles 10000 100000 --folder /tmp/dossier-scale-bench
    .venv/bin/python scripts/scale_bench.py --articles 100000 --postgresql       # a throw-away server
    .venv/bin/python scripts/scale_bench.py --articles 10000 --data ../shared/data/voa/voa_stories.jsonl

How the store is made (``build``, once per size, kept in ``--folder``; a PostgreSQL store lives as long as its
throw-away server): the shape articles (``--data``, the repository's samples by default) are analysed once, and
article ``n`` is ``dossier.bench.synthetic_draws``: shape ``n mod k``'s analysis under its own id, dated over a year,
with that shape's claim units, each moved by noise from a unit drawn at random (the generator ``dossier bench`` and
``scripts/load_test.py`` use). The rows are written as ``Store.save`` writes them, a transaction per
``BATCH`` articles, with no deduplication bands. Linking 1M articles one at a time to make the claims would take
days, so the claims are made by construction: the copies of one drawn unit fill a claim, in the order written, up
to a size drawn from a geometric distribution of mean ``MEAN_CLAIM_SIZE`` (what the linker made of the bench's
store: 72,920 units in 16,231 claims), then start the next; each claim's vectors are summed as the linker sums
them and stored in the cell of their sum, and the claims are described as ingestion describes them
(``describe_claims``). The measured new articles are linked by the real linker.
"""

from __future__ import annotations

import argparse
import json
import pickle
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from hashlib import sha256
from pathlib import Path
from typing import Any

import numpy as np
import sqlalchemy as sa

from dossier import queries
from dossier.bench import synthetic_draws
from dossier.claims.cells import bundled_cells
from dossier.claims.describe import describe_claims
from dossier.claims.embed import DIMENSIONS
from dossier.claims.linking import ClaimLinking
from dossier.claims.units import CHAR_DIMENSIONS
from dossier.ingest import read_articles
from dossier.model import Analysis, Article, ClaimUnit, ToStore
from dossier.pipeline import Analyzer
from dossier.queries.claims import board_query, claim_query, most_followed_query
from dossier.queries.paging import make_cursor
from dossier.settings import Settings
from dossier.store import open_store
from dossier.store import tables as t
from dossier.store.claims import CELLS, unprepared_query, waiting_query
from dossier.store.records import KINDS, actors_of

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from postgres import binaries, new_database, server  # noqa: E402  (the tests' throw-away server)

BATCH = 2000
VECTORS_BATCH = 20_000
MEAN_CLAIM_SIZE = 4.5
FIRST_DAY = date(2024, 1, 1)
PROBE_ARTICLES = 100  # new articles linked, one at a time, and timed
WARM_UP = 400  # articles linked, not timed, between the cold and the warm probes
READS = 300  # board pages and claim pages read


# --- the shapes -------------------------------------------------------------------------------------------------


def shapes(data: Path, folder: Path, settings: Settings) -> tuple[list[Analysis], dict[str, tuple[ClaimUnit, ...]]]:
    """The shape articles analysed and their units prepared, kept in ``folder`` after the first time."""
    kept = folder / f"shapes-{sha256(str(data.resolve()).encode()).hexdigest()[:12]}.pickle"
    if kept.exists():
        loaded: tuple[list[Analysis], dict[str, tuple[ClaimUnit, ...]]] = pickle.loads(kept.read_bytes())
        return loaded
    articles = [a for a in read_articles([str(data)], settings.limits) if isinstance(a, Article)]
    analyses = list(Analyzer.from_settings(settings).analyze_strict(articles))
    prepared = ClaimLinking(settings).prepare(analyses)
    kept.write_bytes(pickle.dumps((analyses, prepared)))
    return analyses, prepared


# --- the store --------------------------------------------------------------------------------------------------


@dataclass
class ClaimsByConstruction:
    """Each drawn unit's copies fill a claim up to a size of geometric distribution, then start another; each claim's
    vectors summed as the linker sums them (float32, in the order written, which is the order linked)."""

    rng: np.random.Generator
    next_claim: int = 1
    open: dict[int, tuple[int, int]] = field(default_factory=dict)  # drawn unit → (claim, places left)
    embedding: np.ndarray = field(default_factory=lambda: np.zeros((1024, DIMENSIONS), dtype=np.float32))
    chars: np.ndarray = field(default_factory=lambda: np.zeros((1024, CHAR_DIMENSIONS), dtype=np.float32))
    size: np.ndarray = field(default_factory=lambda: np.zeros(1024, dtype=np.int64))
    latest: np.ndarray = field(default_factory=lambda: np.zeros(1024, dtype=np.int64))
    counts: dict[int, set[str]] = field(default_factory=dict)

    def place(self, drawn: int, unit: ClaimUnit, seq: int) -> tuple[int, bool]:
        """The claim of a copy of unit ``drawn`` in article number ``seq``, and whether it is new."""
        claim, left = self.open.get(drawn, (0, 0))
        new = left == 0
        if new:
            claim, left = self.next_claim, int(self.rng.geometric(1 / MEAN_CLAIM_SIZE))
            self.next_claim += 1
            if claim == len(self.size):
                self.embedding, self.chars, self.size, self.latest = (
                    np.concatenate([a, np.zeros_like(a)]) for a in (self.embedding, self.chars, self.size, self.latest))
        self.open[drawn] = (claim, left - 1)
        self.embedding[claim] += np.frombuffer(unit.embedding, dtype="<f4")
        self.chars[claim] += np.frombuffer(unit.chars, dtype="<f4")
        self.size[claim] += 1
        self.latest[claim] = seq
        if unit.counts:
            self.counts.setdefault(claim, set()).update(unit.counts)
        return claim, new

    def vectors(self, first: int, last: int) -> list[dict[str, Any]]:
        """The ``claim_vectors`` rows of claims ``first`` to ``last``, each in the cell of its sum."""
        cells = bundled_cells().of(self.embedding[first : last + 1])
        return [{"claim_id": claim, "cell": int(cell), "size": int(self.size[claim]), "generation": 1,
                 "latest": int(self.latest[claim]),
                 "counts": sorted(self.counts.get(claim, ())), "embedding": self.embedding[claim].tobytes(),
                 "chars": self.chars[claim].tobytes()}
                for claim, cell in zip(range(first, last + 1), cells.tolist(), strict=True)]


def build(url: str, count: int, analyses: Sequence[Analysis], prepared: Mapping[str, Sequence[ClaimUnit]]) -> dict[str, Any]:
    """``count`` synthetic articles written to the empty store at ``url``, their claims made and described."""
    open_store(url).close()  # the schema
    draw = synthetic_draws(analyses, prepared, "scale", FIRST_DAY, 365 / count)
    claims = ClaimsByConstruction(np.random.default_rng(29))
    engine = sa.create_engine(url)
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _bulk_sqlite)
    started = time.perf_counter()
    try:
        with engine.begin() as conn:
            actors = {a.id: a for analysis in analyses for a in actors_of(analysis)}
            conn.execute(t.actors.insert(), [{"id": a.id, "name": a.name, "kind": a.kind, "code": a.code}
                                             for a in actors.values()])
        for start in range(0, count, BATCH):
            items = [draw(n) for n in range(start, min(count, start + BATCH))]
            with engine.begin() as conn:
                _write(conn, items, claims, start + 1)
            if start // BATCH % 25 == 0:
                print(f"  {start + len(items)} articles written, {time.perf_counter() - started:.0f} s", flush=True)
        for first in range(1, claims.next_claim, VECTORS_BATCH):
            with engine.begin() as conn:
                conn.execute(t.claim_vectors.insert(), claims.vectors(first, min(claims.next_claim - 1,
                                                                                first + VECTORS_BATCH - 1)))
        written = time.perf_counter() - started
        with engine.begin() as conn:
            conn.execute(t.store_settings.insert().values(name=CELLS, value=bundled_cells().fingerprint))
            _measure_claims(conn)
            conn.execute(sa.text("ANALYZE"))
    finally:
        engine.dispose()
    store = open_store(url)
    try:
        described = describe_claims(store)
    finally:
        store.close()
    return {"articles": count, "claims": claims.next_claim - 1, "described": described, "write_s": round(written),
            "describe_s": round(time.perf_counter() - started - written)}


def _bulk_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # A store built to be measured: its indexes kept in a large cache, and no waiting for the disk on each commit
    # (a crash loses the build, never a user's data). 2 MB of cache made each batch slower than the one before.
    dbapi_connection.execute("PRAGMA cache_size = -2000000")
    dbapi_connection.execute("PRAGMA synchronous = OFF")


def _write(conn: sa.Connection, items: list[tuple[ToStore, tuple[int, ...]]], claims: ClaimsByConstruction,
           first_seq: int) -> None:
    """A batch of articles as ``Store.save`` writes them, their units placed in claims (new claims first); the
    store numbers them on from ``first_seq`` (an empty store numbers its articles 1, 2, 3…)."""
    now = datetime.now(UTC)
    articles, units, new_claims = [], [], []
    for seq, (item, drawn) in enumerate(items, start=first_seq):
        article = item.analysis.article
        articles.append({"id": article.id, "content_hash": item.fingerprint.content_hash, "url": article.url,
                         "outlet": article.outlet, "title": article.title, "authors": list(article.authors),
                         "published": article.published, "language": article.language, "body": article.body,
                         "captions": list(article.captions), "metadata": article.metadata, "claims_linked": True,
                         "pipeline_version": item.analysis.pipeline_version, "ingested_at": now})
        for position, (unit, copied) in enumerate(zip(item.units, drawn, strict=True)):
            claim, new = claims.place(copied, unit, seq)
            if new:
                new_claims.append({"id": claim, "size": 0, "described": False})
            units.append({"article_id": article.id, "statement_id": unit.statement, "position": position,
                          "claim_id": claim, "generation": 1, "stance": unit.stance, "responds_to": unit.responds_to,
                          "counts": list(unit.counts), "embedding": unit.embedding, "chars": unit.chars})
    conn.execute(t.articles.insert(), articles)
    for kind in KINDS:
        rows = [row for item, _ in items for row in kind.rows(item.analysis)]
        if rows:
            conn.execute(kind.table.insert(), rows)
    if new_claims:
        conn.execute(t.claims.insert(), new_claims)
    conn.execute(t.claim_units.insert(), units)


def _measure_claims(conn: sa.Connection) -> None:
    """Each claim's size and first and last day, from its units (one statement for all)."""
    u, a, c = t.claim_units, t.articles, t.claims
    days = sa.select(u.c.claim_id, sa.func.count().label("size"), sa.func.min(a.c.published).label("first"),
                     sa.func.max(a.c.published).label("last")).join(a, a.c.id == u.c.article_id).group_by(u.c.claim_id)
    measured = {row.claim_id: row for row in conn.execute(days)}
    conn.execute(c.update().where(c.c.id == sa.bindparam("claim")).values(
        size=sa.bindparam("n"), first_seen=sa.bindparam("first"), last_seen=sa.bindparam("last")),
        [{"claim": k, "n": r.size, "first": r.first, "last": r.last} for k, r in measured.items()])


def stored_articles(url: str) -> int:
    store = open_store(url, upgrade=True)  # a store built by an older dossier brought up to date (dossier migrate)
    try:
        return int(store.read(lambda conn: conn.execute(sa.select(sa.func.count()).select_from(t.articles))
                              .scalar_one()))
    finally:
        store.close()


def size_bytes(url: str) -> int:
    if url.startswith("sqlite"):
        path = Path(sa.engine.make_url(url).database or "")
        return sum(p.stat().st_size for p in path.parent.glob(f"{path.name}*"))
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(sa.text("SELECT pg_database_size(current_database())")).scalar_one())
    finally:
        engine.dispose()


# --- what is measured -------------------------------------------------------------------------------------------

STARTUP = """
import json, resource, sys, time
started = time.perf_counter()
from dossier.claims.linking import ClaimLinking
from dossier.settings import Settings
from dossier.store import open_store
imported = time.perf_counter()
store = open_store(sys.argv[1])
ClaimLinking(Settings.from_env()).link(store, lambda ids: [])  # nothing waits: the linking index is loaded
store.close()
print(json.dumps({"seconds": time.perf_counter() - imported, "import_s": imported - started,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def startup(url: str) -> dict[str, float]:
    """Opening the store and loading what linking needs, in a fresh process (imports timed apart)."""
    done = subprocess.run([sys.executable, "-c", STARTUP, url], check=True, capture_output=True, text=True)
    measured: dict[str, float] = json.loads(done.stdout)
    return measured


def linking(url: str, count: int, analyses: Sequence[Analysis], prepared: Mapping[str, Sequence[ClaimUnit]],
            settings: Settings) -> dict[str, dict[str, float]]:
    """New articles linked into the store one at a time, each as ingestion links it (its claims described): the
    first ``PROBE_ARTICLES`` after start-up, while the linker reads the cells they need from the store (cold), and
    as many after ``WARM_UP`` more, as a long-running ingest links (warm)."""
    draw = synthetic_draws(analyses, prepared, f"probe{int(time.time())}", FIRST_DAY, 365 / count)
    claim_linking = ClaimLinking(settings)
    store = open_store(url)

    def link(number: int) -> float:
        store.save([draw(number)[0]])
        return _timed(lambda: claim_linking.link(store, lambda ids: []))

    try:
        claim_linking.link(store, lambda ids: [])
        cold = [link(number) for number in range(count, count + PROBE_ARTICLES)]
        for number in range(count + PROBE_ARTICLES, count + PROBE_ARTICLES + WARM_UP):
            link(number)
        warm = [link(count + PROBE_ARTICLES + WARM_UP + k) for k in range(PROBE_ARTICLES)]
    finally:
        store.close()
    return {"cold": _spread(cold), "warm": _spread(warm)}


def reads(url: str) -> dict[str, dict[str, float]]:
    """The board's first page, a page deep down (by its cursor), a page of one status, and claim pages drawn at
    random, each read ``READS`` times."""
    store = open_store(url, read_only=True)
    try:
        deep = queries.board(store, limit=50, until=FIRST_DAY.replace(month=7)).next
        ids = store.read(lambda conn: list(conn.execute(sa.select(t.claims.c.id)).scalars()))
        rng = np.random.default_rng(3)
        asked: dict[str, Callable[[], object]] = {
            "board": lambda: queries.board(store),
            "board deep page": lambda: queries.board(store, after=deep),
            "board corroborated": lambda: queries.board(store, status="corroborated"),
            "claim page": lambda: queries.get_claim(store, f"c{ids[int(rng.integers(len(ids)))]}"),
        }
        return {name: _spread([_timed(read) for _ in range(READS)]) for name, read in asked.items()}
    finally:
        store.close()


def plans(url: str) -> dict[str, list[str]]:
    """``EXPLAIN QUERY PLAN`` (SQLite) or ``EXPLAIN ANALYZE`` (PostgreSQL) of the board's and a claim page's query."""
    engine = sa.create_engine(url)
    asked = {"board": board_query(), "board deep page": board_query(after=make_cursor("board", "2024-07-01", 1)),
             "board corroborated": board_query(status="corroborated"), "claim page": claim_query(1),
             "most followed (dossier claims)": most_followed_query(), "linking: articles waiting": waiting_query(200),
             "linking: the claims of two cells": sa.select(t.claim_vectors).where(t.claim_vectors.c.cell.in_([7, 11])),
             "linking: articles never prepared": unprepared_query(100)}
    explain = "EXPLAIN QUERY PLAN" if engine.dialect.name == "sqlite" else "EXPLAIN ANALYZE"
    try:
        with engine.connect() as conn:
            return {name: [" ".join(str(v) for v in row[-1:]) for row in conn.execute(sa.text(
                f"{explain} {query.compile(engine, compile_kwargs={'literal_binds': True})}"))]
                for name, query in asked.items()}
    finally:
        engine.dispose()


def _spread(seconds: list[float]) -> dict[str, float]:
    ms = np.array(seconds) * 1000
    return {"median_ms": round(float(np.median(ms)), 1), "p90_ms": round(float(np.percentile(ms, 90)), 1),
            "p95_ms": round(float(np.percentile(ms, 95)), 1)}


def _timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


# --- the run ----------------------------------------------------------------------------------------------------


@contextmanager
def databases(postgresql: bool, folder: Path) -> Iterator[Callable[[int], str]]:
    """The URL of the store of each size: a file in ``folder``, or a database on a throw-away PostgreSQL server."""
    if not postgresql:
        yield lambda count: f"sqlite:///{folder / f'store-{count}.db'}"
        return
    found = binaries()
    if found is None:
        raise SystemExit("no PostgreSQL server binaries (initdb, pg_ctl): apt-get install postgresql")
    with server(found) as url:
        yield lambda count: new_database(url, f"scale{count}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--postgresql", action="store_true", help="on a throw-away PostgreSQL server, not SQLite")
    parser.add_argument("--data", type=Path, default=REPO / "samples" / "articles", help="the shape articles")
    parser.add_argument("--folder", type=Path, default=Path("/tmp/dossier-scale-bench"))
    parser.add_argument("--out", type=Path, help="write the results here as JSON")
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    settings = Settings.from_env()
    analyses, prepared = shapes(args.data, args.folder, settings)
    results = []
    with databases(args.postgresql, args.folder) as url_of:
        for count in args.articles:
            url = url_of(count)
            built = None
            if stored_articles(url) == 0:
                print(f"building {count} articles ...", flush=True)
                built = build(url, count, analyses, prepared)
                print(f"  built: {built}", flush=True)
            found = {"articles": count, "database": "postgresql" if args.postgresql else "sqlite", "built": built,
                     "bytes_per_article": round(size_bytes(url) / stored_articles(url)), "startup": startup(url),
                     "linking": linking(url, count, analyses, prepared, settings), "reads": reads(url),
                     "plans": plans(url)}
            print(json.dumps(found, indent=1), flush=True)
            results.append(found)
    print(f"peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    if args.out:
        args.out.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
