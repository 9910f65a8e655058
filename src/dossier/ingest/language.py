"""Language identification with py3langid (langid.py's maintained, numpy-based fork: small, fast, offline)."""

from __future__ import annotations

from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

# Classify on the opening of the body: enough for a stable answer, cheap on long articles.
_SAMPLE_CHARS = 2000


@cache
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when the text is too short to tell."""
    sample = text[:_SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < 20:
        return None
    language, _probability = _identifier().classify(sample)
    return str(language)
