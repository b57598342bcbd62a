"""Bad input never gives a 500: a 400 with the whole page and a clear message by the form."""

import pytest

from tests.views.test_htmx import Tags

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("kind=banana", "“banana” is not a kind of commitment"),
        ("country=atlantis", "There is no country “atlantis”."),
        ("status=forgotten", "“forgotten” is not a status"),
        ("sort=random", "“random” is not a sort order"),
        ("page=-1", "There is no page -1: pages are numbered from 1."),
        ("page=0", "There is no page 0: pages are numbered from 1."),
        ("page=abc", "“abc” is not a page number"),
        ("page=99999", "There is no page 99999: the last page is 1."),
        ("page=1.5", "“1.5” is not a page number"),
        ("page=99999999999999999999999", "There is no page 99999999999999999999999"),
        ("announced_from=2024-13-45", "Enter a date as YYYY-MM-DD"),
        ("announced_to=yesterday", "Enter a date as YYYY-MM-DD"),
        (
            "announced_from=2024-12-01&announced_to=2024-01-01",
            "The “from” date is after the “to” date.",
        ),
        ("amount_min=lots", "Enter an amount as a number"),
        ("amount_max=-5", "Enter an amount of zero or more."),
        ("amount_min=1e400", "Enter an amount"),
        ("amount_max=99999999999999999999", "fewer than 13 digits"),
        ("amount_min=100&amount_max=10", "The smallest amount is larger than the largest."),
        ("q=" + "x" * 201, "at most 200 characters"),
    ],
)
def test_bad_commitment_filters_are_400_with_the_page_and_a_message(client, world, query, message):
    response = client.get(f"/commitments/?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert '<form id="commitment-filters"' in html  # the form stays, to correct
    assert '<div class="problems" role="alert"' in html
    assert message in html
    assert '<main id="main"' in html


DESCRIBED_BY_ERROR = {"aria-describedby": "f-kind_error"}


def test_the_form_marks_the_field_at_fault(client, world):
    html = client.get("/commitments/?kind=banana&country=serbia").content.decode()
    assert Tags(html).having(
        "select", id="f-kind", name="kind", **{"aria-invalid": "true"}, **DESCRIBED_BY_ERROR
    )
    assert '<p class="field-error" id="f-kind_error">' in html
    assert '<option value="serbia" selected>Serbia</option>' in html  # good values are kept


def test_bad_input_to_an_htmx_request_is_a_400_fragment_with_the_message(client, world):
    response = client.get("/commitments/?page=abc", HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    html = response.content.decode()
    assert "“abc” is not a page number" in html
    assert "<main" not in html


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("/quotes/?speaker=nobody", "There is no person “nobody”."),
        ("/quotes/?country=atlantis", "There is no country “atlantis”."),
        ("/quotes/?event=no-such-event", "There is no event “no-such-event”."),
        ("/quotes/?page=0", "pages are numbered from 1"),
        ("/sources/?published_from=2024-02-30", "Enter a date as YYYY-MM-DD"),
        ("/sources/?sort=shuffle", "“shuffle” is not a sort order"),
        ("/sources/?page=99999", "There is no page 99999"),
        ("/search/?q=" + "y" * 201, "Search for at most 200 characters."),
    ],
)
def test_bad_filters_of_other_lists_are_400_with_a_message(client, world, address, message):
    response = client.get(address)
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize(
    "address",
    [
        "/commitments/?q=%00",
        "/commitments/?q=' OR 1=1 --",
        "/commitments/?country=",
        "/commitments/?amount_min=&amount_max=",
        "/commitments/?q=(((&sort=title",
        "/search/?q=%22unbalanced",
        "/search/?q=!!!%26%26||",
        "/search/?q=%E2%80%9Ccurly%E2%80%9D",
        "/commitments/?kind=pledge&kind=banana",
    ],
)
def test_odd_but_harmless_input_is_never_a_500(client, world, address):
    # Empty fields are redirected to the clean address (tracker.http_cache), which answers.
    assert client.get(address, follow=True).status_code in (200, 400)


def test_unknown_address_is_the_404_page(client, world):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "<h1>Nothing here</h1>" in response.content.decode()
