"""Index -> answers: the Whoosh schema, the typed records, and the search engine.

Nothing here imports Flask or BeautifulSoup.
"""
