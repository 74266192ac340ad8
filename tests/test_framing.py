"""The pair a document frames itself by, on real titles and opening sentences: the pairs
each must give, the pairs each must not give, and the words kept as evidence."""

import pytest

from indexer.build import build_index
from indexer.enrich import enrich
from indexer.parse_text import parse_text
from indexer.sources import Hints
from search.labels import country_label
from search.models import Statement

from .conftest import CORPUS

TREATIES = CORPUS / "treaties"


def statement(title, text, place=None, publisher_country=None):
    paragraphs = tuple(p for p in text.split("\n\n") if p)
    return Statement(
        id="2020-01-01-framing-0000000000",
        title=title,
        date=None,
        place=place,
        paragraphs=paragraphs,
        publisher_country=publisher_country,
    )


def treaty(name):
    path = TREATIES / name
    return enrich(parse_text(path.read_bytes(), Hints(), str(path)))


# (title, opening text, place, publisher's country, pairs it must give, pairs it must not)
AGREEMENTS = [
    pytest.param(
        "AGREEMENT BETWEEN THE GOVERNMENT OF HIS MAJESTY THE KING OF AFGHANISTAN AND THE "
        "GOVERNMENT OF THE UNION OF SOVIET SOCIALIST REPUBLICS REGARDING THE CAMPAIGN AGAINST "
        "LOCUSTS",
        "The two Contracting Parties shall prepare measures against locusts.",
        ["AF-SUHH"],
        ["AF-RU"],
        id="en-between-capitals-historical",
    ),
    pytest.param(
        "ACUERDO ENTRE ECUADOR Y COLOMBIA SOBRE PESCA ARTESANAL",
        "El Gobierno de la Republica del Ecuador y el Gobierno de la Republica de Colombia, "
        "CONSIDERANDO: que es necesario desarrollar conjuntamente la actividad de la pesca.",
        ["CO-EC"],
        [],
        id="es-entre",
    ),
    pytest.param(
        "CONVENIO SOBRE CONSERVACION y DESARROLLO DE LOS RECURSOS ICTICOS",
        'La Republica Argentina y la Republica del Paraguay, en adelante "las Partes '
        'contratantes"\n\nCONSCIENTES de la necesidad de preservar los recursos icticos.',
        ["AR-PY"],
        [],
        id="es-en-adelante",
    ),
    pytest.param(
        "CONVENTION ENTRE LE GOUVERNEMENT DE LA REPUBLIQUE DU SENEGAL ET LE GOUVERNEMENT DE LA "
        "REPUBLIQUE ISLAMIQUE DE MAURITANIE DANS LE DOMAINE DE LA PECHE MARITIME",
        "Le Gouvernement de la Republique du Senegal et le Gouvernement de la Republique "
        "Islamique de Mauritanie; Desireux de concretiser les liens d'amitie.",
        ["MR-SN"],
        [],
        id="fr-entre",
    ),
    pytest.param(
        "СОГЛАШЕНИЕ",
        "между Правительством Российской Федерации и\nПравительством Республики Корея о "
        "сотрудничестве в отраслях топливно-энергетического комплекса\n\nПравительство "
        "Российской Федерации и Правительство Республики Корея, именуемые в дальнейшем "
        "Сторонами, исходя из желания укреплять сотрудничество.",
        ["KR-RU"],
        ["KP-RU"],
        id="ru-между",
    ),
    pytest.param(
        "Угода між Кабінетом Міністрів України та Урядом Республіки Польща про міжнародне "
        "автомобільне сполучення",
        "Кабінет Міністрів України та Уряд Республіки Польща домовились про таке.",
        ["PL-UA"],
        [],
        id="uk-між",
    ),
    pytest.param(
        "Abkommen zwischen der Regierung der Bundesrepublik Deutschland und der Regierung des "
        "Konigreichs Marokko uber Finanzielle Zusammenarbeit 2005",
        "Die Regierung der Bundesrepublik Deutschland und die Regierung des Konigreichs "
        "Marokko - im Geiste der bestehenden freundschaftlichen Beziehungen.",
        ["DE-MA"],
        [],
        id="de-zwischen",
    ),
    pytest.param(
        "Magyar Koztarsasag Kormanya es Romania Kormanya kozott nuklearis balesetek eseten "
        "adando gyors ertesitesrol Bukarestben, 1997. majus 26-an alairt Megallapodas "
        "kihirdeteserol",
        "(A jegyzekvaltas 1998. februar 24. napjan megtortent.)",
        ["HU-RO"],
        [],
        id="hu-között-after-cldr",
    ),
    pytest.param(
        "A Kormany a Magyar Koztarsasag Kormanya es Romania Kormanya kozott nuklearis "
        "balesetek eseten adando gyors ertesitesrol alairt Megallapodast (a tovabbiakban: "
        "Megallapodas) e rendelettel kihirdeti.",
        "2. A Megallapodas hiteles magyar nyelvu szovege a kovetkezo:",
        ["HU-RO"],
        [],
        id="hu-között-mid-sentence",
    ),
    pytest.param(
        "SUSITARIMAS TARP LIETUVOS RESPUBLIKOS VYRIAUSYBES IR RUSIJOS FEDERACIJOS VYRIAUSYBES "
        "DEL BENDRADARBIAVIMO ZUVININKYSTES SRITYJE",
        "Lietuvos Respublikos Vyriausybe ir Rusijos Federacijos Vyriausybe, toliau vadinamos "
        "Salimis, remdamosi Sutarties nuostatomis.",
        ["LT-RU"],
        [],
        id="lt-tarp-cldr-cases",
    ),
    pytest.param(
        "ACCORDO TRA IL GOVERNO DELLA REPUBBLICA DI SAN MARINO ED IL GOVERNO DELLA REPUBBLICA "
        "ITALIANA PER LO SMALTIMENTO DEI RIFIUTI SPECIALI",
        "Il Governo della Repubblica di San Marino ed il Governo della Repubblica Italiana, "
        "Vista la nota prot.n. 172/98.",
        ["IT-SM"],
        [],
        id="it-tra-cldr-adjective",
    ),
    pytest.param(
        "Treaty on the Basis of Relations between the Federal Republic of Germany and the "
        "German Democratic Republic",
        "The High Contracting Parties, conscious of their responsibility for peace, have "
        "agreed as follows.",
        ["DDDE-DE"],
        [],
        id="en-historical-gdr",
    ),
]


