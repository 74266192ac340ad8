"""The Whoosh schema, declared once; the indexer and the engine both import it."""

from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, SchemaClass

# English stemming so "investments" finds "investment"; stop words are kept so that a
# quoted phrase such as "settlements in national currencies" keeps every word's position.
TEXT_ANALYZER = StemmingAnalyzer(stoplist=None)


class BilatSchema(SchemaClass):
    # unique: update_document replaces a statement by id on re-indexing.
    id = ID(stored=True, unique=True)
    # Title weighted above body in relevance; stored for snippets of title matches.
    title = TEXT(analyzer=TEXT_ANALYZER, stored=True, field_boost=2.0)
    # Stored for snippets; paragraphs are rebuilt from it by splitting on blank lines.
    body = TEXT(analyzer=TEXT_ANALYZER, stored=True)
    place = TEXT(analyzer=TEXT_ANALYZER, stored=True)
    # Facet fields: comma-separated, case kept (codes are upper case, sector ids lower).
    country = KEYWORD(commas=True, lowercase=False, scorable=False)
    pair = KEYWORD(commas=True, lowercase=False, scorable=False)
    sector = KEYWORD(commas=True, lowercase=False, scorable=False)
    person = KEYWORD(commas=True, lowercase=False, scorable=False)
    doc_type = ID
    source = ID
    # Coarse integers: a range on these is several times faster than on a DATETIME.
    # day is yyyymmdd, month yyyymm; all three are absent when the date is unknown.
    day = NUMERIC(int, bits=32, sortable=True, signed=False)
    month = NUMERIC(int, bits=32, signed=False)
    year = NUMERIC(int, bits=32, signed=False)
    # "yes" or "no", so that "date unknown" is a plain term filter.
    dated = ID
    # The rest of the statement as JSON, to rebuild it without a second store.
    record = STORED
