"""Each person and event counts its published quotes and announcements in columns the
database keeps (triggers, migration 0025), whatever writes; whether they are public and
the people index's "most quoted" sort are read off those columns."""

import pytest
from django.core import serializers
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Q
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.parallel import in_parallel
from tests.plans import plan_of, postgresql_only
from tracker import models
from tracker.index_filters import OrganisationFilters, PersonFilters
from tracker.models import Publication
from tracker.models.actors import (
    ORGANISATION_COUNTS,
    PERSON_AND_EVENT_COUNTS,
    count_named_again,
    defer_counting,
)

pytestmark = pytest.mark.django_db

DRAFT, PUBLISHED = Publication.DRAFT, Publication.PUBLISHED


def counts(row) -> tuple[int, int]:
    """The row's (quotes, announcements), or an organisation's (commitments,
    announcements), as the database holds them."""
    columns = (
        ORGANISATION_COUNTS if isinstance(row, models.Organisation) else PERSON_AND_EVENT_COUNTS
    )
    return tuple(type(row).objects.values_list(*columns).get(pk=row.pk))


def counted_afresh(model) -> dict[int, tuple[int, int]]:
    """Every row's counts of ``model`` computed from the records themselves."""
    rows = model.objects.annotate(
        q=Count("quotes", filter=Q(quotes__publication=PUBLISHED), distinct=True),
        a=Count("announcements", filter=Q(announcements__publication=PUBLISHED), distinct=True),
    )
    return {row.pk: (row.q, row.a) for row in rows}


def held(model) -> dict[int, tuple[int, int]]:
    return {pk: (q, a) for pk, q, a in model.objects.values_list("pk", *PERSON_AND_EVENT_COUNTS)}


def test_saving_publishing_moving_and_deleting_records_keeps_the_counts():
    person, other = factories.PersonFactory(), factories.PersonFactory()
    event = factories.EventFactory()
    assert counts(person) == (0, 0)

    quote = factories.QuoteFactory(speaker=person, event=event)
    factories.QuoteFactory(speaker=person, publication=DRAFT)
    factories.AnnouncementFactory(speaker=person, event=event)
    assert counts(person) == (1, 1)
    assert counts(event) == (1, 1)

    # Withdrawn by update(), as publishing actions and history reverts write.
    models.Quote.objects.filter(pk=quote.pk).update(publication=DRAFT)
    assert counts(person) == (0, 1) and counts(event) == (0, 1)
    models.Quote.objects.filter(pk=quote.pk).update(publication=PUBLISHED)
    assert counts(person) == (1, 1)

    # Moved to another speaker and no event: both rows count again.
    quote.speaker, quote.event = other, None
    quote.save()
    assert counts(person) == (0, 1) and counts(other) == (1, 0)
    assert counts(event) == (0, 1)

    quote.delete()
    assert counts(other) == (0, 0)
    assert held(models.Person) == counted_afresh(models.Person)
    assert held(models.Event) == counted_afresh(models.Event)


def test_a_bulk_insert_counts_each_speaker_and_event():
    people = [factories.PersonFactory() for _ in range(3)]
    event = factories.EventFactory()
    quote = factories.QuoteFactory.build
    models.Quote.objects.bulk_create(
        [quote(speaker=people[i % 3], event=event) for i in range(7)]
        + [quote(speaker=people[0], event=event, publication=DRAFT)]
    )
    assert [counts(person) for person in people] == [(3, 0), (2, 0), (2, 0)]
    assert counts(event) == (7, 0)
    models.Quote.objects.filter(speaker=people[1]).update(speaker=people[2])
    assert [counts(person) for person in people] == [(3, 0), (0, 0), (4, 0)]
    models.Quote.objects.filter(speaker=people[0]).delete()
    assert counts(people[0]) == (0, 0)
    assert counts(event) == (4, 0)


def test_a_person_saved_from_stale_values_still_holds_the_counts():
    """The admin saves a person read before a quote of theirs was published: the database
    counts, whatever the instance held."""
    person = factories.PersonFactory()
    stale = models.Person.objects.get(pk=person.pk)
    factories.QuoteFactory(speaker=person)
    assert stale.quote_count == 0
    stale.description = "Edited meanwhile"
    stale.save()
    assert counts(person) == (1, 0)


def test_the_seed_counts_as_its_records_say():
    call_command("loaddata", "seed", verbosity=0)
    assert held(models.Person) == counted_afresh(models.Person)
    assert held(models.Event) == counted_afresh(models.Event)
    assert any(q for q, _ in held(models.Person).values())


COUNTED = [
    (models.Person, factories.PersonFactory, PERSON_AND_EVENT_COUNTS),
    (models.Event, factories.EventFactory, PERSON_AND_EVENT_COUNTS),
    (models.Organisation, factories.OrganisationFactory, ORGANISATION_COUNTS),
]