@pytest.mark.parametrize(("title", "text", "expected", "never"), AGREEMENTS)
def test_the_parties_of_an_agreement_make_its_pair(title, text, expected, never):
    found = enrich(statement(title, text))
    assert list(found.pairs) == expected
    assert not set(never) & set(found.pairs)


def test_an_agreement_pair_keeps_its_words_as_evidence():
    found = enrich(statement(*AGREEMENTS[0].values[:2]))
    words = (
        "BETWEEN THE GOVERNMENT OF HIS MAJESTY THE KING OF AFGHANISTAN AND THE GOVERNMENT "
        "OF THE UNION OF SOVIET SOCIALIST REPUBLICS"
    )
    assert found.evidence["pairs"] == {"AF-SUHH": [words]}


def test_a_preamble_naming_other_agreements_adds_no_pair():
    # "the Association Agreement between the European Union and the Kingdom of Morocco"
    found = treaty("GBR-MAR_NA__2019O.txt")
    assert found.pairs == ("GB-MA",)
    assert "EU" in found.countries


def test_parties_before_hereinafter_are_the_pair():
    # "... TRADE AGREEMENT AUSTRALIA AND NEW ZEALAND (hereinafter referred to as ..."
    found = treaty("AUS-NZL_NA__1983O.txt")
    assert found.evidence["pairs"] == {"AU-NZ": ["AUSTRALIA AND NEW ZEALAND (hereinafter"]}


def test_a_preamble_after_a_heading_names_the_parties():
    found = treaty("MYS-TUR_TRK__2014O.txt")
    assert found.pairs == ("MY-TR",)


def test_a_treaty_of_three_states_is_multilateral_and_has_no_pair():
    # "convention conclue entre le mali, la mauritanie et le senegal"
    found = treaty("MRT-SEN_SCW__1978A.txt")
    assert found.pairs == ()
    assert found.countries == ("ML", "MR", "SN")


