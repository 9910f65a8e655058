"""The ingest job: raw items → cleaned articles → deduplicated → analysed in batches → stored.

Every item ends in exactly one outcome, reported through ``on_result`` as it is
decided and recorded in the store:

- ``stored``: a new article, or a new version of a stored one (its id came again with
  a changed text, e.g. a correction: the row takes the new text and analysis, the
  earlier text is kept in ``article_versions``);
- ``duplicate``: the same text as a stored article, or a syndicated near-copy of one
  (stored, linked to its original, not analysed again);
- ``rejected``: the input is at fault, and the reason says how to fix it;
- ``failed``: reading or analysing it raised; the exception's class and message are
  recorded, the article is not stored (a later run tries it again) and the batch goes on.

Articles are decided a batch at a time: one round of store queries per batch finds taken ids,
stored texts and near-copy candidates, so nothing about the store is held in memory and any
number of processes can ingest into one store. A re-run of the same input changes nothing.

Each analysed batch is then embedded, stored and linked into claims (``dossier.claims``) in a worker
thread while the next batch is deduplicated and analysed: the parser and the embedding model each
keep a core busy (ONNX Runtime lets go of the GIL). The next batch is deduplicated against the
batch in flight as well as the store, so no copy slips between two batches. The statements an
article follows are embedded before it is stored and kept with it, and every article waiting is
linked in the order stored; a run killed between the two leaves its articles waiting, and the next
run links them.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from packaging.version import InvalidVersion, Version

from dossier import queries
from dossier.claims.linking import ClaimLinking
from dossier.errors import describe
from dossier.ingest import Failed, Rejected
from dossier.ingest.clean import content_hash, safe_text
from dossier.ingest.dedup import Bander, jaccard, shingles
from dossier.model import (
    Analysis,
    AnalysisFailure,
    Article,
    DedupLookup,
    Fingerprint,
    IngestResult,
    ToStore,
    source_of,
)
from dossier.pipeline import Analyzer
from dossier.settings import Settings
from dossier.store import Store

ResultCallback = Callable[[IngestResult], None]


class Ingestor:
    def __init__(self, store: Store, analyzer: Analyzer, settings: Settings) -> None:
        self._store = store
        self._analyzer = analyzer
        self._linking = ClaimLinking(settings)
        self._batch_size = settings.batch_size
        self._threshold = settings.near_duplicate_threshold
        self._bander = Bander(settings.minhash_permutations)
        store.check_settings(self._bander.settings)

    def run(self, items: Iterable[Article | Rejected | Failed], on_result: ResultCallback | None = None) -> Counter[str]:
        """Ingest every cleaned article, rejection or failure (see ``read_articles``); returns the count of each
        outcome."""
        run = _Run(self._store, on_result)
        finisher = _Finisher(self._store_and_link)
        try:
            batch: list[Article] = []
            for item in items:
                if isinstance(item, Rejected):
                    run.reject(item.source, item.reason)
                elif isinstance(item, Failed):
                    run.fail(item.source, item.error)
                else:
                    batch.append(item)
                    if len(batch) >= self._batch_size:
                        self._ingest(batch, run, finisher)
                        batch = []
            self._ingest(batch, run, finisher)
        finally:
            finisher.close()
        link_claims(self._store, self._linking)  # what an earlier run left waiting, even when this one stored nothing
        return run.outcomes

    def _ingest(self, batch: list[Article], run: _Run, finisher: _Finisher) -> None:
        if not batch:
            return
        try:
            pending = self._deduplicate(batch, run, finisher.in_flight)
        except Exception as exc:  # noqa: BLE001 (a defect in deduplication fails its batch, not the run)
            for article in batch:
                run.fail(source_of(article), f"deduplication failed: {describe(exc)}", article.id)
            return
        finisher.submit(self._analyse(pending, run))

    def _deduplicate(self, batch: list[Article], run: _Run, in_flight: list[_Pending]) -> list[_Pending]:
        """Each article of the batch as pending work, or its outcome reported here: a repeated id, an exact or near
        copy (of a stored article, one in flight or one earlier in the batch). One round of store queries for the
        whole batch."""
        digests = [content_hash(a.body) for a in batch]
        buckets = [self._bander.buckets(a.body) for a in batch]
        known = self._store.dedup_lookup((a.id for a in batch), digests, (b for bs in buckets for b in bs))
        bodies = self._store.bodies({c for bs in buckets for b in bs for c in known.candidates.get(b, ())})
        pending: list[_Pending] = []
        for article, digest, article_buckets in zip(batch, digests, buckets, strict=True):
            source = source_of(article)
            earlier = run.seen.get(article.id)
            if earlier is not None:
                if earlier.digest == digest:
                    run.report(IngestResult(source, "duplicate", article.id, article.id,
                                            f"already read at {earlier.source}"))
                else:
                    run.reject(source, f"id {article.id!r} was used earlier in this input for another text (at "
                               f"{earlier.source}); give each article its own id")
                continue
            run.seen[article.id] = _Seen(digest, source)
            stored = known.stored_hashes.get(article.id)
            if stored == digest:
                run.report(IngestResult(source, "duplicate", article.id, article.id, "already stored"))
                continue
            original = self._original(article, digest, article_buckets, known, bodies, [*in_flight, *pending])
            if original is None:
                pending.append(_Pending(article, Fingerprint(digest, article_buckets), source, stored is not None))
            else:
                copy = dataclasses.replace(article, duplicate_of=original)
                pending.append(_Pending(copy, Fingerprint(digest), source, stored is not None))
        return pending

    def _original(
        self, article: Article, digest: str, buckets: tuple[int, ...], known: DedupLookup, bodies: dict[str, str],
        pending: list[_Pending],
    ) -> str | None:
        """The original this article copies, exactly or nearly: stored, or among ``pending`` (in flight, or earlier
        in this batch). An article is never a copy of an earlier version of itself."""
        exact = known.originals.get(digest) or next(
            (p.article.id for p in pending if p.fingerprint.content_hash == digest and p.article.duplicate_of is None),
            None,
        )
        if exact is not None and exact != article.id:
            return exact
        texts = {c: bodies[c] for b in buckets for c in known.candidates.get(b, ()) if c in bodies}
        shared = set(buckets)
        texts.update({p.article.id: p.article.body for p in pending
                      if p.article.duplicate_of is None and shared.intersection(p.fingerprint.buckets)})
        texts.pop(article.id, None)
        if not texts:
            return None
        own = shingles(article.body)
        best_score, best = max((jaccard(own, shingles(body)), candidate) for candidate, body in texts.items())
        return best if best_score >= self._threshold else None

    def _analyse(self, pending: list[_Pending], run: _Run) -> _Batch:
        """The new originals analysed (an original whose analysis failed is not stored, and neither are its copies)."""
        batch = _Batch(pending, run)
        originals = [p for p in pending if p.article.duplicate_of is None]
        for result, p in zip(self._analyzer.analyze(p.article for p in originals), originals, strict=True):
            if isinstance(result, AnalysisFailure):
                batch.failed[p.article.id] = result.error
            else:
                batch.analyses[p.article.id] = result
        return batch

    def _store_and_link(self, batch: _Batch) -> None:
        """In the worker thread: the batch's originals embedded, the batch stored in one transaction, and linked."""
        pending, run, analyses, failed = batch.pending, batch.run, batch.analyses, batch.failed
        try:
            units = self._linking.prepare(list(analyses.values()))
        except Exception as exc:  # noqa: BLE001 (a defect in embedding fails its batch, not the run)
            for p in pending:
                run.fail(p.source, f"embedding for claims failed: {describe(exc)}", p.article.id)
            run.lost.update(p.article.id for p in pending)  # the next batch may hold copies of them
            return
        failed = failed | {p.article.id: f"copy of {p.article.duplicate_of}, which was not stored"
                           for p in pending if p.article.duplicate_of in run.lost}
        to_store = [
            ToStore(analyses.get(p.article.id) or self._copy_analysis(p.article), p.fingerprint, p.new_version,
                    units.get(p.article.id, ()))
            for p in pending
            if p.article.id not in failed and p.article.duplicate_of not in failed
        ]
        saved = {s.article_id: s for s in self._store.save(to_store)}
        for p in pending:
            article = p.article
            if article.id in failed:
                run.fail(p.source, failed[article.id], article.id)
            elif article.duplicate_of in failed:
                reason = f"copy of {article.duplicate_of}, whose analysis failed: {failed[article.duplicate_of]}"
                run.fail(p.source, reason, article.id)
            elif saved[article.id].already_stored:
                run.report(IngestResult(p.source, "duplicate", article.id, article.id, "stored meanwhile by another run"))
            elif (original := saved[article.id].duplicate_of) is not None:
                run.report(IngestResult(p.source, "duplicate", article.id, original, f"copy of {original}"))
            elif p.new_version:
                reason = "new version: the text under this id changed; the earlier text is kept in article_versions"
                run.report(IngestResult(p.source, "stored", article.id, reason=reason))
            else:
                run.report(IngestResult(p.source, "stored", article.id))
        link_claims(self._store, self._linking)

    def _copy_analysis(self, copy: Article) -> Analysis:
        return Analysis(copy, skipped=f"duplicate of {copy.duplicate_of}", pipeline_version=self._analyzer.version)


