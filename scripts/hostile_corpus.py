"""Write a deterministic corpus of hostile inputs for `dossier ingest`, and what a correct run must report.

Run: .venv/bin/python scripts/hostile_corpus.py --seed 1201 --count 1000 --out /tmp/hostile1000

The folder gets ``--count`` input items, spread over every input format dossier reads (plain text with and
without the ``date YYYY-MM-DD title`` header, JSON Lines, JSON documents and arrays, RSS and Atom feeds, HTML,
gzipped HTML and text, WARC and gzipped WARC, some of them truncated), built from ordinary wire-copy sentences
mixed with hostile content: combining marks, C0/C1 controls, zero-width, bidi and line-separator characters,
emoji and ZWJ sequences, lone surrogates (as JSON escapes, and as raw bytes), extreme or foreign numbers,
impossible dates, publication dates at the calendar's edges or unparseable, a number before U+FDFA, runs of
20,000 to 50,000 opening punctuation marks, JSON nested 100,000 levels deep, the same id twice, JSON values of
the wrong type, empty and invisible items, UTF-16 with a BOM, Latin-1 bytes, binary bytes, random code points.

Beside the inputs it writes ``expected.json``, itself the last item (``dossier ingest FOLDER`` reads it: a JSON
object without a ``text`` field, one rejection):

- ``items``: the input items created. One item is one outcome of ``dossier ingest``: a JSON Lines line that is
  not blank (blank and ASCII-whitespace-only lines are skipped by the reader and are not items), a JSON array
  element, a feed entry, an HTML response record of a WARC file, and every other file (text, HTML, a JSON
  object, anything unreadable). A JSON document that cannot be split into articles (an empty array, one nested
  too deeply, one that does not parse) and a feed with no entries are one item each: one rejection for the file.
  Hidden files (``.name``) are not read and are not items.
- ``outcomes``: how many outcomes a correct ingest reports: ``items``, adjusted for the files below.
  Each adjustment is listed per file with a ``note``:

  * a truncated WARC whose cut falls inside an HTML response record reports exactly one outcome for that record
    (a page cut short, or the bytes after the last whole record reported as a truncated remainder): it is an
    item like the whole pages before it; a cut that falls inside a trailing *non-HTML* record reports one extra
    rejection (the truncated remainder) that is not an item, so ``outcomes`` = ``items`` + 1 for that file;
  * a truncated ``.jsonl.gz`` reports the lines it could still read whole, then one rejection for the damaged
    rest: at most the whole lines before the cut + 1 (``outcomes``, computed here by decompressing the cut file
    with zlib), fewer than ``items``; but the reader decompresses in blocks of several KiB and the whole lines of
    the block the cut falls in go with the damaged rest, so the exact number is not knowable here:
    ``outcomes_min`` is 1 for such a file. A run is right when ``outcomes_min`` <= its outcomes <= ``outcomes``
    (equal where the corpus has no such file).

- ``must_reject`` / ``must_accept``: lower bounds: items that no correct ingest can accept (binary, empty,
  undecodable, wrong JSON types, an unparseable date, a second text under a used id, a cut page, ...) and items
  that no correct ingest may reject (ordinary sentences with hostile characters and valid or edge dates).
  Everything else (HTML, whose extraction is trafilatura's call, random code points, ...) may go either way.
- ``silent_duplicates``: items that are the same id with the same text again: reported ``duplicate`` without a
  new row in ``articles`` (every other stored or duplicate item is one row; rejected and failed items are rows of
  ``rejections``).
- ``files``: each file with its kind, items, outcomes and a note.

Item bodies carry a unique reference sentence, so no two generated articles have the same text unless they are
meant to; near-copies (a syndicated reprint, decided by word-trigram similarity) are duplicates with their row.

With ``--count`` below ``LARGE_FROM`` the corpus leaves out the few expensive items (a text over 1,000,000
characters, one of about 180,000 characters that is analysed, a 20,000-character run of "'s", a figure caption
holding 20,000 "["), so that a small
corpus is quick to ingest; the kinds that must be there come first, then random ones fill the count.
"""

from __future__ import annotations

import argparse
import gzip
import html
import io
import json
import random
import uuid
import zlib
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

LARGE_FROM = 200  # corpora of at least this many items include the expensive items
DEEP_LEVELS = 100_000

SENTENCES = (
    "About 10,000 North Korean troops have been sent to eastern Russia for training, the Pentagon said on Monday.",
    "The European Union agreed on Tuesday to impose new sanctions on 12 Iranian companies accused of supplying "
    "drones.",
    "At least 47 people were killed and 113 wounded in the attack on the market on Saturday, local officials said.",
    "Voters in Moldova narrowly backed joining the European Union in a referendum on October 20, 2024, with 50.46% "
    "in favour.",
    "The central bank raised its key rate by 200 basis points to 21% on Friday, its highest level since February "
    "2003.",
    "Kremlin spokesman Dmitry Peskov told reporters on Wednesday that he had no information about the deployment.",
    "The United Nations said 2.3 million people had been displaced since the fighting began in April 2023.",
    "Election officials had counted 98.7% of ballots by 6 a.m. on Sunday, giving the ruling party 54 of 101 seats.",
    "South Korea's spy agency said on October 18 that about 1,500 special forces soldiers had arrived in "
    "Vladivostok.",
    "The Treasury Department froze $4.2 billion in assets linked to 35 shipping firms, a spokesperson said on "
    "Thursday.",
    "Two soldiers were wounded when a drone struck a checkpoint near the border at about 3:40 a.m., the army said.",
    "Turnout reached 61.2% by 8 p.m., up from 52.4% in the 2020 election, the commission said.",
    "Ukraine's foreign minister said on November 4 that the first units had entered combat in the Kursk region.",
    "The Security Council will meet on Wednesday, December 11, to discuss the crisis, diplomats said.",
    "Officials said 3,200 tonnes of grain left the port of Odesa on Sunday, the largest shipment since March.",
    "The opposition candidate won 48.9% of the vote and called for a recount within 72 hours.",
    "Police said 14 protesters were detained outside parliament on Tuesday evening, and three officers were hurt.",
    "The government said it would spend 1.5 trillion won over five years to strengthen air defences.",
    "An estimated 600 to 700 civilians remain trapped in the city, the Red Cross said in a statement on Friday.",
    "Prime Minister Keir Starmer said on Monday that Britain would send another 150 million pounds in military aid.",
    "The ministry reported 1,214 casualties in the week to October 27, up 9% from the week before.",
    "Russian President Vladimir Putin signed the mutual defence treaty into law on November 9, 2024.",
    "The Pentagon estimated that 11,000 to 12,000 North Korean soldiers were in Russia by mid-November.",
    "Exports to the bloc fell 38% in the first nine months of the year, customs data showed on Thursday.",
    "A spokesman for the electoral commission said results from 312 polling stations were still missing.",
    "Sanctions imposed in June cover 61 individuals and 47 entities, including three banks, the statement said.",
    "The ceasefire, agreed on November 26, lasted less than 48 hours before shelling resumed, residents said.",
    "NATO Secretary General Mark Rutte said on October 28 that troops had been deployed to the Kursk region.",
    "The finance ministry said the budget deficit would widen to 3.1% of gross domestic product in 2025.",
    "At least 19 people died and dozens were missing after floods swept through the valley on Wednesday night.",
    "Seoul summoned the Russian ambassador on October 21 to demand the immediate withdrawal of the troops.",
    "The company said it had cut 1,800 jobs, about 7% of its workforce, because of the sanctions.",
)

