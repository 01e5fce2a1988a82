"""Korean particles chosen from the word they follow: a.grad가, build_model()은, tensor를.

Korean templates write a particle with both forms, as 을(를) or (으)로, where
it follows a filled-in value; finish() picks the form from how the word before
it is read aloud. Hangul is read as written and numbers as Sino-Korean
numerals; code and English words are read the way Korean programmers say them
(model 모델, step 스텝, grad 그래드), from their endings. No maintained
library covers identifiers and code: the packages that pick particles read
Hangul and digits only.
"""

from __future__ import annotations

import re

# Each form: (after a final consonant, after a vowel); the first of each pair in the template is either.
PAIRS = {"은(는)": ("은", "는"), "는(은)": ("은", "는"),
         "이(가)": ("이", "가"), "가(이)": ("이", "가"),
         "을(를)": ("을", "를"), "를(을)": ("을", "를"), "과(와)": ("과", "와"), "와(과)": ("과", "와"),
         "(으)로": ("으로", "로"), "(이)어": ("이어", "여"), "(이)에": ("이에", "예"), "(이)": ("이", "")}
PATTERN = re.compile(r"(?<=\S)(은\(는\)|는\(은\)|이\(가\)|가\(이\)|을\(를\)|를\(을\)|과\(와\)|와\(과\)|\(으\)로|"
                     r"\(이\)어|\(이\)에|\(이\)(?=[며고라나]))")
CLOSING = ")]}>`'\"”’ "
# Sino-Korean readings of digits: whether each ends in a final consonant, and whether it is ㄹ.
DIGITS = {"0": (True, False), "1": (True, True), "2": (False, False), "3": (True, False), "4": (False, False),
          "5": (False, False), "6": (True, False), "7": (True, True), "8": (True, True), "9": (False, False)}
LETTER_NAMES_WITH_FINAL = {"l": True, "m": False, "n": False, "r": True}  # 엘, 엠, 엔, 알: value = ends in ㄹ
# English endings read with a final consonant in Korean loanwords: ending -> ends in ㄹ.
ENDINGS = [("ng", False), ("ck", False), ("ook", False), ("ll", True), ("le", True), ("l", True), ("m", False),
           ("me", False), ("n", False), ("ne", False), ("put", False), ("net", False), ("type", False)]
SHORT_VOWEL_P = re.compile(r"[^aeiou][aeiou]p$")  # step 스텝, map 맵, group 그룹; loop 루프, help 헬프 are not


def finish(text: str) -> str:
    """TEXT with every two-form particle resolved from the word in front of it."""
    return PATTERN.sub(lambda m: _choose(text[:m.start()], m.group(1)), text)


def _choose(before: str, form: str) -> str:
    final, rieul = final_consonant(before)
    after_consonant, after_vowel = PAIRS[form]
    if form == "(으)로":
        return "로" if not final or rieul else "으로"
    return after_consonant if final else after_vowel


def final_consonant(text: str) -> tuple[bool, bool]:
    """Whether TEXT, read aloud, ends in a final consonant, and whether that consonant is ㄹ."""
    stripped = text
    # "build_model()", "`f(x)`": closing marks and a call's parentheses are not read
    while stripped and (stripped[-1] in CLOSING or stripped.endswith("()")):
        stripped = stripped[:-2] if stripped.endswith("()") else stripped[:-1]
    if not stripped:
        return False, False
    last = stripped[-1]
    if "가" <= last <= "힣":
        tail = (ord(last) - 0xAC00) % 28
        return tail != 0, tail == 8
    if last.isdigit():
        digits = re.search(r"\d+$", stripped).group()
        if last == "0" and digits.strip("0"):
            return True, False  # 십, 백, 천, 만
        return DIGITS[last]
    word = re.search(r"[A-Za-z]+$", stripped)
    if word is None:
        return False, False
    return _english(word.group().lower(), len(word.group()) == 1)


def _english(word: str, letter: bool) -> tuple[bool, bool]:
    if letter:
        return (word in LETTER_NAMES_WITH_FINAL), LETTER_NAMES_WITH_FINAL.get(word, False)
    for ending, rieul in ENDINGS:
        if word.endswith(ending):
            return True, rieul
    if SHORT_VOWEL_P.search(word):
        return True, False
    return False, False
