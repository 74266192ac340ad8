import datetime

import pytest

from indexer.dates import find_date, parse_date


@pytest.mark.parametrize(
    "text",
    [
        "10 June 2018",
        "June 10, 2018",
        "2018-06-10",
        "10.06.2018",
        "10 JUNE 2018",
        "Sunday, 10 June 2018",
    ],
)
def test_date_lines_in_the_formats_statements_use(text):
    assert parse_date(text) == datetime.date(2018, 6, 10)


@pytest.mark.parametrize("text", ["Qingdao, 10 June 2018 talks", "31 June 2018", "", "All events"])
def test_lines_that_are_not_date_lines(text):
    assert parse_date(text) is None


def test_find_date_takes_the_earliest_in_the_text():
    assert find_date("Signed on 25 JANUARY 2022 and published 2022-02-01") == datetime.date(
        2022, 1, 25
    )
