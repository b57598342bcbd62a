"""The countries index's rows drawn in Python (tracker.templatetags.list_rows): escaped like
the template language, zero counts greyed out, money a line per currency."""

import datetime
from types import SimpleNamespace

from tracker.templatetags.list_rows import commitment_rows, country_rows


def country(**counts):
    fields = {
        "slug": "bosnia-and-herzegovina",
        "name": 'Bosnia & "Herzegovina" <b>',
        "region": "Western Balkans",
        "commitment_count": 1234,
        "partnership_count": 0,
        "funding_count": 1234,
        "pledge_count": 0,
        "announcement_count": 2,
        "quote_count": 0,
        "figure_count": 1,
        "money": [("EUR", 150_000_000_00), ("GBP", 2_500_00)],
    }
    fields.update(counts)
    row = SimpleNamespace(**fields)
    row.get_absolute_url = lambda: f"/countries/{row.slug}/"
    return row


def test_a_row_escapes_what_it_shows():
    html = country_rows([country()], "/commitments/")
    assert "Bosnia &amp; &quot;Herzegovina&quot; &lt;b&gt;" in html
    assert "<b>" not in html
    assert '<a href="/commitments/?country=bosnia-and-herzegovina">1,234</a>' in html


def test_zero_counts_are_greyed_out_and_money_is_a_line_per_currency():
    html = country_rows([country()], "/commitments/")
    assert '<td class="num zero" data-label="Partnerships">0</td>' in html
    assert '<td class="num" data-label="Funding">1,234</td>' in html
    assert (
        '<span class="money-total">€150 million</span><br>'
        '<span class="money-total">£2,500</span>' in html
    )


def test_a_country_without_money_says_none():
    html = country_rows([country(money=[])], "/commitments/")
    assert (
        '<td class="num" data-label="Money committed"><span class="zero">None</span></td>' in html
    )
    assert html.count("<tr ") == 1


def commitment(**fields):
    party = SimpleNamespace(country=SimpleNamespace(name="Côte d'Ivoire"))
    values = {
        "slug": "a-pledge",
        "kind": "pledge",
        "title": 'A <script> & "pledge"',
        "parties": SimpleNamespace(all=lambda: [party, party]),
        "amount_minor": 150_000_000_00,
        "currency": "GBP",
        "status": "announced",
        "announced_on": datetime.date(2024, 11, 7),
        "announced_on_precision": "month",
        "source_count": 1,
        "disputed": True,
    }
    values.update(fields)
    row = SimpleNamespace(**values)
    row.get_absolute_url = lambda: f"/commitments/{row.slug}/"
    row.status_label = lambda locale=None: "Announced"
    return row


def test_a_commitment_row_escapes_and_says_everything():
    html = commitment_rows([commitment()])
    title = "A &lt;script&gt; &amp; &quot;pledge&quot;"
    assert f'<a href="/commitments/a-pledge/">{title}</a>' in html
    assert "<script>" not in html
    assert '<span class="tag tag--pledge">Pledge</span>' in html
    assert "Côte d&#x27;Ivoire, Côte d&#x27;Ivoire" in html
    assert '<data value="15000000000" title="£150,000,000">£150 million</data>' in html
    assert '<time datetime="2024-11">November 2024</time>' in html
    assert f'aria-label="1 source article of “{title}”">1</a>' in html
    assert 'href="/commitments/a-pledge/#disagreement-heading">Sources disagree</a>' in html


def test_a_commitment_row_without_amount_countries_date_or_dispute():
    html = commitment_rows(
        [
            commitment(
                amount_minor=None,
                parties=SimpleNamespace(all=list),
                announced_on=None,
                source_count=3,
                disputed=False,
            )
        ]
    )
    assert '<span class="zero">—<span class="visually-hidden">no amount</span></span>' in html
    assert '<span class="zero">None named</span>' in html
    assert '<span class="zero">Undated</span>' in html
    assert "3 source articles of" in html
    assert "Sources disagree" not in html
