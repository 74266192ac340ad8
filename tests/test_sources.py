from pathlib import Path

import pytest

from indexer.errors import ParseError
from indexer.sources import file_format, find_files, read_hints, sniff_format


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.txt", "text"),
        ("a.HTML", "html"),
        ("a.htm", "html"),
        ("a.md", "markdown"),
        ("dump.jsonl", "jsonl"),
        ("dump.jsonl.gz", "jsonl"),
        ("a.gz", None),
        ("a.html.meta.json", None),
        ("README.md", None),
        (".hidden.txt", None),
        ("photo.png", None),
    ],
)
def test_format_by_extension(name, fmt):
    assert file_format(Path(name)) == fmt


def test_content_corrects_a_misleading_extension():
    assert sniff_format(Path("a.txt"), b"\xef\xbb\xbf<!DOCTYPE html><html>", "text") == "html"
    assert sniff_format(Path("a.txt"), b"---\ntitle: T\n---\nBody", "text") == "markdown"
    assert sniff_format(Path("a.txt"), b"10 June 2018\nTitle", "text") == "text"


def test_folders_are_walked_in_path_order_skipping_sidecars(tmp_path):
    (tmp_path / "b").mkdir()
    for name in ["b/2.md", "b/1.html", "b/1.html.meta.json", "a.jsonl.gz", "README.md"]:
        (tmp_path / name).write_text("x")
    found = [(f.path.relative_to(tmp_path).as_posix(), f.format) for f in find_files([tmp_path])]
    assert found == [("a.jsonl.gz", "jsonl"), ("b/1.html", "html"), ("b/2.md", "markdown")]


def test_site_folder_names_the_source_and_a_bad_sidecar_is_a_clear_error(tmp_path):
    page = tmp_path / "mfa.gov.by" / "news" / "p.html"
    page.parent.mkdir(parents=True)
    page.write_text("<html></html>")
    assert read_hints(page).source == "mfa.gov.by"
    (page.parent / "p.html.meta.json").write_text('{"date": "6 Dec 2021"}')
    with pytest.raises(ParseError) as caught:
        read_hints(page)
    assert caught.value.reason == "unreadable sidecar"
    assert caught.value.detail == "p.html.meta.json: date '6 Dec 2021' is not YYYY-MM-DD"
