import json

from bilat_cli import main

from .conftest import CORPUS
from .helpers import BRIEFING_ID


def test_index_then_search_from_the_command_line(tmp_path, capsys):
    index_dir = tmp_path / "index"
    assert main(["index", "--index", str(index_dir), "--quiet", str(CORPUS / "akorda.kz")]) == 0
    err = capsys.readouterr().err
    assert "1 statements indexed" in err and "0 refused" in err

    assert main(["search", "--index", str(index_dir), "--json", '"national currencies"']) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == 1
    assert data["hits"][0]["id"] == BRIEFING_ID

    assert main(["search", "--index", str(index_dir), "national currencies"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1].endswith(
        "2018-06-10  Briefing for media representatives on results of the visit to the People's Republic of China"
    )


def test_reindexing_keeps_ids_and_switches_generation_only_on_change(tmp_path, capsys):
    index_dir = tmp_path / "index"
    for _ in range(2):
        main(["index", "--index", str(index_dir), "--quiet", str(CORPUS / "akorda.kz")])
    assert (index_dir / "CURRENT").read_text().strip() == "gen-000001"
    assert "Index unchanged: 1 statements" in capsys.readouterr().err
    main(["index", "--index", str(index_dir), "--quiet", "--rebuild", str(CORPUS / "akorda.kz")])
    assert (index_dir / "CURRENT").read_text().strip() == "gen-000002"
    main(["search", "--index", str(index_dir), "--json", "Qingdao"])
    out = capsys.readouterr().out
    assert json.loads(out)["hits"][0]["id"] == BRIEFING_ID


def test_index_with_nothing_to_index_exits_non_zero(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["index", "--index", str(tmp_path / "index"), "--quiet", str(empty)]) == 1
