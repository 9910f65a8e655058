"""PLOVER events (``dossier_events``), in the project's own sentences: one per event type family, the marks a
statement's stance and the clause give, source and target codes, the date, the headline, the store and the eval."""

from __future__ import annotations

import json
from datetime import date
from importlib.resources import files
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from dossier import queries
from dossier.evaluate import events as evaluation
from dossier.model import Analysis, Article, Event, Fingerprint, ToStore, analysis_record
from dossier.pipeline import Analyzer
from dossier.store import SqlStore

PUBLISHED = date(2024, 5, 2)


def analysed(analyzer: Analyzer, body: str, title: str | None = None) -> Analysis:
    return analyzer.analyze_one(Article("a", body, title=title, published=PUBLISHED, language="en"))


def only_event(analyzer: Analyzer, body: str) -> Event:
    events = analysed(analyzer, body).events
    assert len(events) == 1, events
    return events[0]


@pytest.mark.parametrize(
    ("body", "type_", "mode", "source", "target"),
    [
        ("Norway delivered 40 tanks to Ukraine.", "AID", "military", ("NOR",), ("UKR",)),
        ("Japan shipped food and medicine to Turkey after the earthquake.", "AID", "humanitarian", ("JPN",), ("TUR",)),
        ("Argentina and Chile agreed on a border treaty.", "AGREE", None, ("ARG", "CHL"), ()),
        ("Argentina and Chile signed a border treaty.", "SUPPORT", None, ("ARG", "CHL"), ()),  # PLOVER manual 3.3
        ("Israel agreed to halt its offensive.", "CONCEDE", None, ("ISR",), ()),
        ("Emmanuel Macron met Olaf Scholz in Berlin.", "CONSULT", None, ("FRA",), ("DEU",)),
        ("Canada praised Finland for its stance.", "SUPPORT", None, ("CAN",), ("FIN",)),
        ("Spain and Portugal cooperate on fire fighting.", "COOPERATE", None, ("ESP", "PRT"), ()),
        ("Russian troops withdrew from Kherson.", "RETREAT", "withdraw", ("RUS",), ()),
        ("The United Nations urged Ethiopia to open the roads.", "REQUEST", None, ("UNO",), ("ETH",)),
        ("India accused Pakistan of sheltering militants.", "ACCUSE", None, ("IND",), ("PAK",)),
        ("Iran rejected the proposal.", "REJECT", None, ("IRN",), ()),
        ("North Korea threatened to strike South Korea.", "THREATEN", None, ("PRK",), ("KOR",)),
        ("The European Union imposed sanctions on Belarus.", "SANCTION", None, ("EUR",), ("BLR",)),
        ("Poland deployed 10,000 soldiers to its eastern border.", "MOBILIZE", "troops", ("POL",), ()),
        ("Police in Turkey arrested 30 journalists.", "COERCE", "arrest", ("TUR",), ()),
        ("Ukraine was attacked by Russia.", "ASSAULT", None, ("RUS",), ("UKR",)),
    ],
)
def test_each_event_type_family(
    analyzer: Analyzer, body: str, type_: str, mode: str | None, source: tuple[str, ...], target: tuple[str, ...]
) -> None:
    event = only_event(analyzer, body)
    assert (event.type, event.mode, event.source, event.target) == (type_, mode, source, target)
    assert body[event.start:event.end] == event.text


def test_workers_protesting_are_a_protest_without_a_named_actor(analyzer: Analyzer) -> None:
    event = only_event(analyzer, "Thousands of workers protested against the pension reform.")
    assert (event.type, event.mode, event.source) == ("PROTEST", "demo", ())


@pytest.mark.parametrize(
    "body",
    [
        "The weather in Lisbon was warm and sunny.",
        "The spokesman refused to comment on the report.",  # a statement's stance, not a rejection
        "Shares of the company fell sharply on Tuesday.",
        "The data support the view that prices will rise.",  # a verb sense without an actor
    ],
)
def test_no_event_without_a_known_sense_and_an_actor(analyzer: Analyzer, body: str) -> None:
    assert analysed(analyzer, body).events == ()


