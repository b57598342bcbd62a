"""What an import writes at its end rather than row by row (tracker.resources.saving) is
written as a save would have written it: each record's history version (new or changed,
its fields, the editor, the file), a new record's many-to-many relations with their
signals; and what the saves still trigger, the change log and discrepancy detection,
is there after the import."""

import pytest
from django.db.models.signals import m2m_changed

from tests import factories
from tests.intake.seeds import PM_CALLS, STARMER_TO_SIGN
from tests.intake.test_discrepancies import SAYS_BILLION, SAYS_MILLION, make_seed_article
from tracker.alerts.models import Change, ChangeKind
from tracker.import_widgets import ClassedDiff
from tracker.models import (
    Citation,
    Commitment,
    Discrepancy,
    DisputedAspect,
    FundingType,
    Publication,
    Quote,
)

from .test_import_export import FUNDING, confirm, report, rows_as_csv, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def named(db):
    factories.OrganisationFactory(slug="home-office", name="Home Office")
    factories.OrganisationFactory(slug="border-force", name="Border Force")
    factories.PersonFactory(slug="yvette-cooper", name="Yvette Cooper")


def imported(client, model, content):
    preview = upload(client, model, content)
    assert preview.context.get("confirm_form") is not None, report(preview)
    done = confirm(client, model, preview)
    assert done.status_code == 302, report(done)
    return preview


def test_each_imported_record_has_its_version_as_saved_new_or_changed(editor_client, editor, named):
    existing = factories.FundingCommitmentFactory(slug="old-fund", title="Old title")
    versions_before = existing.history.count()
    changed = {**FUNDING, "slug": "old-fund", "title": "A new title", "organisations": ""}
    new = {**FUNDING, "organisations": "home-office|border-force"}

    preview = imported(editor_client, Commitment, rows_as_csv(changed, new))

    assert "<ins>£10 million for border security</ins>" in preview.text
    fund = Commitment.objects.get(slug="border-security-fund")
    (version,) = fund.history.all()
    assert version.history_type == "+"
    assert (version.history_user, version.history_change_reason) == (
        editor,
        "Imported from records.csv",
    )
    assert (version.title, version.amount_minor, version.funder_id) == (
        fund.title,
        fund.amount_minor,
        fund.funder_id,
    )
    assert version.instance.title == "£10 million for border security"  # what undo restores
    existing.refresh_from_db()
    assert existing.title == "A new title"
    assert existing.history.count() == versions_before + 1
    latest = existing.history.first()
    assert (latest.history_type, latest.title) == ("~", "A new title")
    assert latest.prev_record.title == "Old title"  # the change can be seen and undone
    assert sorted(fund.organisations.values_list("slug", flat=True)) == [
        "border-force",
        "home-office",
    ]


def test_the_preview_writes_no_version_and_the_confirmed_import_one_per_record(
    editor_client, named
):
    rows = [{**FUNDING, "slug": f"fund-{i}"} for i in range(3)]
    preview = upload(editor_client, Commitment, rows_as_csv(*rows))

    assert not Commitment.history.filter(slug__startswith="fund-").exists()

    confirm(editor_client, Commitment, preview)

    assert Commitment.history.filter(slug__startswith="fund-").count() == 3
    assert not Commitment.history.filter(slug__startswith="fund-", history_user=None).exists()


def test_a_new_records_relations_are_added_with_their_signals(editor_client, named):
    added = []

    def heard(sender, instance, action, pk_set, **kwargs):
        if action == "post_add" and isinstance(instance, Quote):
            added.append((instance.slug, sender.objects.filter(quote=instance).count(), pk_set))

    quote = {
        "slug": "smash-the-gangs",
        "text": "We will smash the gangs.",
        "speaker": "yvette-cooper",
        "said_on": "2024-11-07",
        "countries": "serbia|kosovo",
        "publication": "draft",
    }
    m2m_changed.connect(heard)
    try:
        imported(editor_client, Quote, rows_as_csv(quote))
    finally:
        m2m_changed.disconnect(heard)

    saved = Quote.objects.get(slug="smash-the-gangs")
    countries = set(saved.countries.values_list("pk", flat=True))
    assert len(countries) == 2
    # Sent with the rows already in, by the preview (rolled back) and by the import.
    assert added == [("smash-the-gangs", 2, countries)] * 2


