"""The web UI of ``dossier serve``: server-rendered pages (Jinja2, autoescaped), each with a JSON twin."""
