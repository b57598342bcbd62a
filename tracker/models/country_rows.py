"""The rows that tie announcements and quotes to their countries, as the database holds them,
each with a copy of its record's sort keys (migration 0024).

A list of one country's announcements or quotes read a page by walking every published
record in the sort's order and asking of each whether it names the country: 14,361
announcements for Paraguay's 25 at 1,000,000 commitments (benchmarks/RESULTS.md). As each
commitment party holds its commitment's keys (``commitment_parts.SORT_KEY_COPIES``), each
of these rows holds its record's, and partial indexes of the published rows in the order
of each sort of the lists hold a country's records in that order: a page is read off the
country's part of one.

The rows are the tables of ``Announcement.countries`` and ``Quote.countries``, which Django
creates and writes (the admin's country choosers, fixtures, imports, ``add()``/``set()``):
a through model of our own would have taken the field out of the admin's forms (admin.E013)
and the countries out of ``dumpdata``'s records. So these models are unmanaged views of
those tables, read only: the migration adds the copies' columns and the indexes, and the
database's triggers keep the copies right whatever writes (on SQLite a later migration
that remakes either table, or the record's, must create them again, as 0016 does for the
data-version triggers; ``tests/models/test_country_row_sort_keys.py`` fails otherwise).
"""

from django.db import models
from django.db.models import F, Q

from .announcements import Announcement
from .places import Country
from .publishing import SortIndex
from .statements import Quote

# The sort keys each row copies of its record, written by the database alone.
ANNOUNCEMENT_KEY_COPIES = [
    "announcement_published",
    "announcement_announced_on",
    "announcement_title",
]
QUOTE_KEY_COPIES = ["quote_published", "quote_said_on", "quote_speaker_name"]


def country_sort_index(name: str, record: str, *keys) -> SortIndex:
    """A country's published records in the order of a list's sort (``keys``, then the
    record's key, as every sort ends)."""
    return SortIndex(
        F("country"),
        *keys,
        F(record),
        name=name,
        condition=Q(**{f"{record}_published": True}),
    )


class AnnouncementCountry(models.Model):
    """One of an announcement's countries (a row of ``Announcement.countries``), with the
    database's copy of the announcement's sort keys (``ANNOUNCEMENT_KEY_COPIES``)."""

    announcement = models.ForeignKey(
        Announcement, on_delete=models.DO_NOTHING, related_name="country_rows"
    )
    country = models.ForeignKey(Country, on_delete=models.DO_NOTHING, related_name="+")
    announcement_published = models.BooleanField(null=True)
    announcement_announced_on = models.DateField(null=True)
    announcement_title = models.CharField(max_length=300, null=True)  # noqa: DJ001 (a copy)

    class Meta:
        managed = False
        db_table = "tracker_announcement_countries"
        # Created by migration 0024, as Django creates no index of an unmanaged model.
        indexes = [
            country_sort_index(
                "announcementcountry_newest_idx",
                "announcement",
                F("announcement_announced_on").desc(nulls_last=True),
                F("announcement_title"),
            ),
            country_sort_index(
                "announcementcountry_oldest_idx",
                "announcement",
                F("announcement_announced_on").asc(nulls_last=True),
                F("announcement_title"),
            ),
            country_sort_index(
                "announcementcountry_title_idx", "announcement", F("announcement_title")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.announcement_title} ({self.country_id})"


class QuoteCountry(models.Model):
    """One of a quote's countries (a row of ``Quote.countries``), with the database's copy
    of the quote's sort keys (``QUOTE_KEY_COPIES``): its speaker's name among them, as the
    quotes said on one day are listed by who said them."""

    quote = models.ForeignKey(Quote, on_delete=models.DO_NOTHING, related_name="country_rows")
    country = models.ForeignKey(Country, on_delete=models.DO_NOTHING, related_name="+")
    quote_published = models.BooleanField(null=True)
    quote_said_on = models.DateField(null=True)
    quote_speaker_name = models.CharField(max_length=200, null=True)  # noqa: DJ001 (a copy)

    class Meta:
        managed = False
        db_table = "tracker_quote_countries"
        indexes = [
            country_sort_index(
                "quotecountry_newest_idx",
                "quote",
                F("quote_said_on").desc(nulls_last=True),
                F("quote_speaker_name"),
            ),
            country_sort_index(
                "quotecountry_oldest_idx",
                "quote",
                F("quote_said_on").asc(nulls_last=True),
                F("quote_speaker_name"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quote_speaker_name}, {self.quote_said_on} ({self.country_id})"
