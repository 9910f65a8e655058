"""The HTTP API of ``dossier serve`` (FastAPI): thin routes over ``dossier.queries``."""
