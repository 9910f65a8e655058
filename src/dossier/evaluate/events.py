"""PLOVER events on PLOVER JSON records, PETRARCH XML records and NGEC-style CSV stories.

Each record (a sentence or a story) is analysed as an article published on the record's date; its gold event types
and the types of the events dossier codes in it are compared as sets, per record:

- PETRARCH validation records (``<Sentence date id><EventCoding sourcecode targetcode eventcode/><Text>``): CAMEO
  codes become PLOVER types through a CAMEO2PLOVER table (``CAMEO2PLOVER*.txt`` in the data's folder or one above it,
  longest code prefix first) or, without one, the CAMEO roots' types. ``noevents="True"`` records have none; records
  without codings, or whose codes have no PLOVER type, are not scored.
- PLOVER JSON / JSON Lines records: ``text`` (or ``sentence``, ``story``), ``event_type`` (or ``type``, ``label``,
  a list allowed), optional ``source``/``target`` codes and ``date``.
- CSV stories (NGEC's synthetic set, also zipped): ``text`` (and ``prompt``'s first line as the headline), ``label``.
  Those labels are the event type the story was generated for: PSEUDO-LABELS, not human coding.

Printed: type precision, recall and F1 pooled over records (micro), F1 per type and their mean over the types with
gold records (macro), false alarms (records without a gold event in which an event is coded), and, where the gold
names actors, the accuracy of the source and target codes of the events whose type matches (country codes compared
on their first three letters, as CAMEO actor codes begin with the country).
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from dossier.errors import ConfigurationError
from dossier.evaluate.scoring import Counts, Report
from dossier.model import EVENT_TYPES, Analysis, AnalysisFailure, Article, Event
from dossier.pipeline import Analyzer

# The PLOVER type of each CAMEO root where no CAMEO2PLOVER table is at hand (01, public statements, has none).
_CAMEO_ROOTS = {
    "02": "REQUEST", "03": "AGREE", "04": "CONSULT", "05": "SUPPORT", "06": "COOPERATE", "07": "AID",
    "08": "CONCEDE", "09": "ACCUSE", "10": "REQUEST", "11": "ACCUSE", "12": "REJECT", "13": "THREATEN",
    "14": "PROTEST", "15": "MOBILIZE", "16": "SANCTION", "17": "COERCE", "18": "ASSAULT", "19": "ASSAULT",
    "20": "ASSAULT",
}
_SENTENCE = re.compile(r"<Sentence\b([^>]*)>(.*?)</Sentence>", re.DOTALL)
_ATTRIBUTE = re.compile(r'(\w+)\s*=\s*"([^"]*)"')
_CODING = re.compile(r"<EventCoding\b([^>]*)>")
_TEXT = re.compile(r"<Text>(.*?)</Text>", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_MAPPING_LINE = re.compile(r"^(\d+):\s*([A-Z]+)")


@dataclass(slots=True)
class Gold:
    text: str
    types: set[str]
    published: date | None = None
    title: str | None = None
    actors: list[tuple[str, str | None, str | None]] = field(default_factory=list)  # (type, source, target)


def evaluate(data: Path, analyzer: Analyzer) -> Report:
    records, pseudo = read_records(data)
    return score(records, analyzer.analyze(articles(records)), pseudo)


def articles(records: Sequence[Gold]) -> list[Article]:
    """Each record as an article published on its date."""
    return [Article(f"v{n}", r.text, title=r.title, published=r.published, language="en")
            for n, r in enumerate(records)]


def score(records: Sequence[Gold], analyses: Iterable[Analysis | AnalysisFailure], pseudo: bool = False) -> Report:
    """The report on ``analyses`` of ``records``' articles, in order (a subset of a data set can be scored alone)."""
    report = Report("events")
    micro = report.counts("type")
    per_type = {name: Counts() for name in EVENT_TYPES}
    quiet = alarms = 0
    actor_pairs = source_right = target_pairs = target_right = 0
    failed = 0
    for record, analysis in zip(records, analyses, strict=True):
        if isinstance(analysis, AnalysisFailure):  # another component's defect: counted, not scored
            failed += 1
            continue
        report.documents += 1
        predicted = {e.type for e in analysis.events}
        micro.add(len(predicted & record.types), len(predicted), len(record.types))
        for name in EVENT_TYPES:
            per_type[name].add(int(name in predicted and name in record.types), int(name in predicted),
                               int(name in record.types))
        if not record.types:
            quiet += 1
            alarms += bool(predicted)
        for type_, source, target in record.actors:
            event = _best(type_, source, target, analysis.events)
            if event is None:
                continue
            if source:
                actor_pairs += 1
                source_right += any(_same_code(source, code) for code in event.source)
            if target:
                target_pairs += 1
                target_right += any(_same_code(target, code) for code in event.target)
    supported = [name for name in EVENT_TYPES if per_type[name].gold]
    report.title = f"events: {report.documents} records" + (" (PSEUDO-LABELS: the type each story was generated for, "
                                                             "not human coding)" if pseudo else "")
    report.notes.append("  per type F1: " + " ".join(
        f"{name}={per_type[name].f1:.2f}({per_type[name].gold})" for name in supported))
    report.extra["type_precision"] = micro.precision
    report.extra["type_recall"] = micro.recall
    report.extra["macro_f1"] = sum(per_type[n].f1 for n in supported) / len(supported) if supported else 0.0
    report.extra["false_alarms"] = alarms / quiet if quiet else 0.0
    report.extra["no_event_records"] = quiet
    if actor_pairs:
        report.extra["source_accuracy"] = source_right / actor_pairs
    if target_pairs:
        report.extra["target_accuracy"] = target_right / target_pairs
    if failed:
        report.notes.append(f"  {failed} records not scored: the pipeline failed on them")
    if pseudo:
        report.notes.append("  labels are PSEUDO-LABELS (LLM-generated stories labelled with their prompt's type)")
    return report