DATE_SENTENCES = (
    "The convoy arrived on February 30, 2024. Two days earlier, officials had denied any movement.",
    "The ministry said the exercise would run until week 54 of 2024.",
    "Shelling began at 24:61 local time, the regional governor said.",
    "A ceasefire was promised by Christmas 9999, a spokesman said.",
    "The decree took effect on 31/31/2024 and was withdrawn on 0000-00-00.",
    "The vote was held on February 29, 2023, according to the commission.",
    "The treaty expires in the year 10000, diplomats said, and talks resume next Easter.",
    "Troops withdrew on Monday, 29 February 2100, the statement said.",
    "The talks resumed on Octember 32 after a pause of 1e9 days.",
    "The agency said the deadline was 9999-12-31T24:00 and that it had been moved last week.",
    "The army said it would stay until Easter 0 and leave the day before Thanksgiving 10001.",
    "Officials met in Q5 2024 and again three days later.",
    "The report was dated 1 January 0001. A week earlier, nothing had happened.",
    "Sanctions were lifted on the 99th of March, the ministry said, a year earlier than planned.",
    "The count ended at 25:00 on Tuesday, two days before the previous Thursday.",
    "Troops arrived last week and will leave in March, at Christmas or on Monday, officials said.",
    "Output fell in the same period last year and rose the day after New Year's Day 9999.",
)

NUMBERS = (
    "1e308", "1e309", "NaN", "¥1e400", "٣٤٥", "۱۲۳٫۵", "１２３", "１，０００", "−5", "10^400", "-0", "1e-324",
    "1,000,000,000,000,000,000,000,000", "$1e-400", "Infinity", "0x7FFFFFFF", "½", "Ⅻ", "३४५", "৫০০", "๑๒๓",
    "99999999999999999999999999999", "3.4028235e+38", "€ 1 000 000,50", "1.2.3.4", "12,34,56,789", "٪٥٠",
)

FDFA_SENTENCES = (
    "He quoted 3 \ufdfa sayings.",
    "The imam cited 12 \ufdfb verses on Friday.",
    "Prices rose 5 \u0e33 percent, traders said.",
    "Officials counted 7 \ufc5e marks and 9 \ufdfa more.",
)

GOOD_DATES = ("2024-10-17", "2024-11-04", "2024-12-01T08:30:00Z", "2024-10-25T08:30:00+00:00")
EDGE_DATES = (
    "0001-01-01", "9999-12-31", "1970-01-01", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59+14:00",
    "9999-12-31T23:59:59-12:00", "1970-01-01T00:00:00Z",
)
# Space-free, so that a text header keeps them whole; every one is unparseable as ISO 8601 and RFC 2822.
GARBAGE_DATES = ("yesterday", "2024-13-45", "0000-00-00", "2024-02-30", "10000-01-01", "Blursday", "20x4-10-17",
                 "\u200b2024-10-17", "1e309", "NaN", "-0001-01-01", "2024-10-17T25:61:00")
FEED_DATES = (
    "Thu, 17 Oct 2024 08:30:00 +0000", "Fri, 31 Dec 9999 23:59:59 +0000", "Mon, 01 Jan 0001 00:00:00 +0100",
    "Thu, 01 Jan 1970 00:00:00 GMT", "Blursday, 99 Foo 20x4", "not a date", "", "Sat, 31 Dec 9999 23:59:59 -1400",
)
ATOM_DATES = ("2024-10-17T08:30:00Z", "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00",
              "1970-01-01T00:00:00Z", "2024-02-30T00:00:00Z", "garbage")

COMBINING = [chr(c) for c in (*range(0x300, 0x370), *range(0x1AB0, 0x1ACF), *range(0x20D0, 0x20F1))]
C0_C1 = [chr(c) for c in (*range(0x01, 0x20), 0x7F, *range(0x80, 0xA0)) if chr(c) not in "\n\r\t"]
INVISIBLE = [chr(c) for c in (*range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0xFEFF,
                              *range(0x2060, 0x2065), 0x061C, 0x180E, 0x2028, 0x2029, 0x00AD, 0x034F, 0x115F,
                              0x3164, 0xFE0F, 0xE0001, 0xE0041, 0xE007F, 0xE0100)]
EMOJI = ("😀", "🇺🇦", "🇰🇵", "👩\u200d👩\u200d👧\u200d👦", "🏳\ufe0f\u200d🌈", "👍🏽", "1\ufe0f\u20e3",
         "🧑🏿\u200d🚀", "🫠", "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f", "❤\ufe0f\u200d🔥")
RUN_MARKS = ("[", "(", '"', "$", "*", "«", "😀", "'", "<", "`", "“", "‘", "¿", "¡", "#", "„")
LONE_SURROGATES = ("\ud800", "\udfff", "\udc00\ud800", "\udbff", "x\ud83d")
ZERO_WIDTH_ONLY = "\u200b\u200c\u200d\ufeff\u2060\u2061\u180e\u034f"
UNICODE_SPACE = " \t\u00a0\u1680\u2000\u2001\u2002\u2003\u2009\u200a\u202f\u205f\u3000"


@dataclass
class Entry:
    """One input item and what a correct ingest may do with it: ``reject``, ``accept`` (stored or duplicate)
    or ``any``."""

    expect: str
    silent_duplicate: bool = False


@dataclass
class FileSpec:
    path: str
    kind: str
    items: int
    outcomes: int
    must_reject: int
    must_accept: int
    silent_duplicates: int
    note: str = ""
    outcomes_min: int | None = None  # set where the exact number is not knowable in advance


@dataclass
class _Good:
    """An accepted JSON article already written, for a later item with its id. The same text again must come with
    the same title too: a paragraph that repeats the title is dropped from the text, so the title is part of it."""

    id: str
    article: dict[str, Any]


