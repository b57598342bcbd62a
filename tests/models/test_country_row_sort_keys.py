"""Each row tying an announcement or a quote to a country holds a copy of its record's sort
keys, kept by the database's triggers (migration 0024) whatever writes: ``add()``,
``set()``, ``save()``, ``QuerySet.update()``, a speaker renamed, fixtures; and a page of
one country's announcements or quotes in each sort of their lists is read off those rows'
index in that order (benchmarks/RESULTS.md). The admin, imports and history restores are
in tests/curation/test_country_row_copies.py."""

import datetime
import json
import threading
import time

import pytest
from django.core import serializers
from django.core.management import call_command
from django.db import connection, transaction
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from tests.factories import AnnouncementFactory, PersonFactory, QuoteFactory
from tests.parallel import in_parallel
from tests.plans import page_plan, plan_of, postgresql_only
from tracker import models
from tracker.filters import QUOTE_SORTS, QuoteFilters
from tracker.history import domain_models
from tracker.index_filters import ANNOUNCEMENT_SORTS, AnnouncementFilters
from tracker.models.country_rows import ANNOUNCEMENT_KEY_COPIES, QUOTE_KEY_COPIES

pytestmark = pytest.mark.django_db

DRAFT, PUBLISHED = models.Publication.DRAFT, models.Publication.PUBLISHED


def announcement_copies(announcement: models.Announcement) -> dict[str, dict]:
    """Each of the announcement's rows' copies, by country, as the database holds them."""
    rows = models.AnnouncementCountry.objects.filter(announcement=announcement)
    return {row["country"]: row for row in rows.values("country", *ANNOUNCEMENT_KEY_COPIES)}


def announcement_keys(announcement: models.Announcement, country: str) -> dict:
    """What the row's copies must be, read from the announcement afresh."""
    announcement.refresh_from_db()
    return {
        "country": country,
        "announcement_published": announcement.publication == PUBLISHED,
        "announcement_announced_on": announcement.announced_on,
        "announcement_title": announcement.title,
    }


def quote_copies(quote: models.Quote) -> dict[str, dict]:
    rows = models.QuoteCountry.objects.filter(quote=quote)
    return {row["country"]: row for row in rows.values("country", *QUOTE_KEY_COPIES)}


def quote_keys(quote: models.Quote, country: str) -> dict:
    quote.refresh_from_db()
    return {
        "country": country,
        "quote_published": quote.publication == PUBLISHED,
        "quote_said_on": quote.said_on,
        "quote_speaker_name": quote.speaker.name,
    }


def assert_announcement_copies_right(announcement, countries: list[str]) -> None:
    expected = {code: announcement_keys(announcement, code) for code in countries}
    assert announcement_copies(announcement) == expected


def assert_quote_copies_right(quote, countries: list[str]) -> None:
    assert quote_copies(quote) == {code: quote_keys(quote, code) for code in countries}


def test_a_row_added_or_set_takes_its_announcements_keys():
    announcement = AnnouncementFactory(title="Border plan", announced_on=datetime.date(2024, 3, 1))
    announcement.countries.add("RS")
    assert announcement_copies(announcement) == {
        "RS": {
            "country": "RS",
            "announcement_published": True,
            "announcement_announced_on": datetime.date(2024, 3, 1),
            "announcement_title": "Border plan",
        }
    }
    draft = AnnouncementFactory(announced_on=None, publication=DRAFT)
    draft.countries.set(["AL", "XK"])
    assert_announcement_copies_right(draft, ["AL", "XK"])
    assert announcement_copies(draft)["AL"]["announcement_published"] is False
    draft.countries.set(["XK", "GB"])  # one row removed, one added
    assert_announcement_copies_right(draft, ["XK", "GB"])
    draft.countries.clear()
    assert announcement_copies(draft) == {}


def test_an_announcement_changed_by_save_or_update_changes_its_rows_copies():
    announcement = AnnouncementFactory()
    announcement.countries.set(["RS", "GB"])
    announcement.title = "Renamed"
    announcement.announced_on = datetime.date(2020, 1, 2)
    announcement.save()
    assert_announcement_copies_right(announcement, ["RS", "GB"])
    # QuerySet.update(), as a history revert and the publishing of drafts do.
    models.Announcement.objects.filter(pk=announcement.pk).update(
        publication=DRAFT, announced_on=None
    )
    assert_announcement_copies_right(announcement, ["RS", "GB"])
    assert announcement_copies(announcement)["RS"]["announcement_published"] is False
    models.Announcement.objects.filter(pk=announcement.pk).update(publication=PUBLISHED)
    assert announcement_copies(announcement)["GB"]["announcement_published"] is True