def link_claims(store: Store, linking: ClaimLinking, rebuild: bool = False) -> int:
    """Every article waiting linked into claims (with ``rebuild``, every article, the claims made anew); returns
    how many articles were linked."""
    def read(ids: list[str]) -> list[Analysis]:
        return store.read(lambda conn: queries.analyses(conn, ids))

    return linking.rebuild(store, read) if rebuild else linking.link(store, read)


def reanalyze(
    store: Store, analyzer: Analyzer, settings: Settings, everything: bool = False, older_than: str | None = None,
    on_result: ResultCallback | None = None,
) -> Counter[str]:
    """Stored originals run again through the current pipeline, their analyses replaced: those analysed by another
    pipeline version (``everything``: all; ``older_than``: only those analysed by a dossier release before that
    one). Outcomes are ``stored`` (re-analysed) or ``failed``; a killed run resumes where it stopped, since what
    it finished carries the current version."""
    run = _Run(store, on_result)
    linking = ClaimLinking(settings)
    after = 0
    while found := store.articles_to_reanalyse(analyzer.version, after, settings.batch_size, everything):
        after = found[-1][0]
        batch = [article for _, article, version in found if older_than is None or _older(version, older_than)]
        done: list[Analysis] = []
        for result in analyzer.analyze(batch):
            if isinstance(result, AnalysisFailure):
                run.fail(f"reanalyze {result.article.id}", result.error, result.article.id)
            else:
                done.append(result)
        store.replace_analyses(done, linking.prepare(done))
        for analysis in done:
            run.report(IngestResult(source_of(analysis.article), "stored", analysis.article.id, reason="re-analysed"))
    link_claims(store, linking)
    return run.outcomes


