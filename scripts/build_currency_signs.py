"""Rewrite src/dossier/pipeline/currency_signs.json from the CLDR data of the installed Babel."""

from __future__ import annotations

import json

from dossier.pipeline.currencies import SIGN_TABLE, build_sign_table

if __name__ == "__main__":
    SIGN_TABLE.write_text(json.dumps(build_sign_table(), ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {SIGN_TABLE}")
