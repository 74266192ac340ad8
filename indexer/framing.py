"""Find the pair a document frames itself by, whoever published it, with the words that
say so: a document names many countries in passing, but only its framing says which two
it is between.

Framings, read in the title and the opening of the document (words in data/framing.json,
pooled over languages):
- the parties to an agreement: countries joined by a conjunction after "between" ("between
  the Government of India and the Government of Japan", "entre el Gobierno de X y ...",
  "между ... и ...") or before its equivalent that follows ("X és Y között", "X和Y之间"),
  before "hereinafter" ("X and Y, hereinafter the Parties"), or opening a preamble ("The
  Government of X and the Government of Y,"); in the title, and in the opening (its first
  parties only) when the title frames nothing and an agreement word starts the document;
- a joint statement, declaration or communiqué: the countries or leaders its title (else
  its opening sentence) joins ("Joint Statement of X and Y", "中华人民共和国和X联合声明");
- a meeting, visit, trip, talks or call: the host's country (the publisher's, else the
  venue's, else the country named before the meeting word) with the first other country
  or leader the title (else the opening sentence) names; several guests joined in one run
  are each paired with the host, unless the text calls the meeting trilateral;
- a named pair in the title or opening sentence: "Russian-Japanese talks", "中卢关系".
Three or more parties joined in one framing make the document multilateral: it gets its
parties as countries and no pair, since a pair for every combination would claim
bilateral relations the document does not state. A document that frames nothing keeps
the pairs of `pairs_without_framing`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from search.models import Statement

from .countries import Mention, Readings, country_finder
from .country_forms import CJK
from .language_names import language_mentions
from .persons import leader_countries

# How much of the text an agreement's parties are looked for in.
HEAD_CHARS = 1500
# How much of a title's paragraph is read when the title was cut at its line's end.
HEAD_TITLE_CHARS = 400
# Words that may stand between "between" and the first party, or between two parties of
# an agreement ("the Government of His Majesty the King of").
BETWEEN_GAP_WORDS = 10
# Characters between the last party and "hereinafter".
HEREINAFTER_GAP = 60
# Words between the last party and a "between" word that follows ("Romania Kormanya kozott").
AFTER_GAP_WORDS = 3
# An agreement word this near the start makes the opening an agreement's (its title may
# be a heading such as "PREAMBLE").
AGREEMENT_WORD_CHARS = 600
# A label or heading before the text of a treaty ("MainText:", "PREAMBLE").
_LABEL = re.compile(
    r"^\W*(?:main\s*text\s*:|preamble|pr[ée]ambule|pre[áa]mbulo|преамбула|präambel)\W*",
    re.IGNORECASE,
)
# Most words (joining and filler words only) between two parties joined outside an
# agreement's framing: "Japan, the Republic of Korea, and the United States".
STRICT_GAP_WORDS = 6
EVIDENCE_CHARS = 200
# Territories named with their country after a comma: "Hong Kong, China" is one party.
_NAMED_WITH_COUNTRY = {"HK", "MO", "TW"}
# What ends a sentence or a clause between two parties. A line break does not: treaties
# set "The Government of X" and "and" and "the Government of Y" on lines of their own.
_SENTENCE_PUNCTUATION = re.compile(r"[;:!?()\[\]]|\.\s")
# A name given in brackets after a party: "the Republic of Costa Rica (“Costa Rica”)".
_BRACKETED_NAME = re.compile(r"\(\W{0,2}[^()]{0,40}?\W{0,2}\)")
_TOKEN = re.compile(r"[\w'’&]+|,|[^\w\s]")


@dataclass
class Framing:
    """What the framing of a document says: its pairs, or its parties if multilateral."""

    pairs: dict[str, list[str]] = field(default_factory=dict)
    """Pair ("CN-KZ") -> the words that framed it."""
    parties: dict[str, list[str]] = field(default_factory=dict)
    """Country -> the framing words naming it as a party (both sides of each pair, or
    every party of a multilateral document)."""
    multilateral: bool = False

    @property
    def found(self) -> bool:
        return bool(self.pairs or self.multilateral)


@dataclass(frozen=True)
class _Words:
    between: re.Pattern
    between_after: re.Pattern
    hereinafter: re.Pattern
    joint: re.Pattern
    meeting: re.Pattern
    multilateral: re.Pattern
    agreement: re.Pattern
    conjunctions: frozenset[str]
    filler: frozenset[str]


def _words_pattern(words: list[str]) -> re.Pattern:
    """Compile words and phrases ("совместн* заявлени*": a word ending in "*" takes any
    ending), as whole words except those that begin with Han or kana (Chinese and
    Japanese do not space their words).

    The phrases are tried longest first, as one alternation behind two quick tests: the
    character at hand must begin some phrase, and (for whole words) must not follow a
    letter. Without them, every alternative was tried at every character, ten times
    slower; the matches are the same.
    """
    words = sorted(words, key=len, reverse=True)
    whole, anywhere = [], []
    for phrase in words:
        body = r"\s+".join(
            re.escape(word.rstrip("*")) + (r"\w*" if word.endswith("*") else "")
            for word in phrase.split()
        )
        if CJK.match(phrase):
            anywhere.append(body)
        else:
            whole.append(body + r"(?!\w)")
    first = "".join(sorted({re.escape(phrase[0]) for phrase in words}))
    groups = ([rf"(?<!\w)(?:{'|'.join(whole)})"] if whole else []) + anywhere
    return re.compile(rf"(?=[{first}])(?:{'|'.join(groups)})", re.IGNORECASE)


@cache
def framing_words() -> _Words:
    """Read data/framing.json once."""
    text = resources.files("indexer").joinpath("data/framing.json").read_text("utf-8")
    data = json.loads(text)
    return _Words(
        **{
            key: _words_pattern(data[key])
            for key in _Words.__annotations__
            if key in data and key not in ("conjunctions", "filler")
        },
        conjunctions=frozenset(data["conjunctions"]),
        filler=frozenset(data["filler"]),
    )


def pair_of(a: str, b: str) -> str:
    """Return the pair of two codes as facets write it: sorted, joined by a hyphen."""
    return "-".join(sorted((a, b)))


def _mostly_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 3 and sum(c.isupper() for c in letters) > 0.6 * len(letters)


def _as_title_case(text: str) -> str:
    """Return a text in capitals as names are written, offsets unchanged: "THE GOVERNMENT
    OF THE USA" as "the Government of the USA". Short joining words go to lower case,
    the abbreviations the country finder knows stay in capitals, other words are
    capitalised."""
    words = framing_words()
    joining = {w for w in words.conjunctions | words.filler if len(w) <= 4} | {"on", "to", "for"}

    def case(match: re.Match) -> str:
        word = match.group(0)
        lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in word)
        if lower in joining:
            return lower
        known = len(word) <= 4 and country_finder().codes.get(word)
        return word if known else word[0] + lower[1:]

    return re.sub(r"\w+", case, text)


def mentions_in(
    text: str, lang: str, readings: Readings | None, leaders: bool = False, any_case: bool = False
) -> list[Mention]:
    """Return the countries a text names, in order: by the country finder (a text in
    capitals read as title case, and with `any_case` any text read both as it is and in
    title case, for treaties typed in capitals or in lower case), by CLDR's names in the
    statement's language where we hold no prepared forms, and (if `leaders`) by the known
    leaders it names."""
    capitals = _mostly_capitals(text)
    finder = country_finder()
    found = [
        Mention(m.code, m.start, m.end, text[m.start : m.end] if capitals else m.phrase)
        for m in finder.mentions(
            _as_title_case(text) if capitals else text, title_case=capitals, readings=readings
        )
    ]
    extra = [Mention(m.code, m.start, m.end, m.phrase) for m in language_mentions(text, lang)]
    if any_case and not capitals:
        cased = finder.mentions(_as_title_case(text), title_case=True, readings=readings)
        extra += [Mention(m.code, m.start, m.end, text[m.start : m.end]) for m in cased]
    if leaders:
        for code, phrases in leader_countries(text).items():
            for phrase in phrases:
                start = text.find(phrase)
                if start >= 0:
                    extra.append(Mention(code, start, start + len(phrase), phrase))
    for mention in extra:
        if not any(m.start < mention.end and mention.start < m.end for m in found):
            found.append(mention)
    return sorted(found, key=lambda m: m.start)


def _gap_tokens(gap: str) -> list[str]:
    return _TOKEN.findall(gap)


def _joins(gap: str, strict: bool) -> bool:
    """Tell whether the text between two parties joins them: a conjunction or a comma,
    and only filler words (strict) or a few words of any kind, no sentence's end."""
    words = framing_words()
    gap = _BRACKETED_NAME.sub(" ", gap).strip("\"'“”‘’«»()[] ")
    if _SENTENCE_PUNCTUATION.search(gap + " ") and not gap.strip() in (",", "،"):
        return False
    raw = [t for t in _gap_tokens(gap) if t not in "\"'“”«»„"]
    tokens = [t.lower() for t in raw]
    joint = [i for i, t in enumerate(tokens) if t in words.conjunctions or t == ","]
    if CJK.search(gap):
        return gap.strip() in words.conjunctions
    if not joint:
        return False
    if strict:
        # Before the joining word, the name of the first party's leader may stand ("Dutch
        # Prime Minister Dick Schoof, and Danish ..."); after it, filler words only.
        named = all(t[:1].isupper() or t in words.filler for t in raw[: joint[0]])
        filler = all(
            t in words.conjunctions or t == "," or t in words.filler for t in tokens[joint[0] :]
        )
        return len(tokens) - joint[0] <= STRICT_GAP_WORDS and named and filler
    return len(tokens) <= BETWEEN_GAP_WORDS


