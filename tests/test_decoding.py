"""Documents in any encoding index with the right characters; only binary data is refused."""

import codecs

import pytest

from indexer.build import build_index
from indexer.decoding import decode_text
from indexer.errors import ParseError
from search.engine import Engine
from search.models import SearchRequest

BELARUS_CHINA_TITLE = "Беларусь и Китай: всепогодное всестороннее стратегическое партнёрство"
BELARUS_CHINA_PARAGRAPHS = (
    (
        "Министр иностранных дел Республики Беларусь провёл переговоры с Министром иностранных "
        "дел Китайской Народной Республики в Минске."
    ),
    (
        "Стороны обсудили ход реализации договорённостей, достигнутых на высшем уровне, "
        "сотрудничество в торговле, инвестициях, образовании и науке, а также развитие "
        "индустриального парка «Великий камень»."
    ),
    (
        "Особое внимание было уделено увеличению поставок белорусской сельскохозяйственной "
        "продукции на китайский рынок и расширению прямых авиарейсов между двумя странами."
    ),
    "Министры подписали программу межмидовских консультаций на ближайшие два года.",
)
# Saved without any charset: no HTTP header, no <meta charset>, no BOM.
BELARUS_CHINA_PAGE = (
    "<!DOCTYPE html>\n<html><head><title>Новости</title></head><body>\n"
    f"<article><h1>{BELARUS_CHINA_TITLE}</h1>\n"
    + "".join(f"<p>{paragraph}</p>\n" for paragraph in BELARUS_CHINA_PARAGRAPHS)
    + "</article></body></html>\n"
)

CAFE_TITLE = "President Tokayev meets José Ramírez, “Señor Café” of the Andes"
CAFE_PARAGRAPHS = (
    (
        "The Head of State and the Colombian entrepreneur discussed coffee imports, the "
        "café chain’s plans in Almaty and a joint venture — “a first for Kazakhstan”."
    ),
    (
        "Mr. Ramírez said the coöperation would create 300 jobs; Müller & Fils of Zürich "
        "will supply the roasting equipment."
    ),
)
# The akorda.kz layout: date line, title line, place line, body. No declaration.
CAFE_TEXT = (
    f"12 March 2019\n{CAFE_TITLE}\nAkorda\n\n" + "\n\n".join(CAFE_PARAGRAPHS) + "\n\nAll events\n"
)


def test_undeclared_windows_1251_and_1252_documents_index_with_the_right_characters(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "belarus-china.html").write_bytes(BELARUS_CHINA_PAGE.encode("windows-1251"))
    (docs / "cafe.txt").write_bytes(CAFE_TEXT.encode("windows-1252"))
    (docs / "scan.txt").write_bytes(b"12 March 2019\nTitle\nAkorda\n\n\x00\x01\x02PK\x03\x04")
    index_dir = tmp_path / "index"

    report = build_index(index_dir, [docs], progress=False)

    assert {r.origin: (r.reason, r.detail) for r in report.refused} == {
        str(docs / "scan.txt"): ("not text", "binary data (NUL bytes)")
    }
    assert (report.indexed, report.total) == (2, 2)
    with Engine(index_dir) as engine:
        hits = engine.search(SearchRequest(q="", per_page=10)).hits
        statements = {hit.title: engine.get(hit.id) for hit in hits}
    assert set(statements) == {BELARUS_CHINA_TITLE, CAFE_TITLE}
    assert statements[BELARUS_CHINA_TITLE].paragraphs == BELARUS_CHINA_PARAGRAPHS
    assert statements[CAFE_TITLE].paragraphs == CAFE_PARAGRAPHS
    assert statements[CAFE_TITLE].place == "Akorda"


def test_a_byte_order_mark_decides_the_encoding():
    text = "Déclaration conjointe — « partenariat »"
    assert decode_text(codecs.BOM_UTF16_LE + text.encode("utf-16-le")) == text
    assert decode_text(codecs.BOM_UTF8 + text.encode("utf-8")) == text


def test_a_declared_charset_wins_over_detection_and_a_wrong_one_is_ignored():
    data = "Страны расширяют сотрудничество".encode("koi8-r")
    assert decode_text(data, "koi8-r") == "Страны расширяют сотрудничество"
    utf8 = "Страны расширяют сотрудничество".encode()
    assert decode_text(utf8, "no-such-charset") == "Страны расширяют сотрудничество"


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        (b"%PDF-1.7\n\x00\x00\x01binary", "binary data (NUL bytes)"),
        (bytes(range(1, 32)) * 3, "binary data (control characters)"),
        (bytes(range(128, 256)) * 40, "no character encoding reads it"),
    ],
)
def test_binary_data_is_not_text(data, detail):
    with pytest.raises(ParseError) as caught:
        decode_text(data)
    assert (caught.value.reason, caught.value.detail) == ("not text", detail)
