"""The Typesense backend against a real three-node cluster: the same answers as the
embedded index on the same statements, refusals where it cannot answer exactly,
incremental writes, an atomic rebuild, and a node failing under load."""

from __future__ import annotations

import datetime
import gzip
import itertools
import json
import re
import shutil
import threading
import time

import pytest

from indexer.build import build_index, write_statements
from search.backend_typesense import TypesenseEngine, sync
from search.backends import ClusterAddress, parse_address
from search.engine import Engine
from search.models import FacetFilter, SearchRequest, Statement
from search.settings import SettingsError

from .conftest import BUNDLED_EVERY_NTH, CORPUS, opened_app
from .helpers import wait_until

CONTRACT_QUERIES = [
    "",
    "trade",
    "agreements",
    "energy -oil",
    '"national currencies"',
    '"free trade" -china',
    "china OR russia",
    "NOT china",
    "country:CN",
    "sector:energy OR type:readout",
    "year:2023",
    "date:[2022-01 TO 2022-06]",
    "title:readout",
    "president AND (ukraine OR russia) -weapons",
]


def node_count(cluster, node) -> int:
    """The statements one node serves, asked of that node alone."""
    address = ClusterAddress(cluster.key, (("127.0.0.1", node.api_port),))
    try:
        with TypesenseEngine(address) as engine:
            return engine.statement_count()
    except Exception:  # noqa: BLE001 - a node that does not answer yet counts none
        return -1


def wait_replicated(cluster, count: int) -> None:
    for node in cluster.nodes:
        wait_until(
            lambda n=node: node_count(cluster, n) == count, f"node {node.api_port} at {count}"
        )


@pytest.fixture(scope="module")
def staged(bundled_index, tmp_path_factory):
    """A copy of the bundled index: the staging area the cluster is filled from."""
    staging = tmp_path_factory.mktemp("typesense-staging") / "index"
    shutil.copytree(bundled_index, staging)
    return staging


@pytest.fixture(scope="module")
def cluster_engine(typesense_cluster, staged):
    address = parse_address(typesense_cluster.address)
    report = sync(staged, address, rebuild=True)
    assert report.rebuilt and report.written == 321
    wait_replicated(typesense_cluster, 321)
    with TypesenseEngine(address) as engine:
        yield engine


@pytest.fixture(scope="module")
def embedded(staged):
    with Engine(staged) as engine:
        yield engine


def summary(result):
    return (
        result.total,
        {
            facet: [(v.value, v.count, v.selected) for v in values]
            for facet, values in result.facets.items()
        },
        result.histogram,
    )


@pytest.mark.parametrize("q", CONTRACT_QUERIES)
def test_both_backends_find_the_same_statements_with_the_same_counts(q, embedded, cluster_engine):
    for request in (
        SearchRequest(q=q),
        SearchRequest(q=q, group=False),
        SearchRequest(q=q, filters={"country": FacetFilter(include=("CN", "RU"))}),
        SearchRequest(q=q, filters={"sector": FacetFilter(exclude=("energy",))}, sort="oldest"),
    ):
        assert summary(cluster_engine.search(request)) == summary(embedded.search(request)), request


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_date_orders_give_the_same_hits_with_the_same_words_marked(sort, embedded, cluster_engine):
    """The same statements in the same order, the same words marked in their titles and
    text. (A snippet's passages may differ: the embedded index weighs them by every
    form of a word in its vocabulary, which the cluster does not hold.)"""
    for q in ("trade", '"national currencies"', "energy -oil", ""):
        request = SearchRequest(q=q, sort=sort, per_page=30)
        ours, theirs = cluster_engine.search(request), embedded.search(request)
        assert [(h.id, h.title_html) for h in ours.hits] == [
            (h.id, h.title_html) for h in theirs.hits
        ]
        for hit in ours.hits[:5]:
            statement = embedded.get(hit.id)
            assert cluster_engine.highlight_paragraphs(
                statement, q
            ) == embedded.highlight_paragraphs(statement, q)
            assert set(re.findall("<mark>(.*?)</mark>", hit.snippet.lower())) <= set(
                re.findall(
                    "<mark>(.*?)</mark>",
                    " ".join(embedded.highlight_paragraphs(statement, q)).lower(),
                )
            )


def test_date_filters_and_unknown_dates_agree(embedded, cluster_engine):
    for request in (
        SearchRequest(date_from=datetime.date(2022, 3, 1), date_to=datetime.date(2023, 2, 28)),
        SearchRequest(q="agreement", date_unknown=True),
        SearchRequest(filters={"year": FacetFilter(include=("2021", "unknown"))}),
    ):
        assert summary(cluster_engine.search(request)) == summary(embedded.search(request))