def chains(text: str, mentions: list[Mention], strict: bool) -> list[list[Mention]]:
    """Return the runs of mentions the text joins as coordinated parties ("X and Y", "X, Y
    and Z"), one mention per country; a country named twice in a row stays one party."""
    found: list[list[Mention]] = []
    for mention in mentions:
        run = found[-1] if found else None
        if run is not None:
            last = run[-1]
            gap = text[last.end : mention.start]
            if mention.code == last.code and len(_gap_tokens(gap)) <= AFTER_GAP_WORDS:
                run[-1] = Mention(last.code, last.start, mention.end, last.phrase)
                continue
            if last.code in _NAMED_WITH_COUNTRY and mention.code == "CN" and gap == ", ":
                continue
            if mention.code not in {m.code for m in run} and _joins(gap, strict):
                run.append(mention)
                continue
        found.append([mention])
    return found


def _evidence(text: str, start: int, end: int) -> str:
    phrase = " ".join(text[start:end].split())
    return phrase if len(phrase) <= EVIDENCE_CHARS else phrase[: EVIDENCE_CHARS - 1] + "…"


Party = tuple[str, str | None]
"""A country a framing names as a party, and the words naming it (None for the
publisher's country, which the text need not name)."""
Host = tuple[str, str, str | None]
"""The host's country, where it comes from ("published in US") and the words naming it."""


