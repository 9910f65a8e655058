"""The custom attributes dossier's components read and write, registered in one place.

Every component module imports this one, so that the attributes exist whichever component is loaded first.
``force=True``: registering again (a module reloaded in a test or a notebook) replaces the same definition.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

# Set by the caller on each Doc before the pipeline runs.
Doc.set_extension("published", default=None, force=True)  # a datetime.date: what "last week" is resolved against
Doc.set_extension("author", default=None, force=True)  # who wrote the article: the source of its own claims
Doc.set_extension("headline", default=False, force=True)  # the text is the article's headline

# Assigned by the components.
Doc.set_extension("entities", default=None, force=True)  # dossier_actors: the entity spans
Span.set_extension("actor", default=None, force=True)  # dossier_actors: each entity's Actor, or None
Doc.set_extension("statements", default=None, force=True)  # dossier_statements
Doc.set_extension("quantities", default=None, force=True)  # dossier_quantities
Doc.set_extension("times", default=None, force=True)  # dossier_times
Doc.set_extension("events", default=None, force=True)  # dossier_events
