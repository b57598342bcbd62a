"""CLDR number patterns of a locale, read from Babel once and applied with Decimal arithmetic.

Babel reads its locale data, parses the pattern and works out the plural operands again
at every value: about 90 µs a compact amount ("150 million"), and a page's timeline says
some 200 distinct monthly sums. Here each locale's compact patterns, plural rule and
symbols are read once (``numbers_of``) and each value goes through the same steps as
``babel.numbers.format_compact_decimal`` and ``NumberPattern.apply``, with the same Decimal
operations in the same context, so the same text character for character
(``tests/views/test_number_patterns.py`` compares them, in every locale Babel has when slow).
A pattern these steps do not cover (scientific, significant digits, per cent) is left to
Babel's own ``apply``.
"""

import functools
import re
from decimal import Decimal

from babel import Locale
from babel.numbers import NumberPattern, get_decimal_symbol, get_group_symbol, parse_pattern

# The numbering system Babel's formatting functions use unless told otherwise.
NUMBERING = "latn"
# A compact amount shows few digits ("123.45 million"): the plural form of each number
# shown below this many hundredths, with at most two decimals, is kept in a table of one
# byte a number (100 kB a locale), filled as numbers come. A timeline's 200 distinct sums
# missed an LRU cache of thousands half the time, and Babel's operands cost 4 µs a miss.
PLURAL_TABLE_SIZE = 100_000
PLURAL_TABLE_DIGITS = 2
# Babel's last step: text quoted in a pattern loses its quotes, a doubled quote is one.
_QUOTED = re.compile(r"'([^']*)'")


def _unquoted(text: str) -> str:
    return _QUOTED.sub(lambda match: match.group(1) or "'", text) if "'" in text else text


