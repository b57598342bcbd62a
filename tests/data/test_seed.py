"""The hand-curated seed fixture: it loads, loads again without duplicates, and says what
the two seed articles say, word for word and value for value."""

import datetime
import hashlib
import json

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db.models import Sum

from tracker.history import domain_models
from tracker.models import (
    Announcement,
    Citation,
    Commitment,
    Figure,
    Person,
    Quote,
    SourceArticle,
    StatusChange,
)

pytestmark = pytest.mark.django_db

ARTICLE_1 = "starmer-to-sign-deals-with-balkan-states"
ARTICLE_2 = "pm-calls-for-joint-action-against-smuggling-gangs"
FIXTURE_PATH = settings.BASE_DIR / "fixtures" / "seed.json"

EXPECTED_COUNTS = {
    "Organisation": 6,
    "Person": 2,
    "Role": 3,
    "Event": 2,
    "SourceArticle": 2,
    "Announcement": 2,
    "Commitment": 10,
    "CommitmentParty": 17,
    "StatusChange": 10,
    "Quote": 6,
    "Figure": 11,
    "Citation": 47,
    "Discrepancy": 3,
    "DiscrepancyVersion": 6,
}


def row_counts() -> dict[str, int]:
    """Rows per concrete tracker model, countries excepted (they come from a migration)."""
    return {
        model.__name__: model._base_manager.count()
        for model in domain_models()
        if not model._meta.proxy and model.__name__ != "Country"
    }


# --------------------------------------------------------------------------- the file


def test_fixture_uses_natural_keys_only():
    objects = json.loads(FIXTURE_PATH.read_text(encoding="utf-8"))
    assert all("pk" not in obj for obj in objects)
    assert not any(obj["model"] == "tracker.country" for obj in objects)
    for obj in objects:
        model = apps.get_model(obj["model"])
        for name, value in obj["fields"].items():
            field = model._meta.get_field(name)
            if field.many_to_one and value is not None:
                assert isinstance(value, list), (obj["model"], name, value)
            if field.many_to_many:
                assert all(isinstance(key, list) for key in value), (obj["model"], name)


def test_every_record_is_published():
    objects = json.loads(FIXTURE_PATH.read_text(encoding="utf-8"))
    states = {obj["fields"]["publication"] for obj in objects if "publication" in obj["fields"]}
    assert states == {"published"}


# --------------------------------------------------------------------------- loading


def test_loads_with_the_expected_rows(seed_data):
    assert row_counts() == EXPECTED_COUNTS


def test_loading_twice_duplicates_nothing(seed_data):
    call_command("loaddata", "seed", verbosity=0)
    assert row_counts() == EXPECTED_COUNTS


def test_loading_again_after_an_edit_restores_the_record(seed_data):
    Quote.objects.filter(slug="starmer-criminal-empire").update(text="Edited by mistake")
    call_command("loaddata", "seed", verbosity=0)
    assert Quote.objects.get(slug="starmer-criminal-empire").text.startswith("There is a")
    assert row_counts() == EXPECTED_COUNTS


# --------------------------------------------------------------------------- sources


def test_articles_are_kept_exactly_as_received(seed_data):
    first = SourceArticle.objects.get(slug=ARTICLE_1)
    second = SourceArticle.objects.get(slug=ARTICLE_2)
    # SHA-256 of the received files' bytes
    assert hashlib.sha256(first.text.encode()).hexdigest() == (
        "c760ac6d88a7cdf2291f2d4ed73333541fbe9d214ec031537a100d83728885d3"
    )
    assert hashlib.sha256(second.text.encode()).hexdigest() == (
        "ad324c82ee40f47c2b333f96f3a51ae15d60ac0244011ef5753504f8b9bdd707"
    )
    assert first.text.endswith("via small boat in the English channel.")  # no newline


def test_article_metadata(seed_data):
    first = SourceArticle.objects.get(slug=ARTICLE_1)
    assert first.headline == (
        "Starmer to Sign Deals With Balkan States to Target Illegal Immigrant Smuggling Gangs"
    )
    assert first.text.startswith(first.headline + "\n")
    assert first.publisher == ""
    assert "no publisher" in first.editor_notes
    second = SourceArticle.objects.get(slug=ARTICLE_2)
    assert second.headline == (
        "Prime Minister calls for joint European action against people-smuggling gangs"
    )
    assert second.headline not in second.text
    assert "headline is the editor’s" in second.editor_notes
    assert second.publisher == "THX News"
    for article in (first, second):
        assert article.url == ""
        assert article.published_on == datetime.date(2024, 11, 1)
        assert article.published_on_precision == "month"
        assert article.publication == "published"


