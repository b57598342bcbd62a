"""Search matches an organisation by its name or its abbreviation, each word in either
(``search.named()``). Among thousands of organisations PostgreSQL reads both from their
trigram indexes (migrations 0015 and 0033) rather than scanning every organisation, which it
did twice a search: 20 ms for "border security" among the 4,000 organisations of the
1,000,000 set (benchmarks/RESULTS.md, search9)."""

import pytest
from django.db import connection

from tracker.models import Organisation
from tracker.search import named

pytestmark = pytest.mark.django_db

KINDS = ("Border Police", "Coast Guard", "Interior Ministry", "Customs Service", "Home Office")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan is PostgreSQL's")
def test_postgresql_reads_names_and_abbreviations_by_their_letters():
    Organisation.objects.bulk_create(
        Organisation(
            name=f"{KINDS[n % len(KINDS)]} of region {n}",
            slug=f"organisation-{n}",
            abbreviation=f"{KINDS[n % len(KINDS)][:2].upper()}{n}",
        )
        for n in range(4000)
    )
    with connection.cursor() as cursor:
        # What earlier tests inserted and rolled back stays in a GIN index's pending list,
        # which the planner prices into every read of the index.
        for index in ("organisation_name_letters_idx", "organisation_abbreviation_letters_idx"):
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        cursor.execute("ANALYZE tracker_organisation")
    matched = named(Organisation._base_manager.all(), "lighthouse keepers")
    plan = matched.values("pk").explain()
    assert "organisation_abbreviation_letters_idx" in plan
    assert "organisation_name_letters_idx" in plan
    assert "Seq Scan" not in plan
    assert list(named(Organisation._base_manager.all(), "region 3999")) == [
        Organisation.objects.get(slug="organisation-3999")
    ]
