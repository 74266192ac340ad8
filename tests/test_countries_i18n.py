"""Countries and persons in Russian, Ukrainian, Kazakh, Chinese, French, Spanish, German and
Arabic: CLDR's names, case forms, adjectives, Chinese official style, and the traps."""

import pytest

from indexer.countries import Readings, country_finder
from indexer.enrich import enrich, opening_sentence
from indexer.persons import find_persons
from search.models import Statement


def found(text, **options):
    return [(m.code, m.phrase) for m in country_finder().mentions(text, **options)]


def codes(text, **options):
    return [m.code for m in country_finder().mentions(text, **options)]


def pairs(text):
    finder = country_finder()
    return [(a, b) for a, b, _ in finder.pairs(text, finder.mentions(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Presidential addresses, 2022 (president.gov.ua).
        (
            (
                "Зокрема Італії, Ірану, Казахстану, Латвії, Литви, Молдови, Польщі, Святого "
                "Престолу, Словенії, Таджикистану, Туркменістану, Туреччини, Франції, Чехії, "
                "Естонії та інших."
            ),
            ["IT", "IR", "KZ", "LV", "LT", "MD", "PL", "VA", "SI", "TJ", "TM", "TR", "FR"]
            + ["CZ", "EE"],
        ),
        (
            (
                "А після України спробує понести все це в Молдову, Польщу, Грузію, держави "
                "Балтії, в Казахстан і в усі інші держави, до яких зможе дотягнутися."
            ),
            ["UA", "MD", "PL", "GE", "KZ"],
        ),
        (
            (
                "Також говорили про нові санкції проти Росії, гуманітарну та оборонну співпрацю "
                "з Польщею."
            ),
            ["RU", "PL"],
        ),
        (
            (
                "У цей день ми солідарні з нашими польськими друзями та союзниками, які твердо "
                "стоять у протидії російській агресії."
            ),
            ["PL", "RU"],
        ),
        ("Два тижні жив у Санжарах, куди привезли українців з Китаю.", ["UA", "CN"]),
        ("Сполученим Штатам, Сполучених Штатів, Америці", ["US", "US", "US"]),
        ("переговоры в Китае, с Китаем, для Китая; Председатель КНР", ["CN"] * 4),
        ("Южной Корее и Соединённым Штатам", ["KR", "US"]),
        ("Святого Престола", ["VA"]),
        ("Қазақстан мен Қытай, Қытаймен келіссөздер", ["KZ", "CN", "CN"]),
        ("美國與中國", ["US", "CN"]),
        ("وقعت الصين وروسيا اتفاقية مع الحكومة الروسية", ["CN", "RU", "RU"]),
    ],
)
def test_names_in_every_case(text, expected):
    assert codes(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Treaty texts (labels.json: fr, es).
        (
            (
                "Le Gouvernement de la République du Sénégal et le Gouvernement de la République "
                "populaire de Chine, les entreprises chinoises"
            ),
            [("SN", "Sénégal"), ("CN", "Chine"), ("CN", "chinoises")],
        ),
        (
            "El Gobierno de la República de Panamá y el Gobierno de la República de Chile",
            [("PA", "Panamá"), ("CL", "Chile")],
        ),
        (
            "el Gobierno de la República Argentina, la parte argentina",
            [("AR", "Argentina"), ("AR", "argentina")],
        ),
        (
            "Die Regierung der Bundesrepublik Deutschland und die Volksrepublik China",
            [("DE", "Bundesrepublik Deutschland"), ("CN", "China")],
        ),
        ("la délégation chinoise et les Chinois", [("CN", "chinoise"), ("CN", "Chinois")]),
        # A treaty kept in lower case only, without accents (MRT-SEN_SCW__1978A).
        (
            "convention conclue entre le mali, la mauritanie et le senegal relative au statut",
            [("ML", "mali"), ("MR", "mauritanie"), ("SN", "senegal")],
        ),
        # Words in capitals do not inflect; in Kazakh they take their suffix after a hyphen.
        ("Председатель КНР, АҚШ-тың өкілі", [("CN", "КНР"), ("US", "АҚШ-тың")]),
    ],
)
def test_french_spanish_german_names_and_adjectives(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("развитие казахстанско-китайских отношений", [("CN", "KZ")]),
        ("розвиток українсько-польських відносин", [("PL", "UA")]),
        ("die deutsch-chinesischen Beziehungen und der Handel", [("CN", "DE")]),
        ("中卢关系稳步发展", [("CN", "LU")]),
        ("中德两国人民", [("CN", "DE")]),
        ("Қазақстан-Қытай іскерлік кеңесі", [("CN", "KZ")]),
    ],
)
def test_pairs_across_languages(text, expected):
    assert pairs(text) == expected