def _parties(run: list[Mention]) -> list[Party]:
    return [(m.code, m.phrase) for m in run]


class _Collector:
    """Gathers the framings found, bilateral and multilateral, with their words."""

    def __init__(self) -> None:
        self.framing = Framing()
        self.multilateral: dict[str, list[str]] = {}

    def add(self, parties: list[Party], phrase: str) -> None:
        """Add the parties one framing names, with its words."""
        names: dict[str, list[str]] = {}
        for code, name in parties:
            names.setdefault(code, []).extend([name] if name else [])
        if len(names) == 2:
            pair = pair_of(*names)
            self.framing.pairs.setdefault(pair, []).append(phrase)
            for code, found in names.items():
                self.framing.parties.setdefault(code, []).extend(found)
        elif len(names) > 2 and not self.multilateral:
            self.multilateral = names

    @property
    def empty(self) -> bool:
        return not self.framing.pairs and not self.multilateral

    def result(self) -> Framing:
        framing = self.framing
        if not framing.pairs and self.multilateral:
            framing = Framing(parties=self.multilateral, multilateral=True)
        framing.pairs = {p: list(dict.fromkeys(e)) for p, e in framing.pairs.items()}
        framing.parties = {c: list(dict.fromkeys(e)) for c, e in framing.parties.items()}
        return framing


