"""Reading input (text, JSONL, HTML, feeds, WARC) and cleaning it into articles."""

from dossier.ingest.clean import clean_item, read_articles, read_uploads
from dossier.ingest.items import Failed, RawItem, Rejected
from dossier.ingest.sources import read_paths, read_payload

__all__ = ["Failed", "RawItem", "Rejected", "clean_item", "read_articles", "read_paths", "read_payload", "read_uploads"]
