"""Language identification with py3langid (langid.py's maintained, numpy-based fork: small, fast, offline).

Its model ships LZMA-compressed and takes about a second to unpack, as long as a third of loading spaCy's
model; ``prefetch`` starts the unpacking on a thread (LZMA and numpy release the GIL) so that a command can
load both at once.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

# Classify on the opening of the body: enough for a stable answer, cheap on long articles.
_SAMPLE_CHARS = 2000


def _load() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@cache
def prefetch() -> Future[LanguageIdentifier]:
    """Start loading the model, once per process; ``detect_language`` waits for it."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dossier-langid")
    future = pool.submit(_load)
    pool.shutdown(wait=False)  # the one task still runs; its thread ends with it
    return future


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when the text is too short to tell."""
    sample = text[:_SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < 20:
        return None
    language, _probability = prefetch().result().classify(sample)
    return str(language)