@dataclass
class Corpus:
    out: Path
    seed: int
    count: int
    rng: random.Random = field(init=False)
    files: list[FileSpec] = field(default_factory=list)
    serial: int = 0
    used_ids: set[str] = field(default_factory=set)
    good: list[_Good] = field(default_factory=list)
    register: bool = True  # false in a file cut short: no item there names an earlier one or is named later

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    @property
    def items(self) -> int:
        return sum(f.items for f in self.files)

    @property
    def left(self) -> int:
        """Items still to write, keeping one for expected.json itself."""
        return self.count - self.items - 1

    @property
    def large(self) -> bool:
        return self.count >= LARGE_FROM

    # ---- text -------------------------------------------------------------------------------------------------

    def marker(self) -> str:
        self.serial += 1
        return f"Desk reference HC{self.seed}-{self.serial:05d} was filed with this report."

    def body(self, surrogates: bool = False, heavy: bool = True, paragraphs: bool = True) -> str:
        """Two to six wire sentences, a unique reference, and up to three kinds of hostile content."""
        rng = self.rng
        parts = rng.sample(SENTENCES, rng.randint(2, 6))
        parts.insert(rng.randrange(len(parts) + 1), self.marker())
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
            mutate = rng.choice(_MUTATORS)
            if mutate is _punctuation_run and not heavy:
                continue
            index = rng.randrange(len(parts))
            parts[index] = mutate(rng, parts[index])
        if surrogates:
            index = rng.randrange(len(parts))
            parts[index] = _insert(rng, parts[index], rng.choice(LONE_SURROGATES))
        return ("\n" if paragraphs and rng.random() < 0.6 else " ").join(parts)

    def title(self) -> str:
        rng = self.rng
        title = rng.choice(SENTENCES).split(",")[0]
        if rng.random() < 0.4:
            title = rng.choice(_MUTATORS[:4])(rng, title)
        return title

    def new_id(self, prefix: str = "hc") -> str:
        self.serial += 1
        value = f"{prefix}-{self.seed}-{self.serial:05d}"
        self.used_ids.add(value)
        return value

    def published(self) -> tuple[str | None, str]:
        """A publication date and whether a correct ingest must accept (``accept``) or reject it."""
        roll = self.rng.random()
        if roll < 0.45:
            return self.rng.choice(GOOD_DATES), "accept"
        if roll < 0.7:
            return self.rng.choice(EDGE_DATES), "accept"
        if roll < 0.85:
            return None, "accept"
        return self.rng.choice(GARBAGE_DATES), "reject"

    # ---- output -----------------------------------------------------------------------------------------------

    def write(self, kind: str, ext: str, data: bytes, entries: Sequence[Entry], outcomes: int | None = None,
              note: str = "", folder: str = "", items: int | None = None, outcomes_min: int | None = None) -> None:
        """Write one input file. ``entries``: what becomes of each outcome it gives; ``items``, when the file holds
        more items than it gives outcomes (a cut file), and ``outcomes``, when it gives more than ``entries``."""
        index = len(self.files) + 1
        relative = f"{folder}{index:04d}-{kind}{ext}"
        path = self.out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.files.append(FileSpec(
            relative, kind, len(entries) if items is None else items, len(entries) if outcomes is None else outcomes,
            sum(e.expect == "reject" for e in entries), sum(e.expect == "accept" for e in entries),
            sum(e.silent_duplicate for e in entries), note, outcomes_min,
        ))

    def expected(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "count": self.count,
            "items": self.items,
            "outcomes": sum(f.outcomes for f in self.files),
            "outcomes_min": sum(f.outcomes if f.outcomes_min is None else f.outcomes_min for f in self.files),
            "must_reject": sum(f.must_reject for f in self.files),
            "must_accept": sum(f.must_accept for f in self.files),
            "silent_duplicates": sum(f.silent_duplicates for f in self.files),
            "files": [asdict(f) for f in self.files],
            "counting": (__doc__ or "").split("Beside the inputs", 1)[1].split("Item bodies", 1)[0].strip(),
        }


# ---- hostile content ------------------------------------------------------------------------------------------


def _insert(rng: random.Random, text: str, piece: str) -> str:
    at = rng.randrange(len(text) + 1)
    return text[:at] + piece + text[at:]


def _combining(rng: random.Random, text: str) -> str:
    if rng.random() < 0.3:  # one "zalgo" letter with a tall stack of marks
        return _insert(rng, text, "Z" + "".join(rng.choices(COMBINING, k=rng.randint(20, 300))))
    chars = list(text)
    for _ in range(rng.randint(1, 12)):
        at = rng.randrange(len(chars) + 1)
        chars.insert(at, "".join(rng.choices(COMBINING, k=rng.randint(1, 4))))
    return "".join(chars)


def _controls(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 8)):
        text = _insert(rng, text, "".join(rng.choices(C0_C1, k=rng.randint(1, 3))))
    return text


def _invisible(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 10)):
        text = _insert(rng, text, "".join(rng.choices(INVISIBLE, k=rng.randint(1, 5))))
    if rng.random() < 0.3:  # a right-to-left override over the whole sentence
        text = "\u202e" + text + "\u202c"
    return text


def _emoji(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 6)):
        text = _insert(rng, text, rng.choice(EMOJI))
    return text


def _random_code_points(rng: random.Random, text: str) -> str:
    points = []
    for _ in range(rng.randint(5, 80)):
        c = rng.randint(1, 0x10FFFF)
        points.append(chr(c) if not 0xD800 <= c <= 0xDFFF else "\ufffd")
    return _insert(rng, text, "".join(points))


def _number(rng: random.Random, text: str) -> str:
    number = rng.choice(NUMBERS)
    return text + " " + rng.choice((
        f"Officials put the damage at {number} dollars.",
        f"The army said {number} soldiers were wounded on Monday.",
        f"Turnout was {number}% by noon, up {rng.choice(NUMBERS)} points.",
        f"The fine was {number} won, or {rng.choice(NUMBERS)} euros.",
    ))


def _date(rng: random.Random, text: str) -> str:
    return text + " " + rng.choice(DATE_SENTENCES)


def _fdfa(rng: random.Random, text: str) -> str:
    return text + " " + rng.choice(FDFA_SENTENCES)