@pytest.mark.parametrize(
    ("q", "what"),
    [
        ('"prime minister"~3', "Proximity"),
        ("cooperaton~", "A fuzzy word"),
        ("energ*", "A word with * or ?"),
        ('"prime minister" OR president', "A phrase combined with OR"),
    ],
)
def test_what_typesense_cannot_answer_is_refused_with_a_400(
    q, what, typesense_cluster, cluster_engine, make_app
):
    app = make_app("unused", BACKEND=typesense_cluster.address)
    response = app.test_client().get("/search.json", query_string={"q": q})
    assert response.status_code == 400
    assert response.get_json()["error"].startswith(what)
    assert "not supported by the Typesense backend" in response.get_json()["error"]


RESEARCH_PATHS = [
    "/kwic.json?q=trade",
    "/kwic.json?q=%22national+currencies%22&context=5&order=left",
    "/kwic.json?q=energy+-oil&country=CN&order=right",
    "/kwic.json?q=agreements&group=0&context=20",
    "/kwic.json?q=sector:energy",
    "/trends.json?q=trade&q=energy&interval=year",
    "/trends.json?q=china+OR+russia&q=%22free+trade%22&measure=share&sector=energy",
    "/trends.json?q=climate&from=2022-01-01&to=2022-12-31&interval=month",
    "/trends.json",
]


def both_apps(staged, typesense_cluster):
    return opened_app(staged), opened_app("unused", BACKEND=typesense_cluster.address)


def test_the_research_views_answer_alike_on_both_backends(
    staged, typesense_cluster, cluster_engine
):
    embedded_app, cluster_app = both_apps(staged, typesense_cluster)
    with embedded_app as embedded_app, cluster_app as cluster_app:
        answers = {}
        for path in RESEARCH_PATHS:
            ours = cluster_app.test_client().get(path)
            theirs = embedded_app.test_client().get(path)
            assert (ours.status_code, ours.get_json()) == (200, theirs.get_json()), path
            answers[path] = ours.get_json()
    # The comparisons above compare something: lines and counts were found.
    assert len(answers["/kwic.json?q=trade"]["lines"]) == 214
    assert answers["/kwic.json?q=sector:energy"]["lines"] == []
    assert sum(answers["/trends.json?q=trade&q=energy&interval=year"]["totals"]) == 321


DOSSIER = re.compile(r'<section class="dossier".*?</section>\s*</div>\s*</section>', re.DOTALL)


@pytest.mark.parametrize("path", ["/country/CN", "/pair/CN-KZ", "/country/UA?q=energy"])
def test_country_and_pair_pages_show_the_same_dossier_on_both_backends(
    path, staged, typesense_cluster, cluster_engine
):
    embedded_app, cluster_app = both_apps(staged, typesense_cluster)
    with embedded_app as embedded_app, cluster_app as cluster_app:
        ours = cluster_app.test_client().get(path)
        theirs = embedded_app.test_client().get(path)
    assert ours.status_code == theirs.status_code == 200
    (dossier,) = DOSSIER.findall(theirs.get_data(as_text=True))
    assert DOSSIER.findall(ours.get_data(as_text=True)) == [dossier]


def test_the_json_api_answers_alike_on_both_backends(staged, typesense_cluster, cluster_engine):
    query = {"q": "trade -china", "country": "JP", "sort": "newest"}
    with (
        opened_app(staged) as embedded_app,
        opened_app("unused", BACKEND=typesense_cluster.address) as cluster_app,
    ):
        ours = cluster_app.test_client().get("/search.json", query_string=query).get_json()
        theirs = embedded_app.test_client().get("/search.json", query_string=query).get_json()
    for answer in (ours, theirs):
        answer.pop("took_ms")
    assert ours == theirs


def test_the_csv_export_lists_the_same_statements(staged, typesense_cluster, cluster_engine):
    query = {"q": "energy OR climate", "sort": "oldest"}
    with (
        opened_app(staged) as embedded_app,
        opened_app("unused", BACKEND=typesense_cluster.address) as cluster_app,
    ):
        ours = cluster_app.test_client().get("/search.csv", query_string=query)
        theirs = embedded_app.test_client().get("/search.csv", query_string=query)
        assert ours.headers["X-Total-Count"] == theirs.headers["X-Total-Count"]
        assert ours.get_data(as_text=True) == theirs.get_data(as_text=True)


