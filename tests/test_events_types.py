"""PLOVER events (``dossier_events``): the rules beyond a verb with its subject and object, in the project's own
sentences: a passive without its agent, an event noun that happens ("protests erupted"), a light verb with its noun
in a phrase ("went on strike"), the senses PLOVER's manual tells apart (a diplomatic protest is ACCUSE, signing a
treaty SUPPORT, troops sent to no one MOBILIZE), and the event's place kept out of its target."""

from __future__ import annotations

from datetime import date

import pytest

from dossier.model import Article, Event
from dossier.pipeline import Analyzer


def coded(analyzer: Analyzer, body: str) -> tuple[Event, ...]:
    return analyzer.analyze_one(Article("a", body, published=date(2024, 5, 2), language="en")).events


def only_event(analyzer: Analyzer, body: str) -> Event:
    events = coded(analyzer, body)
    assert len(events) == 1, events
    return events[0]


@pytest.mark.parametrize(
    ("body", "type_", "mode", "source", "target"),
    [
        # A patient without its agent: the act is the event, whoever did it.
        ("Five journalists were arrested in Minsk.", "COERCE", "arrest", (), ()),
        ("Three Ukrainian soldiers were killed near Bakhmut.", "ASSAULT", None, (), ("UKR",)),
        # An event noun said to happen: its own phrase names the actors.
        ("Protests erupted in Tbilisi after the vote.", "PROTEST", "demo", (), ()),
        ("Talks between Armenia and Azerbaijan were held in Washington.", "CONSULT", None, ("ARM", "AZE"), ()),
        # A light verb whose event noun sits in its phrase.
        ("Nurses in Britain went on strike on Tuesday.", "PROTEST", "strike", ("GBR",), ()),
        ("Thousands of Kenyans took part in protests in Nairobi.", "PROTEST", "demo", ("KEN",), ()),
        # The clause a promise governs says what is promised: a vow to strike back is a threat.
        ("Iran vowed to retaliate against Israel.", "THREATEN", "violence", ("IRN",), ("ISR",)),
        # Senses the PLOVER manual tells apart.
        ("China protested the visit.", "ACCUSE", "disapprove", ("CHN",), ()),
        ("Students protested outside the parliament.", "PROTEST", "demo", (), ()),
        ("Poland summoned the Russian ambassador.", "ACCUSE", "disapprove", ("POL",), ("RUS",)),
        ("Lithuania expelled three Russian diplomats.", "SANCTION", "expel", ("LTU",), ("RUS",)),
        ("Russia withdrew from the grain deal.", "SANCTION", "withdraw", ("RUS",), ()),
        ("Egypt lifted the curfew in Cairo.", "CONCEDE", None, ("EGY",), ()),
        ("Vietnam cancelled the meeting with Cambodia.", "REJECT", "meet", ("VNM",), ("KHM",)),
        ("Colombia released 20 prisoners.", "RETREAT", "release", ("COL",), ()),
        ("Russia sent 500 soldiers to the border.", "MOBILIZE", "troops", ("RUS",), ()),
        ("About 2,000 Belarusian troops were sent to Russia.", "AID", "military", ("BLR",), ("RUS",)),
        ("North Korea held military drills.", "MOBILIZE", "troops", ("PRK",), ()),
        ("The United States and South Korea held joint military drills.", "COOPERATE", "military", ("USA", "KOR"), ()),
        ("Police raided the offices of the newspaper.", "COERCE", "seize", (), ()),
        ("Germany pardoned the activists.", "CONCEDE", None, ("DEU",), ()),
        ("The rebels suspended their attacks on the army.", "CONCEDE", None, (), ()),
        ("Police used tear gas against the crowd.", "ASSAULT", "crowd-control", (), ()),
        ("Sanctions were imposed on Iran.", "SANCTION", None, (), ("IRN",)),
        ("A court in Ankara handed down prison sentences to 12 officers.", "SANCTION", "convict", ("TUR",), ()),
        # A meeting or aid to come is an agreement (PLOVER manual 3.2.1, 3.6.2).
        ("Joe Biden will meet Xi Jinping in November.", "AGREE", None, ("USA",), ("CHN",)),
        ("Germany will provide Ukraine with tanks.", "AGREE", None, ("DEU",), ("UKR",)),
        ("Ukraine accused Russia of shelling the plant.", "ACCUSE", None, ("UKR",), ("RUS",)),  # not a second event
        ("Thousands of people marched through Madrid.", "PROTEST", "demo", (), ()),
        ("Protesters clashed with police in Nairobi.", "PROTEST", "riot", (), ()),
        ("North Korea test-fired a ballistic missile.", "MOBILIZE", "weapons", ("PRK",), ()),
        ("China conducted military drills around Taiwan.", "MOBILIZE", "troops", ("CHN",), ("TWN",)),
        ("India held naval exercises with Japan.", "COOPERATE", "military", ("IND",), ("JPN",)),
        ("Thailand declared a state of emergency.", "COERCE", "martial-law", ("THA",), ()),
        ("Ukrainian troops pulled back from the town.", "RETREAT", "withdraw", ("UKR",), ()),
        ("Hungary blocked the aid package for Ukraine.", "REJECT", None, ("HUN",), ("UKR",)),
        ("Poland closed its border with Belarus.", "COERCE", "restrict", ("POL",), ("BLR",)),
        ("Iran is ready to resume talks with the United States.", "AGREE", None, ("IRN",), ("USA",)),  # intent
        ("Syria used chemical weapons against civilians.", "ASSAULT", "unconventional", ("SYR",), ()),
        ("Russia violated the ceasefire.", "ASSAULT", None, ("RUS",), ()),
        ("The UN deployed peacekeepers to Haiti.", "AID", "peacekeeping", ("UNO",), ("HTI",)),
        ("France expressed concern over the arrests.", "ACCUSE", "disapprove", ("FRA",), ()),
        ("Vladimir Putin hosted Bashar al-Assad in Sochi.", "CONSULT", "visit", ("SYR",), ("RUS",)),  # the guest acts
        ("Hamas vowed revenge.", "THREATEN", "violence", ("PSE",), ()),
        ("Syria refused to discuss the constitution.", "REJECT", None, ("SYR",), ()),  # the refusal, not the talks
        # A pronoun in what a speaker says is the speaker when nothing else names the actor.
        ("Moscow said it had shot down 20 Ukrainian drones.", "ASSAULT", "aerial", ("RUS",), ("UKR",)),
        ("Nigeria suspended trade with Benin.", "SANCTION", "discontinue", ("NGA",), ("BEN",)),
        # Meeting someone is consulting; meeting a demand gives in to it (PLOVER manual 3.4).
        ("Emmanuel Macron met Olaf Scholz in Paris.", "CONSULT", None, ("FRA",), ("DEU",)),
        ("Serbia met the demands of the protesters.", "CONCEDE", None, ("SRB",), ()),
        # Suspending one's own protests or a curfew de-escalates; suspending trade sanctions.
        ("The union suspended its protests.", "CONCEDE", None, (), ()),
        ("Bangladesh suspended the curfew in Dhaka.", "CONCEDE", None, ("BGD",), ()),
        ("Japan committed itself to the defence of the Philippines.", "AGREE", None, ("JPN",), ("PHL",)),
        ("A Hungarian court found the general guilty of murder.", "SANCTION", "convict", ("HUN",), ()),
        # A passive's agent names who did what the event noun says.
        ("A peace agreement was signed by Ethiopia and Eritrea.", "SUPPORT", None, ("ETH", "ERI"), ()),
        # A capital the small model tags as a person is still the place (actors._capital_as_place).
        ("Russian missiles struck Kyiv on Monday.", "ASSAULT", None, ("RUS",), ("UKR",)),
    ],
)
def test_rules_beyond_subject_verb_object(
    analyzer: Analyzer, body: str, type_: str, mode: str | None, source: tuple[str, ...], target: tuple[str, ...]
) -> None:
    event = only_event(analyzer, body)
    assert (event.type, event.mode, event.source, event.target) == (type_, mode, source, target)


