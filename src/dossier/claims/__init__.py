"""Claims: statements linked across articles into the propositions they make, with their sources, denials and
figures. ``units`` chooses and embeds the statements of an article, ``linker`` links them in the store,
``view`` assembles a claim for reading. spaCy objects never reach this package: it speaks ``dossier.model``."""
