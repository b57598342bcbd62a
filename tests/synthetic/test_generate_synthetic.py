"""The synthetic data set: its size, its citations, its marking, its seed, its separation."""

import dataclasses
import io
import itertools

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Q

from tests import factories
from tests.models.test_commitment_tallies_deferred import (
    assert_kept_as_counted_afresh,
    every_kept_row,
)
from tracker import models as m
from tracker.synthetic import (
    SLUG_PREFIX,
    SLUGGED_MODELS,
    SYNTHETIC_PUBLISHER,
    Generator,
    Sizes,
    generator,
)

CITED_MODELS = (m.Announcement, m.Commitment, m.Quote, m.Figure)


def generate(**options):
    call_command("generate_synthetic", commitments=200, seed=7, verbosity=0, **options)


def synthetic_rows() -> int:
    return sum(
        model.objects.filter(slug__startswith=SLUG_PREFIX).count() for model in SLUGGED_MODELS
    )


SNAPSHOT_FIELDS = {
    m.Commitment: "slug kind title status announced_on amount_minor currency funding_type "
    "adds_to__slug included_in__slug announcement__slug",
    m.CommitmentParty: "commitment__slug country role",
    m.SourceArticle: "slug headline publisher published_on text",
    m.Citation: "source__slug start end excerpt announcement__slug commitment__slug quote__slug "
    "figure__slug",
    m.StatusChange: "commitment__slug status changed_on reason citation__source__slug "
    "citation__start",
    m.Quote: "slug text speaker__slug said_on event__slug",
    m.Figure: "slug label value unit qualifier",
    m.DiscrepancyVersion: "discrepancy__slug citation__source__slug citation__start stated_value "
    "is_accepted",
    m.Person: "slug name country",
    m.Role: "person__slug title started_on ended_on",
}


def row_counts() -> dict:
    models = (
        *SLUGGED_MODELS,
        *SNAPSHOT_FIELDS,
        m.DiscrepancyVersion,
        m.Announcement.countries.through,
    )
    return {model: model.objects.count() for model in models}


def snapshot() -> dict:
    """Everything generated, by slugs and offsets rather than primary keys."""
    return {
        model: list(model.objects.order_by(*fields.split()).values_list(*fields.split()))
        for model, fields in SNAPSHOT_FIELDS.items()
    }


def test_sizes_scale_with_the_commitments():
    default = Sizes.for_commitments(100_000)
    assert (default.quotes, default.articles, default.countries) == (50_000, 20_000, 200)


def test_each_chunk_makes_every_size_but_the_casts_as_its_families_declare():
    cast = {"people", "organisations", "events", "countries"}
    fields = [field.name for field in dataclasses.fields(Sizes)]
    assert set(generator.CHUNK_KINDS) == set(fields) - cast
    assert next(iter(generator.CHUNK_KINDS)) == "articles"  # told first when it cannot resume
    for model, kind in generator.CHUNK_KINDS.values():
        assert model in SLUGGED_MODELS and kind


@pytest.mark.django_db
def test_a_small_run_makes_the_expected_records():
    generate()
    expected = {
        m.Commitment: 200, m.Quote: 100, m.SourceArticle: 40, m.Announcement: 20,
        m.Figure: 10, m.Discrepancy: 4, m.DiscrepancyVersion: 8, m.Person: 10,
        m.Organisation: 10, m.Event: 5,
    }  # fmt: skip
    assert {model: model.objects.count() for model in expected} == expected
    assert m.Role.objects.count() >= 10
    for person in m.Person.objects.prefetch_related("roles"):
        roles = sorted(person.roles.all(), key=lambda role: role.started_on)
        assert all(role.ended_on for role in roles[:-1])  # one at a time
        assert all(a.ended_on <= b.started_on for a, b in itertools.pairwise(roles))
    assert m.StatusChange.objects.count() > 200
    assert m.Citation.objects.count() > 330
    commitments = m.Commitment.objects
    assert set(commitments.values_list("kind", flat=True)) == set(m.CommitmentKind.values)
    assert set(commitments.values_list("status", flat=True)) == set(m.CommitmentStatus.values)
    funding = commitments.funding()
    assert set(funding.values_list("funding_type", flat=True)) == set(m.FundingType.values)
    assert len(set(funding.values_list("currency", flat=True))) >= 4
    included = funding.filter(included_in__isnull=False).select_related("included_in")
    assert included.exists()
    for addition in included:
        assert addition.funding_type == "additional"
        assert addition.included_in.funding_type == "total"
        assert addition.included_in.currency == addition.currency
        assert addition.included_in.amount_minor > addition.amount_minor
    for partnership in commitments.partnerships().prefetch_related("parties"):
        assert 2 <= len(partnership.parties.all()) <= 3
    assert m.CommitmentParty.objects.values("country").distinct().count() > 100
    years = {day.year for day in commitments.values_list("announced_on", flat=True)}
    assert len(years) >= 5


