"""English and Korean: every message in both, and the language chosen as documented."""

import re
import string

import pytest
from conftest import SOLUTIONS, run_grader

from autograd_kit import i18n, stubs
from autograd_kit.manifest import load_exercises


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_exists_in_both_languages_with_the_same_placeholders():
    english, korean = i18n.catalog("en"), i18n.catalog("ko")
    assert sorted(english) == sorted(korean)
    for key in english:
        assert _fields(english[key]) == _fields(korean[key]), key
        assert english[key] != korean[key] or not re.search("[a-z]{4}", english[key]), f"{key} is not translated"


@pytest.mark.parametrize("environ, language", [
    ({}, "en"),
    ({"LANG": "ko_KR.UTF-8"}, "ko"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "C"}, "en"),
    ({"LANG": "en_US.UTF-8", "LC_ALL": "ko_KR.UTF-8"}, "ko"),
    ({"LANG": "ko_KR.UTF-8", "LC_ALL": "C.UTF-8"}, "en"),
])
def test_the_language_follows_the_environment(environ, language):
    assert i18n.from_environment(environ) == language


def test_the_lang_option_is_taken_from_anywhere_in_the_command():
    assert i18n.take_language_option(["list", "--lang", "ko", "--target", "x"]) == (["list", "--target", "x"], "ko")
    assert i18n.take_language_option(["--lang=en", "04"]) == (["04"], "en")
    assert i18n.take_language_option(["04"]) == (["04"], None)


def _folder(tmp_path):
    folder = tmp_path / "exercises"
    folder.mkdir()
    for exercise in load_exercises():
        (folder / exercise.filename).write_text(stubs.pristine(exercise.name))
    return folder


def test_list_and_hints_in_korean(tmp_path):
    folder = _folder(tmp_path)
    by_option = run_grader("list", "--target", str(folder), "--lang", "ko").stdout
    by_locale = run_grader("list", "--target", str(folder), env={"LANG": "ko_KR.UTF-8", "LC_ALL": ""}).stdout
    for shown in (by_option, by_locale):
        assert "시작 전" in shown and "개 중 0개 완료" in shown and "순전파" in shown
    english = run_grader("list", "--target", str(folder), "--lang", "en", env={"LANG": "ko_KR.UTF-8"}).stdout
    assert "not started" in english and "시작 전" not in english
    hint = run_grader("hint", "04", "--target", str(folder), "--lang", "ko").stdout
    assert "방향 잡기" in hint and "항별로 미분하세요" in hint


def test_a_grade_report_in_korean(tmp_path):
    folder = _folder(tmp_path)
    (folder / "04_gradients_by_hand.py").write_text((SOLUTIONS / "04_gradients_by_hand.py").read_text())
    shown = run_grader("04", "--target", str(folder), "--lang", "ko", "--seed", "1").stdout
    assert "개념:" in shown and "✔ 통과" in shown and "7/7점" in shown
    assert "손으로 구하는 기울기" in shown and "거듭제곱 법칙" in shown  # the manifest's Korean title and concept


def test_an_unknown_language_is_refused():
    result = run_grader("list", "--lang", "fr")
    assert result.returncode == 2 and "en, ko" in result.stderr


def test_every_exercise_has_a_korean_title_and_concept():
    hangul = re.compile("[\uac00-\ud7a3]")
    for exercise in load_exercises():
        assert hangul.search(exercise.title_ko) and hangul.search(exercise.concept_ko), exercise.name