# --------------------------------------------------------------------------- citations


def test_every_citation_occurs_at_its_offsets(seed_data):
    citations = Citation.objects.select_related("source")
    assert citations.count() == EXPECTED_COUNTS["Citation"]
    for citation in citations:
        assert citation.excerpt_occurs(), citation
        assert citation.excerpt == citation.source.text[citation.start : citation.end]


def test_verify_citations_passes(seed_data):
    call_command("verify_citations", verbosity=0)


def test_each_article_has_citations(seed_data):
    per_article = {
        article.slug: article.citations.count() for article in SourceArticle.objects.all()
    }
    assert per_article == {ARTICLE_1: 27, ARTICLE_2: 20}


@pytest.mark.parametrize("model", [Announcement, Commitment, Quote, Figure])
def test_every_published_record_has_a_citation(seed_data, model):
    records = model.objects.published()
    assert records.exists()
    assert not records.filter(citations__isnull=True).exists()


def test_each_citation_is_a_sentence_or_clause(seed_data):
    """Excerpts stay short: the sentence or clause that supports the record."""
    for citation in Citation.objects.all():
        assert len(citation.excerpt) <= 300, citation


# --------------------------------------------------------------------------- people and events


def test_people_and_roles(seed_data):
    starmer = Person.objects.get(slug="keir-starmer")
    assert (starmer.name, starmer.honorific, starmer.country_id) == ("Keir Starmer", "Sir", "GB")
    assert starmer.role_on(datetime.date(2024, 11, 7)).title == "Prime Minister"
    cooper = Person.objects.get(slug="yvette-cooper")
    assert cooper.role_on(datetime.date(2024, 11, 7)).title == "Home Secretary"
    assert cooper.role_on(datetime.date(2025, 9, 4)).title == "Home Secretary"
    assert cooper.role_on(datetime.date(2025, 9, 5)).title == "Foreign Secretary"


def test_events(seed_data):
    epc = Announcement.objects.get(slug="western-balkans-smuggling-agreements").event
    assert (epc.name, epc.location, epc.country_id) == (
        "European Political Community meeting",
        "Budapest",
        "HU",
    )
    assert (epc.starts_on, epc.starts_on_precision) == (datetime.date(2024, 11, 7), "day")
    interpol = Announcement.objects.get(slug="border-security-command-funding-doubled").event
    assert (interpol.name, interpol.location, interpol.country_id) == (
        "Interpol Conference",
        "Glasgow",
        "GB",
    )
    assert (interpol.starts_on, interpol.starts_on_precision) == (
        datetime.date(2024, 11, 1),
        "month",
    )


# --------------------------------------------------------------------------- announcements


def test_announcements(seed_data):
    balkans = Announcement.objects.get(slug="western-balkans-smuggling-agreements")
    assert balkans.announced_on == datetime.date(2024, 11, 7)
    assert balkans.speaker.slug == "keir-starmer"
    assert set(balkans.countries.values_list("code", flat=True)) == {"GB", "RS", "MK", "XK"}
    assert set(balkans.commitments.values_list("slug", flat=True)) == {
        "uk-serbia-partnership",
        "uk-north-macedonia-partnership",
        "uk-kosovo-partnership",
        "break-gangs-business-models-at-source",
    }
    funding = Announcement.objects.get(slug="border-security-command-funding-doubled")
    # November 2024, to the month: the sources give no day (issue 12: it had no date).
    assert (funding.announced_on, funding.announced_on_precision) == (
        datetime.date(2024, 11, 1),
        "month",
    )
    assert funding.speaker.slug == "keir-starmer"
    assert set(funding.countries.values_list("code", flat=True)) == {"GB"}
    assert set(funding.citations.values_list("source__slug", flat=True)) == {
        ARTICLE_1,
        ARTICLE_2,
    }


# --------------------------------------------------------------------------- commitments

PARTNERSHIPS = {
    "uk-serbia-partnership": (
        {"GB": "lead", "RS": "partner"},
        "Intelligence sharing, joint operations",
        "new",
    ),
    "uk-north-macedonia-partnership": (
        {"GB": "lead", "MK": "partner"},
        "Increased cooperation against trafficking routes",
        "new",
    ),
    "uk-kosovo-partnership": (
        {"GB": "lead", "XK": "partner"},
        "Enhanced monitoring and law enforcement support",
        "new",
    ),
    "uk-albania-partnership": (
        {"GB": "lead", "AL": "partner"},
        "Anti-illicit finance operations, gang disruption",
        "existing",
    ),
}


