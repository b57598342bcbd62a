"""The OpenAPI 3 document at /api/openapi.json, whose parameters come from the filter forms."""

import pytest

from tracker.filters import CommitmentFilters, QuoteFilters, SourceFilters
from tracker.models import CommitmentKind, CommitmentStatus

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "countries", "commitments", "announcements", "quotes", "figures", "people", "events",
    "sources", "discrepancies",
]  # fmt: skip


@pytest.fixture
def document(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def parameters(document, path: str) -> dict[str, dict]:
    return {p["name"]: p for p in document["paths"][path]["get"]["parameters"]}


def test_it_is_openapi_3_with_every_endpoint(document):
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "Policy Tracker API"
    paths = set(document["paths"])
    for name in ENDPOINTS:
        assert f"/api/{name}" in paths
        assert any(p.startswith(f"/api/{name}/{{") for p in paths), name


@pytest.mark.parametrize(
    ("path", "form"),
    [
        ("/api/commitments", CommitmentFilters),
        ("/api/quotes", QuoteFilters),
        ("/api/sources", SourceFilters),
    ],
)
def test_list_parameters_are_the_filter_forms_fields(document, path, form):
    params = parameters(document, path)
    assert set(params) == {*form.base_fields, "page", "page_size"}
    for name, field in form.base_fields.items():
        assert params[name]["in"] == "query"
        assert params[name]["required"] is False
        assert str(field.label) in params[name]["description"]


def test_choices_are_the_forms_choices(document):
    params = parameters(document, "/api/commitments")
    assert params["kind"]["schema"]["enum"] == list(CommitmentKind.values)
    assert params["status"]["schema"]["enum"] == list(CommitmentStatus.values)
    assert params["announced_from"]["schema"]["format"] == "date"


def test_lists_document_their_400_and_details_their_404(document):
    for name in ENDPOINTS:
        assert "400" in document["paths"][f"/api/{name}"]["get"]["responses"], name
    assert "404" in document["paths"]["/api/commitments/{slug}"]["get"]["responses"]


def test_nothing_loads_from_elsewhere(client, document):
    """No docs page pulling scripts from a CDN: the document is the documentation."""
    assert client.get("/api/docs").status_code == 404
    assert "cdn" not in str(document).lower()


def test_every_page_links_the_api(client, world):
    html = client.get("/").content.decode()
    assert '<a href="/api/openapi.json" type="application/json">' in html