def test_a_new_slug_twice_in_one_file_is_reported_on_its_second_row(editor_client, named):
    content = rows_as_csv(FUNDING, {**FUNDING, "title": "The same slug again"})

    response = upload(editor_client, Commitment, content)

    (invalid,) = response.context["result"].invalid_rows
    assert invalid.number == 2
    assert invalid.error_dict["slug"] == ["Commitment with this Slug already exists."]
    assert response.context.get("confirm_form") is None
    assert not Commitment.objects.filter(slug="border-security-fund").exists()


def test_an_imported_publication_is_in_the_change_log(editor_client, named):
    article = factories.SourceArticleFactory(slug="bbc-budapest")
    draft = factories.FundingCommitmentFactory(
        slug="border-security-fund", publication=Publication.DRAFT
    )
    factories.CitationFactory(source=article, commitment=draft)
    assert not Change.objects.filter(commitment=draft).exists()

    imported(
        editor_client,
        Commitment,
        rows_as_csv({**FUNDING, "publication": "published"}),
    )

    (change,) = Change.objects.filter(commitment=draft)
    assert change.kind == ChangeKind.PUBLISHED
    assert draft.history.first().publication == Publication.PUBLISHED


def test_imported_citations_that_disagree_open_a_discrepancy(editor_client):
    make_seed_article(STARMER_TO_SIGN)
    make_seed_article(PM_CALLS)
    commitment = factories.FundingCommitmentFactory(
        slug="border-security-command-extra-75m",
        title="An additional £75 million for the Border Security Command",
        amount_minor=75_000_000_00,
        currency="GBP",
        funding_type=FundingType.ADDITIONAL,
    )
    content = rows_as_csv(
        {"source": STARMER_TO_SIGN, "commitment": commitment.slug, "excerpt": SAYS_BILLION},
        {"source": PM_CALLS, "commitment": commitment.slug, "excerpt": SAYS_MILLION},
    )

    imported(editor_client, Citation, content)

    discrepancy = Discrepancy.objects.about(commitment).get()
    assert discrepancy.aspect == DisputedAspect.AMOUNT
    assert discrepancy.versions.count() == 2
    assert Citation.history.filter(commitment=commitment, history_type="+").count() == 2


def test_a_record_saved_by_two_rows_of_a_file_has_a_version_for_each(editor_client, named):
    existing = factories.FundingCommitmentFactory(slug="old-fund", title="Old title")
    versions_before = existing.history.count()
    first = {**FUNDING, "slug": "old-fund", "title": "First title"}
    second = {**FUNDING, "slug": "old-fund", "title": "Second title"}

    imported(editor_client, Commitment, rows_as_csv(first, second))

    existing.refresh_from_db()
    assert existing.title == "Second title"
    newest, older = existing.history.all()[:2]
    assert (older.title, newest.title) == ("First title", "Second title")
    assert existing.history.count() == versions_before + 2


def test_a_new_records_preview_cells_are_what_the_diff_gives():
    diff = ClassedDiff.__new__(ClassedDiff)  # the values a resource would read
    diff.left = ["", None, "draft", "a", "", "x < y & z", "5", 0]
    diff.right = ["", "", "draft", "<b>b</b>", "Tom & Jerry", "x < y & z", 5, None]
    diff.new = True
    shown = diff.as_html()
    # The general diff, given a new record's left side: blank wherever the cell differs.
    pairs = zip(diff.left, diff.right, strict=True)
    diff.left = ["" if left != right else left for left, right in pairs]
    diff.new = False

    assert shown == diff.as_html()
    assert shown[3] == "<ins>&lt;b&gt;b&lt;/b&gt;</ins>" and shown[2] == "<span>draft</span>"
