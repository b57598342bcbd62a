"""Each database constraint refuses bad data, and model validation explains it first."""

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, UniqueConstraint

from tests import factories
from tracker import models

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 11, 7)
DAY_BEFORE = datetime.date(2024, 11, 6)
FIRST_OF_MONTH = datetime.date(2024, 11, 1)
FIRST_OF_YEAR = datetime.date(2024, 1, 1)


def commitment(kind=models.CommitmentKind.PLEDGE, **fields) -> models.Commitment:
    fields = {"slug": "c", "title": "Commitment", "summary": "What."} | fields
    return models.Commitment(kind=kind, **fields)


def funding(**fields) -> models.Commitment:
    money = {"amount_minor": 100, "currency": "GBP", "funding_type": models.FundingType.NEW}
    return commitment(models.CommitmentKind.FUNDING, **(money | fields))


def figure(**fields) -> models.Figure:
    return models.Figure(slug="f", label="Returns", value=9400, unit="people", **fields)


def citation(**targets) -> models.Citation:
    return models.Citation(source=factories.SourceArticleFactory(), excerpt="on Monday", **targets)


def duplicate_citation() -> models.Citation:
    first = factories.CitationFactory()
    return models.Citation(source=first.source, commitment=first.commitment, excerpt=first.excerpt)


def second_accepted_version() -> models.DiscrepancyVersion:
    accepted = factories.DiscrepancyVersionFactory(is_accepted=True)
    other = factories.CitationFactory(excerpt="£10 million over two years")
    return models.DiscrepancyVersion(
        discrepancy=accepted.discrepancy, citation=other, stated_value="£12m", is_accepted=True
    )


def second_party_role() -> models.CommitmentParty:
    party = factories.CommitmentPartyFactory()
    return models.CommitmentParty(commitment=party.commitment, country_id="RS")


def same_role_again() -> models.Role:
    role = factories.RoleFactory()
    return models.Role(person=role.person, title=role.title, started_on=role.started_on)


def announcement(**fields) -> models.Announcement:
    return models.Announcement(slug="a", title="Announcement", summary="What.", **fields)


def quote(**fields) -> models.Quote:
    return models.Quote(slug="q", text="Words.", speaker=factories.PersonFactory(), **fields)


def status_change(**fields) -> models.StatusChange:
    cited = factories.CitationFactory()
    fields = {"status": "delivered", "reason": "Done."} | fields
    return models.StatusChange(commitment=cited.commitment, citation=cited, **fields)


def status_change_without_reason() -> models.StatusChange:
    return status_change(changed_on=DAY, reason="")


def beyond_precision(label: str) -> dict[str, list[str]]:
    return non_field(
        f"{label}: a date known only to its month is entered as the 1st of the month, "
        "one known only to its year as 1 January."
    )


@dataclass
class Case:
    id: str
    make: Any
    constraint: str
    full_clean_errors: dict[str, list[str]]


def non_field(message: str) -> dict[str, list[str]]:
    return {NON_FIELD_ERRORS: [message]}


