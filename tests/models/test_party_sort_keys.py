"""Each commitment party holds a copy of its commitment's sort keys, kept by the database's
triggers (migration 0020) whatever writes, and a page of a country's commitments in each
sort of the lists is read off the parties' index in that order (benchmarks/RESULTS.md)."""

import datetime

import pytest
from django.core import serializers
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    CommitmentFactory,
    CommitmentPartyFactory,
    FundingCommitmentFactory,
)
from tests.parallel import in_parallel
from tests.plans import page_plan, plan_of, postgresql_only
from tracker import models
from tracker.filters import COMMITMENT_SORTS, CommitmentFilters
from tracker.models.commitment_parts import SORT_KEY_COPIES

pytestmark = pytest.mark.django_db


def copies(party: models.CommitmentParty) -> dict:
    """The party's copies as the database holds them."""
    return models.CommitmentParty.objects.values(*SORT_KEY_COPIES).get(pk=party.pk)


def keys_of(commitment: models.Commitment) -> dict:
    """What the copies of ``commitment``'s keys must be, read from it afresh."""
    commitment.refresh_from_db()
    return {
        "commitment_published": commitment.publication == models.Publication.PUBLISHED,
        "commitment_announced_on": commitment.announced_on,
        "commitment_title": commitment.title,
        "commitment_currency": commitment.currency or None,
        "commitment_amount_minor": commitment.amount_minor,
    }


def test_a_party_takes_its_commitments_keys_when_it_is_written():
    funding = FundingCommitmentFactory(title="Border money", announced_on=datetime.date(2024, 3, 1))
    party = CommitmentPartyFactory(commitment=funding)
    assert copies(party) == {
        "commitment_published": True,
        "commitment_announced_on": datetime.date(2024, 3, 1),
        "commitment_title": "Border money",
        "commitment_currency": "GBP",
        "commitment_amount_minor": 1_000_000_000,
    }
    pledge = CommitmentFactory(announced_on=None, publication=models.Publication.DRAFT)
    undated = copies(CommitmentPartyFactory(commitment=pledge, country_id="AL"))
    assert undated == keys_of(pledge)
    assert undated["commitment_currency"] is None  # no currency: NULL as the lists sort it


def test_a_commitment_changed_by_save_or_by_update_changes_its_parties_copies():
    funding = FundingCommitmentFactory()
    parties = [CommitmentPartyFactory(commitment=funding, country_id=c) for c in ("RS", "GB")]
    funding.title = "Renamed"
    funding.announced_on = datetime.date(2020, 1, 2)
    funding.save()
    assert [copies(party) for party in parties] == [keys_of(funding)] * 2
    # QuerySet.update(), as a history revert and the publishing of drafts do.
    models.Commitment.objects.filter(pk=funding.pk).update(
        publication=models.Publication.DRAFT, currency="EUR", amount_minor=5
    )
    assert [copies(party) for party in parties] == [keys_of(funding)] * 2
    assert copies(parties[0])["commitment_published"] is False
    assert copies(parties[0])["commitment_currency"] == "EUR"


def test_a_party_saved_from_stale_values_still_holds_its_commitments_keys():
    """The admin saves a commitment, then its parties' inline rows, read before the
    commitment changed: the database copies the keys, whatever the party's form held."""
    party = CommitmentPartyFactory()
    stale = models.CommitmentParty.objects.get(pk=party.pk)
    models.Commitment.objects.filter(pk=party.commitment_id).update(title="Changed meanwhile")
    stale.role = models.PartyRole.LEAD
    stale.save()
    assert copies(party)["commitment_title"] == "Changed meanwhile"
    # Moved to another commitment, it takes that one's keys.
    other = FundingCommitmentFactory(title="Another")
    stale.commitment = other
    stale.save()
    assert copies(party) == keys_of(other)


@pytest.mark.parametrize("key_options", [[], ["--natural-foreign"]], ids=["plain", "natural"])
def test_a_dump_loaded_again_lists_each_countrys_commitments(client, tmp_path, key_options):
    """``dumpdata tracker`` writes the parties before their commitments (the app registers
    their model first), and ``loaddata`` writes rows in the file's order: a party written
    before its commitment takes the keys once the commitment is inserted (migration 0022)."""
    party = CommitmentPartyFactory(commitment=FundingCommitmentFactory(title="Border money"))
    dump = tmp_path / "tracker.json"
    call_command("dumpdata", "tracker", *key_options, f"--output={dump}", verbosity=0)
    if connection.vendor == "postgresql":
        # PostgreSQL refuses to TRUNCATE while the test's deferred checks are pending.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", "--no-input", verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # as outside a test: checked at commit
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    call_command("loaddata", str(dump), verbosity=0)
    assert copies(party) == keys_of(party.commitment)
    page = client.get("/commitments/", {"country": party.country.slug})
    assert "Border money" in page.content.decode()


def test_the_copies_are_neither_edited_nor_exported_nor_kept_in_history():
    party = CommitmentPartyFactory()
    fields = {field.name: field for field in models.CommitmentParty._meta.fields}
    assert all(not fields[name].editable for name in SORT_KEY_COPIES)
    serialised = serializers.serialize("python", [party])[0]["fields"]
    assert not set(SORT_KEY_COPIES) & set(serialised)
    historical = {field.name for field in party.history.model._meta.fields}
    assert not set(SORT_KEY_COPIES) & historical


@pytest.mark.parametrize("sort", list(COMMITMENT_SORTS))
def test_a_page_of_a_countrys_commitments_is_read_off_the_parties_index_of_its_sort(sort):
    postgresql_only()
    party = CommitmentPartyFactory(commitment=FundingCommitmentFactory())
    filters = CommitmentFilters(QueryDict(f"country={party.country.slug}&sort={sort}"))
    assert filters.is_valid(), filters.errors
    page = filters.filter(models.Commitment.objects.published().for_list_rows())[:25]
    with CaptureQueriesContext(connection) as queries:
        assert [commitment.pk for commitment in page] == [party.commitment_id]
    # With sorting and the parties' scans priced out, the plan reads the rows in the
    # order of an index of the parties, which it can only if that index is the sort's.
    plan = plan_of(
        queries.captured_queries[0]["sql"],
        off=("sort", "incremental_sort", "seqscan", "bitmapscan"),
    )
    index = {
        "newest": "commitmentparty_newest_idx",
        "oldest": "commitmentparty_oldest_idx",
        "amount-desc": "commitmentparty_amount_idx",
        "amount-asc": "commitmentparty_amount_asc_idx",
        "title": "commitmentparty_title_idx",
    }[sort]
    assert f"Scan using {index} on tracker_commitmentparty" in plan, plan
    assert "Sort" not in page_plan(plan), plan


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("party_first", [False, True], ids=["publish-first", "party-first"])
def test_a_party_added_while_its_commitment_is_published_elsewhere_takes_the_new_keys(
    party_first,
):
    """An editor publishes a draft commitment while another adds a country to it (the
    parties' own admin, an import), in either order: once both are committed the party
    holds the published commitment's keys, or the country's list never shows it."""
    postgresql_only()
    draft = CommitmentFactory(publication=models.Publication.DRAFT, title="Before")
    added = []

    def publish():
        models.Commitment.objects.filter(pk=draft.pk).update(
            publication=models.Publication.PUBLISHED, title="After"
        )

    def add_party():
        added.append(CommitmentPartyFactory(commitment=draft, country_id="RS"))

    in_parallel(*((add_party, publish) if party_first else (publish, add_party)))
    assert copies(added[0]) == keys_of(draft)
    assert copies(added[0])["commitment_published"] is True