def test_a_statement_and_its_page_come_from_the_cluster(
    staged, typesense_cluster, cluster_engine, embedded
):
    hit = embedded.search(SearchRequest(q='"national currencies"')).hits[0]
    with (
        opened_app(staged) as embedded_app,
        opened_app("unused", BACKEND=typesense_cluster.address) as cluster_app,
    ):
        path = f"/doc/{hit.id}.json"
        ours = cluster_app.test_client().get(path)
        theirs = embedded_app.test_client().get(path)
        assert (ours.status_code, ours.get_json()) == (theirs.status_code, theirs.get_json())
        # The page marks the same words (it lists no similar statements: see the README).
        path = f"/doc/{hit.id}?q=currencies"
        ours = cluster_app.test_client().get(path).get_data(as_text=True)
        theirs = embedded_app.test_client().get(path).get_data(as_text=True)
        marked = re.findall(r'<p id="p\d+" class="marked">.*?</p>', theirs)
        assert len(marked) == 1
        assert re.findall(r'<p id="p\d+" class="marked">.*?</p>', ours) == marked


def test_accents_and_case_are_told_apart_as_in_the_embedded_index(
    tmp_path, typesense_cluster, cluster_engine, staged
):
    """Typesense folds accents when it matches strings; Bilat's words and values must not."""
    people = ("Andrés Manuel López Obrador", "Andres Manuel Lopez Obrador")
    statements = [
        Statement(
            id=f"accent-{n}",
            title=f"{word.capitalize()} talks",
            date=datetime.date(2024, 5, n + 1),
            place=None,
            paragraphs=(f"They met at the {word} in the morning.",),
            persons=(person,),
        )
        for n, (word, person) in enumerate(zip(("café", "cafe"), people, strict=True))
    ]
    index = tmp_path / "index"
    write_statements(index, statements)
    address = parse_address(typesense_cluster.address)
    try:
        sync(index, address)
        wait_replicated(typesense_cluster, 2)
        with Engine(index) as embedded, TypesenseEngine(address) as cluster:
            for q in ("café", "cafe", '"the café"', f'person:"{people[0]}"'):
                ours, theirs = (
                    cluster.search(SearchRequest(q=q)),
                    embedded.search(SearchRequest(q=q)),
                )
                assert summary(ours) == summary(theirs)
                assert ours.total == 1
            facet = cluster.search(SearchRequest()).facets["person"]
            assert sorted((v.value, v.count) for v in facet) == [(people[1], 1), (people[0], 1)]
    finally:
        sync(staged, address)
        wait_replicated(typesense_cluster, 321)


VERSIONS_RESEARCH = {
    "/kwic.json?q=україна OR ukraine": 11,
    "/kwic.json?q=україна OR ukraine&group=0": 22,
    "/kwic.json?q=україна OR ukraine&lang=en": 11,
}
"""Keyword in context over language versions, with the statements each selects."""


def test_hits_name_the_languages_of_their_versions_on_both_backends(
    tmp_path, typesense_cluster, cluster_engine, staged
):
    """Addresses in Ukrainian and English, grouped by their shared video: a hit names
    both languages, grouped or not, on both backends."""
    keys, records = set(), {}
    for lang in ("uk", "en"):
        path = CORPUS / "addresses" / f"addresses-2022-{lang}.jsonl.gz"
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            rows = [json.loads(line) for line in lines]
        if lang == "uk":
            rows = rows[:12]
            keys = {row["url"] for row in rows}
        records[path.name] = [row for row in rows if row["url"] in keys]
    for name, rows in records.items():
        with gzip.open(tmp_path / name, "wt", encoding="utf-8") as out:
            out.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    index = tmp_path / "index"
    build_index(index, [tmp_path / name for name in records], progress=False)
    address_text = typesense_cluster.address
    address = parse_address(address_text)
    try:
        sync(index, address, rebuild=True)
        with Engine(index) as embedded:
            count = embedded.statement_count()
            wait_replicated(typesense_cluster, count)
            with TypesenseEngine(address) as cluster:
                found = {}
                for group in (True, False):
                    request = SearchRequest(group=group, per_page=50)
                    ours, theirs = cluster.search(request), embedded.search(request)
                    found[group] = [(h.id, h.lang, h.languages) for h in theirs.hits]
                    assert [(h.id, h.lang, h.languages) for h in ours.hits] == found[group]
                some = theirs.hits[0].id
                assert [(h.id, h.languages) for h in cluster.versions_of(some)] == [
                    (h.id, h.languages) for h in embedded.versions_of(some)
                ]
        assert {languages for _, _, languages in found[False]} == {("en", "uk")}
        assert (len(found[True]), len(found[False])) == (12, 24)
        # The research views keep one version per group as the embedded index does.
        with opened_app(index) as embedded_app, opened_app("unused", BACKEND=address_text) as app:
            for path, documents in VERSIONS_RESEARCH.items():
                ours, theirs = app.test_client().get(path), embedded_app.test_client().get(path)
                assert (ours.status_code, ours.get_json()) == (200, theirs.get_json()), path
                assert ours.get_json()["documents"] == documents
    finally:
        sync(staged, address, rebuild=True)
        wait_replicated(typesense_cluster, 321)


