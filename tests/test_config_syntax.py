"""A config file YAML cannot read: each mistake at its real line, in plain words."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest

from interactions_app.config import ConfigError, load_config
from interactions_app.config._errors import ConfigIssue

SAMPLE = Path(__file__).resolve().parent.parent / "config.sample.yaml"
JARGON = ("expected", "<block end>", "<scalar>", "scanning", "token", "mapping values")


def problems(tmp_path: Path, text: str) -> list[ConfigIssue]:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path, environ={})
    for issue in caught.value.issues:
        assert not any(word in issue.message for word in JARGON), issue.message
    return caught.value.issues


def sample_with(line_number: int, new_line: str) -> str:
    lines = SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[line_number - 1] = new_line + "\n"
    return "".join(lines)


def test_an_unclosed_quote_in_the_sample_is_named_at_its_own_line(tmp_path: Path) -> None:
    text = sample_with(70, 'TIMEZONE: "Europe/Copenhagen')
    [issue] = problems(tmp_path, text)
    assert issue.line == 70
    assert issue.message == (
        'Line 70: TIMEZONE: the value starts with " but never ends with one; '
        "close it on the same line."
    )


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("A: 1\nB: 'abc\nC: 2\n", 2, "B: the value starts with ' but never ends with one"),
        ("UPDATE_DAYS: 7\nKEEP_DAYS:7\nY_AXIS: plays\n", 2,
         "KEEP_DAYS: put a space between the colon and the value, like KEEP_DAYS: 7."),
        ('UPDATE_DAYS: 7\nTV_COLOR:"#000"\n', 2, 'like TV_COLOR: "#000"'),
        ("UPDATE_DAYS: 7\n\tKEEP_DAYS: 7\n", 2, "a tab is used for spacing; YAML allows only"),
        ("UPDATE_DAYS:\t7\nKEEP_DAYS: 7\n", 1, "a tab is used for spacing"),
        ("UPDATE_DAYS: 7\n  KEEP_DAYS: 7\nY_AXIS: plays\n", 2,
         "the line is indented; start every KEY: value line at the beginning of the line."),
        ("UPDATE_DAYS: 7\nKEEP_DAYS\nY_AXIS: plays\n", 2,
         "'KEEP_DAYS' is not a KEY: value line; write the key, a colon, a space and the value."),
        ("UPDATE_DAYS: 7\n- KEEP_DAYS: 7\n", 2, "is not a KEY: value line"),
        ('TAUTULLI_URL: "http://nas" /x\n', 1, 'there is text after the closing "'),
        ("ADMIN_ROLE_IDS: [1, 2]]\n", 1, "ADMIN_ROLE_IDS: there is text after the closing ]"),
        ("TAUTULLI_URL: http://nas: 8181\n", 1,
         "TAUTULLI_URL: put the value in double quotes; unquoted, YAML cannot read "
         "'http://nas: 8181'."),
        ("DATA_DIR: @home\n", 1, "put the value in double quotes"),
        ("ADMIN_USER_IDS: [\n  '1',\nUPDATE_DAYS: 3\n", 1,
         "ADMIN_USER_IDS: the list that starts with [ never ends; close it with ]."),
        ("UPDATE_DAYS: 3\nADMIN_USER_IDS: ['1',\n", 2, "the list that starts with [ never ends"),
        ("UPDATE_DAYS: *days\n", 1, "YAML cannot read this line; compare its quotes, brackets"),
        ("UPDATE_DAYS: -_\n", 1, "YAML cannot read this line"),
    ],
)  # fmt: skip
def test_each_mistake_is_named_at_its_line_in_plain_words(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    [issue] = problems(tmp_path, text)
    assert issue.line == line
    assert message in issue.message
    assert issue.message.startswith(f"Line {line}: ")


def test_every_mistake_is_its_own_problem(tmp_path: Path) -> None:
    text = "UPDATE_DAYS:7\n\tKEEP_DAYS: 7\nTIMEZONE: 'UTC\nY_AXIS: plays\n"
    issues = problems(tmp_path, text)
    assert [issue.line for issue in issues] == [1, 2, 3]
    error_lines = ConfigError(issues, path=tmp_path / "config.yaml").lines(
        gettext.NullTranslations()
    )
    assert error_lines[0] == f"3 problems in {tmp_path / 'config.yaml'}:"
    assert [line.split(":", 1)[0] for line in error_lines[1:]] == [
        "- Line 1",
        "- Line 2",
        "- Line 3",
    ]


def test_valid_multi_line_lists_and_blocks_are_not_blamed(tmp_path: Path) -> None:
    text = (
        "ADMIN_USER_IDS: [\n  '123456789012345678',\n]\n"
        "ADMIN_ROLE_IDS:\n  - '223456789012345678'\n"
        "TIMEZONE: 'UTC\n"
    )
    [issue] = problems(tmp_path, text)
    assert (issue.key, issue.line) == ("TIMEZONE", 6)


def test_duplicates_are_each_named(tmp_path: Path) -> None:
    issues = problems(tmp_path, "UPDATE_DAYS: 1\nKEEP_DAYS: 1\nUPDATE_DAYS: 2\nKEEP_DAYS: 2\n")
    assert [i.message for i in issues] == [
        "Line 3: UPDATE_DAYS is set twice, on line 1 and here; keep one.",
        "Line 4: KEEP_DAYS is set twice, on line 2 and here; keep one.",
    ]
