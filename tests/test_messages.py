"""One voice: every text a user reads comes from the keyed table, in both languages.

Three kinds of check: the table itself (both languages, NFC, the same placeholders), the
package's code (every key and problem code it names exists), and the command line as a
user meets it (every parameter error prints both halves, naming the parameter and the
value).
"""

from __future__ import annotations

import ast
import string
import unicodedata

import pytest
from cchc import messages, paths
from cchc.apps.cli import app
from cchc.errors import problem
from typer.testing import CliRunner

KEYS = messages.keys()


@pytest.mark.parametrize("key", KEYS)
def test_every_text_has_both_languages_with_the_same_placeholders(key: str) -> None:
    vi, en = messages.TEXTS[key]
    assert vi.strip() and en.strip()
    assert unicodedata.normalize("NFC", vi) == vi and unicodedata.normalize("NFC", en) == en
    places = messages.placeholders(key)
    assert places["vi"] == places["en"], f"{key}: {places}"


@pytest.mark.parametrize("key", [k for k in KEYS if k.startswith("problem.")])
def test_every_problem_renders_in_both_languages(key: str) -> None:
    params = {name: f"<{name}>" for name in messages.placeholders(key)["en"]}
    found = problem("data/x.csv", key.removeprefix("problem."), row=4, column="c", value="v",
                    **params)
    en, vi = found.bilingual().split(" | ")
    assert en.startswith("data/x.csv, row 4, column 'c': ") and en.endswith("(value: 'v')")
    assert vi.startswith("data/x.csv, dòng 4, cột 'c': ") and vi.endswith("(giá trị: 'v')")
    assert all(f"<{name}>" in en and f"<{name}>" in vi for name in params)
    assert "{" not in en.replace("{'", "") and "{" not in vi.replace("{'", "")


def test_numbers_in_messages_are_written_as_each_language_writes_them() -> None:
    found = problem("a.csv", "at_least", minimum=1234.5)
    assert found.message("en") == "must be at least 1,234.5"
    assert found.message("vi") == "phải lớn hơn hoặc bằng 1.234,5"
    assert messages.format_number(-0.04, "vi") == "0,0"
    assert messages.format_number(-1234.56, "vi", 2) == "−1.234,56"


def test_a_parameter_that_is_a_key_is_translated() -> None:
    level = messages.Key("levelword.district", "levelword.commune")
    found = problem("u.csv", "needs_parent", level=messages.Key("levelword.commune"))
    assert found.message("vi") == "đơn vị cấp xã cần có parent_id (đơn vị cấp trên)"
    assert found.message("en") == "a commune needs a parent_id"
    assert level.render("en") == "district or commune"
    assert level.render("vi") == "huyện hoặc xã"


# --------------------------------------------------------------------------- the code

#: Calls whose first string argument (or the argument at the given position) is a key.
KEY_CALLS = {"text": 0, "label": 0, "both": 0, "_both": 0, "_help": 0, "_say": 0}
#: Calls whose string argument at the given position is a problem code.
CODE_CALLS = {"problem": 1, "one": 1, "rows": 2, "row_problems": 3}
NOTE_CALLS = {"note": 0}


