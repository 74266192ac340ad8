"""Errors of the search layer, each with a message a researcher understands."""


class BadQuery(ValueError):
    """The query cannot be run as written."""

    def __init__(self, message: str, suggestion: str | None = None):
        super().__init__(message)
        self.message = message
        self.suggestion = suggestion
        """A corrected query, where one can be guessed."""


class IndexMissing(RuntimeError):
    """There is no index at the configured location yet."""
