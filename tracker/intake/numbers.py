"""Numbers written in words: “three”, “twenty-five”, “two hundred”, “five thousand”.

Used by counts (“five countries”) and amounts (“three million pounds”); a
number in words is read only where a unit or currency follows it, so “one of
them” is never a count.
"""

from decimal import Decimal

UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {"hundred": 100, "thousand": 1_000}

_UNIT = "|".join(sorted(UNITS, key=len, reverse=True))
_TEN = "|".join(TENS)
# “twenty-five”, “seven”, “ten”; then an optional “hundred” or “thousand”. Matched
# case-insensitively by the patterns that use it.
WORD_NUMBER = rf"(?:(?:{_TEN})(?:[-\s](?:{_UNIT}))?|(?:{_UNIT}))(?:\s(?:hundred|thousand))?"


def word_value(words: str) -> Decimal:
    """The value of a number matched by ``WORD_NUMBER``."""
    value = 0
    for word in words.lower().replace("-", " ").split():
        if word in SCALES:
            value = (value or 1) * SCALES[word]
        else:
            value += UNITS.get(word) or TENS[word]
    return Decimal(value)
