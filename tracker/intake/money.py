"""Amounts of money: “£75 million”, “£75m”, “200,000 euros”, “$97 million”, “€1.2bn”.

Each amount is normalised to integer minor units of an ISO 4217 currency, with
the exponents of ``tracker.money``. A bare “3 billion” is money only when an
amount earlier in the same sentence gave the currency (“£2bn now and 3 billion later”).
"""

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from babel.numbers import get_currency_symbol

from tracker import money as minor_units
from tracker.currencies import ISO_4217_CODES

from .candidates import Candidate, Kind
from .numbers import WORD_NUMBER, word_value
from .text import layout, measured_after, sentence_at

SYMBOLS = {
    "£": "GBP",
    "€": "EUR",
    "$": "USD",
    "US$": "USD",
    "A$": "AUD",
    "C$": "CAD",
    "NZ$": "NZD",
    "¥": "JPY",
    "₹": "INR",
}
CURRENCY_WORDS = {
    "pounds sterling": "GBP",
    "pounds": "GBP",
    "pound": "GBP",
    "sterling": "GBP",
    "euros": "EUR",
    "euro": "EUR",
    "US dollars": "USD",
    "dollars": "USD",
    "dollar": "USD",
    "Swiss francs": "CHF",
    "Serbian dinars": "RSD",
    "dinars": "RSD",
    "denars": "MKD",
    "lek": "ALL",
    "yen": "JPY",
}
MULTIPLIERS = {
    "k": 10**3,
    "thousand": 10**3,
    "m": 10**6,
    "mn": 10**6,
    "million": 10**6,
    "bn": 10**9,
    "billion": 10**9,
    "tn": 10**12,
    "trillion": 10**12,
}

_NUMBER = r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
# “£75m”, “£75 m”? no: a lone letter must touch the number; words may follow a space
# or touch it too (“£75million”).
_MULTIPLIER = (
    r"(?:(?P<short>bn|mn|tn|m|k)\b|\s?(?P<word>billion|million|thousand|trillion|bn|mn)\b)"
)
_SYMBOL = "|".join(re.escape(s) for s in sorted(SYMBOLS, key=len, reverse=True))
_WORDS = "|".join(re.escape(w) for w in sorted(CURRENCY_WORDS, key=len, reverse=True))
_CODES = "|".join(ISO_4217_CODES)

_PATTERNS = (
    # £75 million, €1.2bn, US$97m
    re.compile(rf"(?<![\w$])(?P<symbol>{_SYMBOL})\s?{_NUMBER}(?!,?\d){_MULTIPLIER}?"),
    # EUR 5 million
    re.compile(rf"\b(?P<code>{_CODES})\s{_NUMBER}(?!,?\d){_MULTIPLIER}?"),
    # 200,000 euros, 3 billion pounds, 5m EUR, three million pounds
    re.compile(
        rf"(?<![\w.,£€$¥₹])\b(?:{_NUMBER}|(?P<words>(?i:{WORD_NUMBER})))"
        rf"{_MULTIPLIER}?\s(?:(?P<currency_word>{_WORDS})|(?P<code_after>{_CODES}))\b"
    ),
)
# “3 billion” with no currency of its own
_BARE = re.compile(
    rf"(?<![\w.,£€$¥₹])\b{_NUMBER}(?:(?P<short>bn|m)\b|\s(?P<word>billion|million|trillion)\b)"
)


@dataclass(frozen=True)
class Amount:
    start: int
    end: int
    amount_minor: int
    currency: str

    @property
    def major(self) -> Decimal:
        return minor_units.to_major(self.amount_minor, self.currency)


