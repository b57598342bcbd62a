"""The items of a page's lists drawn in Python (tracker.templatetags.record_items): escaped
like the template language, every item with its evidence, search's marks kept as HTML, and
the item templates drawing one item the same way as the lists."""

import datetime
from types import SimpleNamespace

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from tracker.templatetags.record_items import (
    announcement_item,
    commitment_item,
    commitment_items,
    figure_item,
    quote_item,
    quote_items,
)

HOSTILE = 'A <script> & "pledge"'
ESCAPED = "A &lt;script&gt; &amp; &quot;pledge&quot;"


def record(model: str, **fields) -> SimpleNamespace:
    values = {"slug": f"a-{model}", "source_count": 2, "disputed": False}
    values.update(fields)
    made = SimpleNamespace(**values)
    made.get_absolute_url = lambda: f"/{model}s/{made.slug}/"
    return made


def related(*records) -> SimpleNamespace:
    """A many-to-many or reverse relation as a prefetch leaves it."""
    return SimpleNamespace(all=lambda: list(records))


def commitment(**fields) -> SimpleNamespace:
    country = SimpleNamespace(name="Côte d'Ivoire")
    values = {
        "kind": "funding",
        "status": "in_progress",
        "title": HOSTILE,
        "summary": "Money for the border.",
        "amount_minor": 150_000_000_00,
        "currency": "GBP",
        "period_label": "over <two> years",
        "announced_on": datetime.date(2024, 11, 7),
        "announced_on_precision": "month",
        "parties": related(SimpleNamespace(country=country), SimpleNamespace(country=country)),
    }
    values.update(fields)
    made = record("commitment", **values)
    made.kind_label = lambda locale=None: "Funding"
    made.status_label = lambda locale=None: "In progress"
    return made


def test_a_commitment_escapes_and_says_everything():
    html = commitment_item(commitment(disputed=True))
    assert f'<a href="/commitments/a-commitment/">{ESCAPED}</a>' in html
    assert "<script>" not in html
    assert '<span class="tag tag--funding">Funding</span>' in html
    assert '<span class="tag tag--status tag--status-in_progress">In progress</span>' in html
    assert '<span class="source-count">2 sources</span>' in html
    assert 'href="/commitments/a-commitment/#disagreement-heading">Sources disagree</a>' in html
    assert (
        '<p class="amount"><data value="15000000000" title="£150,000,000">£150 million</data>'
        ' <span class="meta">over &lt;two&gt; years</span></p>' in html
    )
    assert '<time datetime="2024-11">November 2024</time>' in html
    assert "<span>Côte d&#x27;Ivoire, Côte d&#x27;Ivoire</span>" in html


def test_a_record_without_a_published_source_says_so():
    html = commitment_item(commitment(source_count=0, amount_minor=None, announced_on=None))
    assert (
        '<span class="evidence-tags"><span class="source-count source-count--none">'
        "No published source yet</span></span>" in html
    )
    assert "Sources disagree" not in html
    assert 'class="amount"' not in html and "<time" not in html


def test_one_source_is_singular():
    assert '<span class="source-count">1 source</span>' in commitment_item(
        commitment(source_count=1)
    )


def test_a_long_summary_is_cut_at_forty_words_and_search_marks_are_kept():
    words = " ".join(f"word{n}" for n in range(60))
    html = commitment_item(commitment(summary=words))
    assert '<p class="summary">' + " ".join(f"word{n}" for n in range(40)) + " …</p>" in html
    marked = commitment(
        marked_title=mark_safe("A <mark>border</mark> fund"),
        marked_excerpt=mark_safe("… the <mark>border</mark> …"),
    )
    html = commitment_item(marked)
    assert '<a href="/commitments/a-commitment/">A <mark>border</mark> fund</a>' in html
    assert '<p class="summary">… the <mark>border</mark> …</p>' in html


def test_an_announcement_names_its_speaker_event_and_countries():
    country = SimpleNamespace(name="Serbia & Kosovo", get_absolute_url=lambda: "/countries/rs/")
    announcement = record(
        "announcement",
        title="Talks",
        summary="They met.",
        announced_on=datetime.date(2024, 11, 7),
        announced_on_precision="day",
        speaker=SimpleNamespace(name="The <Minister>"),
        event=SimpleNamespace(name="Summit"),
        countries=related(country, country),
    )
    html = announcement_item(announcement)
    assert (
        '<p class="meta dot-list"><time datetime="2024-11-07">7 November 2024</time>'
        "<span>The &lt;Minister&gt;</span><span>Summit</span>\n"
        '<span class="evidence-tags"><span class="source-count">2 sources</span></span>\n</p>'
        in html
    )
    assert (
        '<p class="meta">Countries: <a href="/countries/rs/">Serbia &amp; Kosovo</a>, '
        '<a href="/countries/rs/">Serbia &amp; Kosovo</a></p>' in html
    )
    alone = record(
        "announcement",
        title="Talks",
        summary="They met.",
        announced_on=None,
        announced_on_precision="day",
        speaker=None,
        event=None,
        countries=related(),
    )
    assert "Countries:" not in announcement_item(alone)


def quote(**fields) -> SimpleNamespace:
    speaker = SimpleNamespace(name="Yvette", get_absolute_url=lambda: "/people/yvette/")
    values = {
        "text": 'We will "smash" the gangs',
        "speaker": speaker,
        "speaker_role": SimpleNamespace(title="Home Secretary"),
        "said_on": datetime.date(2024, 11, 7),
        "said_on_precision": "day",
        "event": None,
    }
    values.update(fields)
    return record("quote", **values)


def test_a_quote_names_its_speaker_and_their_role_that_day():
    html = quote_item(quote())
    assert "“We will &quot;smash&quot; the gangs”</a>" in html
    assert '<a href="/people/yvette/">Yvette</a>, Home Secretary\n' in html
    assert '<a href="/people/yvette/">Yvette</a>\n' in quote_item(quote(speaker_role=None))


def test_a_figure_is_its_value_with_its_qualifier_capitalised():
    figure = record(
        "figure",
        value=1000,
        unit="people",
        currency="",
        qualifier="about",
        label="Crossings",
        period_label="2024",
    )
    figure.get_qualifier_display = lambda: "About"
    html = figure_item(figure)
    assert '<a href="/figures/a-figure/">About 1,000 people</a>' in html
    assert '<p class="figure-label">Crossings, 2024</p>' in html


def test_the_item_templates_draw_an_item_as_the_lists_do():
    """Pages that include an item template (search, the home page, a person's page) and
    pages that draw a whole list meet the same markup: one item, a line each."""
    first, second = commitment(), commitment(slug="another", disputed=True)
    included = "".join(
        render_to_string("tracker/includes/commitment_item.html", {"commitment": one})
        for one in (first, second)
    )
    assert included == commitment_items([first, second])
    assert included.count("\n</li>\n") == 2
    assert render_to_string("tracker/includes/quote_item.html", {"quote": quote()}) == (
        quote_items([quote()])
    )
