"""``python -m dossier``: the same command as ``dossier``."""

from dossier.cli import main

main()
