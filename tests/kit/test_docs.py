"""The README and docs/ as a newcomer reads them: short enough, every link leads somewhere, every
`grader.py` command they show is one the grader accepts, and the test command is the one CI runs."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from conftest import KIT_ROOT, run_grader

from autograd_kit.cli.main import PARSERS, parser_for

README = KIT_ROOT / "README.md"
# The README and every page directly under docs/.
PAGES = [README, *sorted((KIT_ROOT / "docs").glob("*.md"))]
README_MAX_LINES = 200

# Placeholders the docs write in commands, and a value of their kind to parse them with.
PLACEHOLDERS = {"NN": "04", "N": "2", "S": "7", "K": "0", "K/N": "0/4", "URL": "https://example.org/kit.git",
                "DIR": "submissions/", "PATH": "alice.zip", "ID": "alice"}
PROMPT = r"(?:\$ )?(?:[\w./\\-]*python3?(?:\.exe)? |py )?"


def test_the_readme_fits_on_a_screen_or_three():
    assert len(README.read_text(encoding="utf-8").splitlines()) <= README_MAX_LINES


def test_the_readme_s_test_command_is_the_one_ci_runs():
    ci = (KIT_ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    [command] = [line.strip() for line in ci if line.rstrip().endswith("python -m pytest")]
    assert command in README.read_text(encoding="utf-8")


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.relative_to(KIT_ROOT).as_posix())
def test_no_figure_is_given_for_this_machine(page):
    text = page.read_text(encoding="utf-8")
    assert not re.search(r"this (?:2-core )?machine", text, re.IGNORECASE)


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.relative_to(KIT_ROOT).as_posix())
def test_every_relative_link_resolves(page):
    broken = [link for link in links(page) if not resolves(page, link)]
    assert broken == []


def links(page: Path) -> list[str]:
    text = without_code(page.read_text(encoding="utf-8"))
    found = re.findall(r"\]\(([^)\s]+)\)", text)
    return [link for link in found if not re.match(r"[a-z]+:", link)]  # https:, mailto: are not files


def resolves(page: Path, link: str, root: Path = KIT_ROOT) -> bool:
    """Whether a link leads to a file of the kit (and to a heading of it, where it names one)."""
    path, _, anchor = link.partition("#")
    target = (page.parent / path).resolve() if path else page
    if not target.exists() or root.resolve() not in [target, *target.parents]:
        return False
    return not anchor or target.suffix != ".md" or anchor in anchors(target)


def anchors(page: Path) -> set[str]:
    """GitHub's heading ids: lower case, punctuation dropped, spaces to hyphens."""
    headings = re.findall(r"^#+ (.+)$", without_code(page.read_text(encoding="utf-8")), re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-") for heading in headings}


def without_code(text: str) -> str:
    return re.sub(r"^```.*?^```", "", text, flags=re.MULTILINE | re.DOTALL)


def documented_commands() -> list[tuple[str, str]]:
    """(page, the arguments after grader.py) for every command the docs show: lines of code blocks that start
    with one, and inline code that is one. Output quoted in a code block (`... grader.py batch exit 0`) is not."""
    found = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        candidates = [line.strip() for block in re.findall(r"^```[^\n]*\n(.*?)^```", text, re.MULTILINE | re.DOTALL)
                      for line in block.splitlines()]
        candidates += re.findall(r"`([^`\n]+)`", without_code(text))
        for candidate in candidates:
            match = re.match(PROMPT + r"grader\.py(\s.*|)$", candidate)
            if match and not re.match(r"\s*\S+:", match.group(1)):  # `grader.py merge: exit 0` is output
                # A code block's line may end in its explanation, after two spaces or a #.
                arguments = re.split(r"\s{2,}|\s#", match.group(1))[0].strip()
                found.append((page.relative_to(KIT_ROOT).as_posix(), arguments))
    return found


def test_the_docs_show_commands_of_every_kind():
    shown = {shlex.split(arguments)[0] if arguments else "" for _, arguments in documented_commands()}
    assert {"", "04", "watch", "hint", "batch", "merge", "report", "dev"} <= shown


@pytest.mark.parametrize("page, arguments", documented_commands())
def test_every_documented_command_parses(page, arguments):
    if "..." in arguments:
        arguments = arguments.split("...")[0]  # `batch ... --shard 0/4`: an elided command; its start must parse
        if not arguments.strip() or arguments.split()[0] in PARSERS:
            return
    if arguments in PARSERS:
        arguments += " --help"  # `grader.py merge` in a sentence names the command: its own help must work
    arguments = re.sub(r"\s*\|[^\]]*", "", arguments)  # [--seed S | --seed-from-student]: the first choice
    argv = [PLACEHOLDERS.get(word, word) for word in shlex.split(re.sub(r"[\[\]]", "", arguments))]
    assert parses(argv), f"{page}: grader.py {arguments}"


def parses(argv: list[str]) -> bool:
    parser, parsed = parser_for(argv)
    try:
        args = parser.parse_args(parsed)
    except SystemExit as exit:
        return exit.code == 0  # --help exits 0
    # The one rule between options that argparse cannot state (cli/options.py's course_secret() refuses it).
    return not (getattr(args, "seed_from_student", False) and getattr(args, "seed", None) is not None)


@pytest.mark.parametrize("argv", [["batch"], ["batch", "DIR", "--seed-from-student", "--seed", "7"],
                                  ["04", "--no-such-option"], ["dev", "generate"], ["merge", "--out"]])
def test_a_command_the_grader_refuses_does_not_parse(argv, capsys):
    assert not parses(argv)


def test_a_link_to_nowhere_is_caught(tmp_path):
    (tmp_path / "kit").mkdir()
    (tmp_path / "outside.md").write_text("# Outside\n")
    page = tmp_path / "kit" / "page.md"
    page.write_text("# A title\n[ok](page.md#a-title) [gone](missing.md) [no anchor](page.md#other) "
                    "[out](../outside.md) [https](https://example.org)\n")
    broken = [link for link in links(page) if not resolves(page, link, root=tmp_path / "kit")]
    assert broken == ["missing.md", "page.md#other", "../outside.md"]


def test_help_lists_every_command_with_one_line():
    text = run_grader("--help").stdout
    section = text.split("commands (", 1)[1].split("\n\n", 1)[0]
    listed = re.findall(r"^  ([a-z0-9-]+) {2,}(\S.*)$", section, re.MULTILINE)
    assert [name for name, _ in listed] == list(PARSERS)
    korean = run_grader("--help", "--lang", "ko").stdout
    assert "명령" in korean and all(f"  {name} " in korean for name in PARSERS)


@pytest.mark.parametrize("command", sorted(PARSERS))
def test_every_command_has_its_own_help(command):
    parser, parsed = parser_for([command, "--help"])
    with pytest.raises(SystemExit) as exit:
        parser.parse_args(parsed)
    assert exit.value.code == 0