def _punctuation_run(rng: random.Random, text: str) -> str:
    mark = rng.choice(RUN_MARKS)
    run = mark * (rng.randint(20_000, 50_000) // len(mark))
    return rng.choice((run + text, text + " " + run, run))


_MUTATORS: tuple[Callable[[random.Random, str], str], ...] = (
    _combining, _controls, _invisible, _emoji, _random_code_points,
    _number, _number, _date, _date, _date, _fdfa, _punctuation_run,
)


def _safe_start(text: str) -> str:
    """A plain text must not look like JSON, markup or a header to the format sniffer."""
    start = text.lstrip("\ufeff \t\r\n")[:1]
    return text if start and start not in "{[<" and not text.lstrip().startswith("date") else "Report. " + text


# ---- plain text -----------------------------------------------------------------------------------------------


def text_file(c: Corpus, header: bool | None = None) -> None:
    rng = c.rng
    body = c.body()
    roll = rng.random()
    if roll < 0.55 if header is None else header:
        published, expect = c.published()
        if published is None or " " in published:
            published = rng.choice(GOOD_DATES)
        header = f"date {published} {c.title()}"
        sep = rng.choice(("\n", "\n\n", "\r\n", "\n \n"))
        data = (header + sep + body).encode()
        c.write("text-header", ".txt", data, [Entry(expect)])
    else:
        c.write("text", ".txt", _safe_start(body).encode(), [Entry("accept")])


def text_special(c: Corpus, variant: str) -> None:
    rng = c.rng
    body = _safe_start(c.body())
    header = f"date {rng.choice(GOOD_DATES)} {c.title()}\n"
    cases: dict[str, tuple[bytes, str, str]] = {
        "empty": (b"", "reject", ""),
        "whitespace": ("".join(rng.choices(" \t\r\n", k=rng.randint(1, 400))).encode(), "reject", ""),
        "unicode-space": ("".join(rng.choices(UNICODE_SPACE, k=200)).encode(), "reject", ""),
        "zero-width": ("".join(rng.choices(ZERO_WIDTH_ONLY, k=rng.randint(1, 3000))).encode(), "reject", ""),
        "controls-only": ("".join(rng.choices(C0_C1, k=300)).encode(), "reject", ""),
        "combining-only": ("".join(rng.choices(COMBINING, k=500)).encode(), "any", ""),
        "header-only": (header.encode(), "reject", ""),
        "header-zero-width": ((header + ZERO_WIDTH_ONLY * 40).encode(), "reject", ""),
        "utf8-bom": (b"\xef\xbb\xbf" + (header + body).encode(), "accept", ""),
        "utf16le-bom": ((header + body).encode("utf-16"), "accept", "UTF-16 with a BOM"),
        "utf16be-bom": (b"\xfe\xff" + (header + body).encode("utf-16-be"), "accept", "UTF-16 BE with a BOM"),
        "utf16-no-bom": ((header + body).encode("utf-16-le"), "reject", "UTF-16 without a BOM: NUL bytes"),
        "utf32-bom": ((header + body).encode("utf-32"), "any", "UTF-32 LE: its BOM starts like UTF-16's"),
        "latin1": ((header + body + " Café façade naïve.").encode("latin-1", "replace"), "reject", "Latin-1 bytes"),
        "cp1252-quotes": (b"date 2024-10-17 Quotes\n\x93Troops arrived,\x94 officials said \x96 on Monday.",
                          "reject", "Windows-1252 bytes"),
        "surrogate-bytes": ((header + body).encode() + "\ud800\udfff".encode("utf-8", "surrogatepass"), "reject",
                            "lone surrogates as raw (CESU-8) bytes"),
        "binary": (b"\x00\x01" + bytes(rng.getrandbits(8) for _ in range(rng.randint(50, 5000))), "reject",
                   "random bytes with NUL"),
        "binary-no-nul": (b"\xff\xfe\xfd" + bytes(rng.randint(1, 255) for _ in range(rng.randint(50, 3000))),
                          "any", "random bytes without NUL (may start like a UTF-16 BOM)"),
        "png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "reject", "an image"),
        "nul-in-text": ((header + body).encode() + b"\x00 trailing", "reject", "one NUL byte"),
        "cr-only": ((header + body).replace("\n", "\r").encode(), "any", "old Mac line endings (CR only)"),
        "form-feeds": ((header + body).replace("\n", "\x0c\x1c\x1d\x1e\x85").encode(), "any",
                       "line breaks as FF, FS, GS, RS, NEL"),
        "line-separators": ((header + body).replace("\n", "\u2028\u2029").encode(), "any", "U+2028/U+2029"),
        "random-code-points": (_safe_start(_random_code_points(rng, "")).encode(), "any", "random code points"),
        "one-brace-line": (("{{{ " + body.replace("\n", " ")).encode(), "reject",
                           "one line opening with braces: read as a JSON line"),
        "bracket-prose": (("[Reuters] " + body).encode(), "accept", "prose opening with [Reuters]"),
        "bidi-only": (("\u202e\u2066\u2067\u2068\u2069\u202c" * 50).encode(), "reject", "bidi controls only"),
        "fdfa": (("date 2024-10-17 Pint\n" + " ".join(FDFA_SENTENCES) + " " + c.marker()).encode(), "accept",
                 "numbers before U+FDFA and friends"),
        "dates": (("date 2024-10-17 Dates\n" + " ".join(DATE_SENTENCES) + " " + c.marker()).encode(), "accept",
                  "every impossible date"),
        "dates-year-1": (("date 0001-01-01 Dates\n" + " ".join(DATE_SENTENCES) + " " + c.marker()).encode(),
                         "accept", "impossible dates, published 0001-01-01"),
        "dates-year-9999": (("date 9999-12-31 Dates\n" + " ".join(DATE_SENTENCES) + " " + c.marker()).encode(),
                            "accept", "impossible dates, published 9999-12-31"),
        "numbers": (("date 2024-10-17 Numbers\n" + " ".join(f"The count was {n} on Monday." for n in NUMBERS)
                     + " " + c.marker()).encode(), "accept", "every hostile number"),
    }
    data, expect, note = cases[variant]
    c.write(f"text-{variant}", ".txt", data, [Entry(expect)], note=note, folder="odd/" if rng.random() < 0.3 else "")


TEXT_VARIANTS = (
    "empty", "whitespace", "unicode-space", "zero-width", "controls-only", "combining-only", "header-only",
    "header-zero-width", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16-no-bom", "utf32-bom", "latin1",
    "cp1252-quotes", "surrogate-bytes", "binary", "binary-no-nul", "png", "nul-in-text", "cr-only", "form-feeds",
    "line-separators", "random-code-points", "one-brace-line", "bracket-prose", "bidi-only", "fdfa", "dates",
    "dates-year-1", "dates-year-9999", "numbers",
)


def text_run(c: Corpus) -> None:
    """A run of 20,000-50,000 opening punctuation marks (or emoji) at the start, inside or as the whole text."""
    rng = c.rng
    mark = rng.choice(RUN_MARKS)
    run = mark * (rng.randint(20_000, 50_000) // len(mark))
    body = c.body(heavy=False)
    where = rng.choice(("start", "middle", "alone-with-header", "header"))
    if where == "start":
        text = run + " " + body if mark not in "{<" else "Report. " + run + body
    elif where == "middle":
        text = _safe_start(body[: len(body) // 2] + run + body[len(body) // 2:])
    elif where == "header":
        text = f"date 2024-10-17 {run[:5000]}\n{run}\n{body}"
    else:
        text = f"date 2024-10-17 Run\n{run}\n{c.marker()}"
    # A text that opens with thousands of [ is first tried as JSON, which may give up as too deeply nested.
    expect = "any" if where == "start" and mark == "[" else "accept"
    c.write("text-run", ".txt", text.encode(), [Entry(expect)], note=f"run of {len(run):,} {mark!r} ({where})")


def text_gz(c: Corpus) -> None:
    data = gzip.compress(f"date {c.rng.choice(GOOD_DATES)} Gzipped\n{c.body()}".encode(), mtime=0)
    if c.rng.random() < 0.4:
        cut = c.rng.randint(12, len(data) - 1)
        c.write("text-gz-truncated", ".txt.gz", data[:cut], [Entry("reject")], note=f"gzip cut at byte {cut}")
    else:
        c.write("text-gz", ".txt.gz", data, [Entry("accept")])


def text_large(c: Corpus, variant: str) -> None:
    rng = c.rng
    if variant == "over-million":
        lines = [" ".join(rng.choices(SENTENCES, k=8)) for _ in range(1_050_000 // 700 + 1)]
        text = f"date 2024-10-17 Over a million\n{c.marker()}\n" + "\n".join(lines)
        c.write("text-over-million", ".txt", text.encode(), [Entry("reject")],
                note=f"{len(text):,} characters: over DOSSIER_MAX_ARTICLE_CHARS and spaCy's 1,000,000")
    elif variant == "analysed-180k":
        lines = [" ".join(rng.choices(SENTENCES, k=5)) for _ in range(180_000 // 500)]
        text = f"date 2024-10-17 Long\n{c.marker()}\n" + "\n".join(lines)
        c.write("text-180k", ".txt", text.encode(), [Entry("accept")],
                note=f"{len(text):,} characters, just under DOSSIER_MAX_ARTICLE_CHARS: analysed")
    else:
        run = "'s" * 10_000
        text = f"date 2024-10-17 Possessives\n{c.marker()} The {run} troops arrived on Monday."
        c.write("text-possessive-run", ".txt", text.encode(), [Entry("accept")],
                note="20,000 characters of 's: letters break the run, so the punctuation-run cut does not apply")


# ---- JSON -----------------------------------------------------------------------------------------------------


def _deep(levels: int = DEEP_LEVELS) -> str:
    return "[" * levels + "]" * levels


def _json(c: Corpus, value: Any) -> str:
    """JSON text, with non-ASCII characters as they are or as escapes (lone surrogates always escaped)."""
    text = json.dumps(value, ensure_ascii=c.rng.random() < 0.5)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(value)
    return text


def _json_value_entry(c: Corpus, kinds: Sequence[str]) -> tuple[str, Entry]:
    """One JSON article (as JSON text) of a random kind, and what must become of it."""
    rng = c.rng
    kind = rng.choice(kinds)
    if kind == "dup-same" and c.good and c.register:
        earlier = rng.choice(c.good)
        return json.dumps(earlier.article), Entry("accept", silent_duplicate=True)
    if kind == "dup-diff" and c.good and c.register:
        earlier = rng.choice(c.good)
        return _json(c, {"id": earlier.id, "text": c.body(heavy=False)}), Entry("reject")
    if kind in ("dup-same", "dup-diff", "good"):
        published, expect = c.published()
        article: dict[str, Any] = {"id": c.new_id(), "text": c.body(surrogates=rng.random() < 0.25)}
        if published is not None:
            article["published"] = published
        if rng.random() < 0.5:
            article["title"] = c.title()
        if rng.random() < 0.3:
            article["authors"] = rng.choice((["Jane Doe", "Kim Min-jun"], "Jane Doe and John Roe", [], ""))
        if rng.random() < 0.3:
            article["outlet"] = rng.choice(("Wire", "Agence \u202eFrance\u202c", "👍 News", ""))
        if expect == "accept" and c.register:
            c.good.append(_Good(article["id"], article))
        return _json(c, article), Entry(expect)
    if kind == "no-id":
        return _json(c, {"text": c.body(), "published": rng.choice(GOOD_DATES)}), Entry("accept")
    if kind == "numeric-fields":
        number = rng.choice(("1e308", "-0.0", "12345678901234567890", "0", "-1", "3.14"))
        ident = str(json.loads(number))
        if ident in c.used_ids:
            number, ident = str(c.serial + 10**12), str(c.serial + 10**12)
        c.used_ids.add(ident)
        return (f'{{"id": {number}, "url": 5, "title": 1e309, "text": {_json(c, c.body())}}}', Entry("accept"))
    if kind == "nan-fields":
        return (f'{{"id": "{c.new_id()}", "score": NaN, "weight": Infinity, "debt": -Infinity, '
                f'"published": {rng.choice(("NaN", "Infinity", "1e309", "-1e309"))}, "text": {_json(c, c.body())}}}',
                Entry("reject"))
    if kind == "wrong-text":
        value = rng.choice((42, None, [c.body()], {"body": c.body()}, True, 1e300))
        return _json(c, {"id": c.new_id(), "text": value}), Entry("reject")
    if kind == "empty-text":
        value = rng.choice(("", "   ", "\n\n\t", ZERO_WIDTH_ONLY * 20, "\u202e\u202c" * 10, "\u0000\u0001\u001f"))
        return _json(c, {"id": c.new_id(), "text": value}), Entry("reject")
    if kind == "wrong-scalar":
        name = rng.choice(("id", "url", "outlet", "title", "published", "section"))
        value = rng.choice(([1, 2], {"k": 1}, True, False, [], {}))
        return _json(c, {"id": c.new_id(), name: value, "text": c.body()}), Entry("reject")
    if kind == "wrong-authors":
        value = rng.choice(({"x": 1}, [[1, 2], None, 3], 42, [{"name": "Jane"}], True))
        return _json(c, {"id": c.new_id(), "authors": value, "text": c.body()}), Entry("any")
    if kind == "non-object":
        return rng.choice(("42", '"just a string"', "null", "[1, 2, 3]", "true", "-1e309", '[{"text": "x"}]')), \
            Entry("reject")
    if kind == "deep":
        return f'{{"id": "{c.new_id()}", "text": "Troops arrived.", "nested": {_deep()}}}', Entry("reject")
    if kind == "deep-object":
        return '{"a": ' * 50_000 + "1" + "}" * 50_000, Entry("reject")
    if kind == "long-id":
        return _json(c, {"id": "x" * rng.randint(201, 5000), "text": c.body()}), Entry("reject")
    if kind == "odd-id":
        ident = rng.choice(("\u200b", "🇺🇦", "a\nb", " ", "\u202eevil", "../../etc/passwd", "' OR 1=1 --"))
        ident = f"{ident}-{c.serial}"
        c.serial += 1
        c.used_ids.add(ident)
        return _json(c, {"id": ident, "text": c.body()}), Entry("accept")
    if kind == "surrogate-escapes":
        text = c.body(surrogates=True)
        return json.dumps({"id": c.new_id(), "title": "\udc00 title", "text": text, "\ud800key": "\udfff"}), \
            Entry("accept")
    if kind == "duplicate-keys":
        return f'{{"id": "{c.new_id()}", "text": "first text", "text": {_json(c, c.body())}}}', Entry("accept")
    if kind == "huge-number":
        return (f'{{"id": "{c.new_id()}", "text": {_json(c, c.body())}, "count": {"9" * rng.randint(4301, 6000)}}}',
                Entry("any"))
    if kind == "nul-escape":
        return _json(c, {"id": c.new_id(), "text": c.body() + "\u0000\u0000 end"}), Entry("accept")
    raise ValueError(kind)


JSON_KINDS = (
    "good", "good", "good", "good", "good", "good", "no-id", "no-id", "dup-same", "dup-diff", "numeric-fields",
    "nan-fields", "wrong-text", "empty-text", "wrong-scalar", "wrong-authors", "non-object", "long-id", "odd-id",
    "surrogate-escapes", "surrogate-escapes", "duplicate-keys", "nul-escape",
)
# Kinds that make a whole JSON document unreadable, or that cost a lot: only in JSON Lines, each line apart.
LINE_ONLY_KINDS = ("deep", "deep-object", "huge-number")


def jsonl_file(c: Corpus, budget: int, extra: Sequence[str] = ()) -> None:
    rng = c.rng
    compressed = rng.random() < 0.15
    truncated = compressed and rng.random() < 0.4 and budget > 1
    kinds = [*extra][: max(1, budget)]
    count = max(len(kinds), min(budget, rng.randint(2, 12)))
    while len(kinds) < count:
        kinds.append("")
    rng.shuffle(kinds)
    if kinds[0] == "non-object":  # a first line that is no object makes the sniffer take the file for text or
        kinds.append(kinds.pop(0))  # a JSON array (reported apart); every later line may be anything
    if truncated:
        kinds.insert(0, "good")  # the first line must be whole JSON, or the reader takes the file as one document
        kinds.pop()
        c.register = False  # lines after the cut are never read: nothing here may be named again
    lines: list[bytes] = []
    entries: list[Entry] = []
    for index, kind in enumerate(kinds):
        roll = rng.random()
        if kind == "" and roll < 0.06 and index > 0:
            lines.append(rng.choice((b"", b"   ", b"\t \r")))  # blank: skipped by the reader, not an item
        if kind == "" and roll < 0.14 and index > 0:
            line, entry = rng.choice((
                (b"\xff\xfe not utf-8 " + "café".encode("latin-1"), Entry("reject")),
                (b'{"text": "a NUL \x00 byte"}', Entry("reject")),
                (b'{"text": "cut off', Entry("reject")),
                (ZERO_WIDTH_ONLY.encode(), Entry("reject")),
                ("\u3000\u3000".encode(), Entry("reject")),
                (b"\xef\xbb\xbf" + json.dumps({"id": c.new_id(), "text": c.body()}).encode(), Entry("any")),
                (json.dumps({"id": c.new_id(), "text": c.body()}).encode() + b"\r", Entry("accept")),
                (b"garbage that is not JSON at all", Entry("reject")),
            ))
        else:
            pool = JSON_KINDS if index > 0 else tuple(k for k in JSON_KINDS if k != "non-object")
            text, entry = _json_value_entry(c, [kind] if kind else pool)
            line = text.encode("utf-8")
        lines.append(line)
        entries.append(entry)
    c.register = True
    data = b"\n".join(lines) + (b"\n" if rng.random() < 0.8 else b"")
    note = f"lines: {', '.join(k or 'random' for k in kinds)}" if extra else ""
    if not compressed:
        c.write("jsonl", rng.choice((".jsonl", ".jsonl", ".json", ".ndjson", ".txt")), data, entries, note=note)
        return
    packed = gzip.compress(data, mtime=0)
    if not truncated:
        c.write("jsonl-gz", ".jsonl.gz", packed, entries, note=note)
        return
    cut = rng.randint(len(packed) // 3, len(packed) - 9)
    whole = _whole_lines(packed[:cut])
    entries = [Entry("any", e.silent_duplicate) for e in entries]
    # The reader decompresses in blocks of several KiB, so whole lines in the last block before the cut may go with
    # the damaged rest: from 1 outcome (the first line is in that block) to whole + 1.
    c.write("jsonl-gz-truncated", ".jsonl.gz", packed[:cut], [*entries[:whole], Entry("reject")], items=len(entries),
            outcomes_min=1, note=f"gzip cut at byte {cut} of {len(packed)}: {whole} whole lines of {len(entries)}, then "
            f"one rejection for the damaged rest (whole lines in the block before the cut may be in it) {note}".strip())


def _whole_lines(cut: bytes) -> int:
    """Non-blank lines that a cut gzip stream still yields whole (up to the last newline it decompresses)."""
    try:
        text = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(cut)
    except zlib.error:
        return 0
    return sum(1 for line in text.split(b"\n")[:-1] if line.strip())


def json_array_file(c: Corpus, budget: int) -> None:
    rng = c.rng
    elements: list[str] = []
    entries: list[Entry] = []
    for _ in range(min(budget, rng.randint(1, 6))):
        text, entry = _json_value_entry(c, JSON_KINDS)
        elements.append(text)
        entries.append(entry)
    indent = rng.choice(("", "\n  ", "\n\t"))
    data = ("[" + indent + ("," + indent).join(elements) + "\n]\n").encode()
    c.write("json-array", ".json", data, entries)


def json_special(c: Corpus, variant: str) -> None:
    rng = c.rng
    if variant == "object":
        article = {"id": c.new_id(), "published": rng.choice(GOOD_DATES), "title": c.title(), "text": c.body()}
        c.good.append(_Good(article["id"], article))
        data = json.dumps(article, indent=rng.choice((None, 2)), ensure_ascii=False).encode()
        c.write("json-object", ".json", data, [Entry("accept")])
        return
    cases: dict[str, tuple[str, str]] = {
        "empty-array": ("[]", "an empty array: one rejection"),
        "empty-array-spaced": ("  [ \n ]  \n", "an empty array: one rejection"),
        "deep-array": (_deep(), f"arrays nested {DEEP_LEVELS:,} deep: one rejection"),
        "deep-in-array": (f'[{{"id": "{c.new_id()}", "text": "Troops arrived."}}, {_deep()}]',
                          "an array holding a 100,000-deep value: the document cannot be parsed; one rejection"),
        "deep-object": ('{"text": "x", "a": ' + _deep() + "}", "an object with a 100,000-deep value"),
        "broken-array": (f'[{{"id": "{c.new_id()}", "text": "Troops arrived on Monday."}}, {{"text": ',
                         "an array of articles cut short: one rejection"),
        "array-of-scalars": ("[1, 2, 3]", "an array of numbers"),
        "scalar": ("42", "a bare number"),
        "null": ("null", "a bare null"),
    }
    text, note = cases[variant]
    if variant == "array-of-scalars":
        entries = [Entry("reject")] * 3
        note += ": one rejection per element"
    elif variant in ("scalar", "null"):
        entries = [Entry("any")]
        note += ": no { or [ in front, so the sniffer reads it as plain text"
    else:
        entries = [Entry("reject")]
    c.write(f"json-{variant}", ".json", text.encode(), entries, note=note)


JSON_VARIANTS = ("object", "empty-array", "empty-array-spaced", "deep-array", "deep-in-array", "deep-object",
                 "broken-array", "array-of-scalars", "scalar", "null")


# ---- feeds ----------------------------------------------------------------------------------------------------


def _feed_text(c: Corpus, text: str, cdata: bool) -> str:
    if cdata and "]]>" not in text:
        return f"<![CDATA[<p>{html.escape(text)}</p>]]>"
    return xml_escape(text) if c.rng.random() < 0.5 else xml_escape(f"<p>{html.escape(text)}</p>")


def _xml_safe(text: str) -> str:
    """XML 1.0 has no place for C0 controls (other than tab and line breaks) or U+FFFE/U+FFFF."""
    return "".join(ch for ch in text if ch in "\t\n\r" or (ord(ch) >= 0x20 and ch not in "\ufffe\uffff"))


FEED_DATES_OK = ("Thu, 17 Oct 2024 08:30:00 +0000", "Thu, 01 Jan 1970 00:00:00 GMT")
ATOM_DATES_OK = ("2024-10-17T08:30:00Z", "1970-01-01T00:00:00Z")


def feed_file(c: Corpus, budget: int, atom: bool | None = None) -> None:
    """RSS or Atom entries; some name an earlier entry's guid again, with its text (a duplicate without a row of
    its own) or with another text (rejected)."""
    rng = c.rng
    atom = rng.random() < 0.4 if atom is None else atom
    raw_controls = rng.random() < 0.15  # keep C0 controls in: not well-formed XML, the loose parser reads on
    entries: list[Entry] = []
    parts: list[str] = []
    named: list[tuple[str, str, str]] = []  # (guid, content markup, title) of entries that must be accepted
    for _ in range(min(budget, rng.randint(1, 6))):
        roll = rng.random()
        ok_date = rng.choice(ATOM_DATES_OK if atom else FEED_DATES_OK)
        title = _xml_safe(c.title())
        if roll < 0.08 and named and not raw_controls:  # the title too: a paragraph repeating it is dropped
            (guid, content, title), date = rng.choice(named), ok_date
            entry = Entry("accept", silent_duplicate=True)
        elif roll < 0.14 and named and not raw_controls:
            guid, date = rng.choice(named)[0], ok_date
            content = _feed_text(c, _xml_safe(c.body(heavy=False)), rng.random() < 0.5)
            entry = Entry("reject")
        else:
            guid = c.new_id("urn:hc")
            empty = roll < 0.2
            text = "" if empty else c.body(heavy=rng.random() < 0.3)
            content = _feed_text(c, text if raw_controls else _xml_safe(text), rng.random() < 0.5)
            date = rng.choice((*ATOM_DATES, ok_date) if atom else (*FEED_DATES, ok_date))
            if raw_controls:
                entry = Entry("any")
            elif empty:
                entry = Entry("reject")
            elif date == ok_date:
                entry = Entry("accept")
                named.append((guid, content, title))
            else:
                entry = Entry("any")
        if atom:
            parts.append(
                f"<entry><id>{xml_escape(guid)}</id><title>{xml_escape(title)}</title>"
                f"<link href=\"https://hostile.invalid/{c.serial}\"/><updated>{date}</updated>"
                f"<author><name>Jane Doe</name></author>"
                f"<content type=\"html\">{content}</content></entry>"
            )
        else:
            parts.append(
                f"<item><guid isPermaLink=\"false\">{xml_escape(guid)}</guid><title>{xml_escape(title)}</title>"
                f"<link>https://hostile.invalid/{c.serial}</link><pubDate>{date}</pubDate>"
                f"<author>desk@hostile.invalid (Jane Doe)</author>"
                f"<description>{content}</description></item>"
            )
        entries.append(entry)
    feed = _feed(atom, "".join(parts), _xml_safe(c.title()))
    note = "raw C0 controls (not well-formed XML)" if raw_controls else ""
    c.write("atom" if atom else "rss", rng.choice((".xml", ".xml", ".rss", ".atom", ".txt")), feed.encode(), entries,
            note=note)


def _feed(atom: bool, body: str, title: str) -> str:
    if atom:
        return (f'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
                f"<title>{xml_escape(title)}</title><id>urn:hc:feed</id><updated>2024-10-17T00:00:00Z</updated>"
                f"{body}</feed>\n")
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>{xml_escape(title)}</title>'
            f"<link>https://hostile.invalid/</link><description>hostile</description>{body}</channel></rss>\n")


def feed_special(c: Corpus, variant: str) -> None:
    if variant == "no-entries-rss":
        c.write("rss-no-entries", ".xml", _feed(False, "", "Empty").encode(), [Entry("reject")],
                note="a feed with no entries: one rejection")
    elif variant == "no-entries-atom":
        c.write("atom-no-entries", ".xml", _feed(True, "", "Empty").encode(), [Entry("reject")],
                note="a feed with no entries: one rejection")
    elif variant == "entities":
        items = "".join(
            f"<item><guid>{c.new_id('urn:hc')}</guid><title>{ref} title</title>"
            f"<description>Troops arrived {ref} on Monday. {xml_escape(c.marker())}</description></item>"
            for ref in ("&#xD800;", "&#0;", "&#x110000;", "&#xFFFE;", "&bogus;", "&#1114111;")
        )
        c.write("rss-char-refs", ".xml", _feed(False, items, "Refs").encode(), [Entry("any")] * 6,
                note="character references to surrogates, NUL, beyond U+10FFFF, undefined entities")
    else:  # "billion-laughs"
        doctype = ('<!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
                   '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
                   '<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>')
        item = (f"<item><guid>{c.new_id('urn:hc')}</guid><title>&lol4;</title>"
                f"<description>Sanctions were imposed on Tuesday. &lol4; {xml_escape(c.marker())}</description></item>")
        text = _feed(False, item, "Laughs").replace("?>\n", "?>\n" + doctype + "\n", 1)
        c.write("rss-entity-expansion", ".xml", text.encode(), [Entry("any")], note="nested entity definitions")


FEED_VARIANTS = ("no-entries-rss", "no-entries-atom", "entities", "billion-laughs")


# ---- HTML -----------------------------------------------------------------------------------------------------


def _page(c: Corpus, charset: str = "utf-8", published: str | None = None, heavy: bool = True) -> str:
    rng = c.rng
    title = c.title()
    paragraphs = "".join(f"<p>{html.escape(_xml_safe(c.body(heavy=heavy, paragraphs=False)))}</p>\n"
                         for _ in range(rng.randint(2, 5)))
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="{charset}"><title>{html.escape(title)}</title>'
            f'{meta}<meta name="author" content="Jane Doe"></head><body><nav>Home | World</nav><article>'
            f"<h1>{html.escape(title)}</h1>\n{paragraphs}<figure><img src=\"x.jpg\"><figcaption>Troops "
            f"{html.escape(rng.choice(EMOJI))} (AP Photo/Jane Doe)</figcaption></figure></article>"
            f"<footer>© 2024</footer></body></html>\n")


def html_file(c: Corpus, gz: bool | None = None) -> None:
    rng = c.rng
    published = rng.choice((*GOOD_DATES, *EDGE_DATES, *GARBAGE_DATES, None))
    page = _page(c, published=published)
    if rng.random() < 0.3 if gz is None else gz:
        data = gzip.compress(page.encode(), mtime=0)
        if rng.random() < 0.3:
            cut = rng.randint(12, len(data) - 1)
            c.write("html-gz-truncated", ".html.gz", data[:cut], [Entry("reject")], note=f"gzip cut at byte {cut}")
        else:
            c.write("html-gz", ".html.gz", data, [Entry("any")])
        return
    c.write("html", rng.choice((".html", ".htm", ".html", ".txt")), page.encode(), [Entry("any")])


def html_special(c: Corpus, variant: str) -> None:
    rng = c.rng
    if variant == "latin1":
        page = _page(c, charset="iso-8859-1", heavy=False).replace("said", "said café, naïve façade")
        data = page.encode("latin-1", "replace")
        note = "declares iso-8859-1, Latin-1 bytes"
    elif variant == "cp1252-undeclared":
        data = (b"<html><head><title>Quotes</title></head><body><article><p>\x93Troops arrived,\x94 officials said"
                b" \x96 on Monday, 17 October 2024.</p><p>" + c.marker().encode() + b" " + " ".join(
                    rng.sample(SENTENCES, 4)).encode() + b"</p></article></body></html>")
        note = "Windows-1252 bytes, no charset declared"
    elif variant == "bogus-charset":
        data = _page(c, charset="x-bogus-8").encode()
        note = "declares an unknown charset"
    elif variant == "utf16-declared":
        data = _page(c, charset="utf-16").encode()
        note = "declares UTF-16 but is UTF-8"
    elif variant == "deep-divs":
        depth = rng.choice((300, 5000))
        data = ("<html><body>" + "<div>" * depth + f"<p>{html.escape(c.body(heavy=False))}</p>" + "</div>" * depth
                + "</body></html>").encode()
        note = f"{depth} nested divs"
    elif variant == "script-only":
        data = b"<html><head><script>var x = '" + b"A" * 50_000 + b"';</script><style>p{}</style></head><body></body>" \
               b"</html>"
        note = "no text, only script"
    elif variant == "empty-body":
        data = b"<html><head><title>Nothing</title></head><body>\n</body></html>"
        note = "no text"
    elif variant == "not-html":
        data = ("<" + "<" * 30_000 + " " + c.body(heavy=False)).encode()
        note = "a run of < at the start: sniffed as markup"
    elif variant == "caption-run":
        run = "[" * 20_000
        data = _page(c, heavy=False).replace("</figcaption>", f" {run}</figcaption>", 1).encode()
        note = "a run of 20,000 [ in a figcaption: captions are analysed, and not cut"
    else:  # "run-in-paragraph"
        mark = rng.choice(RUN_MARKS)
        data = _page(c).replace("</h1>", f"</h1><p>{html.escape(mark * rng.randint(20_000, 50_000))}</p>", 1).encode()
        note = f"a run of {mark!r} in a paragraph"
    c.write(f"html-{variant}", ".html", data, [Entry("any")], note=note)


HTML_VARIANTS = ("latin1", "cp1252-undeclared", "bogus-charset", "utf16-declared", "deep-divs", "script-only",
                 "empty-body", "not-html", "run-in-paragraph")


# ---- WARC -----------------------------------------------------------------------------------------------------


def warc_file(c: Corpus, budget: int, truncate: str | None = None, gz: bool | None = None) -> None:
    """HTML response records (items) among warcinfo, request, image and text records (not items). ``truncate``:
    ``html`` cuts the file inside its last HTML record, ``other`` inside a trailing non-HTML record."""
    rng = c.rng
    compressed = rng.random() < 0.5 if gz is None else gz
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compressed)
    entries: list[Entry] = []
    pages = min(budget, rng.randint(1, 5))
    kinds = ["html"] * pages + rng.choices(("request", "image", "plain", "resource"), k=rng.randint(0, 3))
    rng.shuffle(kinds)
    if truncate == "html":
        kinds.remove("html")
        kinds.append("html")
    elif truncate == "other":
        kinds.append("image")
    _warc_record(c, writer, "warcinfo")
    starts: list[int] = []
    for kind in kinds:
        starts.append(buffer.tell())
        _warc_record(c, writer, kind)
        if kind == "html":
            entries.append(Entry("any"))
    data = buffer.getvalue()
    ext = ".warc.gz" if compressed else ".warc"
    if truncate is None:
        c.write("warc", ext, data, entries)
        return
    # Not in the last 20 bytes: a record's closing blank lines and a gzip trailer may go without losing content.
    cut = rng.randint(starts[-1] + 1, len(data) - 20)
    if truncate == "html":
        entries[-1] = Entry("reject")
        c.write("warc-truncated", ext, data[:cut], entries,
                note=f"cut at byte {cut} of {len(data)}, {cut - starts[-1]} bytes into its last (HTML) record: "
                "that page is one rejection")
    else:
        c.write("warc-truncated-other", ext, data[:cut], entries, outcomes=len(entries) + 1,
                note=f"cut at byte {cut} of {len(data)}, {cut - starts[-1]} bytes into a trailing image record: one "
                "extra rejection for the truncated remainder")


def _warc_record(c: Corpus, writer: WARCWriter, kind: str) -> None:
    rng = c.rng
    c.serial += 1
    uri = f"https://hostile.invalid/{c.seed}/{c.serial}"
    date = rng.choice(("2024-10-17T08:30:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "not-a-date",
                       "1970-01-01T00:00:00Z"))
    warc_headers = {"WARC-Record-ID": f"<urn:uuid:{uuid.UUID(int=rng.getrandbits(128), version=4)}>",
                    "WARC-Date": date}
    http_headers: StatusAndHeaders | None = None
    if kind == "warcinfo":
        record = writer.create_warc_record("", "warcinfo", payload=io.BytesIO(b"software: hostile_corpus\r\n"),
                                           warc_content_type="application/warc-fields", warc_headers_dict=warc_headers)
    elif kind == "request":
        http_headers = StatusAndHeaders(f"GET /{c.serial} HTTP/1.1", [("Host", "hostile.invalid")], is_http_request=True)
        record = writer.create_warc_record(uri, "request", payload=io.BytesIO(b""), http_headers=http_headers,
                                           warc_headers_dict=warc_headers)
    elif kind == "resource":
        record = writer.create_warc_record(uri, "resource", payload=io.BytesIO(_page(c, heavy=False).encode()),
                                           warc_content_type="text/html", warc_headers_dict=warc_headers)
    else:
        if kind == "html":
            charset = rng.choice(("utf-8", "utf-8", "iso-8859-1", "bogus", ""))
            page = _page(c, charset=charset or "utf-8", heavy=rng.random() < 0.3)
            payload = page.encode("latin-1", "replace") if charset == "iso-8859-1" else page.encode()
            content_type = rng.choice(("text/html", "TEXT/HTML", "application/xhtml+xml")) + (
                f"; charset={charset}" if charset else "")
        elif kind == "image":
            payload, content_type = b"\x89PNG\r\n\x1a\n" + bytes(rng.randint(32, 2000)), "image/png"
        else:
            payload, content_type = c.body(heavy=False).encode(), "text/plain; charset=utf-8"
        http_headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(uri, "response", payload=io.BytesIO(payload), http_headers=http_headers,
                                           warc_headers_dict=warc_headers)
    writer.write_record(record)
    record.raw_stream.close()  # warcio buffers the record in a temporary file it leaves open


# ---- the corpus -----------------------------------------------------------------------------------------------


def _required(c: Corpus) -> list[Callable[[], None]]:
    """Every kind once, in an order that puts the most telling ones first (a small corpus gets those)."""
    steps: list[Callable[[], None]] = [
        lambda: text_file(c, header=True),
        lambda: text_file(c, header=False),
        lambda: jsonl_file(c, c.left, extra=("good", "good", "dup-same", "dup-diff", "surrogate-escapes", "wrong-text",
                                         "wrong-scalar", "nan-fields", "deep", "non-object")),
        lambda: feed_file(c, min(4, c.left), atom=False),
        lambda: feed_file(c, min(3, c.left), atom=True),
        lambda: html_file(c, gz=False),
        lambda: html_file(c, gz=True),
        lambda: warc_file(c, min(2, c.left), gz=False),
        lambda: warc_file(c, min(2, c.left), gz=True),
        lambda: json_array_file(c, min(4, c.left)),
        lambda: text_run(c),
        lambda: warc_file(c, min(2, c.left), truncate="html"),
        lambda: json_special(c, "deep-array"),
        lambda: feed_special(c, "no-entries-rss"),
        lambda: html_special(c, "latin1"),
        lambda: text_special(c, "utf16le-bom"),
        lambda: text_special(c, "latin1"),
        lambda: text_special(c, "binary"),
        lambda: text_special(c, "zero-width"),
        lambda: text_special(c, "empty"),
        lambda: text_special(c, "dates-year-1"),
        lambda: text_special(c, "fdfa"),
        lambda: text_special(c, "dates"),
        lambda: json_special(c, "empty-array"),
        lambda: jsonl_file(c, c.left, extra=("huge-number", "good", "good")),
        lambda: warc_file(c, min(2, c.left), truncate="other"),
    ]
    steps += [lambda v=v: text_special(c, v) for v in TEXT_VARIANTS]
    steps += [lambda v=v: json_special(c, v) for v in JSON_VARIANTS]
    steps += [lambda v=v: feed_special(c, v) for v in FEED_VARIANTS]
    steps += [lambda v=v: html_special(c, v) for v in HTML_VARIANTS]
    steps += [lambda: jsonl_file(c, c.left, extra=("deep", "good", "good", "deep-object")),
              lambda: text_gz(c), lambda: text_run(c), lambda: text_run(c)]
    if c.large:
        steps += [lambda v=v: text_large(c, v) for v in ("over-million", "analysed-180k", "possessive-run")]
        steps += [lambda: html_special(c, "caption-run")]
    return steps


def generate(out: Path, count: int, seed: int) -> dict[str, Any]:
    """Write ``count`` hostile items into ``out`` (which must be empty or absent) and ``expected.json``."""
    if count < 1:
        raise SystemExit("--count must be at least 1 (expected.json itself is an item)")
    out.mkdir(parents=True, exist_ok=True)
    if any(out.iterdir()):
        raise SystemExit(f"{out} is not empty; give a new folder")
    c = Corpus(out, seed, count)
    for step in _required(c):
        if c.left <= 0:
            break
        step()
    while c.left > 0:
        roll = c.rng.random()
        budget = c.left
        if roll < 0.30:
            text_file(c)
        elif roll < 0.50:
            jsonl_file(c, budget)
        elif roll < 0.58:
            json_array_file(c, budget)
        elif roll < 0.68:
            feed_file(c, budget)
        elif roll < 0.76:
            html_file(c)
        elif roll < 0.83:
            warc_file(c, budget, truncate="html" if c.rng.random() < 0.25 and budget >= 2 else None)
        elif roll < 0.88:
            text_run(c)
        elif roll < 0.90:
            text_gz(c)
        elif roll < 0.96:
            text_special(c, c.rng.choice(TEXT_VARIANTS))
        else:
            html_special(c, c.rng.choice(HTML_VARIANTS))
    # Not an item: hidden files are never read.
    (out / ".hidden-notes.txt").write_text("date 2024-10-17 Hidden\nThis file is hidden and must not be read.\n")
    c.files.append(FileSpec("expected.json", "expected", 1, 1, 1, 0, 0,
                            "this file: read like any other, a JSON object with no 'text' field, one rejection"))
    expected = c.expected()
    (out / "expected.json").write_text(json.dumps(expected, indent=1, ensure_ascii=True) + "\n")
    return expected


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--seed", type=int, default=1201, help="random seed (default 1201)")
    parser.add_argument("--count", type=int, default=1000, help="number of input items (default 1000)")
    parser.add_argument("--out", type=Path, required=True, help="a new or empty folder to write into")
    args = parser.parse_args(argv)
    expected = generate(args.out, args.count, args.seed)
    print(f"wrote {len(expected['files'])} files, {expected['items']} items, {expected['outcomes']} outcomes expected, "
          f"into {args.out}")


if __name__ == "__main__":
    main()
