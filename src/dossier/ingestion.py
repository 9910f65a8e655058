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
  A copy of an original that failed fails with it (the next run tries both again).

Articles are decided a batch at a time: one round of store queries per batch finds taken ids,
stored texts and near-copy candidates, so nothing about the store is held in memory and any
number of processes can ingest into one store. A re-run of the same input changes nothing.

The job is three steps (``IngestSteps``) an engine puts together: deduplicate a batch (against the
store and every original of this run not stored yet, so no copy slips between two batches), work
on its originals (analyse them, and embed the statements they follow for claims: ``work_on``), then
store the batch in one transaction and link every waiting article into claims (``dossier.claims``)
in the order stored. Outcomes depend only on the input order and the batch size, not on how many
batches are worked on at once, so every engine stores the same result. A run killed between
storing and linking leaves its articles waiting, and the next run links them.

``Ingestor`` is the local engine: it deduplicates and analyses a batch while a worker thread
embeds, stores and links the one before (the parser and the embedding model each keep a core busy;
ONNX Runtime lets go of the GIL). ``dossier.ingestion_ray`` runs the work step on Ray.
"""

from __future__ import annotations

import dataclasses
import itertools
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

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
    ClaimUnit,
    DedupLookup,
    Fingerprint,
    IngestResult,
    ToStore,
    source_of,
)
from dossier.settings import Settings
from dossier.store import Store

if TYPE_CHECKING:
    from dossier.pipeline import Analyzer

ResultCallback = Callable[[IngestResult], None]
Items = Iterable[Article | Rejected | Failed]


class Ingestor:
    """The local engine: one process, the analysis beside the embedding and storing."""

    def __init__(self, store: Store, analyzer: Analyzer, settings: Settings) -> None:
        self._analyzer = analyzer
        self._linking = ClaimLinking(settings)
        self._steps = IngestSteps(store, settings, self._linking)

    def run(self, items: Items, on_result: ResultCallback | None = None) -> Counter[str]:
        """Ingest every cleaned article, rejection or failure (see ``read_articles``); returns the count of each
        outcome."""
        run = self._steps.start(on_result)
        unstored = Unstored()
        finisher = _Finisher(self._finish, unstored)
        try:
            for pending in self._steps.batches(items, run, unstored):
                analyses, failed = analyse(self._analyzer, originals_of(pending))
                finisher.submit(_Batch(pending, run, analyses, failed))
        finally:
            finisher.close()
        self._steps.link()  # what an earlier run left waiting, even when this one stored nothing
        return run.outcomes

    def _finish(self, batch: _Batch) -> list[PendingArticle]:
        """In the worker thread: the batch's originals embedded, the batch stored and linked."""
        units, embedding_error = prepare(self._linking, batch.analyses)
        work = BatchWork(self._analyzer.version, batch.analyses, batch.failed, units, embedding_error)
        return self._steps.store(batch.pending, work, batch.run)