def _best(type_: str, source: str | None, target: str | None, events: tuple[Event, ...]) -> Event | None:
    """The coded event of the gold type that best matches its actors."""
    same = [e for e in events if e.type == type_]
    if not same:
        return None
    return max(same, key=lambda e: (any(_same_code(source or "", c) for c in e.source),
                                    any(_same_code(target or "", c) for c in e.target)))


def _same_code(gold: str, code: str) -> bool:
    return bool(gold) and gold[:3].upper() == code[:3].upper()


def read_records(data: Path) -> tuple[list[Gold], bool]:
    files = sorted(p for p in data.rglob("*") if p.is_file()) if data.is_dir() else [data]
    records: list[Gold] = []
    pseudo = False
    for file in files:
        name = file.name.lower()
        if name.endswith(".xml"):
            records += _petrarch(file, _cameo_table(file))
        elif name.endswith((".json", ".jsonl")):
            records += _plover(file)
        elif name.endswith((".csv", ".csv.zip")):
            found = list(_stories(file))
            pseudo = pseudo or bool(found)
            records += found
    if not records:
        raise ConfigurationError(
            f"no event records in {data}: expected PETRARCH XML (<Sentence><EventCoding/><Text>), PLOVER JSON "
            "records (text, event_type) or CSV stories (text, label)")
    return records, pseudo


def _cameo_table(file: Path) -> dict[str, str]:
    """CAMEO code → PLOVER type from a CAMEO2PLOVER table beside the data or in a folder above it."""
    for folder in list(file.parents)[:6]:
        for table in sorted(folder.glob("CAMEO2PLOVER*.txt")):
            found: dict[str, str] = {}
            for line in table.read_text(encoding="utf-8", errors="replace").splitlines():
                if (match := _MAPPING_LINE.match(line)) and match.group(2) in EVENT_TYPES:
                    found.setdefault(match.group(1), match.group(2))
            if found:
                return found
    return dict(_CAMEO_ROOTS)


def _plover_type(code: str, table: dict[str, str]) -> str | None:
    code = code.strip()
    for length in range(len(code), 1, -1):
        if (found := table.get(code[:length])) is not None:
            return found
    return _CAMEO_ROOTS.get(code[:2])


def _petrarch(file: Path, table: dict[str, str]) -> Iterator[Gold]:
    text = _COMMENT.sub("", file.read_text(encoding="utf-8", errors="replace"))
    for match in _SENTENCE.finditer(text):
        attributes = dict(_ATTRIBUTE.findall(match.group(1)))
        body = match.group(2)
        sentence = _TEXT.search(body)
        codings = [dict(_ATTRIBUTE.findall(c)) for c in _CODING.findall(body)]
        if sentence is None or not codings:
            continue
        types: set[str] = set()
        actors: list[tuple[str, str | None, str | None]] = []
        unmapped = False
        for coding in codings:
            if coding.get("noevents", "").lower() == "true":
                continue
            type_ = _plover_type(coding.get("eventcode", ""), table)
            if type_ is None:
                unmapped = True
                continue
            types.add(type_)
            actors.append((type_, coding.get("sourcecode") or None, coding.get("targetcode") or None))
        if unmapped and not types:
            continue
        yield Gold(" ".join(sentence.group(1).split()), types, _yyyymmdd(attributes.get("date", "")), actors=actors)


def _yyyymmdd(value: str) -> date | None:
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        return None


def _plover(file: Path) -> Iterator[Gold]:
    raw = file.read_text(encoding="utf-8")
    try:
        loaded: Any = json.loads(raw)
        items = loaded if isinstance(loaded, list) else [loaded]
    except json.JSONDecodeError:
        items = [json.loads(line) for line in raw.splitlines() if line.strip()]
    for item in items:
        if not isinstance(item, dict):
            continue
        text = next((item[k] for k in ("text", "sentence", "story", "event_text") if isinstance(item.get(k), str)), None)
        if not text:
            continue
        kinds = next((item[k] for k in ("event_type", "type", "label") if k in item), None)
        kinds = kinds if isinstance(kinds, list) else [kinds] if kinds else []
        types = {str(k).upper() for k in kinds if str(k).upper() in EVENT_TYPES}
        source = _code(item.get("source") or item.get("source_actor"))
        target = _code(item.get("target") or item.get("target_actor") or item.get("recipient"))
        published = None
        if isinstance(item.get("date"), str):
            try:
                published = date.fromisoformat(item["date"][:10])
            except ValueError:
                published = None
        yield Gold(text, types, published, actors=[(t, source, target) for t in types if source or target])


def _code(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("code")
    return str(value) if value else None


def _stories(file: Path) -> Iterator[Gold]:
    if file.name.lower().endswith(".zip"):
        with zipfile.ZipFile(file) as archive:
            for member in archive.namelist():
                if member.lower().endswith(".csv") and not member.startswith("__MACOSX"):
                    yield from _story_rows(archive.read(member).decode("utf-8", errors="replace"))
        return
    yield from _story_rows(file.read_text(encoding="utf-8", errors="replace"))


def _story_rows(text: str) -> Iterator[Gold]:
    for row in csv.DictReader(io.StringIO(text)):
        label = (row.get("label") or "").strip().upper()
        story = (row.get("text") or "").strip()
        if label not in EVENT_TYPES or not story:
            continue  # a prompt template (no story) or another label
        title = (row.get("prompt") or "").strip().split("\n", 1)[0].strip() or None
        yield Gold(story, {label}, title=title)