def _agreement_parties(
    text: str, mentions: list[Mention], found: _Collector, first_only: bool = False
) -> None:
    """Add the parties an agreement names: joined after "between", before its equivalent
    that follows, before "hereinafter", or opening a line with only words such as "The
    Government of" before them (a preamble: "The Government of X and the Government of
    Y,"). With `first_only`, only the first such run counts: a preamble goes on to name
    other agreements ("the Association Agreement between the EC and X")."""
    for run in chains(text, mentions, strict=False):
        if len(run) < 2:
            continue
        evidence = _agreement_anchor(text, run[0].start, run[-1].end)
        if evidence:
            found.add(_parties(run), evidence)
            if first_only:
                return


def _agreement_anchor(text: str, start: int, end: int) -> str | None:
    """Return the words that make the parties from `start` to `end` an agreement's, or None."""
    words = framing_words()
    before = text[max(0, start - 120) : start]
    anchors = list(words.between.finditer(before))
    if anchors:
        gap = before[anchors[-1].end() :]
        if len(_gap_tokens(gap)) <= BETWEEN_GAP_WORDS and not _SENTENCE_PUNCTUATION.search(
            gap + " "
        ):
            return _evidence(text, start - len(gap) - len(anchors[-1].group(0)), end)
    after = text[end : end + HEREINAFTER_GAP]
    following = words.between_after.search(after)
    if following and len(_gap_tokens(after[: following.start()])) <= AFTER_GAP_WORDS:
        return _evidence(text, start, end + following.end())
    hereinafter = words.hereinafter.search(after)
    if hereinafter:
        return _evidence(text, start, end + hereinafter.end())
    line = _LABEL.sub("", text[text.rfind("\n", 0, start) + 1 : start])
    tokens = [t.lower() for t in _gap_tokens(line)]
    if len(tokens) <= BETWEEN_GAP_WORDS and all(t in words.filler for t in tokens):
        return _evidence(text, start - len(line), end)
    return None


def _joint_parties(text: str, mentions: list[Mention], found: _Collector) -> None:
    """Add the first countries or leaders a joint statement's title or opening joins."""
    runs = [run for run in chains(text, mentions, strict=True) if len(run) >= 2]
    if runs:
        found.add(_parties(runs[0]), _evidence(text, runs[0][0].start, runs[0][-1].end))


def _meeting_parties(
    text: str,
    mentions: list[Mention],
    host: Host | None,
    found: _Collector,
    meeting: bool = False,
    context: str = "",
) -> bool:
    """Add the host and the guest of a meeting, visit, talks or call the text tells of
    (or, with `meeting`, that the title told of); return whether there is one. Guests
    joined in one run ("Japan and the Republic of Korea") make a multilateral meeting
    where the text or its `context` (the title) says so ("Trilateral"), else each
    guest's pair with the host."""
    word = framing_words().meeting.search(text)
    if word is None and not meeting:
        return False
    said_multilateral = framing_words().multilateral.search(context + "\n" + text)
    if found.multilateral and said_multilateral:
        return True  # "the U.S.-ROK-Japan Trilateral Meeting": already its parties
    at = word.start() if word else 0
    if host is None:
        before = [m for m in mentions if m.end <= at]
        if before:
            host = (before[0].code, "", before[0].phrase)
    guests = [m for m in mentions if host is None or m.code != host[0]]
    if not guests:
        return True
    run = chains(text, guests, strict=True)[0]
    phrase = _evidence(text, min(at, run[0].start), max(word.end() if word else 0, run[-1].end))
    if host is not None:
        evidence = f"{host[1]}; {phrase}" if host[1] else phrase
        guest_parties = _parties(run)
        if len({code for code, _ in guest_parties}) > 1 and not said_multilateral:
            # A trip to Israel and the West Bank: the host's meeting with each.
            for guest in guest_parties:
                found.add([(host[0], host[2]), guest], evidence)
        else:
            found.add([(host[0], host[2]), *guest_parties], evidence)
    else:
        found.add(_parties(run), phrase)
    return True