CASES = [
    Case(
        "negative amount",
        lambda: funding(amount_minor=-1),
        "commitment_amount_not_negative",
        non_field("An amount cannot be negative."),
    ),
    Case(
        "unknown currency",
        lambda: funding(currency="XYZ"),
        "commitment_currency_iso_4217",
        {"currency": ["Value 'XYZ' is not a valid choice."]},
    ),
    Case(
        "funding without amount",
        lambda: funding(amount_minor=None),
        "funding_has_amount_currency_and_type",
        non_field("A funding commitment needs an amount, a currency and a funding type."),
    ),
    Case(
        "pledge with amount",
        lambda: commitment(amount_minor=100, currency="GBP"),
        "only_funding_has_money",
        non_field("Only a funding commitment has an amount."),
    ),
    Case(
        "partnership without novelty",
        lambda: commitment(models.CommitmentKind.PARTNERSHIP, focus="Intelligence"),
        "partnership_is_new_or_existing",
        non_field("Say whether the partnership is new or existing."),
    ),
    Case(
        "commitment period ends before it starts",
        lambda: funding(period_start=DAY, period_end=DAY_BEFORE),
        "commitment_period_ends_after_it_starts",
        non_field("The period cannot end before it starts."),
    ),
    Case(
        "figure period ends before it starts",
        lambda: figure(period_start=DAY, period_end=DAY_BEFORE),
        "figure_period_ends_after_it_starts",
        non_field("The period cannot end before it starts."),
    ),
    Case(
        "figure in unknown currency",
        lambda: figure(currency="XYZ"),
        "figure_currency_iso_4217",
        {"currency": ["Value 'XYZ' is not a valid choice."]},
    ),
    Case(
        "role ends before it starts",
        lambda: models.Role(
            person=factories.PersonFactory(), title="PM", started_on=DAY, ended_on=DAY_BEFORE
        ),
        "role_ends_after_it_starts",
        non_field("A role cannot end before it starts."),
    ),
    Case(
        "event ends before it starts",
        lambda: models.Event(name="Summit", slug="summit", starts_on=DAY, ends_on=DAY_BEFORE),
        "event_ends_after_it_starts",
        non_field("An event cannot end before it starts."),
    ),
    Case(
        "citation of nothing",
        lambda: citation(),
        "citation_supports_exactly_one_record",
        non_field("A citation supports exactly one record."),
    ),
    Case(
        "citation of two records",
        lambda: citation(commitment=factories.PledgeFactory(), quote=factories.QuoteFactory()),
        "citation_supports_exactly_one_record",
        non_field("A citation supports exactly one record."),
    ),
    Case(
        "duplicate citation",
        duplicate_citation,
        "unique_citation_of_commitment",
        non_field("This excerpt already cites this commitment."),
    ),
    Case(
        "two accepted versions",
        second_accepted_version,
        "one_accepted_version",
        non_field("Only one version can be the accepted one."),
    ),
    Case(
        "resolved without resolution",
        lambda: models.Discrepancy(
            slug="d", subject="Amount", aspect="amount", status=models.DiscrepancyStatus.RESOLVED
        ),
        "resolved_discrepancy_has_resolution",
        non_field("Explain the resolution before resolving."),
    ),
    Case(
        "status change without reason",
        status_change_without_reason,
        "status_change_has_reason",
        {"reason": ["This field cannot be blank."]},
    ),
    Case(
        "announcement known to the month, stored on a day",
        lambda: announcement(announced_on=DAY, announced_on_precision="month"),
        "announcement_announced_on_fits_precision",
        beyond_precision("Announced on"),
    ),
    Case(
        "commitment known to the year, stored on a month",
        lambda: commitment(announced_on=FIRST_OF_MONTH, announced_on_precision="year"),
        "commitment_announced_on_fits_precision",
        beyond_precision("Announced on"),
    ),
    Case(
        "commitment of an unknown precision",
        lambda: commitment(announced_on=DAY, announced_on_precision="week"),
        "commitment_announced_on_fits_precision",
        {"announced_on_precision": ["Value 'week' is not a valid choice."]},
    ),
    Case(
        "partnership signed in a month, stored on a day",
        lambda: commitment(
            models.CommitmentKind.PARTNERSHIP,
            novelty="new",
            signed_on=DAY,
            signed_on_precision="month",
        ),
        "commitment_signed_on_fits_precision",
        beyond_precision("Signed on"),
    ),
    Case(
        "period starting in a year, stored on a day",
        lambda: funding(period_start=DAY, period_start_precision="year"),
        "commitment_period_start_fits_precision",
        beyond_precision("Period start"),
    ),
    Case(
        "period ending in a month, stored on a day",
        lambda: funding(period_end=DAY, period_end_precision="month"),
        "commitment_period_end_fits_precision",
        beyond_precision("Period end"),
    ),
    Case(
        "status change known to the month, stored on a day",
        lambda: status_change(changed_on=DAY, changed_on_precision="month"),
        "status_change_changed_on_fits_precision",
        beyond_precision("Changed on"),
    ),
    Case(
        "quote known to the year, stored on a day",
        lambda: quote(said_on=DAY, said_on_precision="year"),
        "quote_said_on_fits_precision",
        beyond_precision("Said on"),
    ),
    Case(
        "a country twice in one commitment",
        second_party_role,
        "one_role_per_country_per_commitment",
        non_field("This country is already a party to this commitment."),
    ),
    Case(
        "the same role twice",
        same_role_again,
        "unique_role_per_start",
        non_field("Role with this Person, Title and Started on already exists."),
    ),
]


def constraint_named(name: str):
    for model in apps.get_app_config("tracker").get_models():
        for constraint in model._meta.constraints:
            if constraint.name == name:
                return model, constraint
    raise LookupError(name)


def assert_names_constraint(error: IntegrityError, name: str) -> None:
    model, constraint = constraint_named(name)
    message = str(error)
    if connection.vendor == "sqlite" and isinstance(constraint, UniqueConstraint):
        # SQLite names a unique constraint by its columns, not its name.
        columns = [model._meta.get_field(field).column for field in constraint.fields]
        assert message == "UNIQUE constraint failed: " + ", ".join(
            f"{model._meta.db_table}.{column}" for column in columns
        )
    else:
        assert name in message


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_the_database_refuses(case):
    record = case.make()
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        record.save()
    assert_names_constraint(refused.value, case.constraint)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_model_validation_explains(case):
    record = case.make()
    with pytest.raises(ValidationError) as refused:
        record.full_clean()
    assert refused.value.message_dict == case.full_clean_errors


def test_an_offset_pair_that_is_empty_is_refused():
    cited = factories.CitationFactory()
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        models.Citation.objects.filter(pk=cited.pk).update(end=F("start"))
    assert_names_constraint(refused.value, "citation_excerpt_not_empty")


def test_an_excerpt_not_in_the_text_is_refused_on_save_naming_the_article():
    article = factories.SourceArticleFactory(headline="Serbia deal signed")
    record = models.Citation(
        source=article, commitment=factories.PledgeFactory(), excerpt="Nothing like this."
    )

    with pytest.raises(ValidationError) as refused:
        record.save()

    assert refused.value.message_dict == {
        "excerpt": ["This excerpt does not occur in the text of “Serbia deal signed”."]
    }
    assert refused.value.error_dict["excerpt"][0].code == "excerpt_not_in_source"
    assert not models.Citation.objects.exists()


def test_dates_at_their_precision_pass_both():
    records = [
        announcement(announced_on=FIRST_OF_MONTH, announced_on_precision="month"),
        commitment(
            slug="year",
            announced_on=FIRST_OF_YEAR,
            announced_on_precision="year",
            period_start=FIRST_OF_MONTH,
            period_start_precision="month",
            period_end=datetime.date(2026, 1, 1),
            period_end_precision="year",
        ),
        commitment(slug="unknown", announced_on=None, announced_on_precision="month"),
        status_change(changed_on=FIRST_OF_MONTH, changed_on_precision="month"),
        quote(said_on=DAY, said_on_precision="day"),
    ]
    for record in records:
        record.full_clean()
        record.save()
        assert record.pk is not None


def test_valid_records_pass_both():
    for record in (funding(), figure(currency="GBP"), citation(quote=factories.QuoteFactory())):
        record.full_clean()
        record.save()
        assert record.pk is not None
