"""The language of each statement: given, declared by its page, or detected."""

from __future__ import annotations

import gzip
import json

import pytest

from indexer.enrich import enrich
from indexer.language import DECLARED, GIVEN, language_code, statement_language
from indexer.parse_html import parse_html
from indexer.parse_jsonl import parse_record
from indexer.parse_text import parse_text

from .conftest import CORPUS, SHARED_CORPUS

ADDRESSES = SHARED_CORPUS / "addresses" / "addresses-2022-uk.jsonl.gz"
FMPRC = SHARED_CORPUS / "html" / "fmprc.gov.cn"
KAZAKH = "Мемлекет басшысы Қытай Халық Республикасының Төрағасымен кездесті."
RUSSIAN = "Стороны обсудили вопросы торгово-экономического сотрудничества."


def _language(statement):
    enriched = enrich(statement)
    return enriched.lang, enriched.evidence["lang"]


@pytest.mark.skipif(not ADDRESSES.exists(), reason="the addresses are absent")
def test_a_ukrainian_address_without_lang_is_detected_as_ukrainian():
    with gzip.open(ADDRESSES, "rt", encoding="utf-8") as lines:
        record = json.loads(next(lines))
    given = parse_record(record)
    assert _language(given) == ("uk", {"uk": [GIVEN]})
    del record["lang"]
    lang, evidence = _language(parse_record(record))
    assert lang == "uk"
    assert list(evidence) == ["uk"] and evidence["uk"][0].startswith("detected, confidence ")


@pytest.mark.parametrize(
    ("given", "code"),
    [("uk", "uk"), ("en-GB", "en"), ("zh_Hans", "zh"), ("rus", "ru"), ("Ukrainian", "uk")],
)
def test_a_given_lang_is_read_as_its_iso_639_1_code(given, code):
    assert language_code(given) == code


def test_a_given_lang_is_kept_even_where_the_text_reads_otherwise():
    record = {"title": "Заявление", "text": RUSSIAN, "lang": "en-GB"}
    assert _language(parse_record(record)) == ("en", {"en": [GIVEN]})


@pytest.mark.parametrize(
    ("name", "lang"),
    [
        ("ARG-PRY_SPR__1996A.txt", "es"),
        ("CMR-SEN_DMF__1991A.txt", "fr"),
        ("ALB-BGR_NA__2003O.txt", "en"),
    ],
)
def test_treaty_texts_are_detected_in_their_language(name, lang):
    statement = parse_text((CORPUS / "treaties" / name).read_bytes())
    assert _language(statement)[0] == lang


@pytest.mark.skipif(not FMPRC.is_dir(), reason="the Chinese pages are absent")
def test_a_chinese_page_is_chinese_and_its_english_declaration_is_not_believed():
    data = (FMPRC / "1638504.html").read_bytes()
    assert _language(parse_html(data))[0] == "zh"
    declared_en = data.replace(b"<html ", b'<html lang="en" ', 1)
    lang, evidence = _language(parse_html(declared_en))
    assert lang == "zh"
    assert DECLARED not in evidence["zh"]


def test_a_declared_language_in_the_text_script_stands_when_detection_is_unsure():
    assert statement_language("Ми вистояли", "", {"uk": [DECLARED]}) == ("uk", {"uk": [DECLARED]})


def test_a_declared_language_in_another_script_is_not_believed():
    lang, evidence = statement_language("Ми вистояли", "", {"zh": [DECLARED]})
    assert lang == "en" and list(evidence) == ["en"]


def test_a_declared_language_gives_way_to_a_confident_detection_in_the_same_script():
    lang, evidence = statement_language(
        "Communiqué conjoint",
        "Les deux parties ont souligné l'importance de la coopération économique et "
        "culturelle entre leurs pays.",
        {"en": [DECLARED]},
    )
    assert lang == "fr" and DECLARED not in evidence["fr"]


def test_kazakh_is_not_taken_for_russian():
    assert statement_language("", KAZAKH, {})[0] == "kk"
    assert statement_language("", RUSSIAN, {})[0] == "ru"


def test_an_unsure_detection_falls_back_to_english():
    lang, evidence = statement_language("Ми вистояли", "", {})
    assert lang == "en"
    assert evidence == {"en": ["English by default: bg detected with confidence 0.36"]}
