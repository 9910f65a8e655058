"""The ingest job on Ray (``dossier ingest --engine ray``): the work step on a pool of Ray actors.

Analysing articles with spaCy and embedding the statements they follow for claims (``ingestion.work_on``) is
nearly all the CPU an ingest costs; here each Ray actor holds one loaded pipeline and embedding model and does
that work, while the driver only reads, deduplicates, stores and links, with the same ``IngestSteps`` as the local
engine. So the store ends exactly as the local engine leaves it: the same outcome for each item, the same
articles and copies, the same claims with the same ids (batches are stored, and claims linked, in input order).

Ray Data carries the batches: the originals of each deduplicated batch, pickled, are one row of a dataset mapped
by ``map_batches`` with an actor class on a pool of one actor a worker, its rows kept in input order. Copies are
never sent: they are not analysed, as with the local engine. The same code runs on a Ray started by the run
(``num_cpus`` = workers) and on a cluster given by address, whose nodes must have dossier installed.

A dataset holds one window of batches: Ray Data takes its rows from a list, so a window is read and deduplicated
(about 20 ms an article) before its work starts, in a thread of the driver: the first one while Ray starts, each
later one while the actors work on the one before. An actor pool lives as long as its dataset, so each window costs
every worker one pipeline load (seconds, against the minutes of work in a window of ``WINDOW_BATCHES``). Nothing
is stored before its batch is worked on, so a run killed at any moment leaves the store as a local run would, and
a re-run of the input finishes it.
"""

from __future__ import annotations

import logging
import pickle
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from itertools import islice
from typing import TYPE_CHECKING

from dossier.claims.linking import ClaimLinking
from dossier.errors import ConfigurationError, describe
from dossier.ingestion import (
    BatchWork,
    IngestSteps,
    Items,
    PendingArticle,
    ResultCallback,
    Unstored,
    originals_of,
    work_on,
)
from dossier.settings import Settings
from dossier.store import Store

if TYPE_CHECKING:
    import pyarrow

    from dossier.pipeline import Analyzer

# Batches in one Ray dataset: with 32 articles a batch, 6,400 articles, minutes of work for a few workers. The
# first window, deduplicated while Ray starts (seconds), has a few batches a worker.
WINDOW_BATCHES = 200
FIRST_WINDOW_BATCHES = 8

AnalyzerFactory = Callable[[Settings], "Analyzer"]


class RayIngestor:
    """Ingests with ``workers`` Ray actors doing the work step; ``address`` names a running Ray cluster (None: the
    one this process is connected to, or a local one started for the run). ``make_analyzer`` builds each actor's
    pipeline (default: ``Analyzer.from_settings``); it is pickled to the actors."""

    def __init__(
        self, store: Store, settings: Settings, workers: int = 1, address: str | None = None,
        make_analyzer: AnalyzerFactory | None = None,
    ) -> None:
        if workers < 1:
            raise ConfigurationError(f"--workers must be at least 1, not {workers}")
        _require_ray()
        self._settings = settings
        self._steps = IngestSteps(store, settings, ClaimLinking(settings))
        self._workers = workers
        self._address = address
        self._make_analyzer = make_analyzer

    def run(self, items: Items, on_result: ResultCallback | None = None) -> Counter[str]:
        """Ingest every cleaned article, rejection or failure (see ``read_articles``); returns the count of each
        outcome."""
        import ray

        run = self._steps.start(on_result)
        unstored = Unstored()
        batches = self._steps.batches(items, run, unstored)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="dossier-dedup") as reader:
            # The first window, a few batches a worker, is deduplicated while Ray starts; each later one while the
            # actors work on the one before.
            following = reader.submit(_take, batches, FIRST_WINDOW_BATCHES * self._workers)
            started_here = not ray.is_initialized()
            if started_here:
                self._start_ray()
            try:
                stored: list[PendingArticle] = []
                while True:
                    window = following.result()
                    # Only now, with the reader idle: the window it read was deduplicated against them.
                    unstored.drop(stored)
                    if not window:
                        break
                    following = reader.submit(_take, batches, WINDOW_BATCHES)
                    stored = [article for pending, work in zip(window, self._work(window), strict=True)
                              for article in self._steps.store(pending, work, run)]
            finally:
                if started_here:
                    ray.shutdown()
        self._steps.link()  # what an earlier run left waiting, even when this one stored nothing
        return run.outcomes

    def _start_ray(self) -> None:
        import ray

        try:
            ray.init(
                address=self._address, num_cpus=self._workers if self._address is None else None,
                include_dashboard=False, logging_level=logging.WARNING,
            )
        except (ConnectionError, ValueError, RuntimeError) as exc:
            where = f"the Ray cluster at {self._address}" if self._address else "a local Ray"
            raise ConfigurationError(f"cannot start or reach {where}: {describe(exc)}") from exc

    def _work(self, window: list[list[PendingArticle]]) -> Iterator[BatchWork]:
        """What the actors made of each batch of the window, in the window's order, as each comes."""
        import ray.data

        context = ray.data.DataContext.get_current()
        context.execution_options.preserve_order = True  # stored in input order, so claims get the same ids
        logging.getLogger("ray.data").setLevel(logging.ERROR)  # not a line per dataset started and finished
        context.enable_progress_bars = False  # the command shows its own
        rows = [{"originals": pickle.dumps(originals_of(pending))} for pending in window]
        # A block a batch: a block goes to one actor, so fewer blocks than workers would leave workers idle.
        worked = ray.data.from_items(rows, override_num_blocks=len(rows)).map_batches(
            _Worker, fn_constructor_kwargs={"settings": self._settings, "make_analyzer": self._make_analyzer},
            batch_size=1, batch_format="pyarrow", num_cpus=1,
            # One batch at a time an actor: otherwise the first actor ready queues several, and the others idle.
            compute=ray.data.ActorPoolStrategy(size=min(self._workers, len(rows)), max_tasks_in_flight_per_actor=1),
        )
        return (pickle.loads(row["work"]) for row in worked.iter_rows())


class _Worker:
    """A Ray actor: one loaded pipeline and embedding model, the work step for one batch a call."""

    def __init__(self, settings: Settings, make_analyzer: AnalyzerFactory | None) -> None:
        from dossier.pipeline import Analyzer

        self._analyzer = (make_analyzer or Analyzer.from_settings)(settings)
        self._linking = ClaimLinking(settings)

    def __call__(self, batch: pyarrow.Table) -> dict[str, list[bytes]]:
        return {"work": [pickle.dumps(work_on(self._analyzer, self._linking, pickle.loads(originals)))
                         for originals in batch.column("originals").to_pylist()]}


def _take(batches: Iterator[list[PendingArticle]], count: int) -> list[list[PendingArticle]]:
    return list(islice(batches, count))


def _require_ray() -> None:
    try:
        import ray.data  # noqa: F401
    except ImportError as exc:
        raise ConfigurationError(
            f"the Ray engine needs Ray, an optional extra: pip install 'dossier[ray]' ({describe(exc)})"
        ) from exc