# (title, opening text, place, publisher's country, pairs it must give, pairs it must not)
MEETINGS_AND_STATEMENTS = [
    pytest.param(
        "Readout of President Biden’s Call with Prime Minister Kishida of Japan",
        "President Biden spoke today with Prime Minister Kishida of Japan to discuss the "
        "People's Republic of China and North Korea.",
        None,
        "US",
        ["JP-US"],
        ["CN-US", "KP-US"],
        id="en-call-host-publisher",
    ),
    pytest.param(
        "Readout of President Biden’s Call with Prime Minister Kishida of Japan",
        "President Biden spoke today with Prime Minister Kishida of Japan.",
        None,
        None,
        ["JP-US"],
        [],
        id="en-call-host-named-before",
    ),
    pytest.param(
        "Xi Jinping Meets with Prime Minister of Luxembourg Xavier Bettel",
        "President Xi Jinping met with Prime Minister Xavier Bettel of Luxembourg.",
        "Beijing, China",
        None,
        ["CN-LU"],
        [],
        id="en-meeting-host-venue",
    ),
    pytest.param(
        "Russian-Japanese talks",
        "Vladimir Putin and Prime Minister of Japan Shinzo Abe held talks, discussing also "
        "the situation in Ukraine.",
        None,
        "RU",
        ["JP-RU"],
        ["RU-UA"],
        id="en-named-pair-talks",
    ),
    pytest.param(
        "Statement by NSC Spokesperson Emily Horne on Senior Administration Official Trip to "
        "Israel and the West Bank",
        "A senior administration official will travel to Israel and the West Bank.",
        None,
        "US",
        ["IL-US", "PS-US"],
        ["IL-PS"],
        id="en-trip-host-with-each",
    ),
    pytest.param(
        "Readout of President Biden’s Trilateral with President Yoon Suk Yeol of the Republic "
        "of Korea and Prime Minister Fumio Kishida of Japan",
        "President Biden met today with President Yoon Suk Yeol of the Republic of Korea and "
        "Prime Minister Fumio Kishida of Japan.",
        None,
        "US",
        [],
        ["JP-US", "KR-US", "JP-KR"],
        id="en-trilateral-meeting",
    ),
    pytest.param(
        "Joint Statement of Japan, the Republic of Korea, and the United States",
        "We, the leaders of Japan, the Republic of Korea, and the United States, met today.",
        None,
        "US",
        [],
        ["JP-US", "KR-US", "JP-KR"],
        id="en-joint-multilateral",
    ),
    pytest.param(
        "United States-Kenya Joint Leaders’ Statement",
        "This year, as the United States and Kenya commemorate our 60th anniversary of "
        "diplomatic relations, we celebrate the remarkable growth of our relationship.",
        None,
        None,
        ["KE-US"],
        [],
        id="en-named-pair-title",
    ),
    pytest.param(
        "Joint Statement from the Leaders of the United States and the Republic of Indonesia: "
        "Commemorating 75 Years of Diplomatic Relations",
        "Today, President Joseph R. Biden, Jr. is honored to welcome Indonesian President "
        "Prabowo Subianto to Washington, D.C.",
        None,
        None,
        ["ID-US"],
        [],
        id="en-joint",
    ),
    pytest.param(
        "Joint Statement on F-16s for Ukraine from U.S. President Joseph R. Biden, Dutch Prime "
        "Minister Dick Schoof, and Danish Prime Minister Mette Frederiksen",
        "We, the co-leaders of the Air Force Capability Coalition for Ukraine, have been "
        "working to provide operational F-16 fighter jets to Ukraine.",
        None,
        "US",
        [],
        ["NL-US", "UA-US", "DK-US"],
        id="en-joint-leaders-multilateral",
    ),
    pytest.param(
        "Совместное заявление Российской Федерации и Китайской Народной Республики о развитии "
        "отношений всеобъемлющего партнерства",
        "Российская Федерация и Китайская Народная Республика заявляют следующее.",
        None,
        None,
        ["CN-RU"],
        [],
        id="ru-joint",
    ),
    pytest.param(
        "中华人民共和国和哈萨克斯坦共和国联合声明",
        "应哈萨克斯坦共和国总统托卡耶夫邀请，中华人民共和国主席习近平对哈萨克斯坦进行国事访问。",
        None,
        None,
        ["CN-KZ"],
        [],
        id="zh-joint",
    ),
    pytest.param(
        "Звернення Президента України",
        "Я провів розмову з Президентом Франції Емманюелем Макроном. Говорили про санкції "
        "проти Росії.",
        None,
        "UA",
        ["FR-UA"],
        ["RU-UA"],
        id="uk-call",
    ),
    pytest.param(
        "驻波兰大使夫人彭玉英举办驻波使节配偶协会午餐会",
        "宾主就配偶协会近期工作及中国最新发展成就、中波关系等共同关心的话题进行交流，大家迎新送旧，共叙友情。",
        None,
        "CN",
        ["CN-PL"],
        [],
        id="zh-named-pair",
    ),
]


@pytest.mark.parametrize(
    ("title", "text", "place", "publisher", "expected", "never"), MEETINGS_AND_STATEMENTS
)
def test_meetings_and_joint_statements_make_their_pairs(
    title, text, place, publisher, expected, never
):
    found = enrich(statement(title, text, place, publisher))
    assert list(found.pairs) == expected
    assert not set(never) & set(found.pairs)


def test_a_meeting_pair_says_where_its_host_comes_from():
    found = enrich(statement(*MEETINGS_AND_STATEMENTS[2].values[:4]))
    assert found.evidence["pairs"] == {
        "CN-LU": ["held in Beijing, China; Meets with Prime Minister of Luxembourg"]
    }


