"""The actor table and linking with the article's date: who "the Russian president" is in 2010 and in 2024, "Putin"
without a title, offices without a name, metonyms, unknown people, the table's own checks and a user's table."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest

from dossier.model import Actor, Article, Entity, Statement
from dossier.pipeline import Analyzer, actor_table
from dossier.pipeline.actor_table import ActorTableError
from dossier.pipeline.actors import OFFICE, make_actor_linker

HEADER = "kind\tname\taliases\tcountry\tsector\trole\tstart\tend\tnote\n"


def analysed(analyzer: Analyzer, body: str, published: str | None) -> tuple[list[Entity], list[Statement]]:
    day = date.fromisoformat(published) if published else None
    analysis = analyzer.analyze_one(Article("t", body, published=day))
    return list(analysis.entities), list(analysis.statements)


def actor_of(found: list[Entity], text: str) -> Actor:
    actor = next(e.actor for e in found if e.text == text)
    assert actor is not None, text
    return actor


# --- dated role switch ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("published", "holder"), [("2010-03-02", "Dmitry Medvedev"), ("2024-03-02", "Vladimir Putin")])
def test_the_same_office_is_held_by_whoever_held_it_that_day(analyzer: Analyzer, published: str, holder: str) -> None:
    found, statements = analysed(analyzer, "The Russian president promised to lower grain export duties.", published)
    office = actor_of(found, "president")
    assert (office.name, office.kind, office.code, office.role, office.sector) == (
        holder, "person", "RUS", "president", "GOV")
    # the office is the statement's source, and the source's actor is its holder
    (statement,) = statements
    assert statement.source is not None and statement.source.text == "The Russian president"
    assert statement.source.actor is not None and statement.source.actor.name == holder
    assert statement.source.kind == "government"  # as before: an unnamed office-holder speaking for a country


def test_a_name_switches_role_with_the_date(analyzer: Analyzer) -> None:
    in_2010 = actor_of(analysed(analyzer, "Putin opened a bridge over the river.", "2010-06-01")[0], "Putin")
    in_2024 = actor_of(analysed(analyzer, "Putin opened a bridge over the river.", "2024-06-01")[0], "Putin")
    assert (in_2010.code, in_2010.role) == ("RUS", "prime minister")
    assert (in_2024.code, in_2024.role) == ("RUS", "president")
    assert in_2010.id == in_2024.id == "person:vladimir-putin"


# --- name without a title ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("body", "mention", "name", "code"),
    [
        ("Vladimir Putin toured a tank factory in the Urals.", "Vladimir Putin", "Vladimir Putin", "RUS"),
        ("Zelenskyy visited troops near the front line.", "Zelenskyy", "Volodymyr Zelensky", "UKR"),
        ("Lavrov flew to Ankara for a day of meetings.", "Lavrov", "Sergey Lavrov", "RUS"),
    ],
)
def test_a_name_without_a_title_gets_its_code_from_the_table(
    analyzer: Analyzer, body: str, mention: str, name: str, code: str
) -> None:
    actor = actor_of(analysed(analyzer, body, "2024-04-11")[0], mention)
    assert (actor.name, actor.kind, actor.code, actor.sector) == (name, "person", code, "GOV")


def test_an_undated_article_takes_the_most_recent_role(analyzer: Analyzer) -> None:
    actor = actor_of(analysed(analyzer, "Medvedev wrote a long post about the harvest.", None)[0], "Medvedev")
    assert (actor.name, actor.code, actor.role) == ("Dmitry Medvedev", "RUS", "security council deputy chairman")


def test_a_title_in_the_text_keeps_its_words(analyzer: Analyzer) -> None:
    found, _ = analysed(analyzer, "Kremlin spokesman Dmitry Peskov declined to comment on the talks.", "2023-09-14")
    actor = actor_of(found, "Dmitry Peskov")
    assert (actor.code, actor.role, actor.sector) == ("RUS", "Kremlin spokesman", "GOV")
    assert [e.text for e in found if e.label == "PERSON"] == ["Dmitry Peskov"]  # no second person for the title


# --- title without a name ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("body", "published", "office", "holder", "code"),
    [
        ("Russia's foreign minister arrived in Beijing on Monday.", "2024-04-08", "foreign minister", "Sergey Lavrov",
         "RUS"),
        ("The U.S. secretary of state met his hosts in Riyadh.", "2015-11-03", "secretary of state", "John Kerry", "USA"),
        ("The president of Iran addressed a rally in Tabriz.", "2022-02-11", "president", "Ebrahim Raisi", "IRN"),
        ("NATO's secretary general toured the new headquarters.", "2019-05-06", "secretary general", "Jens Stoltenberg",
         "NAT"),
        ("The Kremlin spokesman took questions by phone.", "2021-12-01", "spokesman", "Dmitry Peskov", "RUS"),
    ],
)
def test_an_office_without_a_name_is_its_holder(
    analyzer: Analyzer, body: str, published: str, office: str, holder: str, code: str
) -> None:
    actor = actor_of(analysed(analyzer, body, published)[0], office)
    assert (actor.name, actor.kind, actor.code) == (holder, "person", code)


@pytest.mark.parametrize(
    "body",
    [
        "A former Russian president opened the exhibition.",
        "A Russian minister opened the exhibition.",
        "The deputy foreign minister of Russia opened the exhibition.",
    ],
)
def test_an_office_that_is_not_its_holder_that_day_is_no_one(analyzer: Analyzer, body: str) -> None:
    found, _ = analysed(analyzer, body, "2024-02-01")
    assert not [e for e in found if e.actor is not None and e.actor.kind == "person"]


def test_an_office_that_several_people_hold_at_once_is_no_one(analyzer: Analyzer) -> None:
    # China has several foreign ministry spokespeople at once
    found, _ = analysed(analyzer, "A Chinese foreign ministry spokesperson said nothing. The Chinese foreign ministry "
                                  "spokesperson spoke later.", "2024-03-01")
    assert not [e for e in found if e.actor is not None and e.actor.kind == "person"]


def test_he_after_an_office_is_its_holder(analyzer: Analyzer) -> None:
    body = "The Ukrainian president toured a school in Lviv. He said that classes would resume in May."
    _, statements = analysed(analyzer, body, "2023-02-14")
    said = next(s for s in statements if "classes" in s.content.text)
    assert said.source is not None and said.source.mention is not None and said.source.mention.text == "He"
    assert said.source.actor is not None and said.source.actor.name == "Volodymyr Zelensky"


# --- metonyms and organisations ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("body", "mention", "code"), [
    ("The Kremlin rejected the proposal on Friday.", "Kremlin", "RUS"),
    ("Pyongyang fired two missiles into the sea.", "Pyongyang", "PRK"),
])
def test_a_metonym_stays_a_country(analyzer: Analyzer, body: str, mention: str, code: str) -> None:
    found, _ = analysed(analyzer, body, "2024-01-20")
    actor = actor_of(found, mention)
    assert (actor.kind, actor.code, actor.id, actor.sector) == ("country", code, f"country:{code}", None)
    assert not [e for e in found if e.label == "PERSON"]


@pytest.mark.parametrize(("body", "mention", "name", "code", "sector"), [
    ("The GRU ran the operation from a safe house.", "GRU", "GRU", "RUS", "SPY"),
    ("NATO will hold its summit in July.", "NATO", "NATO", "NAT", "IGO"),
    ("Hamas released a statement at noon.", "Hamas", "Hamas", "PSE", "REB"),
])
def test_an_organisation_gets_code_and_sector(
    analyzer: Analyzer, body: str, mention: str, name: str, code: str, sector: str
) -> None:
    actor = actor_of(analysed(analyzer, body, "2024-06-30")[0], mention)
    assert (actor.name, actor.kind, actor.code, actor.sector) == (name, "organization", code, sector)


# --- unknown people ------------------------------------------------------------------------------------------------

def test_an_unknown_person_keeps_a_stable_id_and_the_role_the_text_gives(analyzer: Analyzer) -> None:
    found, _ = analysed(analyzer, "Marta Oyelaran, a Nigerian economist, said prices would rise.", "2024-05-01")
    actor = actor_of(found, "Marta Oyelaran")
    assert (actor.id, actor.kind, actor.sector) == ("person:marta-oyelaran", "person", None)
    bare = actor_of(analysed(analyzer, "Marta Oyelaran said prices would rise.", "2024-05-01")[0], "Marta Oyelaran")
    assert (bare.id, bare.code, bare.role, bare.sector) == ("person:marta-oyelaran", None, None, None)


def test_a_surname_alone_shared_by_nobody_the_table_knows_that_day_is_not_linked(analyzer: Analyzer) -> None:
    # Matthew Miller spoke for the State Department until January 2025; a "Miller" of 2026 is someone else
    actor = actor_of(analysed(analyzer, "Miller said the plan was sound.", "2026-02-01")[0], "Miller")
    assert (actor.code, actor.role) == (None, None)


# --- the table: loading and its checks -----------------------------------------------------------------------------

def test_the_bundled_table_loads_fast_and_whole() -> None:
    actor_table.bundled_paths()
    actor_table._iso_codes()
    started = time.perf_counter()
    table = actor_table.build(actor_table._read(p) for p in actor_table.bundled_paths())
    elapsed = time.perf_counter() - started
    assert elapsed < 0.5, f"loading the actor table took {elapsed * 1000:.0f} ms"
    assert sum(len(rows) for rows in table.entries.values()) > 900
    assert table.holder("UNO", "secretary-general", date(2012, 1, 1)).name == "Ban Ki-moon"  # type: ignore[union-attr]


@pytest.mark.parametrize("code", [
    "ARG", "AUS", "BRA", "CAN", "CHN", "FRA", "DEU", "IND", "IDN", "ITA", "JPN", "MEX", "RUS", "SAU", "ZAF", "KOR",
    "TUR", "GBR", "USA", "PRK", "UKR", "IRN", "ISR", "PSE", "LBN", "SYR", "YEM", "SDN", "MMR", "ETH",
])
def test_every_state_required_has_a_leader_on_every_day_from_2001(code: str) -> None:
    table = actor_table.load()
    heads = {"president", "prime minister", "chancellor", "king", "queen", "supreme leader", "leader", "head of state",
             "acting president", "state counsellor", "emir"}
    for year in range(2001, 2026):
        day = date(year, 7, 1)
        assert any(
            e.valid_at(day) and e.code == code and heads.intersection(e.roles)
            for rows in table.entries.values() for e in rows
        ), (code, day)


def _table_error(tmp_path: Path, text: str) -> str:
    path = tmp_path / "mine.tsv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ActorTableError) as caught:
        actor_table.load((str(path),))
    return str(caught.value)


@pytest.mark.parametrize(
    ("row", "says"),
    [
        ("human\tAna Lopes\t\tPRT\tGOV\tminister\t2020-01-01\t\t", "kind 'human'"),
        ("person\tAna Lopes\t\tPRT\tGOV\tminister\t2020-13-01\t\t", "start '2020-13-01' is not a date"),
        ("person\tAna Lopes\t\tPRT\tGOV\tminister\t2021-01-01\t2020-01-01\t", "is not after start"),
        ("person\tAna Lopes\t\tQQQ\tGOV\tminister\t2020-01-01\t\t", "code 'QQQ' is neither"),
        ("person\tAna Lopes\t\tPortugal\tGOV\tminister\t2020-01-01\t\t", "three capital letters"),
        ("person\tAna Lopes\t\tPRT\tBOSS\tminister\t2020-01-01\t\t", "sector 'BOSS'"),
        ("person\tAna Lopes\tPRT\tGOV", "4 columns"),
        ("person\t\t\tPRT\tGOV\tminister\t\t\t", "the name is empty"),
    ],
)
def test_a_bad_row_is_named_by_file_and_line(tmp_path: Path, row: str, says: str) -> None:
    message = _table_error(tmp_path, "# my people\n" + HEADER + row + "\n")
    assert "mine.tsv:3: " in message and says in message


def test_overlapping_terms_of_one_person_are_refused(tmp_path: Path) -> None:
    rows = ("person\tAna Lopes\t\tPRT\tGOV\tminister\t2020-01-01\t2023-01-01\t\n"
            "person\tAna Lopes\t\tPRT\tGOV\tminister\t2022-01-01\t\t\n")
    assert "mine.tsv:3: Ana Lopes as minister overlaps the row at" in _table_error(tmp_path, HEADER + rows)


def test_an_unknown_header_is_refused(tmp_path: Path) -> None:
    assert "mine.tsv:1: unknown header" in _table_error(tmp_path, "who\twhat\n")


def test_a_missing_user_table_is_a_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(ActorTableError, match="does not exist"):
        actor_table.load_setting(str(tmp_path / "missing.tsv"))


# --- a user's table through the setting ----------------------------------------------------------------------------

def test_a_user_table_named_in_the_setting_is_used(
    analyzer: Analyzer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "people.tsv").write_text(
        HEADER
        + "person\tIngrid Solvang\tI. Solvang\tNOR\tGOV\tfisheries minister\t2023-10-16\t\t\n"
        + "organization\tNordkapp Coast Watch\tNCW\tNOR\tCOP\t\t\t\t\n",
        encoding="utf-8",
    )
    (tmp_path / "phrases.tsv").write_text("phrase\trole\tcountry\nfisheries minister\tfisheries minister\t\n",
                                          encoding="utf-8")
    monkeypatch.setenv("DOSSIER_ACTOR_TABLES", str(tmp_path))
    linker = make_actor_linker(analyzer.nlp, "dossier_actors", None)
    doc = analyzer.nlp("Solvang met Nordkapp Coast Watch. Norway's fisheries minister later signed the quota deal.")
    doc._.published = date(2024, 9, 1)
    linker(doc)
    by_text = {span.text: span._.actor for span in doc._.entities}
    assert by_text["Solvang"].name == "Ingrid Solvang" and by_text["Solvang"].code == "NOR"
    assert (by_text["Nordkapp Coast Watch"].code, by_text["Nordkapp Coast Watch"].sector) == ("NOR", "COP")
    office = next(span for span in doc._.entities if span.kb_id_ == OFFICE)
    assert (office.text, office._.actor.name) == ("fisheries minister", "Ingrid Solvang")
