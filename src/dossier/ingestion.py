"""The ingest job: raw items → cleaned articles → deduplicated → analysed in batches → stored.

Every item ends in exactly one outcome (stored, duplicate, rejected), reported
through ``on_result`` as it is decided, and recorded in the store, so a re-run
of the same input finds everything already there and changes nothing.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from collections import Counter
from collections.abc import Callable, Iterable

from dossier.ingest import Rejected
from dossier.ingest.clean import content_hash
from dossier.ingest.dedup import DuplicateIndex
from dossier.model import Analysis, Article, Fingerprint, IngestResult
from dossier.pipeline import Analyzer
from dossier.settings import Settings
from dossier.store import Store

ResultCallback = Callable[[IngestResult], None]


class Ingestor:
    def __init__(self, store: Store, analyzer: Analyzer, settings: Settings) -> None:
        self._store = store
        self._analyzer = analyzer
        self._batch_size = settings.batch_size
        self._index = DuplicateIndex(settings.near_duplicate_threshold, settings.minhash_permutations)
        self._index.load((aid, fp.content_hash, fp.minhash) for aid, fp in store.fingerprints())

    def run(self, items: Iterable[Article | Rejected], on_result: ResultCallback | None = None) -> Counter[str]:
        """Ingest every cleaned article or rejection (see ``read_articles``); returns the count of each outcome."""
        outcomes: Counter[str] = Counter()

        def report(result: IngestResult) -> None:
            outcomes[result.outcome] += 1
            if on_result is not None:
                on_result(result)

        pending: list[_Pending] = []
        seen_ids: set[str] = set()
        for article in items:
            if isinstance(article, Rejected):
                self._store.save_rejection(article.source, article.reason)
                report(IngestResult(article.source, "rejected", reason=article.reason))
                continue
            source = article.metadata["source"]
            if article.id in seen_ids or self._store.has_article(article.id):
                report(IngestResult(source, "duplicate", article.id, article.id, "already stored"))
                continue
            seen_ids.add(article.id)
            signature = self._index.signature(article.body)
            digest = content_hash(article.body)
            original = self._index.find(digest, signature)
            if original is None:
                self._index.add(article.id, digest, signature)
                pending.append(_Pending(article, Fingerprint(digest, self._index.to_bytes(signature)), source))
            else:
                copy = dataclasses.replace(article, duplicate_of=original)
                pending.append(_Pending(copy, Fingerprint(digest, None), source))
            if len(pending) >= self._batch_size:
                self._flush(pending, report)
                pending = []
        self._flush(pending, report)
        return outcomes

    def _flush(self, pending: list[_Pending], report: ResultCallback) -> None:
        """Analyse the new originals, then store them and the copies in one transaction, originals first
        (a copy may point at an original of the same batch)."""
        originals = [p for p in pending if p.article.duplicate_of is None]
        copies = [p for p in pending if p.article.duplicate_of is not None]
        analyses = self._analyzer.analyze(p.article for p in originals)
        rows = [(analysis, p.fingerprint) for analysis, p in zip(analyses, originals, strict=True)]
        rows += [(self._copy_analysis(p.article), p.fingerprint) for p in copies]
        self._store.save(rows)
        for p in pending:
            original = p.article.duplicate_of
            if original is None:
                report(IngestResult(p.source, "stored", p.article.id))
            else:
                report(IngestResult(p.source, "duplicate", p.article.id, original, f"copy of {original}"))

    def _copy_analysis(self, copy: Article) -> Analysis:
        return Analysis(copy, skipped=f"duplicate of {copy.duplicate_of}", pipeline_version=self._analyzer.version)


@dataclass(frozen=True, slots=True)
class _Pending:
    article: Article
    fingerprint: Fingerprint
    source: str