def test_a_quotes_rows_follow_the_quote_and_its_speakers_name():
    quote = QuoteFactory(said_on=datetime.date(2024, 5, 6))
    quote.countries.add("RS", "HU")
    assert_quote_copies_right(quote, ["RS", "HU"])
    assert quote_copies(quote)["RS"]["quote_speaker_name"] == quote.speaker.name
    models.Quote.objects.filter(pk=quote.pk).update(said_on=None, publication=DRAFT)
    assert_quote_copies_right(quote, ["RS", "HU"])
    # Another speaker, then the speaker renamed by save() and by update().
    quote.speaker = PersonFactory(name="Aaron Early")
    quote.save()
    assert_quote_copies_right(quote, ["RS", "HU"])
    quote.speaker.name = "Zoe Late"
    quote.speaker.save()
    assert quote_copies(quote)["HU"]["quote_speaker_name"] == "Zoe Late"
    models.Person.objects.filter(pk=quote.speaker_id).update(name="Mia Middle")
    assert_quote_copies_right(quote, ["RS", "HU"])
    assert quote_copies(quote)["RS"]["quote_speaker_name"] == "Mia Middle"


def test_rows_loaded_from_a_fixture_hold_their_records_keys(tmp_path):
    announcement = AnnouncementFactory(title="From a fixture")
    announcement.countries.set(["RS", "AL"])
    quote = QuoteFactory()
    quote.countries.set(["XK"])
    fixture = tmp_path / "records.json"
    fixture.write_text(serializers.serialize("json", [announcement, quote]))
    data = json.loads(fixture.read_text())
    assert data[0]["fields"]["countries"] == ["AL", "RS"]  # as dumpdata gives them
    for record in (announcement, quote):
        record.countries.clear()
    models.Announcement.objects.filter(pk=announcement.pk).update(title="Changed meanwhile")

    call_command("loaddata", str(fixture), verbosity=0)

    assert_announcement_copies_right(announcement, ["RS", "AL"])
    assert announcement_copies(announcement)["RS"]["announcement_title"] == "From a fixture"
    assert_quote_copies_right(quote, ["XK"])


def test_a_quote_loaded_before_its_speaker_holds_its_keys(tmp_path):
    """A fixture may hold a quote before its speaker (``dumpdata tracker.quote
    tracker.person``, a file written by hand; PostgreSQL's deferred foreign keys allow it
    in any transaction): its rows, written before the speaker exists, take its keys once
    the speaker is inserted, or the country's list never shows it (as migration 0022 does
    for the commitments' parties)."""
    quote = QuoteFactory(speaker__name="Loaded Later")
    quote.countries.set(["XK"])
    fixture = tmp_path / "records.json"
    fixture.write_text(serializers.serialize("json", [quote, quote.speaker]))
    quote.delete()
    quote.speaker.delete()

    call_command("loaddata", str(fixture), verbosity=0)

    loaded = models.Quote.objects.get(slug=quote.slug)
    assert_quote_copies_right(loaded, ["XK"])
    assert quote_copies(loaded)["XK"]["quote_speaker_name"] == "Loaded Later"


def test_the_row_models_are_views_of_djangos_tables_not_records():
    """Unmanaged: Django neither creates their tables nor lists them among the records
    (the admin, dumpdata, the control-character guard); they read the many-to-many
    tables."""
    for row_model, field in (
        (models.AnnouncementCountry, models.Announcement.countries),
        (models.QuoteCountry, models.Quote.countries),
    ):
        assert not row_model._meta.managed
        assert row_model._meta.db_table == field.through._meta.db_table
        assert row_model not in domain_models()
    assert models.Announcement._meta.get_field("countries").remote_field.through._meta.auto_created


def _page_plan_reads(filters, queryset, expected_pk: int, index: str, table: str) -> None:
    assert filters.is_valid(), filters.errors
    page = filters.filter(queryset)[:25]
    with CaptureQueriesContext(connection) as queries:
        assert [record.pk for record in page] == [expected_pk]
    # With sorting and the rows' scans priced out, the plan reads the rows in the order of
    # an index of the country's rows, which it can only if that index is the sort's.
    plan = plan_of(
        queries.captured_queries[0]["sql"],
        off=("sort", "incremental_sort", "seqscan", "bitmapscan"),
    )
    assert f"Scan using {index} on {table}" in plan, plan
    assert "Sort" not in page_plan(plan), plan


@pytest.mark.parametrize("sort", list(ANNOUNCEMENT_SORTS))
def test_a_page_of_a_countrys_announcements_is_read_off_the_rows_index_of_its_sort(sort):
    postgresql_only()
    announcement = AnnouncementFactory()
    announcement.countries.add("PY")
    _page_plan_reads(
        AnnouncementFilters(QueryDict(f"country=paraguay&sort={sort}")),
        models.Announcement.objects.published().for_index(),
        announcement.pk,
        f"announcementcountry_{sort}_idx",
        "tracker_announcement_countries",
    )


