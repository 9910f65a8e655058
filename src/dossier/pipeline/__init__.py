"""spaCy pipeline and dossier's registered components. spaCy objects stay inside this package."""

from dossier.pipeline.analyzer import ANALYSED_LANGUAGES, Analyzer, load_pipeline

__all__ = ["ANALYSED_LANGUAGES", "Analyzer", "load_pipeline"]
