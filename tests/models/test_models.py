"""What the models promise beyond their constraints."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from tests import factories
from tests.models.records import MAKERS, make_record
from tracker import models
from tracker.history import domain_models

pytestmark = pytest.mark.django_db

TRACKER_MODELS = sorted(domain_models(), key=lambda m: m.__name__)
# A country's primary key is already natural (its ISO code); a natural key
# repeating it would make dumpdata --natural-primary drop the codes.
NATURALLY_KEYED_MODELS = [model for model in TRACKER_MODELS if model is not models.Country]


@pytest.mark.parametrize("model", NATURALLY_KEYED_MODELS, ids=lambda model: model.__name__)
def test_natural_keys_find_the_record_again(model):
    record = make_record(model)
    key = record.natural_key()
    assert all(isinstance(part, str | int) for part in key)
    assert model.objects.get_by_natural_key(*key) == record


def test_every_model_has_a_maker():
    assert set(MAKERS) == set(TRACKER_MODELS)


def test_natural_keys_say_what_they_are():
    cited = factories.CitationFactory(
        source=factories.SourceArticleFactory(slug="bbc-serbia"),
        commitment=factories.PledgeFactory(slug="intelligence-unit"),
        excerpt="a new partnership with Serbia",
    )
    role = factories.RoleFactory(person__slug="yvette-cooper", started_on=datetime.date(2024, 7, 5))

    assert cited.natural_key() == ("bbc-serbia", 23, 52, "commitment", "intelligence-unit")
    assert role.natural_key() == ("yvette-cooper", "Home Secretary", "2024-07-05")
    assert not hasattr(models.Country, "natural_key")
    assert models.Country.objects.get_by_natural_key("XK").name == "Kosovo"


@pytest.fixture
def cooper():
    person = factories.PersonFactory(name="Yvette Cooper", slug="yvette-cooper")
    factories.RoleFactory(
        person=person,
        title="Shadow Home Secretary",
        started_on=datetime.date(2023, 9, 4),
        ended_on=datetime.date(2024, 7, 5),
    )
    factories.RoleFactory(
        person=person, title="Home Secretary", started_on=datetime.date(2024, 7, 5)
    )
    return person


@pytest.mark.parametrize(
    ("day", "title"),
    [
        (datetime.date(2023, 9, 3), None),
        (datetime.date(2023, 9, 4), "Shadow Home Secretary"),
        (datetime.date(2024, 7, 4), "Shadow Home Secretary"),
        (datetime.date(2024, 7, 5), "Home Secretary"),
        (datetime.date(2030, 1, 1), "Home Secretary"),
        (None, None),
    ],
)
def test_role_on_a_day(cooper, day, title):
    role = cooper.role_on(day)
    assert (role.title if role else None) == title


def test_a_quote_gives_the_speakers_role_that_day(cooper):
    before = factories.QuoteFactory(speaker=cooper, said_on=datetime.date(2024, 3, 1))
    after = factories.QuoteFactory(speaker=cooper, said_on=datetime.date(2024, 11, 7))
    undated = factories.QuoteFactory(speaker=cooper, said_on=None)

    assert before.speaker_role.title == "Shadow Home Secretary"
    assert after.speaker_role.title == "Home Secretary"
    assert undated.speaker_role is None


def test_a_status_change_moves_the_commitment_to_its_latest_status():
    pledge = factories.PledgeFactory()
    assert pledge.status == models.CommitmentStatus.ANNOUNCED

    factories.StatusChangeFactory(
        commitment=pledge,
        status=models.CommitmentStatus.IN_PROGRESS,
        changed_on=datetime.date(2025, 3, 1),
    )
    pledge.refresh_from_db()
    assert pledge.status == models.CommitmentStatus.IN_PROGRESS

    factories.StatusChangeFactory(
        commitment=pledge,
        status=models.CommitmentStatus.STALLED,
        changed_on=datetime.date(2025, 1, 1),
        citation__excerpt="Almost 1,000 people crossed the border last year.",
    )
    pledge.refresh_from_db()
    assert pledge.status == models.CommitmentStatus.IN_PROGRESS


def test_countable_money_leaves_out_money_inside_a_total():
    total = factories.FundingCommitmentFactory(funding_type=models.FundingType.TOTAL)
    inside = factories.FundingCommitmentFactory(included_in=total)
    separate = factories.FundingCommitmentFactory()
    factories.PledgeFactory()

    countable = set(models.Commitment.objects.countable_money())

    assert countable == {total, separate}
    assert inside not in countable


def test_each_kind_has_its_own_manager():
    partnership = factories.PartnershipFactory()
    funding = factories.FundingCommitmentFactory()
    pledge = factories.PledgeFactory()

    assert list(models.Partnership.objects.all()) == [partnership]
    assert list(models.FundingCommitment.objects.all()) == [funding]
    assert list(models.Pledge.objects.all()) == [pledge]
    assert models.Commitment.objects.count() == 3


def test_saving_a_kind_sets_the_kind():
    pledge = models.Pledge(slug="unit", title="A new unit", summary="An intelligence unit.")
    pledge.kind = models.CommitmentKind.FUNDING
    pledge.save()

    assert models.Commitment.objects.get(slug="unit").kind == models.CommitmentKind.PLEDGE


def test_a_commitment_cannot_add_to_itself():
    funding = factories.FundingCommitmentFactory()
    funding.adds_to = funding

    with pytest.raises(ValidationError) as refused:
        funding.full_clean()

    assert refused.value.message_dict == {"adds_to": ["A commitment cannot refer to itself."]}


def test_citation_target():
    quote = factories.QuoteFactory()
    citation = factories.CitationFactory(
        commitment=None, quote=quote, excerpt="We will work together against the gangs,"
    )
    assert citation.target_name == "quote"
    assert citation.target == quote
    assert citation.excerpt_occurs()


def run_verify_citations() -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("verify_citations", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_verify_citations_passes_when_every_excerpt_occurs():
    factories.CitationFactory()
    factories.CitationFactory(excerpt="Almost 1,000 people")

    out, err = run_verify_citations()

    assert out.strip() == (
        "All 2 citations occur in their articles, and every published fact has a source."
    )
    assert err == ""


def test_verify_citations_lists_a_broken_citation_and_fails():
    factories.CitationFactory()
    broken = factories.CitationFactory(
        commitment__title="A new intelligence unit", excerpt="Almost 1,000 people"
    )
    models.Citation.objects.filter(pk=broken.pk).update(start=0, end=19)

    err = io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("verify_citations", stdout=io.StringIO(), stderr=err)

    assert str(failed.value) == "1 of 2 citations do not match their article."
    assert err.getvalue().strip() == (
        "✗ commitment “A new intelligence unit”: the excerpt “Almost 1,000 people” "
        f"does not occur at 0–19 in “{broken.source.headline}”."
    )


STR_CASES = [
    (
        lambda: factories.OrganisationFactory(name="National Crime Agency"),
        "National Crime Agency",
    ),
    (
        lambda: factories.OrganisationFactory(name="Border Security Command", abbreviation="BSC"),
        "Border Security Command (BSC)",
    ),
    (lambda: factories.PersonFactory(name="Yvette Cooper"), "Yvette Cooper"),
    (
        lambda: factories.RoleFactory(person__name="Yvette Cooper"),
        "Home Secretary, Yvette Cooper",
    ),
    (
        lambda: factories.EventFactory(name="European Political Community", location="Budapest"),
        "European Political Community, Budapest",
    ),
    (
        lambda: factories.EventFactory(name="Interpol General Assembly", location=""),
        "Interpol General Assembly",
    ),
    (lambda: models.Country.objects.get(code="XK"), "Kosovo"),
    (lambda: factories.SourceArticleFactory(headline="Deal with Serbia"), "Deal with Serbia"),
    (
        lambda: factories.PledgeFactory(title="A new intelligence unit"),
        "A new intelligence unit",
    ),
    (
        lambda: factories.CommitmentPartyFactory(country_id="AL"),
        "Albania (partner)",
    ),
    (
        lambda: factories.StatusChangeFactory(
            commitment__title="A new unit", status=models.CommitmentStatus.DELIVERED
        ),
        "A new unit: Delivered on 2024-11-07",
    ),
    (
        lambda: factories.QuoteFactory(
            speaker__name="Keir Starmer", text="We will smash the gangs."
        ),
        "Keir Starmer: “We will smash the gangs.”",
    ),
    (
        lambda: factories.QuoteFactory(speaker__name="Keir Starmer", text="word " * 30),
        "Keir Starmer: “" + "word " * 15 + "wo…”",
    ),
    (lambda: factories.FigureFactory(label="Returns"), "Returns"),
    (lambda: factories.DiscrepancyFactory(subject="The amount"), "The amount"),
    (
        lambda: factories.DiscrepancyVersionFactory(
            citation__source__headline="Deal with Serbia", stated_value="£10 million"
        ),
        "Deal with Serbia: £10 million",
    ),
    (
        lambda: factories.CitationFactory(source__headline="Deal with Serbia", excerpt="on Monday"),
        "Deal with Serbia: “on Monday”",
    ),
]


@pytest.mark.parametrize(("make", "expected"), STR_CASES, ids=[case[1] for case in STR_CASES])
def test_str(make, expected):
    assert str(make()) == expected


def test_the_discrepancies_about_a_commitment_are_found_through_its_proxy_too():
    """Regression: about() named the proxy (``pledge``), a relation citations do not have."""
    version = factories.DiscrepancyVersionFactory()
    pledge = models.Pledge.objects.get(pk=version.citation.commitment_id)
    assert list(models.Discrepancy.objects.about(pledge)) == [version.discrepancy]
    commitment = models.Commitment.objects.get(pk=pledge.pk)
    assert list(models.Discrepancy.objects.about(commitment)) == [version.discrepancy]


def test_announcements_keep_querysets_latest():
    """Regression: a queryset method called ``latest`` hid QuerySet.latest(field)."""
    older = factories.AnnouncementFactory(announced_on=datetime.date(2024, 9, 1))
    newer = factories.AnnouncementFactory(announced_on=datetime.date(2024, 11, 7))
    assert models.Announcement.objects.latest("announced_on") == newer
    assert list(models.Announcement.objects.newest_first()) == [newer, older]


@pytest.mark.parametrize(
    "model",
    [models.Announcement, models.Commitment, models.Quote, models.Figure, models.SourceArticle],
)
def test_newest_first_is_the_order_each_publishable_model_declares(model):
    """One ``newest_first()`` for every publishable model, in the model's own order."""
    ordered = model.objects.published().newest_first()
    assert ordered.query.order_by == tuple(model.NEWEST_FIRST)


@pytest.mark.parametrize(
    ("proxy", "factory"),
    [
        (models.Partnership, factories.PartnershipFactory),
        (models.FundingCommitment, factories.FundingCommitmentFactory),
        (models.Pledge, factories.PledgeFactory),
    ],
)
def test_a_commitment_saved_through_a_proxy_is_of_its_kind(proxy, factory):
    """Each proxy sets its own kind on save, whatever the record said before."""
    other = next(kind for kind in models.CommitmentKind if kind != factory.kind)
    built = factory.build(kind=other)
    record = proxy(
        **{field.attname: getattr(built, field.attname) for field in proxy._meta.concrete_fields}
    )
    record.save()
    assert record.kind == factory.kind
    assert proxy.objects.get(pk=record.pk).kind == factory.kind
