"""Snippets: phrase-true marks, escaping, the choice of passages."""

from search import snippets
from search.query import Marks
from search.snippets import best_snippet, find_spans, leading_text, mark_paragraphs, mark_text

FOUNDING = (
    "The Head of State spoke in detail about his proposal on implementing mutual settlements "
    "in national currencies within the SCO. The national economy grows."
)
PHRASE = Marks(phrases=((("national", "currencies"), 1),))


def test_a_phrase_is_one_mark_and_its_words_alone_are_not_marked():
    marked = mark_text(FOUNDING, find_spans(FOUNDING, PHRASE))
    assert "settlements in <mark>national currencies</mark> within" in marked
    assert "The national economy grows." in marked
    assert marked.count("<mark>") == 1


def test_words_are_marked_wherever_they_stand_in_any_case():
    marks = Marks(words=frozenset({"national", "sco"}))
    marked = mark_text(FOUNDING, find_spans(FOUNDING, marks))
    assert marked.count("<mark>national</mark>") == 2
    assert "<mark>SCO</mark>" in marked
    assert "<mark>economy</mark>" not in marked


def test_words_are_whole_words():
    text = "Nationalism is not national."
    assert mark_text(text, find_spans(text, Marks(words=frozenset({"national"})))) == (
        "Nationalism is not <mark>national</mark>."
    )


def test_a_proximity_match_marks_its_words_only():
    text = "settlements in national currencies; currencies elsewhere"
    marks = Marks(phrases=((("settlements", "currencies"), 3),))
    assert mark_text(text, find_spans(text, marks)) == (
        "<mark>settlements</mark> in national <mark>currencies</mark>; currencies elsewhere"
    )


def test_overlapping_matches_become_one_mark():
    text = "mutual settlements in national currencies"
    marks = Marks(words=frozenset({"national"}), phrases=((("settlements", "in", "national"), 1),))
    assert mark_text(text, find_spans(text, marks)) == (
        "mutual <mark>settlements in national</mark> currencies"
    )


def test_text_is_escaped_and_only_mark_elements_appear():
    text = 'Trade & <b>security</b> "talks"'
    marked = mark_text(text, find_spans(text, Marks(words=frozenset({"security"}))))
    assert marked == 'Trade &amp; &lt;b&gt;<mark>security</mark>&lt;/b&gt; "talks"'


def test_best_snippet_prefers_the_passage_with_the_most_different_matches():
    paragraphs = [
        "Energy was mentioned once here.",
        "Filler text " * 40,
        "Here energy and gas prices were discussed together.",
    ]
    marks = Marks(words=frozenset({"energy", "gas"}))
    assert best_snippet(paragraphs, marks, max_passages=1) == (
        "Here <mark>energy</mark> and <mark>gas</mark> prices were discussed together."
    )
    both = best_snippet(paragraphs, marks)
    assert both == (
        "<mark>Energy</mark> was mentioned once here. "
        "Here <mark>energy</mark> and <mark>gas</mark> prices were discussed together."
    )


def test_a_long_paragraph_is_cut_at_words_around_the_match():
    text = ("word " * 100) + "the national currencies matter " + ("more " * 100)
    snippet = best_snippet([text], PHRASE)
    assert snippet.startswith("… word")
    assert snippet.endswith(" …")
    assert "<mark>national currencies</mark>" in snippet
    assert len(snippet) < 400


def test_no_match_gives_no_snippet_and_leading_text_stands_in():
    assert best_snippet(["Nothing here."], PHRASE) == ""
    assert leading_text("a < b " * 100, max_chars=20) == "a &lt; b a &lt; b a &lt; b a …"


def test_mark_paragraphs_marks_every_paragraph():
    paragraphs = ["National currencies.", "No match & more.", "The national currencies"]
    assert mark_paragraphs(paragraphs, PHRASE) == [
        "<mark>National currencies</mark>.",
        "No match &amp; more.",
        "The <mark>national currencies</mark>",
    ]
    assert mark_paragraphs(["a < b"], Marks()) == ["a &lt; b"]


PROBE_TEXTS = [
    "Energy SECURITY and energy-security: the U.S. energy plan, energies.",
    "“Security”—securing ENERGY; secure* energy_security 2energy energy2",
    "The ſecurity council and energy security.",
    "Kazakhıstan, kazakhstan and the dotless ı.",
    "Energy in İstanbul, security in Izmir.",
    "O'Brien met Brien; o'brien-brien.",
    "Kelvin \u212aazakhstan and kazakhstan, Kazakhstan.",
    "a.security b. security security.c security... (security)",
    "能源安全 energy 安全 security",
]
PROBE_MARKS = [
    Marks(words=frozenset({"energy", "energies", "security", "secur", "u.s", "kazakhstan"})),
    Marks(words=frozenset({"security"}), phrases=((("energy", "security"), 1),)),
    Marks(words=frozenset({"安全", "能源", "energy"})),
    Marks(words=frozenset({"o'brien", "brien"})),
    Marks(words=frozenset({"kazakhıstan", "brien"})),
]


def test_trying_the_probe_where_first_words_start_finds_what_scanning_finds():
    for text in PROBE_TEXTS:
        for marks in PROBE_MARKS:
            scanned = [m.span() for m in snippets._probe(marks).finditer(text)]
            tried = [m.span() for m in snippets._probe_matches(text, marks)]
            assert tried == scanned, (text, marks)
