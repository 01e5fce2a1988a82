"""English and Korean: every message in both, and the language chosen as documented."""

import ast
import json
import re
import string
import tomllib

import pytest
from conftest import KIT_ROOT, SOLUTIONS, run_grader, valid_result

from autograd_kit import i18n
from autograd_kit.exercises import stubs
from autograd_kit.exercises.manifest import load_exercises
from autograd_kit.i18n import message_ids


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
    assert "개념:" in shown and "✔ 통과" in shown and "10/10점" in shown
    assert "손으로 구하는 기울기" in shown and "거듭제곱 법칙" in shown  # the manifest's Korean title and concept
    assert "dq_da(a, b)는 튜토리얼의 수와 무작위 수에서 거듭제곱 법칙을 따른다" in shown  # a check's title


def test_every_feedback_template_is_in_the_korean_catalogue():
    found = message_ids.find()
    assert not found.untranslatable, "feedback written outside tr(): " + repr(found.untranslatable[:5])
    korean = i18n.feedback_catalog("ko")
    assert [t for t in found.templates if t not in korean] == []
    assert [t for t in korean if t not in found.templates] == [], "stale entries"
    for english, translated in korean.items():
        assert _fields(english) == _fields(translated), english
        if re.search("[A-Za-z]{2,}", re.sub(r"\{[^}]*\}", "", english)):  # has words, not just placeholders
            assert re.search("[\uac00-\ud7a3]", translated), f"not translated: {english}"
    assert len(found.templates) > 250  # the scan really reads the checks


def test_the_scan_catches_feedback_that_skips_the_catalogue(tmp_path):
    checks = tmp_path / "tests" / "checks"
    checks.mkdir(parents=True)
    (tmp_path / "autograd_kit").mkdir()
    for name in message_ids.STRICT + message_ids.LENIENT:
        (tmp_path / "autograd_kit" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "autograd_kit" / name).write_text("")
    (checks / "test_99_new.py").write_text(
        'def test_new(learner):\n'
        '    """a new check"""\n'
        '    raise CheckFailed(f"the answer {got} is wrong")\n'
        'def helper():\n'
        '    return tr("marked {x}", x=1), Mistake(1, "a-catalogue-key"), "plain words here"\n')
    found = message_ids.find(tmp_path)
    # A Mistake names a catalogue key: its words are in mistakes/*.toml, not templates
    assert set(found.templates) == {"a new check", "marked {x}"}
    assert sorted(spot.text for spot in found.untranslatable) == ["plain words here", "the answer {} is wrong"]


def test_feedback_in_korean_names_the_mistake_and_comes_from_the_child_too(target):
    folder = target({"04_gradients_by_hand": "mistakes.py", "01_forward_pass": "pretrained.py",
                     "03_optimizer_step": "syntax_error.py"})
    grade = valid_result(json.loads(run_grader("--target", str(folder), "--lang", "ko", "--seed", "3", "--json", "-").stdout))
    shown = "\n".join(f"{c['description']}\n{c['message']}" for e in grade["exercises"] for c in e["checks"])
    assert "실수: 이것은 3a^2, 즉 a^3만의 도함수입니다" in shown
    assert "실수: 부호가 빠졌습니다" in shown and "정답:" in shown and "받은 값:" in shown
    # particles are resolved from the words filled in before them, never left as 이(가) or 을(를)
    assert not re.search(r"은\(는\)|이\(가\)|을\(를\)|\(으\)로|\(이\)", shown), shown
    assert "dq_da(a, b)가 틀렸습니다" in shown
    assert "사전 학습된 가중치를 내려받지 않습니다" in shown  # raised in the learner's process
    assert "에 SyntaxError:" in shown and "검사는 하나도 실행되지 않았습니다" in shown
    assert "시작 전: " in shown and "02_loss_backward.py 파일이 없습니다" in shown
    english = run_grader("04", "--target", str(folder), "--seed", "3").stdout
    assert "Mistake: this is 3a^2" in english and "실수" not in english


def test_an_unknown_language_is_refused():
    result = run_grader("list", "--lang", "fr")
    assert result.returncode == 2 and "en, ko" in result.stderr


def test_crashes_and_hangs_are_explained_in_korean(target):
    folder = target({"04_gradients_by_hand": "segfault.py", "05_vector_backward": "hang_at_import.py"})
    result = run_grader("--target", str(folder), "--lang", "ko", "--timeout", "3", "--json", "-")
    grade = json.loads(result.stdout)
    messages = {e["name"][:2]: "\n".join(c["message"] for c in e["checks"]) for e in grade["exercises"]}
    assert "프로세스를 비정상 종료시켰습니다" in messages["04"] and "세그멘테이션 오류" in messages["04"]
    assert "불러오기가 두 번 모두 제한 시간 안에 끝나지 않았습니다" in messages["05"]


def test_every_exercise_file_explains_itself_in_korean_too():
    """The module docstring has a Korean section; each function's docstring and each TODO a Korean line."""
    hangul = re.compile("[\uac00-\ud7a3]")
    for exercise in load_exercises():
        source = stubs.pristine(exercise.name)
        tree = ast.parse(source)
        english, _, korean = ast.get_docstring(tree).partition("----- 한국어 -----")
        assert korean and hangul.search(korean), exercise.name
        assert f"python grader.py {exercise.name[:2]}" in korean
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_") and ast.get_docstring(node):
                assert hangul.search(ast.get_docstring(node)), f"{exercise.name}: {node.name}"
        lines = source.splitlines()
        for index, line in enumerate(lines):
            if line.strip().startswith("# TODO:"):
                assert lines[index + 1].strip().startswith("# 할 일:"), f"{exercise.name}:{index + 1}"


