"""The actor table: people and organisations with their codes, sectors and roles, each role with its dates.

The table is data, written by the project in ``actor_table/*.tsv`` (format, codes and sectors in
``actor_table/README.md``), plus any files a user names in the ``DOSSIER_ACTOR_TABLES`` setting. Two kinds of file:

* actor rows — ``kind name aliases country sector role start end note``: who holds which role, from when to when;
* role phrases — ``phrase role country``: how news names an office ("secretary of state" → foreign minister;
  "kremlin spokesman" → spokesperson of RUS).

``load`` reads and checks every file once per process (errors name the file and line); the table answers three
questions for a date: who a name is (``person``, ``organization``; a bare surname when only one person of the table
holds a role under it that day), who held an office (``holder``: the Russian president in 2010), and which phrases
name offices (``role_phrases``).
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Literal

from dossier.errors import ConfigurationError

EntryKind = Literal["person", "organization"]

ACTOR_COLUMNS = ("kind", "name", "aliases", "country", "sector", "role", "start", "end", "note")
PHRASE_COLUMNS = ("phrase", "role", "country")

# PLOVER/CAMEO sector codes (actor_table/README.md says what each one covers).
SECTORS = frozenset({
    "GOV", "MIL", "SPY", "COP", "LEG", "JUD", "OPP", "REB", "INS", "UAF", "PTY", "MED", "BUS", "NGO", "IGO", "CVL",
})
_CODE = re.compile(r"^[A-Z]{3}$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
# Particles that belong to a surname: "al-Assad", "de la Rua", "von der Leyen".
_PARTICLES = frozenset({"al", "el", "bin", "ibn", "abu", "de", "del", "della", "di", "da", "la", "le", "van", "von",
                        "der", "zu", "dos"})
_MIN_SURNAME_CHARS = 3


class ActorTableError(ConfigurationError):
    """A table file is malformed; the message names the file, the line and the fix."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One row: a person or organisation in one role (or, without role, one affiliation) for a period.
    ``end`` is the first day the row no longer holds (the successor's first day); None: still current."""

    kind: EntryKind
    name: str
    code: str | None
    sector: str | None
    roles: tuple[str, ...]
    start: date | None
    end: date | None
    where: str  # "file:line"

    def valid_at(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(frozen=True, slots=True)
class Resolution:
    """What the table says about a name or an office at a date."""

    name: str
    kind: EntryKind
    code: str | None
    role: str | None
    sector: str | None


@dataclass(frozen=True, slots=True)
class RolePhrase:
    role: str
    code: str | None  # set where the phrase names its institution ("kremlin spokesman" → RUS)


@dataclass(slots=True)
class ActorTable:
    entries: dict[tuple[EntryKind, str], list[Entry]] = field(default_factory=dict)
    keys: dict[tuple[EntryKind, str], set[str]] = field(default_factory=dict)  # normalised name/alias → names
    surnames: dict[str, set[str]] = field(default_factory=dict)  # normalised surname → person names
    offices: dict[tuple[str, str], list[Entry]] = field(default_factory=dict)  # (code, role) → rows, in order
    phrases: dict[str, RolePhrase] = field(default_factory=dict)  # lower-case phrase → role
    surfaces: dict[str, EntryKind] = field(default_factory=dict)  # names and aliases as written

    def person(self, text: str, day: date | None) -> Resolution | None:
        """A person by full name or alias; a bare surname only when one person of that surname holds a role of the
        table that day (any day, for an undated article)."""
        key = normalise(text)
        names = self.keys.get(("person", key))
        if not names and " " not in key:
            names = {n for n in self.surnames.get(key, ()) if day is None or self._valid(("person", n), day)}
        if not names:
            return None
        if len(names) > 1 and day is not None:
            names = {n for n in names if self._valid(("person", n), day)}
        return self._resolve(("person", next(iter(names))), day) if len(names) == 1 else None

    def organization(self, text: str, day: date | None) -> Resolution | None:
        names = self.keys.get(("organization", normalise(text)), set())
        return self._resolve(("organization", next(iter(names))), day) if len(names) == 1 else None

    def holder(self, code: str, role: str, day: date | None) -> Resolution | None:
        """Who held ``role`` for ``code`` that day (for an undated article: who holds it now), when exactly one
        person did."""
        rows = self.offices.get((code, role), [])
        current = [e for e in rows if (e.valid_at(day) if day is not None else e.end is None)]
        if len({e.name for e in current}) != 1:
            return None
        entry = current[0]
        return Resolution(entry.name, entry.kind, entry.code, role, entry.sector)

    def _valid(self, key: tuple[EntryKind, str], day: date) -> bool:
        return any(e.valid_at(day) for e in self.entries[key])

    def _resolve(self, key: tuple[EntryKind, str], day: date | None) -> Resolution:
        rows = self.entries[key]
        if day is None:  # undated: the most recent row
            entry = max(rows, key=lambda e: e.start or date.min)
        else:
            valid = [e for e in rows if e.valid_at(day)]
            if not valid:  # outside every dated row: the code they keep throughout, if one, and no role
                codes = {e.code for e in rows}
                return Resolution(key[1], key[0], codes.pop() if len(codes) == 1 else None, None, None)
            entry = valid[0]
        return Resolution(entry.name, entry.kind, entry.code, entry.roles[0] if entry.roles else None, entry.sector)


def normalise(text: str) -> str:
    """The form names are compared in: no accents, case-folded, apostrophes dropped, hyphens and dots as spaces,
    without a leading "the"."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()
    plain = re.sub(r"['’‘`ʼ]", "", plain)
    words = re.sub(r"[-‐–.,]+", " ", plain).split()
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join(words)


def bundled_paths() -> list[Path]:
    folder = Path(str(files("dossier.pipeline").joinpath("actor_table")))
    return sorted(folder.glob("*.tsv"))


def user_paths(setting: str) -> list[Path]:
    """The files a ``DOSSIER_ACTOR_TABLES`` value names: files or folders of ``.tsv`` files, separated by
    ``os.pathsep``."""
    paths: list[Path] = []
    for part in (p.strip() for p in setting.split(os.pathsep)):
        if not part:
            continue
        path = Path(part).expanduser()
        if path.is_dir():
            paths += sorted(path.glob("*.tsv"))
        elif path.is_file():
            paths.append(path)
        else:
            raise ActorTableError(
                f"actor table {path} (DOSSIER_ACTOR_TABLES) does not exist: name a .tsv file or a folder of them"
            )
    return paths


@cache
def load(extra: tuple[str, ...] = ()) -> ActorTable:
    """The bundled table plus the files in ``extra``, read once per process. A user's rows come first, so that
    where one person has two rows valid on the same day, the user's row is the one used."""
    paths = [Path(p) for p in extra] + bundled_paths()
    return build(_read(path) for path in paths)


def load_setting(setting: str) -> ActorTable:
    return load(tuple(str(p) for p in user_paths(setting)))


def build(files_lines: Iterable[tuple[str, list[tuple[int, list[str]]]]]) -> ActorTable:
    table = ActorTable()
    unchecked_codes: list[tuple[str, str]] = []
    defined_codes: set[str] = set()
    for name, rows in files_lines:
        if not rows:
            raise ActorTableError(f"{name}: no header line; the first line that is not a # comment must be either "
                                  f"{_tabbed(ACTOR_COLUMNS)} or {_tabbed(PHRASE_COLUMNS)}")
        (_, header), body = rows[0], rows[1:]
        if tuple(header) == PHRASE_COLUMNS:
            for line, cols in body:
                _add_phrase(table, f"{name}:{line}", cols)
        elif tuple(header[: len(ACTOR_COLUMNS) - 1]) == ACTOR_COLUMNS[:-1]:
            for line, cols in body:
                entry, aliases = _entry(f"{name}:{line}", cols, len(header))
                _add_entry(table, entry, aliases)
                if entry.code is not None:
                    unchecked_codes.append((entry.code, entry.where))
                    if entry.kind == "organization" and entry.sector == "IGO":
                        defined_codes.add(entry.code)
        else:
            raise ActorTableError(f"{name}:{rows[0][0]}: unknown header {_tabbed(header)}; expected "
                                  f"{_tabbed(ACTOR_COLUMNS)} (actors) or {_tabbed(PHRASE_COLUMNS)} (role phrases)")
    for code, where in [*unchecked_codes, *((p.code, w) for w, p in _phrase_codes(table))]:
        if code not in defined_codes and code not in _iso_codes():
            raise ActorTableError(f"{where}: code {code!r} is neither an ISO 3166 alpha-3 country code nor defined "
                                  "by an organisation row with sector IGO (e.g. NAT for NATO)")
    _check_overlaps(table)
    return table


def _phrase_codes(table: ActorTable) -> Iterator[tuple[str, RolePhrase]]:
    return ((f"role phrase {phrase!r}", p) for phrase, p in table.phrases.items() if p.code is not None)


def _read(path: Path) -> tuple[str, list[tuple[int, list[str]]]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ActorTableError(f"{path}: cannot be read as UTF-8 text ({exc})") from exc
    rows = [
        (number, line.rstrip("\r").split("\t"))
        for number, line in enumerate(text.split("\n"), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    return str(path), rows


def _tabbed(columns: Iterable[str]) -> str:
    return "<TAB>".join(columns)


def _entry(where: str, cols: list[str], width: int) -> tuple[Entry, list[str]]:
    if not len(ACTOR_COLUMNS) - 1 <= len(cols) <= width:
        raise ActorTableError(f"{where}: {len(cols)} columns; a row has {len(ACTOR_COLUMNS) - 1} or "
                              f"{len(ACTOR_COLUMNS)} tab-separated columns: {_tabbed(ACTOR_COLUMNS)}")
    kind, name, aliases, code, sector, role, start, end = (c.strip() for c in cols[:8])
    if kind not in {"person", "organization"}:
        raise ActorTableError(f"{where}: kind {kind!r} must be 'person' or 'organization'")
    if not name:
        raise ActorTableError(f"{where}: the name is empty")
    if code and not _CODE.match(code):
        raise ActorTableError(f"{where}: country {code!r} must be three capital letters (ISO 3166 alpha-3, or an "
                              "international organisation's code such as UNO), or empty")
    if sector and sector not in SECTORS:
        raise ActorTableError(f"{where}: sector {sector!r} is not one of {', '.join(sorted(SECTORS))}")
    first, last = _date(where, "start", start), _date(where, "end", end)
    if first is not None and last is not None and last <= first:
        raise ActorTableError(f"{where}: end {end} is not after start {start}")
    roles = tuple(r.strip() for r in role.split("|") if r.strip())
    entry = Entry(kind, name, code or None, sector or None, roles, first, last, where)  # type: ignore[arg-type]
    return entry, [a.strip() for a in aliases.split("|") if a.strip()]


def _date(where: str, column: str, text: str) -> date | None:
    if not text:
        return None
    match = _DATE.match(text)
    try:
        if match is None:
            raise ValueError(text)
        year, month, day = match.groups()
        return date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise ActorTableError(f"{where}: {column} {text!r} is not a date: write YYYY-MM-DD (or YYYY-MM, YYYY)") from None


def _add_entry(table: ActorTable, entry: Entry, aliases: list[str]) -> None:
    key = (entry.kind, entry.name)
    table.entries.setdefault(key, []).append(entry)
    for surface in [entry.name, *aliases]:
        table.surfaces.setdefault(surface, entry.kind)
        table.keys.setdefault((entry.kind, normalise(surface)), set()).add(entry.name)
        if entry.kind == "person":
            for surname in _surnames(normalise(surface)):
                table.surnames.setdefault(surname, set()).add(entry.name)
    for role in entry.roles:
        if entry.code is not None:
            table.offices.setdefault((entry.code, role), []).append(entry)


def _surnames(key: str) -> list[str]:
    words = key.split()
    if len(words) < 2:
        return []
    found = [words[-1]] if len(words[-1]) >= _MIN_SURNAME_CHARS else []
    if len(words) > 2 and words[-2] in _PARTICLES:
        found.append(" ".join(words[-2:]))
    return found


def _add_phrase(table: ActorTable, where: str, cols: list[str]) -> None:
    if len(cols) != len(PHRASE_COLUMNS):
        raise ActorTableError(f"{where}: {len(cols)} columns; a role phrase has 3 tab-separated columns: "
                              f"{_tabbed(PHRASE_COLUMNS)} (country may be empty)")
    phrase, role, code = (c.strip() for c in cols)
    if not phrase or not role:
        raise ActorTableError(f"{where}: a role phrase needs both a phrase and a role")
    if code and not _CODE.match(code):
        raise ActorTableError(f"{where}: country {code!r} must be three capital letters, or empty")
    table.phrases[phrase.lower()] = RolePhrase(role, code or None)


def _check_overlaps(table: ActorTable) -> None:
    """One person in one role over two overlapping periods is a typing slip (two rows for one term)."""
    for rows in table.entries.values():
        by_role: dict[str, list[Entry]] = {}
        for entry in rows:
            for role in entry.roles:
                by_role.setdefault(role, []).append(entry)
        for role, same in by_role.items():
            same.sort(key=lambda e: e.start or date.min)
            for a, b in zip(same, same[1:], strict=False):
                if a.end is None or (b.start is not None and b.start < a.end) or b.start is None:
                    if a.code == b.code:
                        raise ActorTableError(f"{b.where}: {b.name} as {role} overlaps the row at {a.where}; "
                                              "give the earlier row an end date before this one's start")


@cache
def _iso_codes() -> frozenset[str]:
    from dossier.pipeline.gazetteer import country_terms  # noqa: PLC0415 (the gazetteer is loaded only to check codes)

    return frozenset(term.code for term in country_terms().values())