def test_partnerships(seed_data):
    found = {
        partnership.slug: (
            dict(partnership.parties.values_list("country_id", "role")),
            partnership.focus,
            partnership.novelty,
        )
        for partnership in Commitment.objects.partnerships()
    }
    assert found == PARTNERSHIPS


def test_new_partnerships_cite_both_articles_and_the_table_row(seed_data):
    for slug, code in [
        ("uk-serbia-partnership", "Serbia"),
        ("uk-north-macedonia-partnership", "North Macedonia"),
        ("uk-kosovo-partnership", "Kosovo"),
    ]:
        partnership = Commitment.objects.get(slug=slug)
        assert partnership.announcement.slug == "western-balkans-smuggling-agreements"
        assert partnership.announced_on == datetime.date(2024, 11, 7)
        excerpts_by_source = {}
        for citation in partnership.citations.select_related("source"):
            excerpts_by_source.setdefault(citation.source.slug, []).append(citation.excerpt)
        assert len(excerpts_by_source[ARTICLE_1]) == 1
        assert excerpts_by_source[ARTICLE_1][0].startswith("Starmer will sign deals with")
        row = f"{code} | {PARTNERSHIPS[slug][1]} |"
        assert row in excerpts_by_source[ARTICLE_2]


def test_funding_amounts(seed_data):
    total = Commitment.objects.get(slug="border-security-command-150m")
    assert (total.kind, total.amount_minor, total.currency, total.funding_type) == (
        "funding",
        15_000_000_000,
        "GBP",
        "total",
    )
    assert total.period_label == "over the next two years"
    assert total.recipient.slug == "border-security-command"
    assert total.included_in is None
    addition = Commitment.objects.get(slug="border-security-command-extra-75m")
    assert (addition.kind, addition.amount_minor, addition.currency, addition.funding_type) == (
        "funding",
        7_500_000_000,
        "GBP",
        "additional",
    )
    assert addition.included_in == total
    assert addition.recipient.slug == "border-security-command"
    assert "Organised Immigration Crime intelligence unit" in addition.purpose
    assert {c.source.slug for c in addition.citations.all()} == {ARTICLE_1, ARTICLE_2}


def test_countable_money_is_150_million_never_double_counted(seed_data):
    countable = Commitment.objects.countable_money()
    assert list(countable.values_list("slug", flat=True)) == ["border-security-command-150m"]
    assert countable.aggregate(total=Sum("amount_minor"))["total"] == 15_000_000_000
    assert set(countable.values_list("currency", flat=True)) == {"GBP"}


def test_pledges(seed_data):
    pledges = {pledge.slug: pledge.announcement.slug for pledge in Commitment.objects.pledges()}
    assert pledges == {
        "treat-smugglers-like-terrorists": "border-security-command-funding-doubled",
        "organised-immigration-crime-intelligence-unit": "border-security-command-funding-doubled",
        "recruit-specialist-investigators": "border-security-command-funding-doubled",
        "break-gangs-business-models-at-source": "western-balkans-smuggling-agreements",
    }
    for pledge in Commitment.objects.pledges():
        assert pledge.amount_minor is None


def test_every_commitment_has_a_status_citing_itself(seed_data):
    assert StatusChange.objects.count() == Commitment.objects.count()
    for commitment in Commitment.objects.all():
        change = commitment.status_history.get()
        # The existing UK–Albania partnership is under way, every other one announced.
        expected = "in_progress" if commitment.slug == "uk-albania-partnership" else "announced"
        assert change.status == commitment.status == expected
        assert change.citation.commitment_id == commitment.pk
        assert change.reason
        if commitment.announced_on:
            # The announcement date and the first status agree, to the same precision.
            assert change.changed_on == commitment.announced_on
            assert change.changed_on_precision == commitment.announced_on_precision
        else:
            # Only the existing partnership has no announcement: November 2024, the month
            # of the report, shown as such, never as its 1st.
            assert commitment.slug == "uk-albania-partnership"
            assert change.changed_on == datetime.date(2024, 11, 1)
            assert change.changed_on_precision == "month"
            assert "month" in change.reason


def test_no_date_claims_a_day_the_sources_do_not_give(seed_data):
    """Only the dates of the EPC meeting, 7 November 2024, are known to the day."""
    epc_day = datetime.date(2024, 11, 7)
    dated = [
        *((a.announced_on, a.announced_on_precision) for a in Announcement.objects.all()),
        *((c.announced_on, c.announced_on_precision) for c in Commitment.objects.all()),
        *((q.said_on, q.said_on_precision) for q in Quote.objects.all()),
        *((s.changed_on, s.changed_on_precision) for s in StatusChange.objects.all()),
    ]
    for day, precision in dated:
        if day is not None and precision == "day":
            assert day == epc_day