def test_every_exercise_has_a_korean_title_and_concept():
    hangul = re.compile("[\uac00-\ud7a3]")
    for exercise in load_exercises():
        assert hangul.search(exercise.title_ko) and hangul.search(exercise.concept_ko), exercise.name


@pytest.mark.parametrize("text, want", [
    ("a.grad이(가) 틀렸습니다.", "a.grad가 틀렸습니다."),
    ("build_model()은(는) 모듈을 돌려줘야", "build_model()은 모듈을 돌려줘야"),
    ("torch.nn.Module을(를)", "torch.nn.Module을"),
    ("list이(가) 아니라", "list가 아니라"),
    ("step은(는)", "step은"),
    ("tensor을(를)", "tensor를"),
    ("dq_da(a, b)이(가)", "dq_da(a, b)가"),
    ("모델(으)로", "모델로"),
    ("텐서(으)로", "텐서로"),
    ("손실(으)로", "손실로"),
    ("10(으)로", "10으로"),
    ("1(으)로", "1로"),
    ("False(이)어야", "False여야"),
    ("(3, 2)(이)어야", "(3, 2)여야"),
    ("NoneType(이)며", "NoneType이며"),
    ("`x`와(과)", "`x`와"),
    ("레이블과(와)", "레이블과"),
])
def test_a_korean_particle_is_chosen_from_the_word_before_it(text, want):
    from autograd_kit.i18n.korean import finish

    assert finish(text) == want


def test_argparse_speaks_korean_too():
    shown = run_grader("--help", "--lang", "ko")
    assert shown.returncode == 0
    assert "사용법:" in shown.stdout and "옵션:" in shown.stdout and "이 도움말을 보여 주고 끝냅니다" in shown.stdout
    assert "usage:" not in shown.stdout and "show this help" not in shown.stdout
    assert "전체 결과를 JSON으로" in shown.stdout  # the kit's own options too
    wrong = run_grader("--no-such-option", "--lang", "ko")
    assert wrong.returncode == 2 and "알 수 없는 인자: --no-such-option" in wrong.stderr
    assert "usage:" in run_grader("--help", "--lang", "en").stdout



# --- one term per concept: i18n/glossary.toml ----------------------------------------------------------------

HANGUL = re.compile(r"[가-힣]")
GLOSSARY = KIT_ROOT / "autograd_kit" / "i18n" / "glossary.toml"


def glossary() -> list[dict]:
    return tomllib.loads(GLOSSARY.read_text(encoding="utf-8"))["term"]


def korean_strings() -> list[tuple[str, str]]:
    """(where, text) for every Korean string a learner can read: catalogue values, the mistake catalogue, the
    hints, the exercise list, and each solution's Korean lines (the stubs and notebooks are made from them)."""
    found = []

    def strings(value, where: str) -> None:
        if isinstance(value, str) and HANGUL.search(value):
            found.append((where, value))
        elif isinstance(value, dict):
            for key, item in value.items():
                strings(item, f"{where}:{key}")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                strings(item, f"{where}[{index}]")

    for path in sorted((KIT_ROOT / "autograd_kit").rglob("*.toml")):
        if path != GLOSSARY:
            strings(tomllib.loads(path.read_text(encoding="utf-8")), path.relative_to(KIT_ROOT).as_posix())
    for path in sorted(SOLUTIONS.glob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if HANGUL.search(line):
                found.append((f"{path.relative_to(KIT_ROOT).as_posix()}:{number}", line))
    return found


def glossary_violations(texts: list[tuple[str, str]]) -> list[str]:
    return [f"{where}: {match.group(0)!r} where the glossary says {term['korean']!r}"
            for term in glossary() for variant in term["forbidden"]
            for where, text in texts for match in [re.search(variant, text)] if match]


def test_every_korean_string_uses_the_glossary_s_one_term_per_concept():
    texts = korean_strings()
    assert len(texts) > 1000  # the catalogues, hints and solutions were all found
    assert glossary_violations(texts) == []
    unused = [term["korean"] for term in glossary() if not any(term["korean"] in text for _, text in texts)]
    assert unused == [], "glossary terms no Korean string uses: stale entries"


@pytest.mark.parametrize("text", ["백본을 얼리고 fc를 바꿉니다", "파라미터를 동결하세요", "연습 문제를 채점합니다",
                                  "y를 out-of-place로 두 배 하세요", "in-place 오류 없이"])
def test_the_glossary_catches_a_second_term(text):
    assert glossary_violations([("example", text)]) != []


def test_a_quoted_pytorch_error_is_not_a_second_term():
    quoted = '"a leaf Variable that requires grad is being used in an in-place operation") 손으로'
    assert glossary_violations([("example", quoted)]) == []


def test_the_korean_wording_the_first_hour_found_stilted():
    """채점 대상 exercises read as a fragment; 위치 …py:61, f 안: was stilted (issue 28)."""
    grading = i18n.catalog("ko")["report.grading"].format(target="exercises", seed=7)
    template = "  at {file}:{line} in {function}: {code}"
    location = i18n.feedback_catalog("ko")[template].format(file="04.py", line=61, function="f", code="x")
    assert "채점 대상" not in grading and "채점하는 폴더: [cyan]exercises[/]" in grading
    assert location == "  f 함수, 04.py 61번째 줄: x"