def test_chinese_official_style():
    assert found("中卢关系稳步发展，卢方愿同中方加强合作。") == [
        ("CN", "中卢"),
        ("LU", "中卢"),
        ("LU", "卢方"),
        ("CN", "中方"),
    ]
    # The ambassador's title names the host country: "驻华大使" is posted to China.
    assert found("驻华大使") == [("CN", "驻华")]
    # Two names side by side are no pair: the China Cultural Centre in Benin.
    assert pairs("贝宁中国文化中心") == []


def test_chinese_abbreviation_is_the_country_the_statement_names():
    # fmprc.gov.cn, 2020: the embassy in Moldova ("摩" is Moldova here, Morocco elsewhere).
    sentence = (
        "张艳军表示，中摩两国传统友谊根深蒂固，驻摩使馆始终关注摩弱势群体生活，愿同摩方继续加强合作"
    )
    for code in ("MD", "MA"):
        readings = Readings(False, other_scripts=False, chinese=True, named=frozenset({code}))
        assert codes(sentence, readings=readings) == ["CN", code, code, code]
    # Without a country that begins with "摩", the abbreviation names none.
    assert codes(sentence) == []
    assert codes("驻阿联酋大使夫人韦建琪参加驻阿使团夫人协会开斋节送祝福活动") == ["AE", "AE"]


@pytest.mark.parametrize(
    "text",
    [
        "合法国家",  # a lawful state, not France
        "在执法方面",  # "法方" across two words
        "美",  # one character alone is no country
        "中美洲国家",  # Central America
        "马里兰州",  # Maryland, not Mali
        "墨西哥城",  # Mexico City
        "Губернатор штата Джорджия",  # the US state; the country is Грузия
        "Визит в Мехико",  # the city
        "Делегация посетила город Люксембург",
        "Мексиканский залив и Южно-Китайское море",
        "Нью-Джерси",
        "Малі та середні підприємства",  # "small and medium", not Mali
        "Того же дня",  # "the same day", not Togo
        "Nuevo México y Ciudad de México; el golfo de Guinea",
        "Nouveau-Mexique, Nouvelle-Guinée",
        "La Alhambra de Granada",
        "Vice President-elect Francia Márquez",
        "Maurice Gourdault-Montagne",
        "Rhode Island and the Pacific Island countries",
    ],
)
def test_traps_name_no_country(text):
    assert codes(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Грузия и Джорджия", ["GE"]),
        ("Мексика и Мехико", ["MX"]),
        ("город Люксембург, столица Люксембурга", ["LU"]),
        ("Гвинея-Бисау и Гвинея; посол Гвинеи-Бисау", ["GW", "GN", "GW"]),
        ("Уряд Малі. Президент Того прибыл.", ["ML", "TG"]),
        ("Papouasie-Nouvelle-Guinée", ["PG"]),
        ("其中法国", ["FR"]),
        ("中国人民和美国人民", ["CN", "US"]),
        ("Майкл Джордан и Иордания", ["JO"]),
        ("la République de Maurice", ["MU"]),
        ("el Gobierno de Francia", ["FR"]),
    ],
)
def test_country_beside_its_trap(text, expected):
    assert codes(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("习近平会见普京", {"Xi Jinping": ["习近平"], "Vladimir Putin": ["普京"]}),
        ("Си Цзиньпин и Сі Цзіньпін", {"Xi Jinping": ["Си Цзиньпин", "Сі Цзіньпін"]}),
        ("розмова з Сі Цзіньпіном", {"Xi Jinping": ["Сі Цзіньпіном"]}),
        (
            "Володимир Зеленський подякував; переговоры Владимира Зеленского",
            {"Volodymyr Zelenskyy": ["Володимир Зеленський", "Владимира Зеленского"]},
        ),
        ("зустріч з Володимиром Зеленським", {"Volodymyr Zelenskyy": ["Володимиром Зеленським"]}),
        ("Volodymyr Zelenskyi talks", {"Volodymyr Zelenskyy": ["Volodymyr Zelenskyi"]}),
        ("Қасым-Жомарт Тоқаевтың сапары", {"Kassym-Jomart Tokayev": ["Қасым-Жомарт Тоқаевтың"]}),
    ],
)
def test_persons_across_scripts(text, expected):
    assert find_persons(text) == expected


