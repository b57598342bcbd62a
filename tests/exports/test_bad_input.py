"""Bad filters are a 400 in the export formats too, with the filter form's own message."""

import pytest

pytestmark = pytest.mark.django_db

KIND = "“banana” is not a kind of commitment; choose partnership, funding or pledge."


def test_bad_filters_give_a_json_400_with_the_forms_messages(client, world):
    response = client.get("/commitments/?kind=banana&country=atlantis&format=json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "These filters could not be applied.",
        "errors": {"country": ["There is no country “atlantis”."], "kind": [KIND]},
    }
    html = client.get("/commitments/?kind=banana").content.decode()
    assert KIND in html  # the page says the same


def test_bad_filters_give_a_plain_400_as_csv_and_atom(client, world):
    for fmt in ("csv", "atom"):
        response = client.get(f"/commitments/?kind=banana&format={fmt}")
        assert response.status_code == 400, fmt
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert f"kind: {KIND}" in response.content.decode()


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("/quotes/?speaker=nobody&format=json", "There is no person “nobody”."),
        ("/sources/?published_from=yesterday&format=json", "Enter a date as YYYY-MM-DD"),
        ("/commitments/?amount_min=100&amount_max=10&format=json", "The smallest amount"),
        ("/search/?q=" + "x" * 201 + "&format=json", "at most 200 characters"),
    ],
)
def test_each_list_rejects_its_bad_filters(client, world, address, message):
    response = client.get(address)
    assert response.status_code == 400
    assert message in str(response.json()["errors"])


def test_unknown_formats_and_missing_feeds_are_400(client, world):
    assert client.get("/commitments/?format=xml").status_code == 400
    response = client.get("/quotes/?format=atom")  # the quotes list has no feed
    assert response.status_code == 400
    assert "not a format of this page" in response.content.decode()
    assert client.get("/?format=csv").status_code == 400  # the home page has only its feed
    assert client.get(f"{world.quote.get_absolute_url()}?format=yaml").status_code == 400
