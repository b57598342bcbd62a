"""Public pages answer GET and HEAD (monitors and link checkers send HEAD), nothing else."""

import pytest

from tests.ops.public_urls import PAGES, sample_address


@pytest.mark.django_db
def test_head_answers_like_get_without_a_body(client, seed_data):
    for name in sorted(PAGES):
        address = sample_address(name)
        got = client.get(address)
        head = client.head(address)
        assert (got.status_code, head.status_code) == (200, 200), address
        assert head.content == b"", address
        assert head["Content-Type"] == got["Content-Type"], address


@pytest.mark.django_db
def test_head_of_an_export(client, seed_data):
    for fmt, media_type in [
        ("csv", "text/csv"),
        ("json", "application/json"),
        ("atom", "application/atom+xml"),
    ]:
        response = client.head(f"/commitments/?format={fmt}")
        assert response.status_code == 200, fmt
        assert response["Content-Type"].startswith(media_type)


@pytest.mark.django_db
def test_other_methods_are_refused(client, seed_data):
    for name in sorted(PAGES):
        address = sample_address(name)
        for method in ("post", "put", "patch", "delete"):
            response = getattr(client, method)(address)
            assert response.status_code == 405, (method, address)
            allowed = set(response["Allow"].replace(" ", "").split(","))
            assert allowed == {"GET", "HEAD"}, (method, address)
