"""How records appear in the editors' lists: amounts, short excerpts and links."""

from decimal import Decimal

from babel.numbers import format_currency
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from tracker import money
from tracker.records import edited_as


def format_amount(amount_minor: int | None, currency: str) -> str:
    """£150,000,000 for 15000000000 pence."""
    if amount_minor is None or not currency:
        return ""
    return format_money(money.to_major(amount_minor, currency), currency)


def format_money(amount: Decimal, currency: str) -> str:
    # Whole amounts without decimals; otherwise as many as the minor unit has
    # (ISO 4217's count, which is not always the one CLDR displays).
    places = 0 if amount == amount.to_integral_value() else money.exponent(currency)
    pattern = "¤#,##0" + ("." + "0" * places if places else "")
    return format_currency(amount, currency, pattern, locale="en_GB", currency_digits=False)


def shorten(text: str, words: int = 12) -> str:
    return Truncator(text).words(words)


def record_kind(record) -> str:
    """“partnership”, “quote”: what a record is, as an editor would say it."""
    return str(edited_as(record)._meta.verbose_name)


def admin_url(record) -> str:
    """The change page of a record; a commitment opens on the page of its kind."""
    opts = edited_as(record)._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])


def admin_link(record, text: str | None = None) -> str:
    if record is None:
        return ""
    return format_html('<a href="{}">{}</a>', admin_url(record), text or str(record))


def named(records) -> str:
    """quote “We will work together”, commitment “£10 million for border security”."""
    return ", ".join(f"{record_kind(record)} “{record}”" for record in records)
