"""``dossier_quantities``: numbers with their value, range, qualifier, unit, object and rate.

A quantity is a run of number tokens ("3,000", "1.5 million", "eighteen", "hundreds", "half") outside
date and time expressions (``numbers``). Around it the parse gives the rest: the noun it counts ("3 million
artillery shells") or what a measure is of ("revenue of $5 billion", "Unemployment fell to 3.5
percent") and a rate after it ("a year", "each year", "daily") (``objects``); a unit (a currency sign, "%",
or a unit pint knows: "240mm", "10 miles") (``units``, reading single tokens with ``written_units``); a
qualifier before it ("at least", "an estimated") and a range ("between 1,500 and 3,000", "10,000 to
12,000") (``numbers``); whether it moved (``changes``). Word numbers are read by text2num; units are named
in the vocabulary of the CQE evaluation sets, which the contract adopts ("metre", "pound-mass",
"percentage"). ``component`` makes each a ``Quantity`` record.

Imports run one way: ``written_units``, ``changes`` ← ``numbers`` ← ``units``, ``objects`` ← ``component``.
"""

from dossier.pipeline.quantities.component import QuantityExtractor
from dossier.pipeline.quantities.numbers import APPROXIMATE

__all__ = ["APPROXIMATE", "QuantityExtractor"]