@pytest.mark.parametrize(("model", "factory", "columns"), COUNTED)
def test_the_counts_are_neither_edited_nor_exported_nor_kept_in_history(model, factory, columns):
    row = factory()
    fields = {field.name: field for field in model._meta.fields}
    assert all(not fields[name].editable for name in columns)
    serialised = serializers.serialize("python", [row])[0]["fields"]
    assert not set(columns) & set(serialised)
    historical = {field.name for field in row.history.model._meta.fields}
    assert not set(columns) & historical


def quoted() -> None:
    factories.QuoteFactory()


def funded() -> None:
    organisation = factories.OrganisationFactory
    factories.FundingCommitmentFactory(funder=organisation(), recipient=organisation())


@pytest.mark.parametrize(
    ("filters_class", "rows", "make", "shown", "index"),
    [
        (PersonFilters, models.Person.objects.public, quoted, 1, "person_most_quoted_idx"),
        (
            OrganisationFilters,
            models.Organisation.objects.public,
            funded,
            2,
            "organisation_most_named_idx",
        ),
    ],
)
def test_the_most_named_first_are_read_off_their_index(filters_class, rows, make, shown, index):
    postgresql_only()
    make()
    sort = next(name for name in filters_class.SORTS if name != "name")
    filters = filters_class(QueryDict(f"sort={sort}"))
    assert filters.is_valid(), filters.errors
    page = filters.filter(rows().for_detail())[:25]
    with CaptureQueriesContext(connection) as queries:
        assert len(list(page)) == shown
    plan = plan_of(
        queries.captured_queries[0]["sql"],
        off=("sort", "incremental_sort", "seqscan", "bitmapscan"),
    )
    assert f"Index Scan using {index}" in plan, plan
    assert "Sort" not in plan and "SubPlan" not in plan, plan


def test_a_bulk_load_defers_the_counting_to_its_end():
    person, agency = factories.PersonFactory(), factories.OrganisationFactory()
    defer_counting()  # for the rest of the test's transaction
    factories.QuoteFactory(speaker=person)
    factories.FundingCommitmentFactory(funder=agency, recipient=None)
    if connection.vendor == "postgresql":  # SQLite counts row by row
        assert counts(person) == (0, 0)
        assert counts(agency) == (0, 0)
    count_named_again()
    assert counts(person) == (1, 0)
    assert counts(agency) == (1, 0)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("listed_first", [False, True], ids=["publication-first", "listed-first"])
@pytest.mark.parametrize("was", [DRAFT, PUBLISHED], ids=["published", "withdrawn"])
@pytest.mark.parametrize(
    ("factory", "counted"),
    [(factories.CommitmentFactory, (1, 0)), (factories.AnnouncementFactory, (0, 1))],
    ids=["commitment", "announcement"],
)
def test_an_organisation_listed_while_its_record_is_published_or_withdrawn_elsewhere_counts_it(
    factory, counted, was, listed_first
):
    """An editor publishes (or withdraws) a record while another adds an organisation to its
    organisations, in either order: once both are committed the organisation counts the
    record if and only if it is published. A withdrawn commitment still counted kept an
    organisation nothing published names on the public index; a published one not counted
    left it off."""
    postgresql_only()
    record = factory(publication=was)
    agency = factories.OrganisationFactory()
    model = type(record)
    becomes = PUBLISHED if was == DRAFT else DRAFT

    def change_publication():
        model.objects.filter(pk=record.pk).update(publication=becomes)

    def list_agency():
        model.objects.get(pk=record.pk).organisations.add(agency)

    in_parallel(
        *((list_agency, change_publication) if listed_first else (change_publication, list_agency))
    )
    assert counts(agency) == (counted if becomes == PUBLISHED else (0, 0))
    assert models.Organisation.objects.public().filter(pk=agency.pk).exists() == (
        becomes == PUBLISHED
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("taken_first", [False, True], ids=["published-first", "taken-first"])
def test_an_organisation_taken_off_a_commitment_published_meanwhile_does_not_count_it(
    taken_first,
):
    """An editor publishes a commitment while another takes an organisation off it: the
    organisation, no longer named, does not count it."""
    postgresql_only()
    commitment = factories.CommitmentFactory(publication=DRAFT)
    agency = factories.OrganisationFactory()
    commitment.organisations.add(agency)

    def publish():
        models.Commitment.objects.filter(pk=commitment.pk).update(publication=PUBLISHED)

    def take_off():
        models.Commitment.objects.get(pk=commitment.pk).organisations.remove(agency)

    in_parallel(*((take_off, publish) if taken_first else (publish, take_off)))
    assert counts(agency) == (0, 0)
    assert not models.Organisation.objects.public().filter(pk=agency.pk).exists()
