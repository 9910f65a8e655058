"""An event as a PLOVER record: the JSON fields of the PLOVER manual (v0.8, chapter 6 "Data Fields", tables 6.1,
6.2, 6.3 and 6.5), plus dossier's own ``statement`` (the carrying statement: id, source, cue, text, stance),
``stance``, ``date_from`` (``time``: a time expression of the event's sentence; ``published``: the article's
date) and ``timex``.

- ``actor`` and ``recipient`` are lists of entity objects (table 6.2): ``code`` (ISO alpha-3 or an
  organisation's code), ``entity_text`` (the mention naming it), and where an entity in the event's text was
  linked to an actor, ``sector``, ``office``, ``identifier_id`` (dossier's stable actor id: the manual asks for a Wikidata id, which
  dossier's actor table does not hold) and ``identifier_text`` (the actor's canonical name).
- ``date`` is a day (YYYY-MM-DD, required): a coarser time of the event (a week, month, quarter, year) becomes
  its first day in ``date`` and its last in ``enddate``; a clock time fills ``time``; the TIMEX3 value as found is
  kept in ``timex`` when the date came from the text.
- Denied, predicted and supposed events carry the manual's auxiliary modes (section 2.3: ``negation``,
  ``future``, ``hypothetical``) in ``mode``, after the type's own mode.
- ``event_loc`` and ``context`` are left out: dossier codes neither yet.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Any

from dossier.model import Actor, Event, EventType
from dossier.queries.export import ExportedEvent

CODEBOOK = "PLOVER 0.8"

# Table 7.2 of the manual: the quad category of each event type.
_QUADS: dict[int, tuple[EventType, ...]] = {
    1: ("AGREE", "CONSULT", "SUPPORT", "CONCEDE"),  # verbal cooperation
    2: ("COOPERATE", "AID", "RETREAT"),  # material cooperation
    3: ("REQUEST", "ACCUSE", "REJECT", "SANCTION", "THREATEN"),  # verbal conflict
    4: ("PROTEST", "MOBILIZE", "COERCE", "ASSAULT"),  # material conflict
}
QUAD_CODES: dict[str, int] = {type_: quad for quad, types in _QUADS.items() for type_ in types}
_QUARTER_MONTHS = {"Q1": (1, 3), "Q2": (4, 6), "Q3": (7, 9), "Q4": (10, 12)}
_HALF_MONTHS = {"H1": (1, 6), "H2": (7, 12)}


def plover_record(found: ExportedEvent) -> dict[str, Any]:
    """The PLOVER record of one exported event; its ``id`` (article id, event id) is unique in a store."""
    event, article = found.event, found.provenance
    span = _period(event.date) if event.date else None
    if span is None and article.published is not None:
        span = (article.published, article.published, None)
    record: dict[str, Any] = {"id": f"{article.article_id}:{event.id}"}
    if span is not None:
        start, end, clock = span
        record["date"] = start.isoformat()
        if end != start:
            record["enddate"] = end.isoformat()
        if clock is not None:
            record["time"] = clock
    record.update({
        "actor": _entities(event.source, event.source_text, found.actors),
        "recipient": _entities(event.target, event.target_text, found.actors),
        "event": [event.type],
        "event_text": [event.text],
        "quad_code": QUAD_CODES[event.type],
        "mode": [m for m in (event.mode,) if m] + _auxiliary_modes(event),
        "text_info": {"start": event.start, "end": event.end, **({"in": "title"} if event.in_title else {})},
        "cite_info": {"citation": article.article_id, "url": article.url, "title": article.title,
                      "publication": article.outlet, "language": article.language, "codebook": CODEBOOK},
        "coder": article.pipeline_version,
        "statement": _statement(found),
        "stance": event.stance,
        "date_from": event.date_from,
    })
    if event.date_from == "time":
        record["timex"] = event.date
    return record


def _auxiliary_modes(event: Event) -> list[str]:
    flags = (("negation", event.negated), ("future", event.future), ("hypothetical", event.hypothetical))
    return [name for name, marked in flags if marked]


def _entities(codes: tuple[str, ...], mention: str | None, actors: dict[str, Actor]) -> list[dict[str, Any]]:
    """One entity object per code; the mention's linked actor fills the object of its own code (the event keeps
    one mention per side, so a second code of a compound side has its code alone)."""
    linked = actors.get(mention) if mention else None
    entities: list[dict[str, Any]] = []
    for code in codes:
        entity: dict[str, Any] = {"code": code}
        if mention and (linked.code == code if linked else len(codes) == 1):
            entity["entity_text"] = mention
        if linked is not None and linked.code == code:
            known = {"sector": linked.sector, "office": linked.role, "identifier_id": linked.id,
                     "identifier_text": linked.name}
            entity.update({name: value for name, value in known.items() if value is not None})
        entities.append(entity)
    return entities


def _statement(found: ExportedEvent) -> dict[str, Any] | None:
    statement = found.statement
    if statement is None:
        return None
    return {"id": statement.id, "source": statement.source.text if statement.source else None,
            "cue": statement.cue.text, "text": statement.content.text, "stance": statement.stance}


def _period(value: str) -> tuple[date, date, str | None] | None:
    """A TIMEX3 date value (``2024-10-18``, ``2024-10-18T14:30``, ``2024-W41``, ``2024-10``, ``2024-Q3``,
    ``2024``) as its first day, last day and clock time; None for a value that names no calendar period
    (a season, an unknown part)."""
    day, _, clock = value.partition("T")
    parts = day.split("-")
    try:
        year = int(parts[0])
        if len(parts) == 1:
            return date(year, 1, 1), date(year, 12, 31), None
        part = parts[1]
        if part.startswith("W"):
            week = int(part[1:])
            weekend = len(parts) > 2 and parts[2] == "WE"
            first = date.fromisocalendar(year, week, 6 if weekend else 1)
            return first, first + timedelta(days=1 if weekend else 6), None
        months = _QUARTER_MONTHS.get(part) or _HALF_MONTHS.get(part)
        if months is not None:
            return date(year, months[0], 1), date(year, months[1], calendar.monthrange(year, months[1])[1]), None
        month = int(part)
        if len(parts) == 2:
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), None
        exact = date(year, month, int(parts[2]))
        return exact, exact, clock if clock[:2].isdigit() else None
    except ValueError:
        return None
