"""Format readers: one input (decompressed) → raw items.

One module per format, each imported only when an input of its format turns up, so that reading
plain text or JSON never loads trafilatura, feedparser or warcio. JSON Lines and WARC readers
are given the stream and read an article at a time; the others are given the whole, size-checked
text. Each yields ``RawItem`` or ``Rejected`` and never raises for bad content, so one broken
entry cannot stop the file, and one broken file cannot stop the batch. Third-party parsers are
called only here.
"""