@pytest.mark.parametrize("sort", list(QUOTE_SORTS))
def test_a_page_of_a_countrys_quotes_is_read_off_the_rows_index_of_its_sort(sort):
    postgresql_only()
    quote = QuoteFactory()
    quote.countries.add("PY")
    _page_plan_reads(
        QuoteFilters(QueryDict(f"country=paraguay&sort={sort}")),
        models.Quote.objects.published().for_listing(),
        quote.pk,
        f"quotecountry_{sort}_idx",
        "tracker_quote_countries",
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("row_first", [False, True], ids=["publish-first", "country-first"])
@pytest.mark.parametrize(
    ("factory", "copies"),
    [(AnnouncementFactory, announcement_copies), (QuoteFactory, quote_copies)],
    ids=["announcement", "quote"],
)
def test_a_country_added_while_its_record_is_published_elsewhere_takes_the_new_keys(
    factory, copies, row_first
):
    """An editor publishes a draft while another adds a country to it (its admin, an
    import), in either order: once both are committed the country's row holds the published
    record's keys, or the country's list never shows the record (as the commitments'
    parties, migration 0023)."""
    postgresql_only()
    draft = factory(publication=DRAFT)
    model = type(draft)

    def publish():
        model.objects.filter(pk=draft.pk).update(publication=PUBLISHED)

    def add_country():
        model.objects.get(pk=draft.pk).countries.add("RS")

    in_parallel(*((add_country, publish) if row_first else (publish, add_country)))
    assert copies(draft)["RS"][f"{model._meta.model_name}_published"] is True
    listed = model.objects.published().about_in_row_order(models.Country.objects.get(pk="RS"))
    assert list(listed.values_list("pk", flat=True)) == [draft.pk]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("renamed_first", [False, True], ids=["country-first", "renamed-first"])
def test_a_country_added_while_the_speaker_is_renamed_elsewhere_takes_the_new_name(
    renamed_first,
):
    """An editor renames a speaker while another adds a country to one of their quotes, in
    either order: once both are committed the country's row holds the new name (its list's
    ties are ordered by it). The row copied the name as of its own statement, and the
    rename's trigger did not see the row, not yet committed."""
    postgresql_only()
    speaker = PersonFactory(name="Yvette Cooper")
    quote = QuoteFactory(speaker=speaker)

    def rename():
        models.Person.objects.filter(pk=speaker.pk).update(name="Y. Cooper")

    def add_country():
        models.Quote.objects.get(pk=quote.pk).countries.add("RS")

    in_parallel(*((rename, add_country) if renamed_first else (add_country, rename)))
    assert quote_copies(quote)["RS"]["quote_speaker_name"] == "Y. Cooper"


def _waiting_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_locks WHERE NOT granted)")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_speaker_renamed_while_one_of_their_quotes_is_published_waits_its_turn():
    """PostgreSQL, two connections: an editor's statement on a quote has written its
    country rows again when another editor renames its speaker, and then publishes the
    quote, which counts the speaker's quotes again. The rename held the speaker and waited
    for the rows, the publishing held the rows and waited for the speaker: PostgreSQL
    aborted one of them (a deadlock). A quote's statement now holds its speaker before its
    rows, as the rename does, so the rename waits for it."""
    postgresql_only()
    speaker = PersonFactory(name="Yvette Cooper")
    quote = QuoteFactory(speaker=speaker, publication=DRAFT)
    quote.countries.add("RS")
    failed = []

    def rename():
        try:
            models.Person.objects.filter(pk=speaker.pk).update(name="Y. Cooper")
        except Exception as error:  # reported in the test's own thread
            failed.append(error)
        finally:
            connection.close()  # this thread's own connection

    with transaction.atomic():
        # A key the rows copy: the quote's rows are written again.
        models.Quote.objects.filter(pk=quote.pk).update(said_on=datetime.date(2024, 11, 8))
        other = threading.Thread(target=rename)
        other.start()
        deadline = time.monotonic() + 5
        while not _waiting_for_a_lock() and time.monotonic() < deadline:
            time.sleep(0.05)
        models.Quote.objects.filter(pk=quote.pk).update(publication=PUBLISHED)
    other.join(timeout=30)
    assert not other.is_alive()
    assert not failed, failed
    assert quote_copies(quote)["RS"]["quote_speaker_name"] == "Y. Cooper"
    assert quote_copies(quote)["RS"]["quote_published"] is True
    assert models.Person.objects.get(pk=speaker.pk).quote_count == 1
