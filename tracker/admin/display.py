"""How records appear in the editors' lists: amounts, short excerpts and links."""

from decimal import Decimal

from babel.numbers import format_currency, get_currency_precision
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from tracker.models import Commitment, CommitmentKind, FundingCommitment, Partnership, Pledge

ADMIN_MODEL_OF_KIND = {
    CommitmentKind.PARTNERSHIP: Partnership,
    CommitmentKind.FUNDING: FundingCommitment,
    CommitmentKind.PLEDGE: Pledge,
}


def format_amount(amount_minor: int | None, currency: str) -> str:
    """£150,000,000 for 15000000000 pence; the minor unit comes from the currency."""
    if amount_minor is None or not currency:
        return ""
    return format_money(Decimal(amount_minor).scaleb(-get_currency_precision(currency)), currency)


def format_money(amount: Decimal, currency: str) -> str:
    if amount == amount.to_integral_value():
        return format_currency(amount, currency, "¤#,##0", locale="en_GB", currency_digits=False)
    return format_currency(amount, currency, locale="en_GB")


def shorten(text: str, words: int = 12) -> str:
    return Truncator(text).words(words)


def admin_url(record) -> str:
    """The change page of a record; a commitment opens on the page of its kind."""
    model = record._meta.model
    if isinstance(record, Commitment):
        model = ADMIN_MODEL_OF_KIND.get(record.kind, Commitment)
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])


def admin_link(record, text: str | None = None) -> str:
    if record is None:
        return ""
    return format_html('<a href="{}">{}</a>', admin_url(record), text or str(record))
