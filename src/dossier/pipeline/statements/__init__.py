"""``dossier_statements``: who says what, how sure, and through whom.

Rules over the dependency parse, in three constructions (``constructions``):

1. **Reporting verbs** (cues the scorer in ``dossier.pipeline.cues`` accepts: say, deny, reveal, learn, warn,
   estimate…): the content is the verb's clausal complement (``ccomp``/``parataxis``), its object for cues that
   take one ("denied North Korean collaboration"), its infinitive for refusals ("declined to comment"), or an
   adjacent quotation (``quotes``); the source is its subject — inherited up the clause chain for participles
   and subordinate clauses ("…pact with Kim Jong Un, stating that…" → Putin) (``sources``).
2. **"according to X"**: the source is the object of *to*; the content is the clause it modifies; a
   participle on the source ("stated by The Times") adds a ``via`` link.
3. **Quotations the parser did not attach** ("One analyst shares “…”"): the nearest cue word beside the
   quote and the name or noun phrase before it.

Sentences that attribute nothing are the author's own claims. Stance, hedges, direct quotation and
``responds_to`` are decided from the spans found (``stance``); ``component`` runs it all over a Doc. The
word lists (``dossier.pipeline.lexicons``) are general English reporting vocabulary, measured on PolNeAR
(``dossier eval attribution``).

Imports run one way: ``spans`` ← ``quotes``, ``sources``, ``stance`` ← ``constructions`` ← ``component``.
"""

from dossier.pipeline.statements.component import StatementExtractor
from dossier.pipeline.statements.quotes import quotations, quote_context

__all__ = ["StatementExtractor", "quotations", "quote_context"]
