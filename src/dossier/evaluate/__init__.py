"""``dossier eval TASK --data PATH``: score one capability on a standard annotated data set.

Each task reads its data set's own format, runs the same pipeline users run, and returns a
``Report`` whose last line is ``TASK metric=value …`` for scripts.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from dossier.evaluate import attribution, events, linking, quantities, stance, timex
from dossier.evaluate.scoring import Report
from dossier.pipeline import Analyzer

TASKS: dict[str, Callable[[Path, Analyzer], Report]] = {
    "attribution": attribution.evaluate,
    "attribution-agreement": attribution.evaluate_agreement,
    "events": events.evaluate,
    "linking": linking.evaluate,
    "stance": stance.evaluate_stance,
    "quantities": quantities.evaluate,
    "timex": timex.evaluate,
}

__all__ = ["TASKS", "Report"]
