"""Search's names and source articles are drawn in Python (``{% search_items %}``) as the
included template ``tracker/includes/search_item.html`` drew them, byte for byte."""

import datetime

import pytest
from django.template import Context, Template

from tests import factories
from tracker.search_highlights import Shown, mark
from tracker.templatetags.search_items import search_items

pytestmark = pytest.mark.django_db

# The template each result was included from, as it was when it was removed.
INCLUDED = (
    "{% load tracker_format %}{# A search result that is a person, organisation, even"
    "t or source article: its name or headline and its matched words marked (``marked"
    '_title``, ``marked_excerpt``: tracker.search_highlights). #}<li class="{{ kind }'
    '}" data-{% if kind == "source" %}pk="{{ record.pk }}"{% else %}slug="{{ record.s'
    'lug }}"{% endif %}>\n  {% if kind == "source" %}\n  <h3 class="item-title"><a href'
    '="{{ record.get_absolute_url }}">{% if record.headline_supplied %}[{{ record.mar'
    "ked_title }}]{% else %}{{ record.marked_title }}{% endif %}</a></h3>\n  <p class="
    '"meta">{{ record.publisher|default:"Publisher not named" }}{% if record.publishe'
    "d_on %} · {{ record.published_on|fuzzy_date:record.published_on_precision }}{% e"
    'ndif %}</p>\n  {% if record.marked_excerpt %}<p class="summary search-excerpt">{{'
    ' record.marked_excerpt }}</p>{% endif %}\n  {% else %}\n  <a href="{{ record.get_a'
    'bsolute_url }}">{{ record.marked_title }}</a>{% if kind == "organisation" and re'
    'cord.abbreviation %} ({{ record.abbreviation }}){% endif %}{% if kind == "event"'
    ' %} <span class="meta dot-list">{% if record.location %}<span>{{ record.location'
    ' }}</span>{% endif %}{% if record.starts_on %}<time datetime="{{ record.starts_o'
    'n|iso_date:record.starts_on_precision }}">{{ record.starts_on|fuzzy_date:record.'
    "starts_on_precision }}</time>{% endif %}</span>{% elif record.description %} <sp"
    'an class="meta">{{ record.description|truncatewords:20 }}</span>{% endif %}\n  {%'
    " endif %}\n</li>\n"
)


def as_included(records: list, kind: str) -> str:
    template = Template(INCLUDED)
    return "".join(template.render(Context({"record": r, "kind": kind})) for r in records)


def marked(records: list, shown: Shown, words: str) -> list:
    mark(records, shown, words)
    return records


def test_names_and_articles_are_drawn_as_the_template_drew_them(db):
    long = " ".join(f"word{n}" for n in range(30))
    cases = {
        "source": (
            Shown("headline", "text"),
            [
                factories.SourceArticleFactory(headline='Border <b>&</b> "quotes"'),
                factories.SourceArticleFactory(
                    headline="Supplied", headline_supplied=True, publisher="", published_on=None
                ),
                factories.SourceArticleFactory(
                    published_on=datetime.date(2024, 11, 1), published_on_precision="month"
                ),
            ],
        ),
        "person": (
            Shown("name"),
            [
                factories.PersonFactory(name="Ada <Border>", description=long),
                factories.PersonFactory(name="Bo Border", description="A & B"),
                factories.PersonFactory(name="Cy Border", description=""),
            ],
        ),
        "organisation": (
            Shown("name"),
            [
                factories.OrganisationFactory(name="Border Force", abbreviation="B&F"),
                factories.OrganisationFactory(name="Border Office", abbreviation=""),
            ],
        ),
        "event": (
            Shown("name"),
            [
                factories.EventFactory(name="Border summit"),
                factories.EventFactory(name="Border talks", location="", starts_on=None),
                factories.EventFactory(
                    name="Border <year>",
                    starts_on=datetime.date(2024, 1, 1),
                    starts_on_precision="year",
                ),
            ],
        ),
    }
    for kind, (shown, records) in cases.items():
        records = marked(records, shown, "border")
        assert search_items(records, kind) == as_included(records, kind)
