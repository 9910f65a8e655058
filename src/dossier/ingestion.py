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

A re-run of the same input finds everything already there and changes nothing.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from dossier.errors import describe
from dossier.ingest import Failed, Rejected
from dossier.ingest.clean import content_hash
from dossier.ingest.dedup import DuplicateIndex
from dossier.model import Analysis, AnalysisFailure, Article, Fingerprint, IngestResult
from dossier.pipeline import Analyzer
from dossier.settings import Settings
from dossier.store import Store

ResultCallback = Callable[[IngestResult], None]
OUTCOMES = ("stored", "duplicate", "rejected", "failed")


class Ingestor:
    def __init__(self, store: Store, analyzer: Analyzer, settings: Settings) -> None:
        self._store = store
        self._analyzer = analyzer
        self._batch_size = settings.batch_size
        self._index = DuplicateIndex(settings.near_duplicate_threshold, settings.minhash_permutations)
        self._index.load((aid, fp.content_hash, fp.minhash) for aid, fp in store.fingerprints())

    def run(self, items: Iterable[Article | Rejected | Failed], on_result: ResultCallback | None = None) -> Counter[str]:
        """Ingest every cleaned article, rejection or failure (see ``read_articles``); returns the count of each
        outcome."""
        run = _Run(self._store, on_result)
        pending: list[_Pending] = []
        for item in items:
            if isinstance(item, Rejected):
                run.reject(item.source, item.reason)
            elif isinstance(item, Failed):
                run.fail(item.source, item.error)
            else:
                try:
                    admitted = self._admit(item, run, pending)
                except Exception as exc:  # noqa: BLE001 (a defect in deduplication fails this article only)
                    run.fail(item.metadata["source"], f"deduplication failed: {describe(exc)}")
                    continue
                if admitted is not None:
                    pending.append(admitted)
            if len(pending) >= self._batch_size:
                self._flush(pending, run)
                pending = []
        self._flush(pending, run)
        return run.outcomes

    def _admit(self, article: Article, run: _Run, pending: list[_Pending]) -> _Pending | None:
        """The article as pending work, or None when its outcome is already decided (a repeat of an id)."""
        source = article.metadata["source"]
        digest = content_hash(article.body)
        earlier = run.seen.get(article.id)
        if earlier is not None:
            if earlier.digest == digest:
                run.report(IngestResult(source, "duplicate", article.id, article.id, f"already read at {earlier.source}"))
            else:
                run.reject(source, f"id {article.id!r} was used earlier in this input for another text (at "
                           f"{earlier.source}); give each article its own id")
            return None
        run.seen[article.id] = _Seen(digest, source)
        stored = self._store.content_hashes([article.id]).get(article.id)
        if stored == digest:
            run.report(IngestResult(source, "duplicate", article.id, article.id, "already stored"))
            return None
        signature = self._index.signature(article.body)
        in_batch = {p.article.id: p.article.body for p in pending}

        def bodies_of(ids: list[str]) -> dict[str, str]:
            return {**self._store.bodies([i for i in ids if i not in in_batch]),
                    **{i: in_batch[i] for i in ids if i in in_batch}}

        original = self._index.find(article.id, article.body, digest, signature, bodies_of)
        new_version = stored is not None
        if original is None:
            self._index.add(article.id, digest, signature)
            return _Pending(article, Fingerprint(digest, self._index.to_bytes(signature)), source, new_version)
        copy = dataclasses.replace(article, duplicate_of=original)
        return _Pending(copy, Fingerprint(digest, None), source, new_version)

    def _flush(self, pending: list[_Pending], run: _Run) -> None:
        """Analyse the new originals, then store them and the copies in one transaction, originals first
        (a copy may point at an original of the same batch). An original whose analysis failed is not stored,
        and neither are its copies of the same batch."""
        originals = [p for p in pending if p.article.duplicate_of is None]
        copies = [p for p in pending if p.article.duplicate_of is not None]
        rows: list[tuple[Analysis, Fingerprint]] = []
        failed: dict[str, str] = {}
        for result, p in zip(self._analyzer.analyze(p.article for p in originals), originals, strict=True):
            if isinstance(result, AnalysisFailure):
                failed[p.article.id] = result.error
                self._index.discard(p.article.id)
            else:
                rows.append((result, p.fingerprint))
        rows += [(self._copy_analysis(p.article), p.fingerprint) for p in copies if p.article.duplicate_of not in failed]
        self._store.save(rows)
        for p in pending:
            article = p.article
            original = article.duplicate_of
            if article.id in failed:
                run.fail(p.source, failed[article.id], article.id)
            elif original in failed:
                run.fail(p.source, f"copy of {original}, whose analysis failed: {failed[original]}", article.id)
            elif original is not None:
                run.report(IngestResult(p.source, "duplicate", article.id, original, f"copy of {original}"))
            elif p.new_version:
                reason = "new version: the text under this id changed; the earlier text is kept in article_versions"
                run.report(IngestResult(p.source, "stored", article.id, reason=reason))
            else:
                run.report(IngestResult(p.source, "stored", article.id))

    def _copy_analysis(self, copy: Article) -> Analysis:
        return Analysis(copy, skipped=f"duplicate of {copy.duplicate_of}", pipeline_version=self._analyzer.version)


class _Run:
    """One run's tally, the ids it has read, and the recording of rejections and failures."""

    def __init__(self, store: Store, on_result: ResultCallback | None) -> None:
        self._store = store
        self._on_result = on_result
        self.outcomes: Counter[str] = Counter()
        self.seen: dict[str, _Seen] = {}

    def report(self, result: IngestResult) -> None:
        self.outcomes[result.outcome] += 1
        if self._on_result is not None:
            self._on_result(result)

    def reject(self, source: str, reason: str) -> None:
        self._store.save_rejection(source, reason)
        self.report(IngestResult(source, "rejected", reason=reason))

    def fail(self, source: str, error: str, article_id: str | None = None) -> None:
        self._store.save_rejection(source, error, outcome="failed")
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
