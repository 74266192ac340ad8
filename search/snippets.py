"""Snippets: escaped text with `<mark>` around the matches, and nothing else."""

from __future__ import annotations

import html

from whoosh import highlight


class MarkFormatter(highlight.Formatter):
    """Escape every piece of text and wrap each match in `<mark>`."""

    between = " … "

    def _text(self, text: str) -> str:
        return html.escape(text, quote=False)

    def format_token(self, text, token, replace=False):
        return "<mark>" + html.escape(highlight.get_text(text, token, replace), quote=False) + "</mark>"


def make_highlighter() -> highlight.Highlighter:
    return highlight.Highlighter(
        fragmenter=highlight.ContextFragmenter(maxchars=300, surround=80),
        formatter=MarkFormatter(),
    )


def leading_text(text: str, max_chars: int = 240) -> str:
    """Return the escaped start of a text, for hits with no match to show."""
    cut = text[:max_chars]
    if len(text) > max_chars:
        cut = cut.rsplit(" ", 1)[0] + " …"
    return html.escape(cut, quote=False)