def test_the_place_of_an_event_is_not_its_target(analyzer: Analyzer) -> None:
    event = only_event(analyzer, "Iran and the United States held talks in Oman.")
    assert (event.type, event.source, event.target) == ("CONSULT", ("IRN", "USA"), ())


@pytest.mark.parametrize(
    "body",
    [
        "The minister declined to comment on the talks.",  # a statement's stance, not a rejection
        "Voters were asked about the economy.",  # a passive whose type needs its agent
        "The report was released on Monday.",  # a release of no captives
        "Each member promised to help if it is attacked.",  # a passive whose patient is a pronoun
        "I sort of just accepted it.",  # accepting nothing a party offers or demands
        "The senator has clashed repeatedly with the president.",  # a clash of words, not of arms
        "The mayor is seeking re-election.",  # seeking nothing a party is asked for
        "The ministry met the deadline.",  # a deadline is no counterpart
        "The president received a letter from the Armenian ambassador.",  # a letter received is no visit
        "The soldiers committed atrocities.",  # committing a crime pledges nothing
    ],
)
def test_no_event_where_the_rule_does_not_apply(analyzer: Analyzer, body: str) -> None:
    assert coded(analyzer, body) == ()


@pytest.mark.parametrize(
    ("body", "name", "code"),
    [
        ("Russian missiles struck Kyiv on Monday.", "Kyiv", "UKR"),  # tagged PERSON by the model, a capital
        ("Douglas said the talks had failed.", "Douglas", None),  # a capital (Isle of Man) and a given name
        ("Anna Lima resigned on Friday. Lima said the army had failed.", "Lima", None),  # a surname in the article
        ("Jordan condemned the attack.", "Jordan", "JOR"),  # a country's own name is left as it was
        ("Michael Jordan met Chad Smith.", "Chad Smith", None),
    ],
)
def test_a_capital_tagged_as_a_person_is_the_place_only_when_it_names_no_one(
    analyzer: Analyzer, body: str, name: str, code: str | None
) -> None:
    doc = analyzer.nlp(body)
    actor = {span.text: span._.actor for span in doc._.entities}[name]
    assert actor is not None
    assert actor.code == code
