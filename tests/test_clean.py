"""Cleaning: bylines → authors; photo credits and captions out of the body; the repeated headline dropped."""

from __future__ import annotations

from datetime import date

import pytest

from dossier.ingest import RawItem, clean_item
from dossier.ingest.clean import clean_body, content_hash, parse_published
from dossier.model import Article


def test_byline_becomes_author() -> None:
    cleaned = clean_body("By Hannah Levene\nThe body.")
    assert cleaned.authors == ("Hannah Levene",) and cleaned.body == "The body."


def test_several_authors_in_one_byline() -> None:
    assert clean_body("By Ann Lee and Bo Park\nBody.").authors == ("Ann Lee", "Bo Park")


def test_sentence_starting_with_by_is_body() -> None:
    text = "By the end of October, thousands of troops had arrived in the east of the country."
    assert clean_body(text).body == text


def test_repeated_headline_with_photo_credit_is_dropped() -> None:
    cleaned = clean_body("Troops arrive in Kursk. Picture: Alamy\nBody text.", title="Troops arrive in Kursk")
    assert cleaned.body == "Body text." and cleaned.captions == ()


def test_caption_with_credit_goes_to_captions_without_the_credit() -> None:
    text = "Body.\nIn this undated photo, a leader watches a drill. (Korean Central News Ag. Picture: Alamy\nMore."
    cleaned = clean_body(text)
    assert cleaned.body == "Body.\n\nMore."
    assert cleaned.captions == ("In this undated photo, a leader watches a drill.",)


@pytest.mark.parametrize(
    "caption",
    [
        "Soldiers march in Pyongyang. (AP Photo/Jane Roe)",
        "FILE - Soldiers march in Pyongyang on Oct. 10, 2024.",
        "Soldiers march in Pyongyang. Reuters / John Doe",
    ],
)
def test_caption_conventions(caption: str) -> None:
    cleaned = clean_body(f"Body.\n{caption}")
    assert cleaned.body == "Body." and len(cleaned.captions) == 1


def test_paragraphs_are_separated_by_blank_lines() -> None:
    assert clean_body("One.\n\n\n  Two  has   spaces.\nThree.").body == "One.\n\nTwo has spaces.\n\nThree."


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-10-17", date(2024, 10, 17)),
        ("2025-03-14 20:30:26Z", date(2025, 3, 14)),
        ("2024-10-28T14:05:00+00:00", date(2024, 10, 28)),
        ("Thu, 31 Oct 2024 18:20:00 GMT", date(2024, 10, 31)),
        (None, None),
    ],
)
def test_parse_published(raw: str | None, expected: date | None) -> None:
    assert parse_published(raw) == expected


def test_id_falls_back_to_a_stable_content_hash() -> None:
    first = clean_item(RawItem("a", "Same body here.", "text"), 200_000)
    second = clean_item(RawItem("b", "same   BODY here.", "text"), 200_000)
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.id == second.id == content_hash("Same body here.")[:16]


def test_language_is_detected() -> None:
    text = "Le ministre a affirmé mardi que des soldats avaient pris part aux combats."
    article = clean_item(RawItem("fr", text, "text"), 200_000)
    assert isinstance(article, Article) and article.language == "fr"


@pytest.mark.parametrize(
    ("text", "dateline", "body"),
    [
        ("KYIV — North Korea is preparing troops.", "KYIV", "North Korea is preparing troops."),
        ("WASHINGTON, D.C. (AP) — Officials said so.", "WASHINGTON, D.C. (AP)", "Officials said so."),
        ("NATO — the alliance — said so.", None, "NATO — the alliance — said so."),
        ("Officials — and others — said so.", None, "Officials — and others — said so."),
    ],
    ids=["place", "place-country-agency", "acronym-in-prose", "prose"],
)
def test_a_wire_dateline_is_metadata(text: str, dateline: str | None, body: str) -> None:
    cleaned = clean_body(f"{text}\nA second paragraph.")
    assert (cleaned.dateline, cleaned.body.split("\n\n")[0]) == (dateline, body)
