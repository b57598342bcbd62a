"""The hand-curated seed data renders on every page (skipped until fixtures/seed.json exists)."""

from pathlib import Path

import pytest
from django.conf import settings

from tracker.models import Commitment, Person, Quote, SourceArticle

SEED = Path(settings.BASE_DIR) / "fixtures" / "seed.json"

pytestmark = pytest.mark.skipif(not SEED.exists(), reason="fixtures/seed.json is not there yet")


def test_every_page_of_the_seed_data_answers_200(client, seed_data):
    addresses = ["/", "/countries/", "/commitments/", "/quotes/", "/sources/", "/search/?q=gangs"]
    addresses += [c.get_absolute_url() for c in Commitment.objects.published()]
    addresses += [q.get_absolute_url() for q in Quote.objects.published()]
    addresses += [p.get_absolute_url() for p in Person.objects.public()]
    addresses += [a.get_absolute_url() for a in SourceArticle.objects.published()]
    for address in addresses:
        assert client.get(address).status_code == 200, address
    assert len(addresses) > 10
