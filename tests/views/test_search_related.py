"""A search's results read the rows they draw beside their own (a commitment's parties, an
announcement's countries) by key, each relation's query compiled once per number of records
(``search_related``), and hold them as Django's prefetch held them: the same rows, in the
same order, in the related managers' caches, with no query more when drawn."""

import datetime

import pytest
from django.db import connection
from django.db.models import Prefetch
from django.test.utils import CaptureQueriesContext

from tests import factories
from tracker import search_page
from tracker.models import Announcement, Commitment, CommitmentParty, PartyRole

pytestmark = pytest.mark.django_db

COUNTRIES = ("RS", "AL", "FR", "IT", "GB")


@pytest.fixture
def lighthouses():
    """Lighthouse pledges and announcements, newest last, each tied to a few countries in
    different roles (some to none), and a draft the search does not show."""
    for n in range(6):
        pledge = factories.PartnershipFactory(
            title=f"Lighthouse keepers {n}",
            announced_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=n),
        )
        for position, code in enumerate(COUNTRIES[: n % 4]):
            role = PartyRole.LEAD if position == 1 else PartyRole.PARTNER
            factories.CommitmentPartyFactory(commitment=pledge, country_id=code, role=role)
        announcement = factories.AnnouncementFactory(
            title=f"Lighthouse keepers announced {n}",
            announced_on=datetime.date(2024, 2, 1) + datetime.timedelta(days=n),
        )
        announcement.countries.set(COUNTRIES[(n % 3) :])


def parties(commitment) -> list:
    return [
        (party.role, party.country.name, party.commitment_id) for party in commitment.parties.all()
    ]


def countries(announcement) -> list:
    return [country.name for country in announcement.countries.all()]


def results_of(words: str) -> dict:
    return {result.kind.name: result.records for result in search_page.everything(words)}


def test_results_hold_their_related_rows_as_djangos_prefetch_held_them(lighthouses):
    results = results_of("lighthouse")
    commitments, announcements = results["commitment"], results["announcement"]
    assert len(commitments) == 6 and len(announcements) == 6
    with CaptureQueriesContext(connection) as drawn:
        drawn_parties = {commitment.pk: parties(commitment) for commitment in commitments}
        drawn_countries = {
            announcement.pk: countries(announcement) for announcement in announcements
        }
        for commitment in commitments:
            for party in commitment.parties.all():
                assert party.commitment is commitment
    assert len(drawn) == 0
    prefetched = Commitment.objects.filter(pk__in=drawn_parties).with_parties()
    assert drawn_parties == {commitment.pk: parties(commitment) for commitment in prefetched}
    assert any(drawn_parties.values()) and not all(drawn_parties.values())
    prefetched = Announcement.objects.filter(pk__in=drawn_countries).prefetch_related("countries")
    assert drawn_countries == {
        announcement.pk: countries(announcement) for announcement in prefetched
    }


def test_the_page_builds_no_prefetch_query_of_its_own(client, lighthouses, prefetched):
    """Django's prefetch built each relation's query for each page (the filter by the rows
    read, its compiling); the page reads them by key instead, compiled once."""
    client.get("/search/", {"q": "lighthouse"})
    with CaptureQueriesContext(connection) as built:
        html = client.get("/search/", {"q": "lighthouse"}).content.decode()
    assert prefetched == []
    assert "keepers 5" in html and "Serbia" in html
    statements = [q["sql"] for q in built.captured_queries]
    assert sum(sql.startswith('SELECT "tracker_commitmentparty"') for sql in statements) == 1
    assert sum('"_prefetch_related_val_announcement_id"' in sql for sql in statements) == 1


def test_no_related_query_without_results(lighthouses):
    from tracker.search_related import read_with_related

    with CaptureQueriesContext(connection) as read:
        records = read_with_related(Commitment.objects.filter(title="none").with_parties())
    assert records == [] and len(read) == 1


def test_relations_it_does_not_read_are_prefetched_by_django(lighthouses):
    """A path through several relations, or a ``Prefetch`` into an attribute of its own or
    through a queryset that filters, is left to Django, which reads it as before."""
    from tracker.search_related import read_with_related

    keys = list(Commitment.objects.values_list("pk", flat=True))
    leads = CommitmentParty.objects.filter(role=PartyRole.LEAD)
    rows = Commitment.objects.filter(pk__in=keys).order_by("pk")
    read = read_with_related(
        rows.prefetch_related(
            "parties__country",
            Prefetch("parties", queryset=leads, to_attr="leads"),
            Prefetch("announcement__countries"),
        )
    )
    expected = list(
        rows.prefetch_related(
            "parties__country",
            Prefetch("parties", queryset=leads, to_attr="leads"),
            Prefetch("announcement__countries"),
        )
    )
    assert [parties(record) for record in read] == [parties(record) for record in expected]
    assert [[party.pk for party in record.leads] for record in read] == [
        [party.pk for party in record.leads] for record in expected
    ]
    assert any(record.leads for record in read)


def test_a_lookup_that_is_no_field_is_djangos_to_refuse(lighthouses):
    from tracker.search_related import read_with_related

    with pytest.raises(AttributeError, match="Cannot find 'lighthouses'"):
        read_with_related(Commitment.objects.prefetch_related("lighthouses"))


def test_a_relation_of_a_joined_record_is_read_by_key_as_django_held_it(db, prefetched):
    """A quote's speaker's roles (``speaker__roles``, the speaker joined): each speaker
    instance holds its roles, in their order, as Django's prefetch gave them, two quotes of
    one speaker each theirs; read in one query, not by Django's prefetch."""
    from tracker.models import Quote
    from tracker.search_related import read_with_related

    speakers = [factories.PersonFactory() for _ in range(3)]
    for n, started in enumerate((datetime.date(2020, 1, 1), datetime.date(2023, 5, 1))):
        factories.RoleFactory(person=speakers[0], title=f"Minister {n}", started_on=started)
    factories.RoleFactory(person=speakers[1], title="Envoy", started_on=datetime.date(2019, 1, 1))
    for n, speaker in enumerate((speakers[0], speakers[1], speakers[0], speakers[2])):
        factories.QuoteFactory(speaker=speaker, said_on=datetime.date(2024, 1, 1 + n))
    rows = Quote.objects.published().for_items().order_by("said_on")
    expected = [[role.title for role in quote.speaker.roles.all()] for quote in rows]
    prefetched.clear()  # what reading the expected roles prefetched
    with CaptureQueriesContext(connection) as read:
        quotes = read_with_related(rows)
    assert prefetched == [] and len(read) == 2
    with CaptureQueriesContext(connection) as drawn:
        held = [[role.title for role in quote.speaker.roles.all()] for quote in quotes]
        roles_on = [quote.speaker_role for quote in quotes]
    assert len(drawn) == 0
    assert held == expected == [["Minister 1", "Minister 0"], ["Envoy"], held[0], []]
    assert quotes[0].speaker is not quotes[2].speaker
    assert [role and role.title for role in roles_on] == ["Minister 1", "Envoy", "Minister 1", None]
