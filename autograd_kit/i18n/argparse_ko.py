"""argparse's own words (usage:, options, error messages) in the learner's language.

argparse looks up its words through gettext's `_` and `ngettext` when it
formats help and errors, so replacing those two names in the argparse module
puts every word it prints into the chosen language. Words for programmers
only (errors in how a parser is built) stay in English.
"""

from __future__ import annotations

import argparse
import gettext

WORDS_KO = {
    "usage: ": "사용법: ",
    "positional arguments": "위치 인자",
    "options": "옵션",
    "show this help message and exit": "이 도움말을 보여 주고 끝냅니다",
    "%(prog)s: error: %(message)s\n": "%(prog)s: 오류: %(message)s\n",
    "the following arguments are required: %s": "다음 인자가 필요합니다: %s",
    "unrecognized arguments: %s": "알 수 없는 인자: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "잘못된 선택: %(value)r (다음 중에서 고르세요: %(choices)s)",
    "invalid %(type)s value: %(value)r": "잘못된 %(type)s 값: %(value)r",
    "argument %(argument_name)s: %(message)s": "인자 %(argument_name)s: %(message)s",
    "expected one argument": "인자 하나가 필요합니다",
    "expected at most one argument": "인자는 많아야 하나입니다",
    "expected at least one argument": "인자가 하나 이상 필요합니다",
    "expected %s argument": "인자 %s개가 필요합니다",
    "expected %s arguments": "인자 %s개가 필요합니다",
    "not allowed with argument %s": "%s 인자와 함께 쓸 수 없습니다",
    "ignored explicit argument %r": "명시한 인자를 무시했습니다: %r",
    "one of the arguments %s is required": "인자 %s 중 하나가 필요합니다",
    "ambiguous option: %(option)s could match %(matches)s": "모호한 옵션 %(option)s: %(matches)s 중 어느 것인지 알 수 없습니다",
    "unexpected option string: %s": "예상하지 못한 옵션: %s",
    "can't open '%(filename)s': %(error)s": "파일을 열 수 없습니다: '%(filename)s': %(error)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "알 수 없는 명령 %(parser_name)r (선택: %(choices)s)",
}
CATALOGUES = {"ko": WORDS_KO}


def use(language: str) -> None:
    """Make argparse print its words in LANGUAGE (English when there is no catalogue for it)."""
    words = CATALOGUES.get(language)
    if words is None:
        argparse._ = gettext.gettext  # type: ignore[attr-defined]
        argparse.ngettext = gettext.ngettext  # type: ignore[attr-defined]
        return

    def translate(text: str) -> str:
        return words.get(text, text)

    def translate_plural(singular: str, plural: str, count: int) -> str:
        return translate(singular if count == 1 else plural)

    argparse._ = translate  # type: ignore[attr-defined]
    argparse.ngettext = translate_plural  # type: ignore[attr-defined]
