"""Sectors in every language of the taxonomy, on real sentences of the corpora."""

from __future__ import annotations

import pytest

from indexer.sectors import find_sectors
from search.labels import sector_taxonomy

LANGUAGES = ("ru", "uk", "kk", "zh", "fr", "es", "de", "ar")


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # Addresses of the President of Ukraine (president.gov.ua), 2022.
        (
            "uk",
            "Одне з питань, яким займаюся фактично щоденно, – це продовольча безпека.",
            ["agro"],
        ),
        (
            "uk",
            (
                "Про відбудову інфраструктури для постачання нафтопродуктів – брифінг заступника "
                "керівника Офісу Президента Ростислава Шурми."
            ),
            ["infrastructure"],
        ),
        (
            "uk",
            (
                "Я вдячний Європейському Союзу і Великій Британії також за рішення скасувати мита "
                "і квоти у нашій торгівлі."
            ),
            ["trade"],
        ),
        ("uk", "Росія розглядає як зброю не тільки газ, а й будь-яку торгівлю.", []),
        # Treaty titles (globalgov/manytreaties), Russian and Ukrainian.
        (
            "ru",
            (
                "Соглашение между Правительством Российской Федерации и Правительством Республики "
                "Казахстан о сотрудничестве в области охраны окружающей среды"
            ),
            ["environment"],
        ),
        (
            "uk",
            (
                "Угода між Урядом України і Урядом Республіки Болгарія про співробітництво в галузі "
                "рибного господарства"
            ),
            ["agro"],
        ),
        ("uk", "Угода між Державним комітетом України з енергозбереження", ["energy"]),
        ("ru", "ПО ВОПРОСАМ РЫБОЛОВСТВА И РЫБОХОЗЯЙСТВЕННЫХ ИССЛЕДОВАНИЙ", ["agro"]),
        # Spanish, French and German treaty titles, some typed without accents.
        ("es", "ACUERDO SOBRE LA COOPERACION EN EL SECTOR ENERGETICO", ["energy"]),
        ("es", "TRATADO DE LIBRE COMERCIO PANAMÁ - CHILE", ["trade"]),
        ("fr", "ACCORD DE COOPERATION DANS LE DOMAINE DE LA PECHE MARITIME", ["agro"]),
        ("de", "über Finanzielle Zusammenarbeit 2005", ["finance"]),
        # The Chinese Ministry of Foreign Affairs (fmprc.gov.cn), 2019-2020.
        (
            "zh",
            "要共同应对气候变化、网络安全、恐怖主义、重大自然灾害等全球性问题，共同维护国际和地区安全。",
            ["digital", "defence", "environment"],
        ),
        (
            "zh",
            (
                "中国举办二十国集团领导人杭州峰会等系列国际会议，倡导成立亚洲基础设施投资银行、"
                "新开发银行，为完善全球经济治理作出重要贡献。"
            ),
            ["infrastructure", "finance"],
        ),
        ("zh", "驻毛里求斯使馆向毛总理夫人转交援毛抗疫物资", ["health"]),
    ],
)
def test_sectors_of_real_sentences_in_other_languages(lang, text, expected):
    assert list(find_sectors(text, lang)) == expected


def test_kazakh_sectors_named_in_a_list():
    # Written for the tests: Kazakh statements (akorda.kz) are not in the corpora.
    text = "Кездесуде энергетика, көлік және ауыл шаруашылығы салаларындағы жобалар қаралды."
    assert list(find_sectors(text, "kk")) == ["agro", "energy", "transport"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Written for the tests: no Arabic statement is in the corpora.
        (
            "وقع البلدان اتفاقية للتعاون في مجال الطاقة والنقل والزراعة.",
            ["agro", "energy", "transport"],
        ),
        ("أكد الجانبان أهمية الأمن الغذائي وحماية البيئة.", ["agro", "environment"]),
        ("تطوير البنية التحتية والاستثمارات في قطاع الطاقة", ["energy", "infrastructure"]),
        # "constructive" (بناء) dialogue with Mali (مالي): neither building nor finance.
        ("حوار بناء مع مالي حول التعاون المالي", []),
    ],
)
def test_arabic_phrases_match_after_the_proclitics_written_onto_them(text, expected):
    assert list(find_sectors(text, "ar")) == expected


def test_russian_stems_match_every_case_of_a_phrase():
    for text in ("сельское хозяйство", "сельского хозяйства", "сельскому хозяйству"):
        assert find_sectors(text, "ru") == {"agro": [text]}


def test_a_stem_phrase_needs_its_every_word():
    # "прям* рейс*" (transport) and "прям* иностранн* инвестици*" (finance) share a stem.
    assert list(find_sectors("прямые рейсы", "ru")) == ["transport"]
    assert list(find_sectors("прямые иностранные инвестиции", "ru")) == ["finance"]


def test_a_text_is_read_with_the_entries_of_its_own_language_only():
    # German "sport*" would make "sport" and "sports" two different words of culture.
    text = "Sport brings people together; sports diplomacy does too."
    assert find_sectors(text, "en") == {}
    assert list(find_sectors("Sport und Kultur verbinden.", "de")) == ["culture"]
    # A German stem does not tag an English word in a German text's English quote either.
    assert find_sectors("It is important that our exports grow.", "de") == {}


def test_every_sector_has_phrases_and_words_in_every_language():
    for sector in sector_taxonomy():
        for lang in LANGUAGES:
            forms = sector["languages"][lang]
            assert forms["phrases"] and forms["words"], (sector["id"], lang)
