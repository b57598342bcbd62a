"""What the views' tests share beyond tests/conftest.py."""

import pytest
from django.core.management import call_command
from django.db.models import query

from tracker.models import Announcement, Person, Publication, Quote

DRAFT = Publication.DRAFT


@pytest.fixture
def generated(db):
    """Generated records with drafts among them, ties on dates, titles and speakers' names,
    undated ones: what the country lists' row order and a country page's newest records are
    tested on."""
    call_command("generate_synthetic", commitments=300, seed=5, verbosity=0)
    for model, date, text in ((Announcement, "announced_on", "title"), (Quote, "said_on", None)):
        keys = list(model.objects.order_by("pk").values_list("pk", flat=True))
        model.objects.filter(pk__in=keys[::7]).update(publication=DRAFT)
        model.objects.filter(pk__in=keys[1::5]).update(**{date: "2024-01-01"})
        model.objects.filter(pk__in=keys[2::11]).update(**{date: None})
        if text:
            model.objects.filter(pk__in=keys[3::13]).update(**{text: "Same title"})
    # Speakers renamed into ties and out of their order.
    Person.objects.filter(pk__in=list(Person.objects.values_list("pk", flat=True)[::3])).update(
        name="Same Name"
    )


@pytest.fixture
def prefetched(monkeypatch) -> list[str]:
    """The paths of the relations Django's prefetch reads from here on, in order: none
    where a page reads its relations by key (``search_related.read_with_related``)."""
    read = []
    prefetch_one_level = query.prefetch_one_level

    def counted(*args, **kwargs):
        read.append(args[2].prefetch_through)  # args: instances, prefetcher, lookup, level
        return prefetch_one_level(*args, **kwargs)

    monkeypatch.setattr(query, "prefetch_one_level", counted)
    return read