def find_amounts(text: str) -> list[Amount]:
    """Every amount of money in ``text``, in text order, none overlapping another."""
    found: list[Amount] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            currency = _currency(match)
            if currency:
                found.append(_amount(match, currency))
    found = _without_overlaps(found)
    # A bare amount takes the currency of the amount just before it in its sentence: one
    # walk over both lists in text order, so hundreds of amounts in a paragraph stay linear.
    sentences = layout(text)
    bare: list[Amount] = []
    index = 0
    previous: Amount | None = None
    for match in _BARE.finditer(text):
        while index < len(found) and found[index].end <= match.start():
            previous = found[index]
            index += 1
        if index < len(found) and found[index].start < match.end():
            continue  # part of an amount with its own currency
        if previous is not None and sentences.sentence_at(previous.start) == sentences.sentence_at(
            match.start()
        ):
            bare.append(_amount(match, previous.currency))
    return _without_conversions(text, sorted([*found, *bare], key=lambda a: a.start))


# “£75 million (about $97m)”: the same money in another currency, for the reader
_CONVERSION_OPENS = re.compile(
    r"\s*[(\[]\s*(?:(?:about|around|approximately|roughly|some|circa|c\.|nearly|almost|over"
    r"|more than|equivalent to|worth|or)\s+)?",
    re.IGNORECASE,
)
_CONVERSION_CLOSES = re.compile(r"\s*[)\]]")


def _without_conversions(text: str, amounts: list[Amount]) -> list[Amount]:
    kept = []
    for previous, amount in zip([None, *amounts], amounts, strict=False):
        if (
            previous is not None
            and previous.currency != amount.currency
            and _CONVERSION_OPENS.fullmatch(text, previous.end, amount.start)
            and _CONVERSION_CLOSES.match(text, amount.end)
        ):
            continue
        kept.append(amount)
    return kept


def _currency(match: re.Match) -> str:
    groups = match.groupdict()
    if groups.get("symbol"):
        return SYMBOLS[groups["symbol"]]
    if groups.get("currency_word"):
        return CURRENCY_WORDS[groups["currency_word"]]
    return groups.get("code") or groups.get("code_after") or ""


def _amount(match: re.Match, currency: str) -> Amount:
    if match.group("number"):
        number = Decimal(match.group("number").replace(",", ""))
    else:  # only the pattern of amounts with a currency word reads numbers in words
        number = word_value(match.group("words"))
    multiplier = match.group("short") or match.group("word")
    if multiplier:
        number *= MULTIPLIERS[multiplier]
    minor = minor_units.to_minor(number, minor_units.exponent(currency), round_up=False)
    return Amount(match.start(), match.end(), minor, currency)


def _without_overlaps(amounts: list[Amount]) -> list[Amount]:
    kept: list[Amount] = []
    for amount in sorted(amounts, key=lambda a: (a.start, -(a.end - a.start))):
        if kept and amount.start < kept[-1].end:
            continue
        kept.append(amount)
    return kept


def describe(amount_minor: int, currency: str) -> str:
    """“£75,000,000 (GBP)”: the amount as data, for the editor to check."""
    major = minor_units.to_major(amount_minor, currency)
    places = 0 if major == major.to_integral_value() else minor_units.exponent(currency)
    symbol = _symbol(currency)
    shown = f"{symbol}{major:,.{places}f}"
    return shown if symbol == currency else f"{shown} ({currency})"


@cache
def _symbol(currency: str) -> str:
    """The currency's symbol in British English (Babel's locale data is slow to read per amount)."""
    return get_currency_symbol(currency, locale="en_GB")


def money_candidates(text: str) -> list[Candidate]:
    candidates = []
    for amount in find_amounts(text):
        cite_start, cite_end = sentence_at(text, amount.start)
        candidates.append(
            Candidate(
                kind=Kind.MONEY,
                start=amount.start,
                end=amount.end,
                excerpt=text[amount.start : amount.end],
                cite_start=cite_start,
                cite_end=cite_end,
                label=describe(amount.amount_minor, amount.currency),
                amount_minor=amount.amount_minor,
                currency=amount.currency,
                measures=measured_after(text, amount.end, cite_end),
            )
        )
    return candidates
