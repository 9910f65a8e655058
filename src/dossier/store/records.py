"""Record kinds ↔ rows: one entry per kind of extraction in ``KINDS``.

A new kind of extraction (events, say) is one ``RecordKind`` here, one table in ``tables``, one
migration step and one field of ``Analysis``: saving, replacing, reading one article and reading
many all go through this registry.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from dossier.model import (
    Actor,
    Analysis,
    Article,
    Entity,
    Event,
    Quantity,
    Source,
    Statement,
    TextSpan,
    TimeRef,
    to_jsonable,
)
from dossier.store import tables as t

Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class RecordKind:
    """One kind of extraction: the ``Analysis`` field it fills, its table, how a record becomes a row and back,
    and the order its records come in."""

    field: str
    table: sa.Table
    to_row: Callable[[str, Any], Row]  # (article id, record) → row
    from_row: Callable[[sa.RowMapping], Any]
    order_by: tuple[sa.ColumnElement[Any], ...]
    joins_actors: sa.Column[Any] | None = None  # the column naming an actor whose name and kind are read with it

    def rows(self, analysis: Analysis) -> list[Row]:
        return [self.to_row(analysis.article.id, record) for record in getattr(analysis, self.field)]

    def select(self) -> sa.Select[Any]:
        if self.joins_actors is None:
            return sa.select(self.table).order_by(*self.order_by)
        joined = self.table.outerjoin(t.actors, self.joins_actors == t.actors.c.id)
        return (
            sa.select(self.table, t.actors.c.name.label("actor_name"), t.actors.c.kind.label("actor_kind"))
            .select_from(joined)
            .order_by(*self.order_by)
        )


def article_from_row(row: sa.RowMapping) -> Article:
    return Article(
        id=row["id"],
        body=row["body"],
        title=row["title"],
        url=row["url"],
        outlet=row["outlet"],
        authors=tuple(row["authors"]),
        published=row["published"],
        language=row["language"],
        captions=tuple(row["captions"]),
        duplicate_of=row["duplicate_of"],
        metadata=row["metadata"],
    )


def analyses(conn: Connection, article_ids: Sequence[str]) -> list[Analysis]:
    """The analyses of these articles, in the order given (unknown ids left out): one query for the articles and
    one per kind of extraction."""
    rows = {row["id"]: row for row in conn.execute(sa.select(t.articles).where(t.articles.c.id.in_(article_ids))).mappings()}
    found: dict[str, dict[str, list[Any]]] = {article_id: {} for article_id in rows}
    for kind in KINDS:
        for row in conn.execute(kind.select().where(kind.table.c.article_id.in_(list(rows)))).mappings():
            found[row["article_id"]].setdefault(kind.field, []).append(kind.from_row(row))
    return [
        Analysis(
            article_from_row(rows[article_id]),
            skipped=rows[article_id]["analysis_skipped"],
            pipeline_version=rows[article_id]["pipeline_version"] or "",
            **{field: tuple(records) for field, records in found[article_id].items()},
        )
        for article_id in article_ids
        if article_id in rows
    ]


def actors_of(analysis: Analysis) -> list[Actor]:
    """Every actor the analysis names: entities' and statements' sources, direct and through ``via``."""
    found = [e.actor for e in analysis.entities if e.actor is not None]
    for statement in analysis.statements:
        sources = ((statement.source,) if statement.source else ()) + statement.via
        found += [s.actor for s in sources if s.actor is not None]
    return found


def _entity_row(article_id: str, entity: Entity) -> Row:
    actor = entity.actor
    return {
        "article_id": article_id, "entity_id": entity.id, "start": entity.start, "end": entity.end, "text": entity.text, "label": entity.label,
        "actor_id": actor.id if actor else None, "actor_code": actor.code if actor else None,
        "role": actor.role if actor else None, "actor_sector": actor.sector if actor else None,
        "in_title": entity.in_title,
    }


def _entity(row: sa.RowMapping) -> Entity:
    actor = None
    if row["actor_id"] is not None:
        actor = Actor(row["actor_id"], row["actor_name"], row["actor_kind"], row["actor_code"], row["role"],
                      row["actor_sector"])
    return Entity(row["entity_id"], row["start"], row["end"], row["text"], row["label"], actor, bool(row["in_title"]))


def _statement_row(article_id: str, statement: Statement) -> Row:
    source, actor = statement.source, statement.source.actor if statement.source else None
    mention = source.mention if source else None
    return {
        "article_id": article_id,
        "statement_id": statement.id,
        "source_text": source.text if source else None,
        "source_start": source.start if source else None,
        "source_end": source.end if source else None,
        "source_kind": source.kind if source else None,
        "source_role": source.role if source else None,
        "source_actor_id": actor.id if actor else None,
        "source_actor_code": actor.code if actor else None,
        "source_actor_role": actor.role if actor else None,
        "source_actor_sector": actor.sector if actor else None,
        "source_mention_text": mention.text if mention else None,
        "source_mention_start": mention.start if mention else None,
        "source_mention_end": mention.end if mention else None,
        "cue_text": statement.cue.text, "cue_start": statement.cue.start, "cue_end": statement.cue.end,
        "content_text": statement.content.text, "content_start": statement.content.start,
        "content_end": statement.content.end,
        "stance": statement.stance,
        "via": to_jsonable(statement.via),
        "hedges": to_jsonable(statement.hedges),
        "direct_quote": statement.direct_quote,
        "responds_to": statement.responds_to,
        # Within one analysis a denial answers a statement of the same article; the store names the article, so
        # that a link across articles fits the same columns.
        "responds_to_article": article_id if statement.responds_to else None,
        "in_title": statement.in_title,
    }


def _statement(row: sa.RowMapping) -> Statement:
    source = None
    if row["source_kind"] is not None:
        actor = None
        if row["source_actor_id"] is not None:
            actor = Actor(row["source_actor_id"], row["actor_name"], row["actor_kind"], row["source_actor_code"],
                          row["source_actor_role"], row["source_actor_sector"])
        mention = None
        if row["source_mention_text"] is not None:
            mention = TextSpan(row["source_mention_text"], row["source_mention_start"], row["source_mention_end"])
        source = Source(row["source_text"], row["source_start"], row["source_end"], row["source_kind"],
                        row["source_role"], actor, mention)
    return Statement(
        id=row["statement_id"],
        source=source,
        cue=TextSpan(row["cue_text"], row["cue_start"], row["cue_end"]),
        content=TextSpan(row["content_text"], row["content_start"], row["content_end"]),
        stance=row["stance"],
        via=tuple(_source(v) for v in row["via"]),
        hedges=tuple(TextSpan(**h) for h in row["hedges"]),
        direct_quote=bool(row["direct_quote"]),
        responds_to=row["responds_to"],
        in_title=bool(row["in_title"]),
    )


def _source(data: dict[str, Any]) -> Source:
    actor = Actor(**data["actor"]) if data.get("actor") else None
    mention = TextSpan(**data["mention"]) if data.get("mention") else None
    return Source(**{**data, "actor": actor, "mention": mention})


_QUANTITY_FIELDS = ("text", "start", "end", "value", "low", "high", "approximate", "qualifier", "unit", "object",
                    "per", "change", "in_title")
_TIME_FIELDS = ("text", "start", "end", "type", "value", "caption", "in_title")


def _quantity_row(article_id: str, quantity: Quantity) -> Row:
    return {"article_id": article_id, "quantity_id": quantity.id, "statement_id": quantity.statement,
            **{name: getattr(quantity, name) for name in _QUANTITY_FIELDS}}


def _quantity(row: sa.RowMapping) -> Quantity:
    return Quantity(id=row["quantity_id"], statement=row["statement_id"], **{name: row[name] for name in _QUANTITY_FIELDS})


def _time_row(article_id: str, time: TimeRef) -> Row:
    return {"article_id": article_id, "time_id": time.id, **{name: getattr(time, name) for name in _TIME_FIELDS}}


def _time(row: sa.RowMapping) -> TimeRef:
    return TimeRef(id=row["time_id"], **{name: row[name] for name in _TIME_FIELDS})


_EVENT_FIELDS = ("type", "mode", "text", "start", "end", "date", "date_from", "stance", "negated", "future",
                 "hypothetical", "source_text", "target_text", "in_title")


def _event_row(article_id: str, event: Event) -> Row:
    return {"article_id": article_id, "event_id": event.id, "statement_id": event.statement,
            "source": list(event.source), "target": list(event.target), "quantities": list(event.quantities),
            **{name: getattr(event, name) for name in _EVENT_FIELDS}}


_EVENT_FLAGS = ("negated", "future", "hypothetical", "in_title")


def _event(row: sa.RowMapping) -> Event:
    fields: dict[str, Any] = {name: row[name] for name in _EVENT_FIELDS}
    fields.update({name: bool(row[name]) for name in _EVENT_FLAGS})
    return Event(id=row["event_id"], statement=row["statement_id"], source=tuple(row["source"]),
                 target=tuple(row["target"]), quantities=tuple(row["quantities"]), **fields)


KINDS: tuple[RecordKind, ...] = (
    RecordKind("entities", t.entities, _entity_row, _entity, (t.entities.c.start,), t.entities.c.actor_id),
    RecordKind("statements", t.statements, _statement_row, _statement, (t.statements.c.cue_start,),
               t.statements.c.source_actor_id),
    RecordKind("quantities", t.quantities, _quantity_row, _quantity, (t.quantities.c.start,)),
    RecordKind("times", t.times, _time_row, _time,
               (t.times.c.caption.is_not(None), t.times.c.caption, t.times.c.start)),
    RecordKind("events", t.events, _event_row, _event, (t.events.c.in_title, t.events.c.start, t.events.c.event_id)),
)