class IngestSteps:
    """Deduplicating batches against the store, and storing and linking them once worked on: the steps of the
    ingest job that need the store, shared by every engine."""

    def __init__(self, store: Store, settings: Settings, linking: ClaimLinking) -> None:
        self._store = store
        self._linking = linking
        self._batch_size = settings.batch_size
        self._threshold = settings.near_duplicate_threshold
        self._bander = Bander(settings.minhash_permutations)
        store.check_settings(self._bander.settings)

    def start(self, on_result: ResultCallback | None) -> IngestRun:
        return IngestRun(self._store, on_result)

    def batches(self, items: Items, run: IngestRun, unstored: Unstored) -> Iterator[list[PendingArticle]]:
        """The articles among ``items`` in batches, each deduplicated against the store and ``unstored`` (to which
        its originals are added), the others' outcomes reported; a batch may be empty (all its articles decided)."""
        articles = _articles(items, run)
        while batch := list(itertools.islice(articles, self._batch_size)):
            try:
                pending = self._deduplicate(batch, run, unstored)
            except Exception as exc:  # noqa: BLE001 (a defect in deduplication fails its batch, not the run)
                for article in batch:
                    run.fail(source_of(article), f"deduplication failed: {describe(exc)}", article.id)
                continue
            yield pending

    def store(self, pending: list[PendingArticle], work: BatchWork, run: IngestRun) -> list[PendingArticle]:
        """The batch stored in one transaction as ``work`` leaves it, each outcome reported, and every waiting
        article linked; returns the articles stored. Its originals that are not stored join ``run.lost``: their
        copies in later batches fail."""
        failed = dict(work.failed)
        if work.embedding_error is not None:
            failed = {p.article.id: f"embedding for claims failed: {work.embedding_error}" for p in pending}
        run.lost.update(failed)
        failed |= {p.article.id: f"copy of {p.article.duplicate_of}, which was not stored"
                   for p in pending if p.article.duplicate_of in run.lost and p.article.id not in failed}
        to_store = [
            ToStore(work.analyses.get(p.article.id) or _copy_analysis(p.article, work.pipeline_version), p.fingerprint,
                    p.new_version, work.units.get(p.article.id, ()))
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
        self.link()
        return [p for p in pending if p.article.id in saved]

    def link(self) -> None:
        link_claims(self._store, self._linking)

    def _deduplicate(self, batch: list[Article], run: IngestRun, unstored: Unstored) -> list[PendingArticle]:
        """Each article of the batch as pending work, or its outcome reported here: a repeated id, an exact or near
        copy (of a stored article, or an original of this run not stored yet, earlier in the batch or before). One
        round of store queries for the whole batch."""
        digests = [content_hash(a.body) for a in batch]
        buckets = [self._bander.buckets(a.body) for a in batch]
        known = self._store.dedup_lookup((a.id for a in batch), digests, (b for bs in buckets for b in bs))
        bodies = self._store.bodies({c for bs in buckets for b in bs for c in known.candidates.get(b, ())})
        pending: list[PendingArticle] = []
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
            original = self._original(article, digest, article_buckets, known, bodies, unstored)
            if original is None:
                pending.append(PendingArticle(article, Fingerprint(digest, article_buckets), source, stored is not None))
                unstored.add(pending[-1])
            else:
                copy = dataclasses.replace(article, duplicate_of=original)
                pending.append(PendingArticle(copy, Fingerprint(digest), source, stored is not None))
        return pending

    def _original(
        self, article: Article, digest: str, buckets: tuple[int, ...], known: DedupLookup, bodies: dict[str, str],
        unstored: Unstored,
    ) -> str | None:
        """The original this article copies, exactly or nearly: stored, or of this run and not stored yet. An
        article is never a copy of an earlier version of itself."""
        exact = known.originals.get(digest) or unstored.with_digest(digest)
        if exact is not None and exact != article.id:
            return exact
        texts = {c: bodies[c] for b in buckets for c in known.candidates.get(b, ()) if c in bodies}
        texts.update(unstored.sharing_a_bucket(buckets))
        texts.pop(article.id, None)
        if not texts:
            return None
        own = shingles(article.body)
        best_score, best = max((jaccard(own, shingles(body)), candidate) for candidate, body in texts.items())
        return best if best_score >= self._threshold else None


@dataclass(frozen=True, slots=True)
class BatchWork:
    """What the work step made of a batch's originals: their analyses (by article id), the errors of those whose
    analysis failed, the statements each follows prepared for claims, or why embedding failed for the whole
    batch; and the pipeline's version, which the batch's copies are stored with."""

    pipeline_version: str
    analyses: dict[str, Analysis]
    failed: dict[str, str]
    units: dict[str, tuple[ClaimUnit, ...]]
    embedding_error: str | None = None


def work_on(analyzer: Analyzer, linking: ClaimLinking, originals: list[Article]) -> BatchWork:
    """The work step in one go (an engine whose workers both analyse and embed)."""
    analyses, failed = analyse(analyzer, originals)
    return BatchWork(analyzer.version, analyses, failed, *prepare(linking, analyses))


def analyse(analyzer: Analyzer, originals: list[Article]) -> tuple[dict[str, Analysis], dict[str, str]]:
    """The originals' analyses, and the errors of those whose analysis failed, by article id."""
    analyses: dict[str, Analysis] = {}
    failed: dict[str, str] = {}
    for result in analyzer.analyze(originals):
        if isinstance(result, AnalysisFailure):
            failed[result.article.id] = result.error
        else:
            analyses[result.article.id] = result
    return analyses, failed


def prepare(
    linking: ClaimLinking, analyses: dict[str, Analysis]
) -> tuple[dict[str, tuple[ClaimUnit, ...]], str | None]:
    """The analysed articles' statements embedded for claims, or (none, and) why embedding failed."""
    try:
        return linking.prepare(list(analyses.values())), None
    except Exception as exc:  # noqa: BLE001 (a defect in embedding fails its batch, not the run)
        return {}, describe(exc)


def _articles(items: Items, run: IngestRun) -> Iterator[Article]:
    """The articles among the items; the rejections and failures reported as they come."""
    for item in items:
        if isinstance(item, Rejected):
            run.reject(item.source, item.reason)
        elif isinstance(item, Failed):
            run.fail(item.source, item.error)
        else:
            yield item


def originals_of(pending: list[PendingArticle]) -> list[Article]:
    return [p.article for p in pending if p.article.duplicate_of is None]


def _copy_analysis(copy: Article, pipeline_version: str) -> Analysis:
    return Analysis(copy, skipped=f"duplicate of {copy.duplicate_of}", pipeline_version=pipeline_version)


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
    run = IngestRun(store, on_result)
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


class IngestRun:
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
class PendingArticle:
    """An article deduplicated and on its way to the store: an original, or a copy (``duplicate_of`` set)."""

    article: Article
    fingerprint: Fingerprint
    source: str
    new_version: bool


class Unstored:
    """The originals of this run that are not in the store (being worked on, or failed), indexed as deduplication
    looks them up: by content hash and by LSH bucket. Only the thread that deduplicates changes it, and it drops
    originals once their batch is stored, so an original is always found here or in the store."""

    def __init__(self) -> None:
        self._articles: dict[str, Article] = {}
        self._by_digest: dict[str, str] = {}
        self._by_bucket: dict[int, set[str]] = {}

    def add(self, original: PendingArticle) -> None:
        article_id = original.article.id
        self._articles[article_id] = original.article
        self._by_digest.setdefault(original.fingerprint.content_hash, article_id)
        for bucket in original.fingerprint.buckets:
            self._by_bucket.setdefault(bucket, set()).add(article_id)

    def drop(self, stored: Iterable[PendingArticle]) -> None:
        for p in stored:
            if self._articles.pop(p.article.id, None) is None:
                continue
            if self._by_digest.get(p.fingerprint.content_hash) == p.article.id:
                del self._by_digest[p.fingerprint.content_hash]
            for bucket in p.fingerprint.buckets:
                ids = self._by_bucket[bucket]
                ids.discard(p.article.id)
                if not ids:
                    del self._by_bucket[bucket]

    def with_digest(self, digest: str) -> str | None:
        return self._by_digest.get(digest)

    def sharing_a_bucket(self, buckets: Iterable[int]) -> dict[str, str]:
        """The body of each original that shares a bucket with ``buckets``, by id."""
        ids = set().union(*(self._by_bucket.get(b, ()) for b in buckets))
        return {article_id: self._articles[article_id].body for article_id in ids}


@dataclass(frozen=True, slots=True)
class _Batch:
    """A deduplicated batch on its way to the store, with what analysis made of its originals."""

    pending: list[PendingArticle]
    run: IngestRun
    analyses: dict[str, Analysis]
    failed: dict[str, str]


class _Finisher:
    """One batch at a time stored (with ``work``, which returns the articles it stored) in a worker thread. Once a
    batch is stored its originals are dropped from ``unstored``, in the reading thread, before the next batch is
    deduplicated. An error of the store itself (a database gone) is raised in the reading thread, at the next batch
    or at ``close``, and stops the run as it would without the thread."""

    def __init__(self, work: Callable[[_Batch], list[PendingArticle]], unstored: Unstored) -> None:
        self._work = work
        self._unstored = unstored
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dossier-store")
        self._future: Future[list[PendingArticle]] | None = None

    def submit(self, batch: _Batch) -> None:
        self._wait()
        self._future = self._executor.submit(self._work, batch)

    def close(self) -> None:
        try:
            self._wait()
        finally:
            self._executor.shutdown()

    def _wait(self) -> None:
        if self._future is not None:
            future, self._future = self._future, None
            self._unstored.drop(future.result())
