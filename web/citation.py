"""Ways to cite one statement: Chicago-style text, BibTeX and RIS."""

from __future__ import annotations

import calendar
import datetime
import re

from search.models import Statement

# Characters with a meaning in BibTeX/LaTeX, and what stands for them literally.
BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}
BIBTEX_SPECIAL = re.compile("|".join(re.escape(c) for c in BIBTEX_ESCAPES))
BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def us_date(day: datetime.date) -> str:
    """Return 'June 10, 2018', the date as Chicago style writes it."""
    return f"{calendar.month_name[day.month]} {day.day}, {day.year}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def cited_url(statement: Statement, permalink: str) -> str:
    """Cite the original publication where it is known, else Bilat's permalink."""
    return statement.source_url or permalink


def chicago(statement: Statement, permalink: str, accessed: datetime.date) -> str:
    """Return a Chicago-style bibliography entry for a web page, with the access date."""
    title = _one_line(statement.title)
    closing = "" if title.endswith((".", "?", "!")) else "."
    parts = []
    if statement.source:
        parts.append(f"{statement.source}.")
    parts.append(f"\u201c{title}{closing}\u201d")
    if statement.place:
        parts.append(f"{_one_line(statement.place)},")
    parts.append(f"{us_date(statement.date)}." if statement.date else "n.d.")
    parts.append(f"{cited_url(statement, permalink)}.")
    parts.append(f"Accessed {us_date(accessed)}.")
    return " ".join(parts)


def _bibtex_text(text: str) -> str:
    return BIBTEX_SPECIAL.sub(lambda m: BIBTEX_ESCAPES[m.group()], _one_line(text))


def _bibtex_url(url: str) -> str:
    # Braces would end the field early; percent-encoding keeps the address the same.
    return url.replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


def bibtex(statement: Statement, permalink: str, accessed: datetime.date) -> str:
    """Return a BibTeX @misc entry (with biblatex's date, url and urldate fields)."""
    fields: list[tuple[str, str]] = [("title", "{" + _bibtex_text(statement.title) + "}")]
    if statement.source:
        # Double braces: a publishing body, not a person's first and last name.
        fields.append(("author", "{" + _bibtex_text(statement.source) + "}"))
    if statement.date:
        fields.append(("date", statement.date.isoformat()))
        fields.append(("year", str(statement.date.year)))
    url = cited_url(statement, permalink)
    fields.append(("url", _bibtex_url(url)))
    fields.append(("howpublished", r"\url{" + _bibtex_url(url) + "}"))
    fields.append(("urldate", accessed.isoformat()))
    note = [f"Bilat permalink: {permalink}"]
    if statement.place:
        note.insert(0, _bibtex_text(statement.place))
    fields.append(("note", ". ".join(note)))
    lines = [f"@misc{{{statement.id},"]
    lines += [f"  {name} = {{{value}}}," for name, value in fields]
    if statement.date:
        lines.append(f"  month = {BIBTEX_MONTHS[statement.date.month - 1]},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def ris(statement: Statement, permalink: str, accessed: datetime.date) -> str:
    """Return an RIS record of type ELEC (web page), lines ending in CRLF as the format wants."""
    tags: list[tuple[str, str]] = [("TY", "ELEC"), ("ID", statement.id), ("TI", statement.title)]
    if statement.source:
        tags += [("AU", statement.source), ("PB", statement.source)]
    if statement.date:
        tags += [("PY", str(statement.date.year)), ("DA", statement.date.strftime("%Y/%m/%d/"))]
    if statement.place:
        tags.append(("CY", statement.place))
    tags += [
        ("UR", cited_url(statement, permalink)),
        ("Y2", accessed.strftime("%Y/%m/%d/")),
        ("LA", statement.lang),
        ("N1", f"Bilat permalink: {permalink}"),
        ("ER", ""),
    ]
    return "".join(f"{tag}  - {_one_line(value)}\r\n" for tag, value in tags)
