"""Korean particles and counts for text built around names and numbers.

A particle depends on how the word before it ends when read aloud: 이/을/은/과/으로 after a final consonant
(받침), 가/를/는/와/로 after a vowel, and 로 after ㄹ too. Hangul syllables, digits (read in Sino-Korean: 1 일,
10 십, 1000 천) and capital-letter abbreviations (read letter by letter: SCORM 엠, URL 엘) are read here;
for anything else (English words, symbols) the neutral written form 을(를) is used, as Korean forms do.
"""

import re

HANGUL_FIRST, HANGUL_LAST = 0xAC00, 0xD7A3
RIEUL = 8  # index of ㄹ among the final consonants

# Particle → (after a final consonant, after a vowel).
PARTICLES = {}
for with_final, without_final in [("이", "가"), ("을", "를"), ("은", "는"), ("과", "와"), ("으로", "로"), ("이나", "나"), ("아", "야")]:
    PARTICLES[with_final] = PARTICLES[without_final] = (with_final, without_final)
    PARTICLES[f"{with_final}/{without_final}"] = (with_final, without_final)

# Final consonant of each digit's reading (None: ends in a vowel), and of the place a run of zeros names.
DIGIT_FINALS = {"0": "ㅇ", "1": "ㄹ", "2": None, "3": "ㅁ", "4": None, "5": None, "6": "ㄱ", "7": "ㄹ", "8": "ㄹ", "9": None}
PLACE_FINALS = {1: "ㅂ", 2: "ㄱ", 3: "ㄴ"}  # 십, 백, 천; then 만 (ㄴ) up to 억 (ㄱ), then 조 (none)
LETTER_FINALS = {"L": "ㄹ", "M": "ㅁ", "N": "ㄴ", "R": "ㄹ"}  # 엘, 엠, 엔, 알; every other letter's name ends in a vowel
TRAILING_NOISE = re.compile(r"[\s'\"’”»)\]}>.,!?…·]+$")
UNKNOWN = object()


def final_consonant(word):
    """The final consonant the word ends with when read, None after a vowel, UNKNOWN when it cannot tell."""
    word = TRAILING_NOISE.sub("", str(word))
    if not word:
        return UNKNOWN
    last = word[-1]
    if HANGUL_FIRST <= ord(last) <= HANGUL_LAST:
        index = (ord(last) - HANGUL_FIRST) % 28
        return None if index == 0 else ("ㄹ" if index == RIEUL else "받침")
    if last.isdigit():
        digits = re.search(r"\d+$", word).group()
        zeros = len(digits) - len(digits.rstrip("0"))
        if zeros == 0 or zeros == len(digits):
            return DIGIT_FINALS[last]
        if zeros in PLACE_FINALS:
            return PLACE_FINALS[zeros]
        return "ㄴ" if zeros < 8 else ("ㄱ" if zeros < 12 else None)
    abbreviation = re.search(r"[A-Z]+$", word)
    if abbreviation and not re.search(r"[a-z][A-Z]+$", word):
        return LETTER_FINALS.get(last)
    return UNKNOWN


def particle(word, name):
    """The form of the particle `name` (given in either form, e.g. "을" or "를") that fits after `word`."""
    with_final, without_final = PARTICLES[name]
    final = final_consonant(word)
    if final is UNKNOWN:
        return f"{with_final}({without_final})"
    if with_final == "으로":
        return without_final if final in (None, "ㄹ") else with_final
    return without_final if final is None else with_final


def josa(word, name):
    """`word` followed by the particle that fits it: josa("직원번호 1000001", "가") == "직원번호 1000001이"."""
    return f"{word}{particle(word, name)}"


def count(number, unit="건"):
    """A count as Korean writes it: the number with thousands separators, then its unit (1,234건)."""
    return f"{number:,}{unit}"
