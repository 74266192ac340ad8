import datetime

import pytest

from indexer.dates import find_date, parse_date
from indexer.text_dates import date_line


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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10 июня 2018 года", datetime.date(2018, 6, 10)),
        ("Среда, 10 июня 2018 г.", datetime.date(2018, 6, 10)),
        ("10 июнь 2018", datetime.date(2018, 6, 10)),
        ("17 травня 2022 р.", datetime.date(2022, 5, 17)),
        ("24 лютого 2022 року", datetime.date(2022, 2, 24)),
        ("2019年2月16日", datetime.date(2019, 2, 16)),
        ("3. Juni 1965", datetime.date(1965, 6, 3)),
        ("15 de marzo de 1998", datetime.date(1998, 3, 15)),
        ("3 juin 1965", datetime.date(1965, 6, 3)),
        ("2018 жылғы 10 маусым", datetime.date(2018, 6, 10)),
        ("2018 жылғы 10 маусымда", datetime.date(2018, 6, 10)),
        ("10 حزيران 2018", datetime.date(2018, 6, 10)),
        ("10 كانون الثاني 2018", datetime.date(2018, 1, 10)),
        ("10 يونيو 2018", datetime.date(2018, 6, 10)),
        ("10 февр. 2018", datetime.date(2018, 2, 10)),
    ],
)
def test_date_lines_in_every_language(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["10 июня 2018 года встреча", "2019年2月16日电 外交部"])
def test_a_date_with_other_words_is_not_a_date_line(text):
    assert parse_date(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The Ukrainian addresses (president.gov.ua), 2022-05-04.
        (
            "А 24 лютого 2022 року довели: наше партнерство – не на папері",
            datetime.date(2022, 2, 24),
        ),
        # A Chinese page of fmprc.gov.cn (1722968.html): the date of its header.
        ("\u3000\u30002019年12月7日", datetime.date(2019, 12, 7)),
        ("le 3 juin 1965", datetime.date(1965, 6, 3)),
        ("Hecho en Montevideo, el 6 de mayo de 1997, en dos", datetime.date(1997, 5, 6)),
        ("Fait a Youande, le 19 fevrier 1991", datetime.date(1991, 2, 19)),
    ],
)
def test_find_date_in_sentences_of_every_language(text, expected):
    assert find_date(text) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Paris, le 3 juin 1965", datetime.date(1965, 6, 3)),
        ("Madrid, el 15 de marzo de 1998", datetime.date(1998, 3, 15)),
        ("Berlin, den 3. Juni 1965", datetime.date(1965, 6, 3)),
        ("Москва, 10 июня 2018 года", datetime.date(2018, 6, 10)),
        ("Київ, 17 травня 2022 р.", datetime.date(2022, 5, 17)),
        ("Paris, la réunion du 3 juin 1965", None),
        ("Москва, 10 июня 2018 года встреча", None),
    ],
)
def test_date_lines_with_a_place_in_every_language(line, expected):
    found = date_line(line)
    assert (found.date if found else None) == expected