@pytest.mark.django_db
def test_every_excerpt_occurs_at_its_offsets():
    generate()
    citations = list(m.Citation.objects.select_related("source"))
    assert all(citation.excerpt_occurs() for citation in citations)
    assert all(c.source.text[c.start : c.end] == c.excerpt for c in citations)
    call_command("verify_citations", verbosity=0)


@pytest.mark.django_db
def test_every_record_cites_an_article():
    generate()
    for model in CITED_MODELS:
        assert not model.objects.filter(citations__isnull=True).exists(), model
    for change in m.StatusChange.objects.select_related("citation"):
        assert change.citation.commitment_id == change.commitment_id
    for commitment in m.Commitment.objects.all():
        assert commitment.status == commitment.status_history.latest().status
    for discrepancy in m.Discrepancy.objects.prefetch_related("versions__citation"):
        versions = discrepancy.versions.all()
        assert len({version.citation.commitment_id for version in versions}) == 1
        assert len({version.stated_value for version in versions}) == 2
        assert all(version.stated_value in version.citation.excerpt for version in versions)
        accepted = [version for version in versions if version.is_accepted]
        assert len(accepted) == (1 if discrepancy.status == "resolved" else 0)


@pytest.mark.django_db
def test_records_are_marked_synthetic_and_published():
    generate()
    for model in SLUGGED_MODELS:
        assert model.objects.exists()
        assert not model.objects.exclude(slug__startswith=SLUG_PREFIX).exists(), model
    assert set(m.SourceArticle.objects.values_list("publisher", flat=True)) == {SYNTHETIC_PUBLISHER}
    for model in (m.SourceArticle, *CITED_MODELS):
        assert set(model.objects.values_list("publication", flat=True)) == {"published"}


@pytest.mark.django_db
def test_the_people_events_and_organisations_count_what_was_made():
    """The load defers their counting to its end (``defer_counting``), which counts them."""
    generate()
    for model, counted in (
        (m.Person, {"quote_count": "quotes", "announcement_count": "announcements"}),
        (m.Event, {"quote_count": "quotes", "announcement_count": "announcements"}),
        (m.Organisation, {"announcement_count": "announcements"}),
    ):
        for row in model.objects.all():
            for column, related in counted.items():
                made = getattr(row, related).filter(publication="published").count()
                assert getattr(row, column) == made, (row, column)
    funded = m.Organisation.objects.filter(commitment_count__gt=0)
    assert funded.exists()
    for organisation in funded:
        named = m.Commitment.objects.published().filter(
            Q(organisations=organisation) | Q(funder=organisation) | Q(recipient=organisation)
        )
        assert organisation.commitment_count == named.distinct().count(), organisation


@pytest.mark.django_db
def test_the_tallies_count_what_was_made(four_chunks, monkeypatch):
    """Each chunk adds its tallies at its end (``defer_tallies``): on PostgreSQL the kept
    rows are as the chunks before left them until then; after the run, every kept row is
    as counted afresh from the commitments."""
    during_the_chunks = []
    write = Generator.make_status_changes

    def make_status_changes(self, plans):  # after the chunk's commitments and parties
        during_the_chunks.append(every_kept_row() == self.kept_before_the_chunk)
        write(self, plans)

    make_chunk = Generator.make_chunk

    def remembering_the_tallies(self, chunk):
        self.kept_before_the_chunk = every_kept_row()
        make_chunk(self, chunk)

    monkeypatch.setattr(Generator, "make_status_changes", make_status_changes)
    monkeypatch.setattr(Generator, "make_chunk", remembering_the_tallies)
    generate()
    assert m.CommitmentTally.objects.exists()
    assert during_the_chunks == [connection.vendor == "postgresql"] * 4
    assert_kept_as_counted_afresh()


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data():
    generate()
    first = snapshot()
    call_command("generate_synthetic", purge=True, verbosity=0)
    assert synthetic_rows() == 0
    generate()
    assert snapshot() == first
    call_command("generate_synthetic", purge=True, verbosity=0)
    call_command("generate_synthetic", commitments=200, seed=8, verbosity=0)
    assert snapshot()[m.SourceArticle] != first[m.SourceArticle]


@pytest.mark.django_db
def test_it_refuses_to_mix_with_real_data():
    factories.PledgeFactory()
    with pytest.raises(CommandError, match=r"holds real records \(.*1 commitments") as refused:
        generate()
    assert refused.value.returncode != 0
    assert synthetic_rows() == 0
    generate(allow_real_data=True)
    assert m.Commitment.objects.count() == 201


@pytest.mark.django_db
def test_run_again_on_a_complete_set_it_adds_nothing():
    generate()
    first = snapshot()
    out = io.StringIO()
    call_command("generate_synthetic", commitments=200, seed=7, stdout=out)
    assert "The set was complete already; nothing added." in out.getvalue()
    assert "Generated 0 synthetic rows" in out.getvalue()
    assert snapshot() == first


