"""The countries index's rows drawn in Python (tracker.templatetags.list_rows): escaped like
the template language, zero counts greyed out, money a line per currency."""

from types import SimpleNamespace

from tracker.templatetags.list_rows import country_rows


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