@pytest.mark.parametrize(
    ("index", "evidence"),
    [
        (7, {"KE-US": ["United States-Kenya"]}),
        (8, {"ID-US": ["United States and the Republic of Indonesia"]}),
    ],
)
def test_a_title_frames_before_its_opening(index, evidence):
    found = enrich(statement(*MEETINGS_AND_STATEMENTS[index].values[:4]))
    assert found.evidence["pairs"] == evidence


def test_a_multilateral_statement_keeps_its_parties_as_countries():
    found = enrich(statement(*MEETINGS_AND_STATEMENTS[6].values[:4]))
    assert found.countries == ("JP", "KR", "US")


def test_without_a_framing_the_publisher_pairs_with_the_countries_named():
    found = enrich(
        statement(
            "Statement from President Biden on the Anniversary of Ukraine's Independence",
            "On behalf of the American people, I congratulate the people of Ukraine.",
            publisher_country="US",
        )
    )
    assert found.pairs == ("UA-US",)
    assert found.evidence["pairs"]["UA-US"][0] == "published in US, names UA"


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("SUHH", "Soviet Union"),
        ("CSHH", "Czechoslovakia"),
        ("YUCS", "Yugoslavia"),
        ("DDDE", "German Democratic Republic"),
        ("EU", "European Union"),
    ],
)
def test_historical_states_and_the_eu_have_labels_of_their_own(code, label):
    assert country_label(code) == label


def test_historical_parties_are_never_their_successors():
    assert treaty("CZE-HUN_RGS__1968A.txt").pairs == ("CSHH-HU",)
    assert treaty("RUS-USA_FPP__1973A.txt").pairs == ("SUHH-US",)


def test_the_statement_page_shows_a_pair_with_its_words_and_historical_pages_exist(
    tmp_path, make_app
):
    build_index(tmp_path / "index", [TREATIES / "AFG-RUS_TCP__1935A.txt"], progress=False)
    client = make_app(tmp_path / "index").test_client()
    (hit,) = client.get("/search.json?q=").get_json()["hits"]
    page = client.get(hit["url"]).get_data(as_text=True)
    assert '<a href="/pair/AF-SUHH">Afghanistan – Soviet Union</a>' in page
    assert (
        "‘BETWEEN THE GOVERNMENT OF HIS MAJESTY THE KING OF AFGHANISTAN AND THE GOVERNMENT "
        "OF THE UNION OF SOVIET SOCIALIST REPUBLICS’"
    ) in page
    country = client.get("/country/SUHH")
    assert country.status_code == 200
    assert "Statements about Soviet Union" in country.get_data(as_text=True)
    pair = client.get("/pair/SUHH-AF")
    assert (pair.status_code, pair.headers["Location"]) == (301, "/pair/AF-SUHH")
    assert client.get("/pair/AF-SUHH").status_code == 200
    assert client.get("/country/ABCD").status_code == 404


def test_the_framing_words_match_where_a_plain_alternation_of_them_matches():
    """The compiled word lists (tried behind a quick first-character test) find the same
    spans as the plain alternation of their phrases, longest first, on the head (what
    framing reads) of every third bundled document: treaties in three languages,
    addresses in Ukrainian and English, briefings."""
    import json
    import re
    from importlib import resources

    from indexer.country_forms import CJK
    from indexer.framing import HEAD_CHARS, _words_pattern

    data = json.loads(resources.files("indexer").joinpath("data/framing.json").read_text("utf-8"))
    lists = {key: words for key, words in data.items() if key not in ("conjunctions", "filler")}
    lists = {key: words for key, words in lists.items() if isinstance(words, list)}
    paths = [p for p in sorted(CORPUS.rglob("*")) if p.suffix in (".txt", ".md")][::3]
    texts = [p.read_bytes()[:HEAD_CHARS].decode("utf-8", "ignore") for p in paths]
    assert len(texts) > 600
    compared = 0
    for key, words in lists.items():
        plain = []
        for phrase in sorted(words, key=len, reverse=True):
            body = r"\s+".join(
                re.escape(w.rstrip("*")) + (r"\w*" if w.endswith("*") else "")
                for w in phrase.split()
            )
            plain.append(body if CJK.match(phrase) else rf"(?<!\w){body}(?!\w)")
        reference = re.compile("|".join(plain), re.IGNORECASE)
        pattern = _words_pattern(words)
        for text in texts:
            spans = [m.span() for m in reference.finditer(text)]
            assert [m.span() for m in pattern.finditer(text)] == spans, (key, text[:80])
            compared += len(spans)
    assert compared > 1000