def test_the_backend_setting_names_a_cluster_or_the_embedded_index():
    assert parse_address("whoosh") is None
    assert parse_address("typesense://k@a:1,b:2") == ClusterAddress("k", (("a", 1), ("b", 2)))
    for wrong in ("elastic://x", "typesense://a:1", "typesense://k@a", "typesense://k@a:0"):
        with pytest.raises(SettingsError):
            parse_address(wrong)


def test_an_unchanged_index_writes_nothing_and_a_rebuild_switches_at_once(
    staged, typesense_cluster, cluster_engine
):
    address = parse_address(typesense_cluster.address)
    again = sync(staged, address)
    assert (again.written, again.removed, again.unchanged, again.rebuilt) == (0, 0, 321, False)
    rebuilt = sync(staged, address, rebuild=True)
    assert rebuilt.rebuilt and rebuilt.collection != again.collection
    assert cluster_engine.statement_count() == 321


def test_searches_go_on_when_a_node_dies_and_it_catches_up(
    typesense_cluster, cluster_engine, staged, capsys
):
    """The leader is killed under a steady load of searches; the cluster elects another,
    a statement is added meanwhile, and the node, started again, serves it too."""
    cluster = typesense_cluster
    leader = cluster.leader()
    victim = cluster.nodes.index(leader)
    answers, failures = [], []
    stop = threading.Event()

    def load():
        while not stop.is_set():
            try:
                answers.append(
                    (time.monotonic(), cluster_engine.search(SearchRequest(q="trade")).total)
                )
            except Exception as exc:  # noqa: BLE001 - every failure is counted
                failures.append((time.monotonic(), repr(exc)))

    thread = threading.Thread(target=load)
    thread.start()
    try:
        time.sleep(2)
        killed = time.monotonic()
        cluster.kill_node(victim)
        wait_until(lambda: cluster.leader() not in (None, leader), "a new leader", timeout=60)
        elected = time.monotonic() - killed
        # A statement written while the node is down.
        extra = sorted((CORPUS / "whitehouse.gov").rglob("*.md"))[1]
        assert (sorted((CORPUS / "whitehouse.gov").rglob("*.md")).index(extra)) % BUNDLED_EVERY_NTH
        build_index(staged, [extra], progress=False)
        written = sync(staged, parse_address(cluster.address))
        assert (written.written, written.unchanged) == (1, 321)
        time.sleep(2)
    finally:
        stop.set()
        thread.join()
    after_election = [f for f in failures if f[0] > killed + elected]
    gaps = [b[0] - a[0] for a, b in itertools.pairwise(answers)]
    with capsys.disabled():
        print(
            f"\nfailover: leader elected {elected:.1f} s after the kill; "
            f"{len(answers)} searches answered, {len(failures)} failed before the election "
            "and none after, "
            f"longest pause between answers {max(gaps):.1f} s"
        )
    assert after_election == []
    with Engine(staged) as engine:
        after = engine.search(SearchRequest(q="trade")).total
    assert {total for _, total in answers} <= {answers[0][1], after}
    started = time.monotonic()
    cluster.start_node(victim)
    wait_until(lambda: node_count(cluster, cluster.nodes[victim]) == 322, "the node catching up")
    with capsys.disabled():
        print(f"failover: the node restarted and caught up in {time.monotonic() - started:.1f} s")


def test_a_research_listing_past_its_time_limit_stops_and_says_so(
    typesense_cluster, cluster_engine
):
    # Every statement is selected: two pages of 250, the second never asked for in time.
    read = lambda selection: (selection.count(), selection.timed_out)
    request = SearchRequest(q="", group=False)
    with TypesenseEngine(parse_address(typesense_cluster.address), time_limit=1e-6) as hasty:
        assert hasty.research(request, read) == (250, True)
    # Every statement the cluster holds now (the failover test adds one), none left out.
    everything = cluster_engine.statement_count()
    assert everything >= 321
    assert cluster_engine.research(request, read) == (everything, False)


def test_a_search_past_its_time_limit_says_so(typesense_cluster, cluster_engine):
    # Typesense is given the time limit as search_cutoff_ms (here 1 ms); a search it cuts
    # short is marked, with a notice, whatever it found by then.
    request = SearchRequest(q='"united states"')
    whole = cluster_engine.search(request)
    assert whole.timed_out is False and whole.total > 0
    with TypesenseEngine(parse_address(typesense_cluster.address), time_limit=0.001) as hasty:
        cut = hasty.search(request)
    assert cut.timed_out is True
    assert cut.total <= whole.total
    assert any(n.startswith("The search took longer than 0.001 s") for n in cut.notices)