def _older(pipeline_version: str | None, release: str) -> bool:
    """Whether a stored pipeline version (``dossier-0.1.0/core_web_sm-3.8.0``) comes from a release before ``release``."""
    if pipeline_version is None:
        return True
    stored = pipeline_version.partition("/")[0].removeprefix("dossier-")
    try:
        return Version(stored) < Version(release)
    except InvalidVersion:
        return True


class _Run:
    """One run's tally, the ids it has read, and the recording of rejections and failures."""

    def __init__(self, store: Store, on_result: ResultCallback | None) -> None:
        self._store = store
        self._on_result = on_result
        self._lock = threading.Lock()  # outcomes come from the reading thread and from the worker
        self.outcomes: Counter[str] = Counter()
        self.seen: dict[str, _Seen] = {}
        self.lost: set[str] = set()  # originals of this run that were deduplicated against but not stored

    def report(self, result: IngestResult) -> None:
        with self._lock:
            self.outcomes[result.outcome] += 1
            if self._on_result is not None:
                self._on_result(result)

    def reject(self, source: str, reason: str) -> None:
        source, reason = safe_text(source), safe_text(reason)  # a name can hold what no database takes (a NUL)
        self._store.record_outcome(source, reason)
        self.report(IngestResult(source, "rejected", reason=reason))

    def fail(self, source: str, error: str, article_id: str | None = None) -> None:
        source, error = safe_text(source), safe_text(error)
        self._store.record_outcome(source, error, outcome="failed")
        self.report(IngestResult(source, "failed", article_id, reason=error))


@dataclass(frozen=True, slots=True)
class _Seen:
    digest: str
    source: str


@dataclass(frozen=True, slots=True)
class _Pending:
    article: Article
    fingerprint: Fingerprint
    source: str
    new_version: bool


@dataclass(slots=True)
class _Batch:
    """A deduplicated batch on its way to the store, with what analysis made of its originals."""

    pending: list[_Pending]
    run: _Run
    analyses: dict[str, Analysis] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)


class _Finisher:
    """One batch at a time stored (with ``work``) in a worker thread; ``in_flight`` is the batch being stored, whose
    originals the next batch must be checked against. An error of the store itself (a database gone) is raised in
    the reading thread, at the next batch or at ``close``, and stops the run as it would without the thread."""

    def __init__(self, work: Callable[[_Batch], None]) -> None:
        self._work = work
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dossier-store")
        self._future: Future[None] | None = None
        self.in_flight: list[_Pending] = []

    def submit(self, batch: _Batch) -> None:
        self._wait()
        self.in_flight = [p for p in batch.pending if p.article.duplicate_of is None and p.article.id not in batch.failed]
        self._future = self._executor.submit(self._work, batch)

    def close(self) -> None:
        try:
            self._wait()
        finally:
            self._executor.shutdown()
            self.in_flight = []

    def _wait(self) -> None:
        if self._future is not None:
            future, self._future = self._future, None
            future.result()
