"""Amounts formatted from patterns read once (tracker/number_patterns.py) read exactly as
Babel formats them, value by value: compact ("£1.5 billion") and grouped ("€200,000.50"),
in the app's locale and every language Django offers, and (slow) every locale Babel has."""

import random
from decimal import Decimal

import pytest
from babel import Locale, UnknownLocaleError
from babel.localedata import locale_identifiers
from babel.numbers import format_compact_decimal, format_currency, get_currency_symbol
from django.conf import settings
from django.utils import translation
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tracker import money as money_units
from tracker.currencies import ISO_4217_CODES
from tracker.formatting import _formatted_money, format_money
from tracker.number_patterns import compact_long, with_pattern

APP_LOCALE = translation.to_locale(settings.LANGUAGE_CODE)
EDGES = [
    "1000000", "1000000.00", "999999.995", "999999.994", "999999.99", "1000000.01",
    "1005000", "1004999.99", "1005000.01", "1015000", "1025000", "1995000", "9995000",
    "9994999.99", "99995000", "99994999.999", "999995000", "999994999.99", "999999999.995",
    "1000000000", "1000000000.00", "1500000000", "1234567890.12", "999999999999.995",
    "1000000000000", "999999999999999.99", "1000000000000000", "123456789012345678.9",
    "92233720368547758.07", "9223372036854775807", "12345678901234567890123", "1E+24",
    "1.5E+7", "1500000.000", "2750000", "0", "0.005", "0.015", "0.5", "1", "1.5", "999",
    "1000", "1000.5", "999999", "12345.675", "12345.665", "100000.125", "-1", "-1500000",
]  # fmt: skip


def _babel_knows(code: str) -> bool:
    try:
        Locale.parse(translation.to_locale(code))
    except (ValueError, UnknownLocaleError):
        return False
    return True


# Every other language Django offers that Babel knows.
OFFERED_TOO = sorted(
    {translation.to_locale(code) for code, _ in settings.LANGUAGES if _babel_knows(code)}
    - {APP_LOCALE}
)


def _values(count: int, seed: int) -> list[Decimal]:
    """Edges, then amounts of every size with 0, 2 or 3 decimal places (minor units of
    every exponent), and some sitting just either side of a rounding boundary."""
    chosen = random.Random(seed)
    values = [Decimal(edge) for edge in EDGES]
    for _ in range(count):
        exponent = chosen.choice((0, 2, 3))
        minor = chosen.randrange(10 ** chosen.randint(1, 21))
        values.append(Decimal(minor).scaleb(-exponent))
        boundary = Decimal(chosen.choice((1, 10, 100))) * 10 ** chosen.randint(6, 14)
        values.append(boundary - Decimal(chosen.choice(("0.005", "5", "5000", "1"))))
    return values


def _same_as_babel(locale_name: str, values: list[Decimal]) -> None:
    locale = Locale.parse(locale_name)
    for value in values:
        expected = format_compact_decimal(
            value, format_type="long", locale=locale, fraction_digits=2
        )
        assert compact_long(value, locale_name, 2) == expected, (locale_name, value)
        for digits in (0, 1):
            expected = format_compact_decimal(
                value, format_type="long", locale=locale, fraction_digits=digits
            )
            assert compact_long(value, locale_name, digits) == expected, (locale_name, value)
        for pattern in ("#,##0", "#,##0.00"):
            expected = format_currency(
                value, "EUR", format=pattern, currency_digits=False, locale=locale
            )
            assert with_pattern(value, pattern, locale_name) == expected, (locale_name, value)


def test_the_apps_locale_formats_as_babel_does():
    _same_as_babel(APP_LOCALE, _values(2000, seed=18))


@pytest.mark.parametrize("locale_name", OFFERED_TOO)
def test_every_offered_language_formats_as_babel_does(locale_name):
    _same_as_babel(locale_name, _values(60, seed=len(locale_name)))


@pytest.mark.slow
def test_every_babel_locale_formats_as_babel_does():
    for locale_name in locale_identifiers():
        _same_as_babel(locale_name, _values(20, seed=7))


@hypothesis_settings(max_examples=300, deadline=None)
@given(
    minor=st.integers(min_value=0, max_value=10**20),
    exponent=st.sampled_from((0, 2, 3)),
)
def test_any_amount_formats_as_babel_does(minor, exponent):
    _same_as_babel(APP_LOCALE, [Decimal(minor).scaleb(-exponent)])


def _babel_money(amount: Decimal, currency: str, compact: bool, locale: Locale) -> str:
    """``format_money`` as it was, Babel asked for every value."""
    symbol = get_currency_symbol(currency, locale=locale)
    symbol = f"{symbol}\N{NO-BREAK SPACE}" if symbol[-1:].isalpha() else symbol
    if compact and amount >= 1_000_000:
        words = format_compact_decimal(amount, format_type="long", locale=locale, fraction_digits=2)
        return symbol + words
    pattern = "#,##0" if amount == amount.to_integral_value() else "#,##0.00"
    return symbol + format_currency(
        amount, currency, format=pattern, currency_digits=False, locale=locale
    )


@pytest.mark.parametrize("locale_name", [APP_LOCALE, "de_DE", "fr_FR", "sr"])
def test_money_in_every_currency_reads_as_babel_says_it(locale_name):
    locale = Locale.parse(locale_name)
    _formatted_money.cache_clear()
    minors = [0, 1, 99, 100_000_000, 99_999_999_999, 100_000_000_000, 100_499_999, 100_500_000]
    minors += [2_000_000_000, 15_000_000_000, 123_456_789_012_345, 9_223_372_036_854_775_807]
    for currency in ISO_4217_CODES:
        for minor in minors:
            amount = money_units.to_major(minor, currency)
            for compact in (True, False):
                expected = _babel_money(amount, currency, compact, locale)
                assert format_money(amount, currency, compact=compact, locale=locale_name) == (
                    expected
                ), (currency, minor, compact)
