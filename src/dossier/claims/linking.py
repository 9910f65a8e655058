"""Linking as the ingest job runs it: units prepared from new analyses, then every waiting article linked."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from dossier.claims.describe import describe_claims
from dossier.claims.embed import embedder
from dossier.claims.linker import Linker, LinkingModel
from dossier.claims.units import units
from dossier.model import Analysis, ClaimUnit
from dossier.settings import Settings
from dossier.store import Store

PREPARED_PER_ROUND = 100


class ClaimLinking:
    def __init__(self, settings: Settings) -> None:
        self._limit = settings.claim_statements
        self._linker = Linker(LinkingModel.load(settings.linking_model), settings.linking_candidates)

    def prepare(self, analyses: Sequence[Analysis]) -> dict[str, tuple[ClaimUnit, ...]]:
        """The units of these analysed articles, by article id (embedded together)."""
        analysed = [a for a in analyses if a.skipped is None]
        return units(analysed, embedder(), self._limit) if analysed and self._limit else {}

    def link(self, store: Store, read_analyses: Callable[[list[str]], list[Analysis]]) -> int:
        """Units prepared for stored originals that have none (a store from before claims), then every waiting
        article linked and the claims it changed described; returns how many articles were linked."""
        while ids := store.unprepared(PREPARED_PER_ROUND):
            prepared = self.prepare(read_analyses(ids))
            store.save_units({article_id: prepared.get(article_id, ()) for article_id in ids})
        linked = self._linker.link_waiting(store)
        describe_claims(store)
        return linked

    def rebuild(self, store: Store, read_analyses: Callable[[list[str]], list[Analysis]]) -> int:
        """Every claim undone and linked again from the stored units, in the order stored."""
        store.reset_claims()
        return self.link(store, read_analyses)