def _literal_calls():
    for file in sorted(paths.PACKAGE_DIR.rglob("*.py")):
        tree = ast.parse(file.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            for table, prefix in ((KEY_CALLS, ""), (CODE_CALLS, "problem."),
                                  (NOTE_CALLS, "note.")):
                position = table.get(name)
                if position is None or len(node.args) <= position:
                    continue
                arg = node.args[position]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    yield file.relative_to(paths.PACKAGE_DIR), node.lineno, prefix + arg.value
                elif isinstance(arg, ast.JoinedStr) and isinstance(arg.values[0], ast.Constant):
                    # f"level.{x}": at least one key must start so
                    yield (file.relative_to(paths.PACKAGE_DIR), node.lineno,
                           prefix + arg.values[0].value + "*")


def test_every_key_and_code_the_package_names_exists() -> None:
    calls = list(_literal_calls())
    assert len(calls) > 150, "the scan found too few calls to be looking at the code"
    missing = []
    for file, line, key in calls:
        ok = any(k.startswith(key[:-1]) for k in KEYS) if key.endswith("*") else messages.has(key)
        if not ok and not key.startswith(("problem.", "note.")) and "." not in key:
            continue  # text("…") of another kind (a dashboard key is prefixed at run time)
        if not ok:
            missing.append(f"{file}:{line}: {key}")
    assert not missing, "\n".join(missing)


def test_no_message_is_translated_by_matching_english() -> None:
    """The old way (a regular expression over the English message) must not come back."""
    for file in sorted(paths.PACKAGE_DIR.rglob("*.py")):
        text = file.read_text(encoding="utf-8")
        assert "message_vi" not in text and "_VI_COMPILED" not in text, file


# --------------------------------------------------------------------------- the CLI


def _bad_parameters(data: str, tmp: str) -> list[tuple[list[str], str, str | None]]:
    """(arguments, the parameter the error must name, the value it must show)."""
    run = ["run", "--data", data, "--period", "2024Q4", "--out", f"{tmp}/run"]
    return [
        (["targets", "--year", "abc", "--level", "district"], "--year", "abc"),
        (["targets", "--year", "2024", "--level", "huyen"], "--level", "huyen"),
        (["targets", "--year", "2019", "--level", "district"], "--year", "2019"),
        (["targets", "--year", "2024"], "--level", None),
        (["sample", "--out", f"{tmp}/s", "--scale", "huge"], "--scale", "huge"),
        (["sample", "--out", f"{tmp}/s", "--seed", "-1"], "--seed", "-1"),
        (["compute", "--data", data, "--period", "2024Q5", "--out", f"{tmp}/c.csv"],
         "--period", "2024Q5"),
        ([*run, "--jobs", "0"], "--jobs", "0"),
        ([*run, "--units", "lao-ca"], "--units", "lao-ca"),
        ([*run, "--lang", "fr"], "--lang", "fr"),
        (["diff", data, data, "--format", "xml"], "--format", "xml"),
        (["diff", data, data, "--tolerance", "-1"], "--tolerance", "-1"),
        (["validate", data, "--format", "xml"], "--format", "xml"),
        (["validate", data, "--period", "24Q1"], "--period", "24Q1"),
        (["import", data, "--period", "abc", "--into", f"{tmp}/store"], "--period", "abc"),
        (["serve", "--port", "99999"], "--port", "99999"),
        (["serve", "--port", "0"], "--port", "0"),
        (["serve", "--data", f"{tmp}/nowhere"], "--data", f"{tmp}/nowhere"),
    ]


def test_every_parameter_error_is_one_bilingual_line_naming_parameter_and_value(
    sample_dir, tmp_path
) -> None:
    runner = CliRunner()
    for args, parameter, value in _bad_parameters(str(sample_dir), str(tmp_path)):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output
        lines = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
        assert lines, (args, result.stderr)
        for line in lines:
            en, _, vi = line.removeprefix("error: ").partition(" | ")
            assert en and vi, line
            assert f"parameter {parameter}" in en and f"tham số {parameter}" in vi, line
            if value is not None:
                assert f"(value: '{value}')" in en and f"(giá trị: '{value}')" in vi, line
            assert not set(vi.split()) <= set(en.split()), f"no Vietnamese in: {line}"


def test_help_is_in_both_languages() -> None:
    result = CliRunner().invoke(app, ["run", "--help"])
    assert result.exit_code == 0
    assert "Notebooks executed in parallel" in result.output
    assert "Số notebook chạy song song" in result.output


def test_formatter_placeholders_are_names() -> None:
    """Positional ``{}`` or ``{0}`` placeholders would make the two languages drift."""
    for key in KEYS:
        for template in messages.TEXTS[key]:
            for _, name, _, _ in string.Formatter().parse(template):
                assert name is None or name.isidentifier(), (key, name)
