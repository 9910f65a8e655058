"""dossier: dated news articles → source-attributed, time-anchored, cross-checked knowledge."""

__version__ = "0.1.0"
