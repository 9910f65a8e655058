"""One exception tree. Third-party errors are mapped to these at the module boundary that calls the library."""

from __future__ import annotations


class DossierError(Exception):
    """Base of every error dossier raises on purpose."""


class ConfigurationError(DossierError):
    """A setting, URL or command-line value is wrong; the message says which and how to fix it."""


class StoreError(DossierError):
    """The database refused or failed an operation."""


class ModelUnavailableError(ConfigurationError):
    """A packaged model (the spaCy model, the embedding model, a learned table) is missing or damaged."""


def describe(exc: BaseException) -> str:
    """An exception as its class and the first line of its message, short enough for a summary table."""
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0][:300]}" if lines else type(exc).__name__
