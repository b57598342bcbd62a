"""Bulk import and export of source articles and records (django-import-export).

Files are CSV or JSON with one row per record. Records are identified by their
slug, and relations are written as slugs too (``speaker: yvette-cooper``,
``countries: serbia|albania``), never as database ids, so a file exported
from one installation imports into another.

An import is checked whole before anything is written: unknown or missing
columns, a value that does not parse, a slug that names nothing, a currency
that is not ISO 4217, a negative amount, an excerpt that is not in its
article, any rule of the database. Any problem in any row and nothing is
written (the import runs in one transaction, rolled back on any error); the
report names each row and its problems.
"""

from tracker.resources.base import import_progress

__all__ = ["import_progress"]
