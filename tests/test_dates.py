from datetime import date, time

import pytest

from ospo_notes.errors import UsageError
from ospo_notes.notes.dates import parse_day, parse_range, parse_time

TODAY = date(2024, 6, 18)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-06-18", date(2024, 6, 18)),
        ("today", TODAY),
        ("Today", TODAY),
        ("yesterday", date(2024, 6, 17)),
        ("2024-02-29", date(2024, 2, 29)),
    ],
)
def test_parse_day_accepts_the_documented_forms(text: str, expected: date) -> None:
    assert parse_day(text, today=TODAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "20240618",
        "2024-W25-2",
        "../x",
        "",
        " ",
        "2024-6-18",
        "tomorrow",
        "2024-06-18T09:00",
        "\uff12\uff10\uff12\uff14-\uff10\uff16-\uff11\uff18",
    ],
)
def test_parse_day_refuses_everything_else(text: str) -> None:
    with pytest.raises(UsageError, match="YYYY-MM-DD, 'today' or 'yesterday'"):
        parse_day(text, today=TODAY)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("9:42", time(9, 42)), ("09:42", time(9, 42)), ("23:59:30", time(23, 59, 30))],
)
def test_parse_time(text: str, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["24:00", "9", "9h42", "09:60", "", "-1:00"])
def test_parse_time_refuses_garbage(text: str) -> None:
    with pytest.raises(UsageError, match="HH:MM"):
        parse_time(text)


def test_parse_range() -> None:
    a, b = date(2024, 6, 17), date(2024, 6, 19)
    assert parse_range(None, None) is None
    assert parse_range(a, b) == (a, b)
    assert parse_range(a, None) == (a, a)
    assert parse_range(None, b) == (b, b)
    with pytest.raises(UsageError, match="after --to"):
        parse_range(b, a)
