"""Rewrite tests/golden/<sample>.json and tests/golden/claims/samples.json from the current pipeline. Review the diff
before committing.

Run: .venv/bin/python scripts/regenerate_golden.py
"""

from __future__ import annotations

import json
from pathlib import Path

from dossier.golden import golden_claims, golden_records
from dossier.pipeline import Analyzer
from dossier.settings import Settings

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    settings = Settings.from_env()
    analyzer = Analyzer(settings.spacy_model, settings.batch_size)
    for sample in sorted((REPO / "samples" / "articles").iterdir()):
        target = REPO / "tests" / "golden" / f"{sample.name}.json"
        records = golden_records(analyzer, sample)
        target.write_text(json.dumps(records, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{target.relative_to(REPO)}: {len(records)} article(s)")
    target = REPO / "tests" / "golden" / "claims" / "samples.json"
    claims = golden_claims(analyzer, REPO / "samples" / "articles")
    target.write_text(json.dumps(claims, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{target.relative_to(REPO)}: {len(claims)} claim(s)")


if __name__ == "__main__":
    main()
