"""A country's commitments listed in its parties' order (their copies of the sort keys,
``involving_in_party_order()``) come in the order the commitments' own keys give, in every
sort, with every filter beside the country, on the fixtures and on generated data with
drafts, and after the commitments change."""

import itertools

from django.core.management import call_command
from django.db.models import Count, Value
from django.db.models.functions import NullIf

from tests import factories
from tracker.filters import COMMITMENT_SORTS, CommitmentFilters
from tracker.models import Commitment, CommitmentKind, Country, Publication

KINDS = ("", *CommitmentKind.values)
STATUSES = ("", "announced", "in_progress")


def listed(data: dict) -> list[int]:
    """The keys of the list the filters give, in its order."""
    filters = CommitmentFilters(data)
    assert filters.is_valid(), filters.errors
    return list(filters.filter(Commitment.objects.published()).values_list("pk", flat=True))


def by_the_commitments_keys(data: dict) -> list[int]:
    """The same list read as before the copies: the country's commitments (EXISTS) in the
    order of the commitments' own keys."""
    filters = CommitmentFilters(data)
    assert filters.is_valid(), filters.errors
    rows = filters.matching(Commitment.objects.published()).annotate(
        currency_sort=NullIf("currency", Value(""))
    )
    return list(
        rows.order_by(*COMMITMENT_SORTS[data["sort"]].ordering).values_list("pk", flat=True)
    )


def assert_every_list_in_the_commitments_order(countries: list[str]) -> int:
    """Compares each country's lists, every sort, kind and two statuses; returns how many
    had rows (the comparison means something only then)."""
    with_rows = 0
    for country, sort, kind, status in itertools.product(
        countries, COMMITMENT_SORTS, KINDS, STATUSES
    ):
        data = {"country": country, "sort": sort, "kind": kind, "status": status}
        expected = by_the_commitments_keys(data)
        assert listed(data) == expected, data
        with_rows += bool(expected)
    return with_rows


def test_each_countrys_lists_follow_the_commitments_order_in_the_world(world):
    countries = list(
        Country.objects.filter(commitment_roles__isnull=False)
        .values_list("slug", flat=True)
        .distinct()
    )
    assert countries
    assert assert_every_list_in_the_commitments_order(countries) > 0


def test_each_countrys_lists_follow_the_commitments_order_on_generated_data_with_drafts(db):
    call_command("generate_synthetic", commitments=300, seed=3, verbosity=0)
    drafts = list(Commitment.objects.order_by("pk").values_list("pk", flat=True)[::7])
    Commitment.objects.filter(pk__in=drafts).update(publication=Publication.DRAFT)
    # Ties on the date, so that the title and key decide; an undated and a renamed one.
    dated = Commitment.objects.order_by("pk").values_list("pk", flat=True)
    Commitment.objects.filter(pk__in=list(dated[1::5])).update(announced_on="2024-01-01")
    Commitment.objects.filter(pk__in=list(dated[2::11])).update(announced_on=None)
    Commitment.objects.filter(pk__in=list(dated[3::13])).update(title="Same title")
    countries = list(
        Country.objects.annotate(parties=Count("commitment_roles"))
        .filter(parties__gt=0)
        .order_by("-parties", "slug")
        .values_list("slug", flat=True)[:4]
    )
    assert assert_every_list_in_the_commitments_order(countries) > 20


def test_a_country_list_follows_an_edit_at_once(db):
    older = factories.FundingCommitmentFactory(title="Older", announced_on="2023-01-01")
    newer = factories.FundingCommitmentFactory(title="Newer", announced_on="2024-01-01")
    for commitment in (older, newer):
        factories.CommitmentPartyFactory(commitment=commitment, country_id="RS")
    data = {"country": "serbia", "sort": "newest", "kind": "", "status": ""}
    assert listed(data) == [newer.pk, older.pk]
    older.announced_on = "2025-01-01"
    older.save()
    assert listed(data) == [older.pk, newer.pk]
    Commitment.objects.filter(pk=older.pk).update(publication=Publication.DRAFT)
    assert listed(data) == [newer.pk]
    assert listed({**data, "sort": "amount-asc"}) == by_the_commitments_keys(
        {**data, "sort": "amount-asc"}
    )