class LocaleNumbers:
    """A locale's symbols, compact patterns and plural rule, read once."""

    def __init__(self, locale: Locale):
        self.locale = locale
        self.group = get_group_symbol(locale, numbering_system=NUMBERING)
        self.decimal = get_decimal_symbol(locale, numbering_system=NUMBERING)
        # Per number shown, in hundredths: 1 + its plural form's index in ``plurals``.
        self.plural_table = bytearray(PLURAL_TABLE_SIZE)
        self.plurals: list[str] = []
        self.fallback = locale.decimal_formats[None]
        long = locale.compact_decimal_formats["long"]
        self.forms = {form: dict(patterns) for form, patterns in long.items()}
        self.magnitudes = sorted((int(magnitude) for magnitude in long["other"]), reverse=True)
        # Per magnitude, what its "other" pattern divides by (None: "0", not divided).
        self.divisors = {}
        for magnitude in self.magnitudes:
            shape = parse_pattern(self.forms["other"][str(magnitude)]).pattern
            self.divisors[magnitude] = (
                None if shape == "0" else magnitude // (10 ** (shape.count("0") - 1))
            )

    def compact(self, number: Decimal, fraction_digits: int) -> str:
        """``format_compact_decimal(number, format_type="long", fraction_digits=...)``."""
        number, pattern = self._compact_pattern(number, fraction_digits)
        return self.apply(pattern or self.fallback, number, quantized=False)

    def _compact_pattern(self, number: Decimal, fraction_digits: int):
        """Babel's ``_get_compact_format``: the number divided and rounded, and its pattern."""
        if number.is_nan() or number.is_infinite():
            return number, None
        pattern = None
        magnitudes, forms = self.magnitudes, self.forms
        size = abs(number)
        for index, magnitude in enumerate(magnitudes):
            if size < magnitude:
                continue
            key = str(magnitude)
            pattern = forms["other"][key]
            divisor = self.divisors[magnitude]
            if divisor is None:
                break
            rounded = round(number / divisor, fraction_digits)
            # Rounded up into the next magnitude (999.995 million): that one's pattern.
            if index > 0 and abs(rounded) * divisor >= magnitudes[index - 1]:
                bumped = Decimal(magnitudes[index - 1]).copy_sign(number)
                return self._compact_pattern(bumped, fraction_digits)
            form = self._plural_form(abs(rounded), fraction_digits)
            if form not in forms:
                form = "other"
            if rounded == 1 and key in forms.get("1", {}):
                form = "1"
            if key not in forms[form]:
                form = "other"
            return rounded, forms[form][key]
        return number, pattern

    def _plural_form(self, shown: Decimal, fraction_digits: int) -> str:
        """``locale.plural_form(shown.normalize())``, from the table where it fits: a number
        rounded to ``fraction_digits`` has that many decimals exactly (``quantize``)."""
        if fraction_digits > PLURAL_TABLE_DIGITS or shown * 100 >= PLURAL_TABLE_SIZE:
            return self.locale.plural_form(shown.normalize())
        at = int(shown.scaleb(PLURAL_TABLE_DIGITS))
        known = self.plural_table[at]
        if known:
            return self.plurals[known - 1]
        form = self.locale.plural_form(shown.normalize())
        if form not in self.plurals:
            self.plurals.append(form)
        self.plural_table[at] = self.plurals.index(form) + 1
        return form

    def apply(self, pattern: NumberPattern, value: Decimal, *, quantized: bool) -> str:
        """``pattern.apply(value, locale, decimal_quantization=quantized)`` for a plain
        pattern (digits, grouping, fraction); any other is Babel's to apply."""
        if pattern.exp_prec or "@" in pattern.pattern or pattern.scale:
            return pattern.apply(value, self.locale, decimal_quantization=quantized)
        if not value.is_finite():
            return pattern.apply(value, self.locale, decimal_quantization=quantized)
        negative = int(value.is_signed())
        value = abs(value).normalize()
        least, most = pattern.frac_prec
        if not quantized:
            exponent = value.as_tuple().exponent
            most = max(most, -exponent if isinstance(exponent, int) and exponent < 0 else 0)
        whole, _, fraction = f"{value.quantize(Decimal(10) ** -most):f}".partition(".")
        number = self._grouped(whole, pattern) + self._fraction(fraction or "0", least, most)
        shown = number if pattern.number_pattern != "" else ""
        return _unquoted(f"{pattern.prefix[negative]}{shown}{pattern.suffix[negative]}")

    def _grouped(self, digits: str, pattern: NumberPattern) -> str:
        """``NumberPattern._format_int``."""
        if len(digits) < pattern.int_prec[0]:
            digits = "0" * (pattern.int_prec[0] - len(digits)) + digits
        size, groups = pattern.grouping[0], ""
        while len(digits) > size:
            groups = self.group + digits[-size:] + groups
            digits = digits[:-size]
            size = pattern.grouping[1]
        return digits + groups

    def _fraction(self, digits: str, least: int, most: int) -> str:
        """``NumberPattern._format_frac``."""
        if len(digits) < least:
            digits += "0" * (least - len(digits))
        if most == 0 or (least == 0 and int(digits) == 0):
            return ""
        while len(digits) > least and digits[-1] == "0":
            digits = digits[:-1]
        return self.decimal + digits


@functools.cache
def numbers_of(locale: str) -> LocaleNumbers:
    """Keyed by the locale's name: hashing and comparing Babel's ``Locale`` costs more
    than a compact amount's arithmetic."""
    return LocaleNumbers(Locale.parse(locale))


@functools.cache
def pattern_of(pattern: str) -> NumberPattern:
    return parse_pattern(pattern)


def compact_long(number: Decimal, locale: str, fraction_digits: int = 0) -> str:
    """``format_compact_decimal(number, format_type="long", locale=locale,
    fraction_digits=fraction_digits)``: "1.5 million"."""
    return numbers_of(locale).compact(number, fraction_digits)


def with_pattern(number: Decimal, pattern: str, locale: str) -> str:
    """``format_currency(number, currency, format=pattern, currency_digits=False,
    locale=locale)`` for a pattern without a currency sign (¤): "200,000.50"."""
    if "¤" in pattern:
        raise ValueError(f"{pattern!r} names its currency: Babel's format_currency says it")
    return numbers_of(locale).apply(pattern_of(pattern), number, quantized=True)
