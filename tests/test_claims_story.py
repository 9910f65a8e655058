"""The bundled North Korean troops story (samples/articles), linked into claims, reads as a careful reader would
have it; and the claims equal their golden file (a snapshot: regenerate with scripts/regenerate_golden.py and review
the diff, as for the analyses)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from dossier.golden import golden_claims
from dossier.pipeline import Analyzer

from .conftest import REPO, SAMPLES

GOLDEN = REPO / "tests" / "golden" / "claims" / "samples.json"
Record = dict[str, Any]


@pytest.fixture(scope="module")
def claims(analyzer: Analyzer) -> list[Record]:
    records: list[Record] = json.loads(json.dumps(golden_claims(analyzer, SAMPLES)))  # dates as the file has them
    return records


def _headlined(claims: list[Record], article: str) -> Record:
    """The claim holding an article's headline."""
    return next(c for c in claims if any(s["article"] == article and s["in"] == "title" for s in c["statements"]))


def test_the_claims_equal_their_golden_file(claims: list[Record]) -> None:
    assert claims == json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_the_troops_claim_follows_the_story_from_the_first_report(claims: list[Record]) -> None:
    troops = _headlined(claims, "story-2024-10-28-pentagon")
    for article in ("story-2024-10-17-hur", "88c965c099f328f3", "sample-wire-2024-10-31-blinken",
                    "story-2024-11-04-zelensky"):
        assert _headlined(claims, article) is troops, article
    assert troops["first_seen"] == "2024-10-17"
    assert {"Ukraine", "South Korea", "United States", "NATO"} <= set(troops["sources"])
    assert troops["independent_sources"] >= 4


def test_the_kremlins_denial_and_putins_refusal_answer_the_troops_claim(claims: list[Record]) -> None:
    troops = _headlined(claims, "story-2024-10-28-pentagon")
    by_article = {(s["article"], s["stance"]) for s in troops["statements"]}
    assert ("story-2024-10-18-peskov", "deny") in by_article
    assert ("37d7d5d98e0ef303", "refuse") in by_article  # "refused to confirm or deny": not a confirmation
    assert troops["status"] == "disputed"
    assert troops["stance_counts"]["refuse"] >= 1 and troops["stance_counts"]["deny"] >= 1


def test_the_troop_figures_move_in_date_order_and_casualties_stay_out(claims: list[Record]) -> None:
    troops = _headlined(claims, "story-2024-10-28-pentagon")
    dates = [f["date"] for f in troops["figures"]]
    assert dates == sorted(dates)
    first_seen: dict[float, str] = {}
    for f in troops["figures"]:
        first_seen.setdefault(f["value"], f["date"])
    assert [first_seen[v] for v in (3000, 10000, 8000, 11000)] == ["2024-10-23", "2024-10-28", "2024-10-31",
                                                                  "2024-11-04"]
    casualty_articles = {"story-2024-12-15-hur-losses", "story-2024-12-17-us-official", "sample-2024-12-19-nis-toll",
                         "sample-wire-2024-12-23-casualties", "story-2024-12-27-kirby"}
    assert not {f["article"] for f in troops["figures"]} & casualty_articles


def test_casualties_are_a_claim_of_their_own(claims: list[Record]) -> None:
    casualties = _headlined(claims, "sample-2024-12-19-nis-toll")
    assert casualties is not _headlined(claims, "story-2024-10-28-pentagon")
    for article in ("story-2024-12-17-us-official", "sample-wire-2024-12-23-casualties", "story-2024-12-27-kirby"):
        assert _headlined(claims, article) is casualties, article
    values = [(f["date"], f["value"]) for f in casualties["figures"]]
    assert values[0] == ("2024-12-15", 30) and ("2024-12-27", 1000) in values


def test_the_treaty_through_the_duma_and_the_federation_council_is_one_claim(claims: list[Record]) -> None:
    treaty = _headlined(claims, "story-2024-10-24-duma")
    assert _headlined(claims, "story-2024-11-06-federation-council") is treaty
    assert treaty is not _headlined(claims, "story-2024-10-28-pentagon")


def test_a_reprinted_wire_story_is_not_a_second_source(claims: list[Record]) -> None:
    troops = _headlined(claims, "story-2024-10-28-pentagon")
    articles = {s["article"] for c in claims for s in c["statements"]}
    assert "story-2024-10-28-pentagon-reprint" not in articles  # a copy: stored, linked to its original, not analysed
    assert troops["sources"].count("United States") == 1