def test_opening_sentence_in_cyrillic_and_chinese():
    ukrainian = (
        "Уряд почав реалізацію плану відновлення України. Насамперед це стосується "
        "звільнених від російського окупанта територій."
    )
    assert opening_sentence((ukrainian,)) == "Уряд почав реалізацію плану відновлення України."
    chinese = "张艳军表示，中摩两国传统友谊根深蒂固，驻摩使馆始终关注摩弱势群体生活。摩方愿同中国大使馆继续密切合作。"
    assert (
        opening_sentence((chinese,))
        == "张艳军表示，中摩两国传统友谊根深蒂固，驻摩使馆始终关注摩弱势群体生活。"
    )


def _statement(title, *paragraphs):
    return Statement(
        id="t", title=title, date=None, place=None, paragraphs=paragraphs, source="example.org"
    )


def test_enrich_resolves_abbreviations_by_the_whole_statement():
    statement = _statement(
        "驻摩尔多瓦大使夫人张艳军出席医疗机构慈善项目捐赠仪式",
        "张艳军表示，中摩两国传统友谊根深蒂固，驻摩使馆始终关注摩弱势群体生活，愿同摩方继续加强合作。",
    )
    enriched = enrich(statement)
    assert enriched.countries == ("CN", "MD")
    assert enriched.pairs == ("CN-MD",)
    assert enriched.evidence["countries"] == {
        "CN": ["中摩"],
        "MD": ["摩尔多瓦", "中摩", "驻摩", "摩方"],
    }


def test_enrich_ukrainian_and_english_versions_agree():
    ukrainian = _statement(
        "Звернення Президента України",
        "Провів важливу розмову з Президентом Туреччини Ердоганом. Говорили про санкції "
        "проти Росії та співпрацю з Польщею.",
        "Дякую Польщі, дякую Туреччині.",
    )
    english = _statement(
        "Address by the President of Ukraine",
        "I had an important conversation with President of Turkey Erdoğan. We talked about "
        "sanctions against Russia and cooperation with Poland.",
        "Thank you, Poland, thank you, Turkey.",
    )
    assert enrich(ukrainian).countries == enrich(english).countries == ("PL", "TR", "UA")


def test_slower_patterns_run_only_where_they_may_match():
    finder = country_finder()
    assert finder.readings("Talks with China \u2014 and Japan") == Readings(False, False, False)
    assert finder.readings("die Regierung der Volksrepublik China") == Readings(True, False, False)
    assert finder.readings("переговоры в Китае") == Readings(False, True, False)
    assert finder.readings("驻摩尔多瓦大使") == Readings(
        False, other_scripts=False, chinese=True, named=frozenset({"MD"})
    )
    # Lower-case French, Spanish and German names are read in statements in those languages.
    assert codes("la parte argentina y la parte chilena") == ["AR", "CL"]
    assert codes("Talks on argentina beef", readings=Readings(False, False, False)) == []
