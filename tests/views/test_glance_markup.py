"""The glance drawn in Python (tracker.overview.glance_markup) is the markup of
templates/tracker/includes/glance.html and the templates it includes, byte for byte, for
tallies empty and full: one status, many currencies, a status chosen, ten years and more
of months, undated and money already counted inside a total, escaping included; and, at
their indents, of the blocks the home, event, organisation and person pages wrote with
those templates before they showed the drawn glance."""

import datetime
import random

import pytest
from django.template import engines
from django.template.loader import render_to_string

from tracker import overview
from tracker.models import CommitmentStatus
from tracker.overview.glance_markup import drawn_glance


def row(status="announced", commitments=1, currency="", amount=None, counted=0, inside=0, month=None):  # noqa: E501  # fmt: skip
    """A row of ``overview.tally(..., by_month=True)``."""
    return {
        "status": status, "commitments": commitments, "currency": currency,
        "amount": amount, "counted": counted, "inside": inside, "month": month,
    }  # fmt: skip


def months(first: datetime.date, count: int) -> list[datetime.date]:
    found = []
    year, month = first.year, first.month
    for _ in range(count):
        found.append(datetime.date(year, month, 1))
        year, month = year + month // 12, month % 12 + 1
    return found


def busy(seed: int, count: int, currencies=("GBP", "EUR", "RSD", "JPY", "KWD")) -> list[dict]:
    """Many months (more than a chart shows), every status, several currencies."""
    chosen = random.Random(seed)
    rows = []
    for month in months(datetime.date(2009, 3, 1), count):
        for _ in range(chosen.randint(0, 3)):
            currency = chosen.choice(("", *currencies))
            counted = chosen.randint(0, 3) if currency else 0
            rows.append(
                row(
                    status=chosen.choice(CommitmentStatus.values),
                    commitments=chosen.randint(1, 40),
                    currency=currency,
                    amount=chosen.randrange(10 ** chosen.randint(2, 14)) if counted else None,
                    counted=counted,
                    inside=chosen.randint(0, 2) if currency else 0,
                    month=month,
                )
            )
    rows.append(row(commitments=7, month=None))
    return rows


JANUARY = datetime.date(2020, 1, 1)
TALLIES = {
    "empty": ([], {}, ""),
    "one status, nothing dated": ([row(commitments=3)], {"country": "gb"}, ""),
    "one status, one month": (
        [row(commitments=1, month=datetime.date(2024, 5, 1))],
        {"country": "gb"},
        "",
    ),
    "money inside a total only": (
        [row(currency="GBP", inside=2, month=datetime.date(2024, 5, 1))],
        {"country": "gb"},
        "",
    ),
    "one of each, one counted": (
        [
            row(currency="GBP", amount=15_000_000_000, counted=1, inside=1, month=JANUARY),
            row(status="delivered", currency="EUR", amount=100, counted=1, month=JANUARY),
        ],
        {"country": "rs", "kind": "funding"},
        "",
    ),
    "many currencies": (busy(1, 30), {"country": "gb"}, ""),
    "a status chosen": (busy(2, 40), {"country": "fr", "kind": "funding"}, "delivered"),
    "a chosen status with none": (busy(3, 20), {"country": "fr"}, "superseded"),
    "ten years and more": (busy(4, 150), {"country": "ng"}, ""),
    "escaping": (
        busy(5, 14, currencies=("GBP",)),
        {"country": 'a"b<c>&d', "organisation": "x'y"},
        "broken",
    ),
}


@pytest.mark.parametrize("name", TALLIES)
def test_the_drawn_glance_is_the_templates_markup(name):
    rows, filters, status = TALLIES[name]
    glance = overview.glance_of(rows, filters, status=status, timeline=True)
    assert str(drawn_glance(glance)) == render_to_string("tracker/includes/glance.html", glance)


METER = '{% include "tracker/includes/status_meter.html" %}'
TOTALS = '{% include "tracker/includes/money_totals.html" %}'
TIMELINE = '{% include "tracker/includes/timeline.html" %}'
# What each page's template wrote where it now shows the drawn glance (``{{ glance }}``):
# the indent of that line, whether the glance has a timeline, and the markup.
PAGE_BLOCKS = {
    "home": ("", False, f'<div class="at-a-glance">\n  {METER}\n  {TOTALS}\n</div>'),
    "event, organisation": (
        "  ",
        False,
        f'<div class="at-a-glance">\n    {METER}\n    {TOTALS}\n  </div>',
    ),
    "person": (
        "  ",
        True,
        f'<div class="at-a-glance">\n    {METER}\n    {TOTALS}\n  </div>\n  {TIMELINE}',
    ),
}


@pytest.mark.parametrize("page", PAGE_BLOCKS)
@pytest.mark.parametrize("name", TALLIES)
def test_a_pages_drawn_glance_is_the_markup_its_template_wrote(name, page):
    rows, filters, status = TALLIES[name]
    indent, timeline, block = PAGE_BLOCKS[page]
    glance = overview.glance_of(rows, filters, status=status, timeline=timeline)
    written = engines["django"].from_string(block).render(glance)
    assert str(drawn_glance(glance, indent=indent)) == written
