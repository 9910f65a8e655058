"""Latency of ``dossier serve`` on loopback against a store of 10,000 articles: the claim board, a claim page and
an article page (and their ``/api`` twins), p50/p95/p99 over a fixed number of requests.

    .venv/bin/python scripts/load_test.py --out /tmp/load.json
    .venv/bin/python scripts/load_test.py --db sqlite:////tmp/dossier-load/store-10000.db --requests 300

The store (built once, then reused, brought to the current schema as ``dossier migrate`` does: ``--db`` names it)
holds ``--articles`` articles made as ``dossier bench`` makes its linking store (``dossier.bench.synthetic_articles``:
the sample articles are analysed once, and article ``n`` takes the analysis of sample ``n mod k`` under its own id
and date, with that sample's claim units moved by noise), then linked into claims and described as ingestion does.
Analysing 10,000 real articles through spaCy would take hours on a small machine.

The server is ``dossier serve`` in a subprocess (uvicorn, one process), as a user runs it; the client is httpx
with ``--concurrency`` requests in flight, each kind of page asked ``--requests`` times (claims and articles
drawn at random from the store) after a warm-up, all under a hard ``--time-limit``. HTML pages are measured
when they answer 200; the ``/api`` routes always. A table is printed and the numbers written to ``--out``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import sqlalchemy as sa

from dossier.bench import synthetic_articles
from dossier.claims.linking import ClaimLinking
from dossier.ingest import read_articles
from dossier.model import Analysis, Article
from dossier.pipeline import Analyzer
from dossier.settings import Settings
from dossier.store import open_store
from dossier.store import tables as t

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples" / "articles"
TARGET_P95_MS = 50.0
# The pages the target is about, and their JSON twins; each kind's URLs are drawn per request.
KINDS = (
    ("board", "/", "html"), ("claim", "/claims/{claim}", "html"), ("article", "/articles/{article}", "html"),
    ("api board", "/api/claims", "json"), ("api claim", "/api/claims/{claim}", "json"),
    ("api article", "/api/articles/{article}", "json"),
)
TARGETED = {"board", "claim", "article"}


# --- the store --------------------------------------------------------------------------------------------------


def build_store(url: str, articles: int, settings: Settings) -> dict[str, Any]:
    """A new store of ``articles`` synthetic articles with claims; returns how it was built."""
    started = time.perf_counter()
    analyzer = Analyzer.from_settings(settings)
    samples = [a for a in read_articles([str(SAMPLES)], settings.limits) if isinstance(a, Article)]
    analyses = list(analyzer.analyze_strict(samples))
    linking = ClaimLinking(settings)
    synthetic = synthetic_articles(analyses, linking.prepare(analyses), "load", date(2024, 1, 1), 365 / articles)
    analysed = time.perf_counter() - started

    store = open_store(url)
    try:
        for start in range(0, articles, 500):
            store.save([synthetic(n) for n in range(start, min(start + 500, articles))])
        saved = time.perf_counter() - started

        def read(ids: list[str]) -> list[Analysis]:
            return []  # every stored article has its units already

        linking.link(store, read)
        claims = store.read(lambda conn: conn.execute(sa.select(sa.func.count()).select_from(t.claims)).scalar_one())
    finally:
        store.close()
    return {"articles": articles, "claims": int(claims), "sample_analyses": len(analyses),
            "analyse_s": round(analysed, 1), "save_s": round(saved - analysed, 1),
            "link_s": round(time.perf_counter() - started - saved, 1)}


def store_size(url: str) -> dict[str, int]:
    store = open_store(url, upgrade=True)
    try:
        def count(table: sa.Table) -> int:
            return int(store.read(lambda conn: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()))

        return {"articles": count(t.articles), "statements": count(t.statements), "claims": count(t.claims)}
    finally:
        store.close()


# --- the server -------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def start_server(url: str, port: int) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k != "DOSSIER_SERVE_TOKEN"}
    server = subprocess.Popen([sys.executable, "-m", "dossier", "serve", "--db", url, "--port", str(port)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"dossier serve exited: {server.stderr.read().decode() if server.stderr else ''}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/claims?limit=1", timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("dossier serve did not answer within 60 s")


# --- the client -------------------------------------------------------------------------------------------------


async def measure(base: str, kinds: list[tuple[str, str, str]], ids: dict[str, list[str]], requests: int,
                  concurrency: int, deadline: float, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    timings: dict[str, list[float]] = {name: [] for name, _, _ in kinds}
    failures: dict[str, list[str]] = {name: [] for name, _, _ in kinds}
    # Interleaved, so that a slow minute of the machine slows every kind alike.
    jobs = [(name, template.format(claim=rng.choice(ids["claim"]), article=rng.choice(ids["article"])))
            for _ in range(requests) for name, template, _ in kinds]
    rng.shuffle(jobs)
    queue: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:

        async def worker() -> None:
            while time.monotonic() < deadline:
                try:
                    name, url = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                started = time.perf_counter()
                response = await client.get(url)
                elapsed = time.perf_counter() - started
                if response.status_code == 200:
                    timings[name].append(elapsed * 1000)
                else:
                    failures[name].append(f"{url}: {response.status_code}")

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return {"timings": timings, "failures": failures, "unfinished": queue.qsize()}


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="the store (built there when it does not exist); default: "
                                     "sqlite:////tmp/dossier-load/store-N.db")
    parser.add_argument("--articles", type=int, default=10_000, help="articles in a store built here")
    parser.add_argument("--requests", type=int, default=300, help="requests of each kind")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--warmup", type=int, default=20, help="requests of each kind before measuring")
    parser.add_argument("--time-limit", type=float, default=300.0, help="seconds for the whole measurement")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, help="write the results here as JSON")
    args = parser.parse_args()
    settings = Settings.from_env()
    url = args.db or f"sqlite:////tmp/dossier-load/store-{args.articles}.db"
    built: dict[str, Any] | None = None
    path = sa.engine.make_url(url).database if url.startswith("sqlite") else None
    if path is not None and not Path(path).exists():
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        print(f"building {url} with {args.articles} articles ...", flush=True)
        built = build_store(url, args.articles, settings)
        print(f"built: {built}", flush=True)
    elif path is None and store_size(url)["articles"] == 0:
        built = build_store(url, args.articles, settings)
    else:
        open_store(url, upgrade=True).close()  # a store built by an older dossier, brought up to date (dossier migrate)
    size = store_size(url)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(url, port)
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            claims = [c["id"] for c in client.get("/api/claims", params={"limit": 200}).json()["items"]]
            articles = [a["id"] for a in client.get("/api/articles", params={"limit": 200}).json()["items"]]
            # claims and articles from all over the store, not only the newest: a page from a cursor deep down
            deep = client.get("/api/articles", params={"limit": 200, "since": "2024-03-01", "until": "2024-06-30"})
            articles += [a["id"] for a in deep.json()["items"]]
            ids = {"claim": claims, "article": articles}
            kinds = []
            skipped = []
            for name, template, kind in KINDS:
                probe = client.get(template.format(claim=claims[0], article=articles[0]))
                if probe.status_code == 200:
                    kinds.append((name, template, kind))
                else:
                    skipped.append(f"{name} ({template}: {probe.status_code})")
        deadline = time.monotonic() + args.time_limit
        asyncio.run(measure(base, kinds, ids, args.warmup, args.concurrency, deadline, args.seed + 1))
        started = time.perf_counter()
        found = asyncio.run(measure(base, kinds, ids, args.requests, args.concurrency, deadline, args.seed))
        wall = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)

    rows = {}
    print(f"\nstore: {url}: {size}" + (f"; built {built}" if built else ""))
    print(f"{args.requests} requests of each kind, {args.concurrency} in flight, loopback, {wall:.1f} s")
    print(f"{'kind':<12} {'route':<26} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}  target")
    for name, template, _ in kinds:
        values = found["timings"][name]
        row = {"route": template, "requests": len(values), "failures": found["failures"][name][:5],
               "p50_ms": percentile(values, 50), "p95_ms": percentile(values, 95), "p99_ms": percentile(values, 99),
               "mean_ms": statistics.fmean(values) if values else float("nan"), "max_ms": max(values, default=0.0)}
        if name in TARGETED:
            row["target_met"] = bool(values) and row["p95_ms"] <= TARGET_P95_MS
        rows[name] = row
        verdict = ("p95 ok" if row["target_met"] else "p95 OVER") if name in TARGETED else ""
        print(f"{name:<12} {template:<26} {len(values):>5} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} "
              f"{row['p99_ms']:>8.1f} {row['max_ms']:>8.1f}  {verdict}")
    for line in skipped:
        print(f"not measured: {line}")
    if found["unfinished"]:
        print(f"time limit reached: {found['unfinished']} requests not sent")
    results = {
        "store": {"url": url, **size, "built": built}, "requests_per_kind": args.requests,
        "concurrency": args.concurrency, "warmup_per_kind": args.warmup, "wall_s": wall, "target_p95_ms": TARGET_P95_MS,
        "unfinished": found["unfinished"], "skipped": skipped, "routes": rows,
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
    }
    if args.out:
        args.out.write_text(json.dumps(results, indent=2) + "\n")
        print(f"written to {args.out}")
    targeted = [r for n, r in rows.items() if n in TARGETED]
    if len(targeted) < len(TARGETED) or not all(r["target_met"] for r in targeted):
        sys.exit(1)


if __name__ == "__main__":
    main()