def test_a_denied_event_is_negated_and_carried_by_the_denial(analyzer: Analyzer) -> None:
    analysis = analysed(analyzer, "Moscow denied that Russian jets had bombed the hospital.")
    (event,) = analysis.events
    assert (event.type, event.source, event.negated, event.stance) == ("ASSAULT", ("RUS",), True, "deny")
    assert event.statement is not None
    assert next(s for s in analysis.statements if s.id == event.statement).stance == "deny"


def test_a_negated_predicate_is_negated(analyzer: Analyzer) -> None:
    event = only_event(analyzer, "Russia did not attack Finland.")
    assert (event.type, event.negated, event.future) == ("ASSAULT", True, False)


def test_a_promised_retreat_is_future_and_a_concession(analyzer: Analyzer) -> None:
    event = only_event(analyzer, "Russia will withdraw its forces from the border.")
    assert (event.type, event.future, event.negated) == ("CONCEDE", True, False)


def test_a_conditional_event_is_hypothetical(analyzer: Analyzer) -> None:
    events = analysed(analyzer, "If China invaded Taiwan, Japan would respond.").events
    invasion = next(e for e in events if e.type == "ASSAULT")
    assert (invasion.source, invasion.target, invasion.hypothetical) == (("CHN",), ("TWN",), True)


def test_the_date_comes_from_a_time_of_the_sentence_else_the_publication(analyzer: Analyzer) -> None:
    dated = only_event(analyzer, "Ukraine was attacked by Russia on 5 March 2022.")
    assert (dated.date, dated.date_from) == ("2022-03-05", "time")
    undated = only_event(analyzer, "Ukraine was attacked by Russia.")
    assert (undated.date, undated.date_from) == ("2024-05-02", "published")


def test_quantities_inside_the_event_are_attached(analyzer: Analyzer) -> None:
    analysis = analysed(analyzer, "Poland deployed 10,000 soldiers to its eastern border.")
    (event,) = analysis.events
    (quantity,) = analysis.quantities
    assert event.quantities == (quantity.id,)


def test_a_headline_event_is_in_the_title_and_numbered_after_the_body(analyzer: Analyzer) -> None:
    analysis = analysed(analyzer, "Russian troops withdrew from Kherson.", title="Germany Sends 40 Tanks To Ukraine")
    assert [(e.id, e.type, e.in_title) for e in analysis.events] == [("v1", "RETREAT", False), ("v2", "AID", True)]
    record = analysis_record(analysis)
    assert record["events"][1]["in"] == "title" and "in" not in record["events"][0]
    schema = json.loads(files("dossier").joinpath("schema/analysis.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator(schema).validate(record)


def test_events_round_trip_through_the_store(analyzer: Analyzer, store: SqlStore) -> None:
    analysis = analysed(analyzer, "Moscow denied that Russian jets had bombed the hospital.",
                        title="Norway Delivers 40 Tanks To Ukraine")
    assert len(analysis.events) == 2
    store.save([ToStore(analysis, Fingerprint("events-1"))])
    stored = queries.get_analysis(store, "a")
    assert stored is not None and stored.events == analysis.events


def test_eval_reads_petrarch_and_plover_records_and_reports_the_last_line(analyzer: Analyzer, tmp_path: Path) -> None:
    (tmp_path / "records.xml").write_text(
        '<Sentences>\n<Sentence date="20240502" id="T-1">\n'
        '<EventCoding sourcecode="NORMIL" targetcode="UKR" eventcode="0732"></EventCoding>\n'
        "<Text>\nNorway delivered 40 tanks to Ukraine.\n</Text>\n</Sentence>\n"
        '<Sentence date="20240502" id="T-2">\n<EventCoding noevents="True"></EventCoding>\n'
        "<Text>The weather in Lisbon was warm.</Text>\n</Sentence>\n</Sentences>\n",
        encoding="utf-8",
    )
    (tmp_path / "records.jsonl").write_text(
        '{"text": "India accused Pakistan of sheltering militants.", "event_type": "ACCUSE", "source": "IND", '
        '"target": "PAK"}\n',
        encoding="utf-8",
    )
    report = evaluation.evaluate(tmp_path, analyzer)
    metrics = report.metrics()
    assert report.documents == 3
    assert metrics["type_f1"] == 1.0 and metrics["false_alarms"] == 0.0
    assert metrics["source_accuracy"] == 1.0 and metrics["target_accuracy"] == 1.0
    assert report.lines()[-1].startswith("events type_f1=1.000")
