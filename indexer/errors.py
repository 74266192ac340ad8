"""Errors of the indexer."""


class ParseError(ValueError):
    """A file (or record) cannot become a statement; the message says why in plain words."""
