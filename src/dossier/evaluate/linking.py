"""``dossier eval linking``: Emergent's article headlines linked into claims, scored against its claims.

Every ``articleHeadline`` becomes an article (the headline as its text, no title), dated by its
``articleId`` (a version-1 UUID: the time the record was made, the nearest thing Emergent has to a
publication time), and the articles are ingested in that order into a fresh store, the way users ingest:
analysed, deduplicated (an identical headline is a copy, and goes with its original), linked. Each
article is counted in the claim that holds most of its statements (an article with none is a claim of
its own), and the claims are scored against ``claimId`` with B-cubed precision and recall (Bagga &
Baldwin 1998): for each article, the share of its predicted claim that is in its gold claim, and the
share of its gold claim that is in its predicted claim, averaged over articles.
"""

from __future__ import annotations

import tempfile
import uuid
from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from dossier.evaluate.emergent import read_emergent
from dossier.evaluate.scoring import Report
from dossier.model import Article
from dossier.pipeline import Analyzer
from dossier.settings import Settings
from dossier.store import open_store
from dossier.store import tables as t

_UUID_EPOCH = datetime(1582, 10, 15, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class EmergentArticle:
    article: Article
    claim: str


def emergent_articles(data: Path) -> list[EmergentArticle]:
    """The CSV's headlines as articles, in the order their records were made."""
    rows = read_emergent(data)
    made = sorted(((_uuid_time(r.article_id), i) for i, r in enumerate(rows)),
                  key=lambda m: (m[0] or datetime.max.replace(tzinfo=UTC), m[1]))
    return [
        EmergentArticle(
            Article(id=rows[i].article_id, body=rows[i].headline, published=when.date() if when else None,
                    metadata={"source": f"{data.name}:{rows[i].line}"}),
            rows[i].claim_id,
        )
        for when, i in made
    ]


def evaluate(data: Path, analyzer: Analyzer) -> Report:
    items = emergent_articles(data)
    report = Report("linking")
    with tempfile.TemporaryDirectory(prefix="dossier-eval-linking-") as folder:
        settings = Settings.from_env(db=f"sqlite:///{folder}/eval.db")
        store = open_store(settings.db)
        try:
            from dossier.ingestion import Ingestor  # the ingest job, as users run it

            Ingestor(store, analyzer, settings).run(item.article for item in items)
            predicted = store.read(_article_claims)
        finally:
            store.close()
    precision, recall, f1 = bcubed({i.article.id: predicted.get(i.article.id, ("alone", i.article.id)) for i in items},
                                   {i.article.id: i.claim for i in items})
    report.documents = len(items)
    report.extra = {"bcubed_f1": f1, "precision": precision, "recall": recall,
                    "claims": len({predicted.get(i.article.id, ("alone", i.article.id)) for i in items}),
                    "gold_claims": len({i.claim for i in items})}
    return report


def bcubed(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering of the same items."""
    clusters: dict[Hashable, set[str]] = defaultdict(set)
    classes: dict[Hashable, set[str]] = defaultdict(set)
    for item in gold:
        clusters[predicted[item]].add(item)
        classes[gold[item]].add(item)
    precision = recall = 0.0
    for item in gold:
        shared = len(clusters[predicted[item]] & classes[gold[item]])
        precision += shared / len(clusters[predicted[item]])
        recall += shared / len(classes[gold[item]])
    precision, recall = precision / len(gold), recall / len(gold)
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def majority_claims(units: Sequence[tuple[str, int]]) -> dict[str, int]:
    """Each article's claim: the one holding most of its units (the first such on a tie)."""
    by_article: dict[str, Counter[int]] = defaultdict(Counter)
    for article_id, claim in units:
        by_article[article_id][claim] += 1
    return {article_id: counts.most_common(1)[0][0] for article_id, counts in by_article.items()}


def _article_claims(conn: sa.Connection) -> dict[str, int]:
    u, a = t.claim_units, t.articles
    units = conn.execute(
        sa.select(u.c.article_id, u.c.claim_id).join(a, a.c.id == u.c.article_id)
        .where(u.c.claim_id.is_not(None)).order_by(a.c.seq, u.c.position)
    ).all()
    claims = majority_claims([(row.article_id, row.claim_id) for row in units])
    for copy, original in conn.execute(sa.select(a.c.id, a.c.duplicate_of).where(a.c.duplicate_of.is_not(None))):
        if original in claims:
            claims[copy] = claims[original]
    return claims


def _uuid_time(value: str) -> datetime | None:
    try:
        parsed = uuid.UUID(value)
    except ValueError:
        return None
    return _UUID_EPOCH + timedelta(microseconds=parsed.time // 10) if parsed.version == 1 else None


