"""Acceptance checks on ../shared (the seed article and the VOA stories); skipped when it is absent."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dossier.ingest import read_articles
from dossier.ingestion import Ingestor
from dossier.model import Analysis, Article, Statement
from dossier.pipeline import Analyzer
from dossier.settings import Settings
from dossier.store import Store

SEED_NAME = "seed-2024-10-17-north-korea-troops.txt"


@pytest.fixture(scope="module")
def seed(shared: Path) -> tuple[Path, dict[str, Any]]:
    return shared / "seed" / SEED_NAME, json.loads((shared / "seed" / "seed.expected.json").read_text())


@pytest.fixture(scope="module")
def seed_analysis(seed: tuple[Path, dict[str, Any]], analyzer: Analyzer) -> Analysis:
    (article,) = read_articles([str(seed[0])], Settings().limits)
    assert isinstance(article, Article)
    return analyzer.analyze_one(article)


def test_seed_article_metadata_and_cleaning(seed: tuple[Path, dict[str, Any]]) -> None:
    path, expected = seed
    (article,) = read_articles([str(path)], Settings().limits)
    assert isinstance(article, Article)
    want = expected["article"]
    assert article.published is not None and article.published.isoformat() == want["published"]
    assert want["title_has"] in (article.title or "")
    assert article.authors == (want["author"],)
    assert want["body_must_not_have"] and want["captions"]
    for text in want["body_must_not_have"]:
        assert text not in article.body
    for caption in want["captions"]:
        assert any(caption in c for c in article.captions)


def test_seed_actors(seed: tuple[Path, dict[str, Any]], seed_analysis: Analysis) -> None:
    expected = seed[1]
    entities = seed_analysis.entities
    linked = [
        want
        for want in expected["actors"]
        if any(
            want["mention_has"].casefold() in e.text.casefold()
            and e.actor is not None
            and e.actor.name == want["actor"]
            and e.actor.code == want["code"]
            for e in entities
        )
    ]
    missing = [a["mention_has"] for a in expected["actors"] if a not in linked and not a.get("optional")]
    assert not missing, missing  # all of them, Putin and Zelensky (no title in the article) included
    assert len(linked) >= 10


def test_seed_events(seed: tuple[Path, dict[str, Any]], seed_analysis: Analysis) -> None:
    """The seed's events with their type, mode, source and target codes, words and (where given) date."""
    def found(want: dict[str, Any]) -> bool:
        return any(
            e.type == want["type"]
            and want.get("mode_has", "") in (e.mode or "")
            and want["source_code"] in e.source
            and ("target_code" not in want or want["target_code"] in e.target)
            and want["text_has"] in e.text
            and ("date" not in want or e.date == want["date"])
            for e in seed_analysis.events
        )

    missing = [want for want in seed[1]["events"] if not want.get("optional") and not found(want)]
    assert not missing, missing
    shells = next(e for e in seed_analysis.events if "shells" in e.text)
    assert shells.statement is not None and shells.quantities  # carried by a statement, with its figures
    pact = next(e for e in seed_analysis.events if "pact" in e.text)
    assert pact.date_from == "time"


def test_voa_stories_all_stored_then_nothing_new(shared: Path, store: Store, analyzer: Analyzer, settings: Settings) -> None:
    path = shared / "data" / "voa" / "voa_stories.jsonl"
    voa = [str(path)]
    lines = sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    first = Ingestor(store, analyzer, settings).run(read_articles(voa, settings.limits))
    assert first == {"stored": lines}
    second = Ingestor(store, analyzer, settings).run(read_articles(voa, settings.limits))
    assert second == {"duplicate": lines}


def _matches(want: dict[str, Any], statement: Statement) -> bool:
    source = statement.source
    checks = [
        want["source_has"].casefold() in (source.text.casefold() if source else ""),
        want["cue_has"].casefold() in statement.cue.text.casefold(),
        want["content_has"].casefold() in statement.content.text.casefold(),
        want["stance"] == statement.stance,
        all(any(h.casefold() in s.text.casefold() for s in statement.hedges) for h in want.get("hedges_have", [])),
        all(any(v.casefold() in s.text.casefold() for s in statement.via) for v in want.get("via_has", [])),
    ]
    if "source_role_has" in want:
        checks.append(source is not None and want["source_role_has"].casefold() in (source.role or "").casefold())
    if "direct_quote" in want:
        checks.append(statement.direct_quote == want["direct_quote"])
    return all(checks)


def test_seed_statements(seed: tuple[Path, dict[str, Any]], seed_analysis: Analysis) -> None:
    expected = seed[1]
    found = seed_analysis.statements
    wanted = expected["statements"]
    hits = [want for want in wanted if any(_matches(want, s) for s in found)]
    assert len(hits) >= 9, [w["cue_has"] for w in wanted if w not in hits]
    denial = next(s for s in found if s.stance == "deny")
    first = next(s for s in found if _matches(wanted[0], s))
    assert denial.responds_to == first.id
    assert expected["statements_must_not"]
    for forbidden in expected["statements_must_not"]:
        for s in found:
            assert forbidden.get("content_has", "\0") not in s.content.text
            assert forbidden.get("source_has", "\0") not in (s.source.text if s.source else "")


def test_seed_quantities(seed: tuple[Path, dict[str, Any]], seed_analysis: Analysis) -> None:
    expected = seed[1]
    found = seed_analysis.quantities
    required = [w for w in expected["quantities"] if not w.get("optional")]
    assert required
    for want in required:
        assert any(
            want["text_has"] in q.text
            and q.value == want["value"]
            and want["object_has"] in (q.object or "")
            and q.per == want.get("per")
            and ("approximate" not in want or q.approximate == want["approximate"])
            for q in found
        ), want


def test_seed_times(seed: tuple[Path, dict[str, Any]], seed_analysis: Analysis) -> None:
    expected = seed[1]
    found = seed_analysis.times
    required = [w for w in expected["times"] if not w.get("optional")]
    assert required
    for want in required:
        assert any(
            want["text_has"] in t.text and t.value == want["value"] and ("type" not in want or t.type == want["type"])
            for t in found
        ), want