@pytest.fixture
def four_chunks(monkeypatch):
    """200 commitments in four chunks of ten articles, so a run can stop part-way."""
    monkeypatch.setattr(generator, "ARTICLES_PER_CHUNK", 10)
    assert Generator(Sizes.for_commitments(200)).chunks == 4


def fail_in_chunk(monkeypatch, chunk: int, error: BaseException) -> None:
    """Raise ``error`` in the chunk, after its records and articles are inserted."""
    calls = itertools.count()
    write = Generator.make_status_changes

    def make_status_changes(self, plans):
        if next(calls) == chunk:
            raise error
        write(self, plans)

    monkeypatch.setattr(Generator, "make_status_changes", make_status_changes)


@pytest.mark.django_db
def test_an_interrupted_run_resumes_and_ends_with_the_set_of_one_run(four_chunks, monkeypatch):
    generate()
    whole, whole_counts = snapshot(), row_counts()
    call_command("generate_synthetic", purge=True, verbosity=0)
    with monkeypatch.context() as patched:
        fail_in_chunk(patched, 2, ConnectionError("lost"))
        with pytest.raises(ConnectionError):
            generate()
    # The cast and the first two chunks are in; the third's rows were rolled back.
    assert m.Commitment.objects.count() == 100
    assert m.SourceArticle.objects.count() == 20
    assert not m.Commitment.objects.filter(status_history__isnull=True).exists()
    out = io.StringIO()
    call_command("generate_synthetic", commitments=200, seed=7, stdout=out)
    assert "Resumed after the 2 chunks of 4 already in the database." in out.getvalue()
    assert snapshot() == whole
    assert row_counts() == whole_counts


@pytest.mark.django_db
def test_ctrl_c_says_how_to_resume(four_chunks, monkeypatch):
    fail_in_chunk(monkeypatch, 1, KeyboardInterrupt())
    with pytest.raises(CommandError, match="Run the same command again to make the rest"):
        generate()
    assert m.Commitment.objects.count() == 50


@pytest.mark.django_db
def test_it_refuses_to_resume_a_different_set(four_chunks, monkeypatch):
    with monkeypatch.context() as patched:
        fail_in_chunk(patched, 2, ConnectionError("lost"))
        with pytest.raises(ConnectionError):
            generate()
    held = snapshot()
    refused = r"not the one this seed and number of commitments make\. .*--purge"
    # The same counts so far, in four chunks of twenty: the same cast, other chunks.
    with pytest.raises(CommandError, match=refused):
        call_command("generate_synthetic", commitments=400, seed=7, verbosity=0)
    with pytest.raises(CommandError, match=r"not those this seed and number of commitments make"):
        call_command("generate_synthetic", commitments=200, seed=8, verbosity=0)
    with pytest.raises(CommandError, match=r"not the first chunks of a set of 230 commitments"):
        call_command("generate_synthetic", commitments=230, seed=7, verbosity=0)
    assert snapshot() == held


@pytest.mark.django_db
def test_purge_removes_synthetic_records_and_leaves_real_ones():
    change = factories.StatusChangeFactory()  # an article, a pledge, its citation
    version = factories.DiscrepancyVersionFactory(citation=change.citation)
    quote = factories.CitationFactory(commitment=None, quote=factories.QuoteFactory()).quote
    factories.RoleFactory(organisation=factories.OrganisationFactory())
    factories.AnnouncementFactory()
    real = snapshot()
    generate(allow_real_data=True)
    assert synthetic_rows() > 0

    call_command("generate_synthetic", purge=True, verbosity=0)

    assert synthetic_rows() == 0
    assert not m.SourceArticle.objects.filter(publisher=SYNTHETIC_PUBLISHER).exists()
    assert snapshot() == real
    assert m.Role.objects.count() == 1
    assert m.Organisation.objects.count() == m.Event.objects.count() == 1
    assert m.DiscrepancyVersion.objects.get() == version
    assert m.Quote.objects.get() == quote
    assert m.Citation.objects.count() == 2


@pytest.mark.django_db
def test_the_statistics_are_refreshed_each_time_the_set_doubles(monkeypatch):
    """Where autovacuum is off (as on the benchmark's machines), nothing else gathers the
    statistics the triggers' queries are planned from while the set loads: at 100,000
    commitments of a 1,000,000 run each chunk took ten times as long as the first."""
    monkeypatch.setattr(generator, "ARTICLES_PER_CHUNK", 5)
    made = Generator(Sizes.for_commitments(200))
    assert made.chunks == 8
    analysed_after = []
    monkeypatch.setattr(
        Generator, "analyse", lambda self: analysed_after.append(m.SourceArticle.objects.count())
    )
    made.run()
    # After 1, 2 and 4 chunks of five articles; after the last, before and after the final
    # count of what the records name.
    assert analysed_after == [5, 10, 20, 40, 40]
