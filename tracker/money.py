"""Amounts of money: integer minor units of an ISO 4217 currency, and major units.

The exponent (how many minor units make one major unit) is ISO 4217's, which
is what ``Commitment.amount_minor`` is stored in. It is not CLDR's display
precision (Babel's ``get_currency_precision``): CLDR shows Serbian dinars
without decimals, but ISO 4217, and so the stored amount, counts paras.
"""

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

# Currencies whose ISO 4217 exponent is not 2 (the exponent of all the others).
_EXPONENTS: dict[str, int] = {
    **dict.fromkeys(
        (
            "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW",
            "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF",
        ),
        0,
    ),
    **dict.fromkeys(("BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"), 3),
}  # fmt: skip
DEFAULT_EXPONENT = 2


def exponent(currency: str) -> int:
    """How many decimal places the currency's minor unit has (2 for GBP: pence)."""
    return _EXPONENTS.get(currency.upper(), DEFAULT_EXPONENT)


def to_major(amount_minor: int, currency: str) -> Decimal:
    """15000000000 GBP pence -> Decimal('150000000.00')."""
    return Decimal(amount_minor).scaleb(-exponent(currency))


def to_minor(amount_major: Decimal, currency_exponent: int, *, round_up: bool) -> int:
    """Major units to whole minor units, rounding a fraction of a minor unit outwards."""
    rounding = ROUND_CEILING if round_up else ROUND_FLOOR
    return int(amount_major.scaleb(currency_exponent).to_integral_value(rounding=rounding))


def exponent_groups() -> dict[int, tuple[str, ...] | None]:
    """Currencies by exponent; ``None`` stands for every currency not listed elsewhere."""
    groups: dict[int, list[str]] = {}
    for code, places in _EXPONENTS.items():
        groups.setdefault(places, []).append(code)
    return {**{places: tuple(codes) for places, codes in groups.items()}, DEFAULT_EXPONENT: None}