def _named_pairs(text: str, mentions: list[Mention], found: _Collector) -> None:
    """Add the pairs named by a hyphen or dash ("Russian-Japanese") or in Chinese style."""
    runs: dict[str, set[str]] = {}
    for a, b, phrase in country_finder().pairs(text, mentions):
        runs.setdefault(phrase, set()).update((a, b))
    for phrase, codes in runs.items():
        found.add([(code, phrase) for code in sorted(codes)], phrase)


def find_framing(
    statement: Statement,
    publisher_country: str | None,
    lang: str,
    opening: str,
    readings: Readings | None = None,
) -> Framing:
    """Return the pairs (or the parties of a multilateral document) that the statement's
    title and opening frame it by; `opening` is its opening sentence, `readings` those of
    its whole text."""
    words = framing_words()
    title, head = statement.title, statement.text[:HEAD_CHARS]
    found = _Collector()

    def mentions(text: str, leaders: bool = False) -> list[Mention]:
        return mentions_in(text, lang, readings, leaders)

    # A title cut at the end of its line ("... BETWEEN X AND THE FORMER YUGOSLAV") is read
    # to the end of its paragraph when the text begins with it.
    first = head.split("\n\n", 1)[0]
    if len(first) > len(title) and first.startswith(title.rstrip("…").rstrip()):
        title = first[:HEAD_TITLE_CHARS]
    title_mentions = mentions(title, leaders=True)
    opening_mentions = mentions(opening, leaders=True)
    host = None
    if publisher_country:
        host = (publisher_country, f"published in {publisher_country}", None)
    elif statement.place and (venue := mentions(statement.place)):
        host = (venue[0].code, f"held in {statement.place}", venue[0].phrase)
    # The title first; the opening only where the title frames nothing.
    _agreement_parties(title, title_mentions, found)
    _named_pairs(title, title_mentions, found)
    joint = words.joint.search(title)
    if joint:
        _joint_parties(title, title_mentions, found)
    meeting = _meeting_parties(title, title_mentions, host, found)
    if found.empty and words.agreement.search(title + "\n" + head[:AGREEMENT_WORD_CHARS]):
        head_mentions = mentions_in(head, lang, readings, any_case=True)
        _agreement_parties(head, head_mentions, found, first_only=True)
    if found.empty:
        _named_pairs(opening, opening_mentions, found)
    if found.empty and joint:
        _joint_parties(opening, opening_mentions, found)
    if found.empty and (meeting or words.meeting.search(opening)):
        _meeting_parties(opening, opening_mentions, host, found, meeting=True, context=title)
    return found.result()


def pairs_without_framing(
    publisher_country: str | None,
    countries: list[str],
    evidence: dict[str, list[str]],
    named_pairs: list[tuple[str, str, str]],
) -> dict[str, list[str]]:
    """Return the pairs of a document that frames none: its publisher's country with each
    other country it is about (with the first words naming that country), and the pairs
    its text names anywhere ("Kazakh-Chinese")."""
    pairs: dict[str, list[str]] = {}
    if publisher_country:
        for code in countries:
            if code != publisher_country:
                named = f"published in {publisher_country}, names {code}"
                pairs[pair_of(publisher_country, code)] = [named, *evidence.get(code, [])[:1]]
    for a, b, phrase in named_pairs:
        pairs.setdefault(pair_of(a, b), []).append(phrase)
    return pairs
