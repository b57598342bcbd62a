"""One factory per model, making valid, published records unless told otherwise."""

import datetime

import factory
from factory.django import DjangoModelFactory

from tracker import models

ARTICLE_TEXT = (
    "The minister announced a new partnership with Serbia on Monday. "
    '"We will work together against the gangs," she said. '
    "The government will spend £10 million over two years on border security. "
    "Almost 1,000 people crossed the border last year."
)


class SourceArticleFactory(DjangoModelFactory):
    class Meta:
        model = models.SourceArticle
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"article-{n}")
    headline = factory.Sequence(lambda n: f"Minister announces partnership {n}")
    publisher = "The Daily Record"
    url = factory.LazyAttribute(lambda article: f"https://news.example/{article.slug}")
    published_on = datetime.date(2024, 11, 7)
    text = ARTICLE_TEXT
    publication = models.Publication.PUBLISHED


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = models.Person
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Minister {n}")
    slug = factory.Sequence(lambda n: f"minister-{n}")


class RoleFactory(DjangoModelFactory):
    class Meta:
        model = models.Role

    person = factory.SubFactory(PersonFactory)
    title = "Home Secretary"
    started_on = datetime.date(2024, 7, 5)


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = models.Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Border Agency {n}")
    slug = factory.Sequence(lambda n: f"border-agency-{n}")


class EventFactory(DjangoModelFactory):
    class Meta:
        model = models.Event
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Summit {n}")
    slug = factory.Sequence(lambda n: f"summit-{n}")
    location = "Budapest"
    starts_on = datetime.date(2024, 11, 7)


class AnnouncementFactory(DjangoModelFactory):
    class Meta:
        model = models.Announcement
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"announcement-{n}")
    title = factory.Sequence(lambda n: f"Government announces plan {n}")
    summary = "A plan against people-smuggling gangs."
    announced_on = datetime.date(2024, 11, 7)
    speaker = factory.SubFactory(PersonFactory)
    event = factory.SubFactory(EventFactory)
    publication = models.Publication.PUBLISHED


class CommitmentFactory(DjangoModelFactory):
    """A pledge; the subclasses below make the other kinds."""

    class Meta:
        model = models.Commitment
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"commitment-{n}")
    kind = models.CommitmentKind.PLEDGE
    title = factory.Sequence(lambda n: f"Commitment {n}")
    summary = "What was promised."
    announced_on = datetime.date(2024, 11, 7)
    publication = models.Publication.PUBLISHED


class PledgeFactory(CommitmentFactory):
    kind = models.CommitmentKind.PLEDGE


class PartnershipFactory(CommitmentFactory):
    kind = models.CommitmentKind.PARTNERSHIP
    focus = "Intelligence sharing"
    novelty = models.PartnershipNovelty.NEW


class FundingCommitmentFactory(CommitmentFactory):
    kind = models.CommitmentKind.FUNDING
    amount_minor = 1_000_000_000
    currency = "GBP"
    funding_type = models.FundingType.NEW
    period_label = "over two years"
    purpose = "Border security."


class CommitmentPartyFactory(DjangoModelFactory):
    class Meta:
        model = models.CommitmentParty

    commitment = factory.SubFactory(PartnershipFactory)
    country_id = "RS"
    role = models.PartyRole.PARTNER


class QuoteFactory(DjangoModelFactory):
    class Meta:
        model = models.Quote
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"quote-{n}")
    text = "We will work together against the gangs,"
    speaker = factory.SubFactory(PersonFactory)
    said_on = datetime.date(2024, 11, 7)
    publication = models.Publication.PUBLISHED


class FigureFactory(DjangoModelFactory):
    class Meta:
        model = models.Figure
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"figure-{n}")
    label = "People who crossed the border"
    value = 1000
    unit = "people"
    qualifier = models.FigureQualifier.ALMOST
    period_label = "last year"
    publication = models.Publication.PUBLISHED


class CitationFactory(DjangoModelFactory):
    """A citation of a new pledge; pass another record as ``announcement=``, ``quote=`` …"""

    class Meta:
        model = models.Citation

    source = factory.SubFactory(SourceArticleFactory)
    commitment = factory.SubFactory(PledgeFactory)
    excerpt = "The minister announced a new partnership with Serbia on Monday."


class StatusChangeFactory(DjangoModelFactory):
    class Meta:
        model = models.StatusChange

    commitment = factory.SubFactory(PledgeFactory)
    status = models.CommitmentStatus.ANNOUNCED
    changed_on = datetime.date(2024, 11, 7)
    reason = "Announced by the minister."
    citation = factory.SubFactory(CitationFactory, commitment=factory.SelfAttribute("..commitment"))


class DiscrepancyFactory(DjangoModelFactory):
    class Meta:
        model = models.Discrepancy
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"discrepancy-{n}")
    subject = "How much money was promised"
    aspect = models.DisputedAspect.AMOUNT


class DiscrepancyVersionFactory(DjangoModelFactory):
    class Meta:
        model = models.DiscrepancyVersion

    discrepancy = factory.SubFactory(DiscrepancyFactory)
    citation = factory.SubFactory(CitationFactory)
    stated_value = "£10 million"
