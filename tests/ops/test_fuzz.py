"""Property-based tests: whatever a client puts in the address, never a 5xx.

Every public page and every API endpoint gets random, huge, unicode (NUL, lone
surrogates sent as the bytes a careless client would send, right-to-left text,
emoji), byte-garbage and SQL-like values in each of its query parameters, in
parameters it does not know, in repeated parameters, and in its slug or id. The
parameter names come from the filter forms (tracker.filters) and from the API's
OpenAPI document (itself made from the same forms), so a parameter added later is
fuzzed without anyone listing it; tests.ops.public_urls lists the pages, and a test
there fails if a new route is missing.

Fast by default (``HYPOTHESIS_PROFILE=fuzz``, 25 examples per endpoint); set
``HYPOTHESIS_PROFILE=ci`` for more. The seed data is loaded once per test, and
all examples of all endpoints run against it (the pages only read).
"""

import os
from urllib.parse import quote, quote_from_bytes

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.ops.public_urls import (
    PAGES,
    api_operations,
    page_address,
    page_parameters,
    route_names,
    segment_template,
)
from tracker.filters import COMMITMENT_SORTS, QUOTE_SORTS, SOURCE_SORTS
from tracker.models import CommitmentKind, CommitmentStatus

# Hundreds of generated requests: in CI (make test, and on SQLite too), not in make test-fast.
pytestmark = [pytest.mark.slow, pytest.mark.both_engines]

_COMMON = {
    "deadline": None,
    "database": None,  # no .hypothesis/ directory in the checkout; failures print their example
    "suppress_health_check": [
        HealthCheck.function_scoped_fixture,  # the client and the seed data serve every example
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
}
settings.register_profile("fuzz", max_examples=25, **_COMMON)
settings.register_profile("ci", max_examples=100, **_COMMON)
PROFILE = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "fuzz"))

SQL_LIKE = [
    "' OR 1=1 --",
    "' OR '1'='1",
    '" OR ""="',
    "1; DROP TABLE tracker_commitment; --",
    "%",
    "%%",
    "_",
    "\\",
    "\\%",
    "%_\\",
    "' UNION SELECT NULL, NULL --",
    "$1",
    ":param",
    "%(value)s",
    "{}",
    "{{ 7*7 }}",
    "../../etc/passwd",
]
ODD = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\ud800",  # a lone surrogate: sent as the bytes ED A0 80, invalid UTF-8
    "\udfff\ud800",
    "\u202eevil\u202c",  # right-to-left override
    "مرحبا بالعالم",
    "שלום",
    "🇷🇸🇦🇱 💷 👩‍👩‍👧",
    "\ufeff",
    "\u200b",
    "\r\n",
    "NaN",
    "Infinity",
    "-Infinity",
    "1e999999999",
    "-0",
    "0",
    "-1",
    "1.5",
    "0x10",
    "9" * 30,
    "9" * 5000,  # beyond Python's int-from-text limit (4,300 digits)
    "2024-02-30",
    "0000-00-00",
    "9999-12-31",
    "2024-11-07T00:00:00",
    "true",
    "null",
    "[]",
]
# Values the parameters accept, so that fuzzing gets past the validation into the filters.
VALID = [
    "csv",
    "json",
    "atom",
    "html",
    "serbia",
    "albania",
    "united-kingdom",
    "keir-starmer",
    "2024-11-07",
    "2020-01-01",
    "150000000",
    "0.01",
    "1",
    "2",
    "100",
    "101",
    "Daily",
    "border",
    *COMMITMENT_SORTS,
    *QUOTE_SORTS,
    *SOURCE_SORTS,
    *CommitmentKind.values,
    *CommitmentStatus.values,
]

any_character = st.characters(exclude_categories=())  # includes surrogates and controls
text = st.text(any_character, max_size=40)
huge = st.builds(
    lambda piece, times: piece * times,
    st.text(any_character, min_size=1, max_size=4),
    st.integers(500, 3000),
)
numbers = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(repr),
)
values = st.one_of(
    st.sampled_from(VALID),
    st.sampled_from(SQL_LIKE),
    st.sampled_from(ODD),
    text,
    numbers,
    huge,
    st.binary(max_size=20),  # raw bytes, percent-encoded as they are: often invalid UTF-8
)


def encode(value: str | bytes) -> str:
    """Percent-encode as a client would; lone surrogates become the bytes they stand for."""
    raw = value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")
    return quote_from_bytes(raw, safe="")


def query_strategy(parameters: list[str]):
    """Query strings of known, unknown and repeated parameters with hostile values."""
    names = st.one_of(
        st.sampled_from(parameters),
        st.sampled_from(["unknown", "page[]", "q[0]", "", "format ", "PAGE", "__proto__"]),
        st.text(any_character, max_size=12),
    )
    pair = st.tuples(names, values)
    repeated = st.tuples(st.sampled_from(parameters), values, values).map(
        lambda t: [(t[0], t[1]), (t[0], t[2])]
    )
    pairs = st.tuples(st.lists(pair, max_size=6), st.lists(repeated, max_size=1)).map(
        lambda lists: lists[0] + [p for group in lists[1] for p in group]
    )
    return pairs.map(lambda ps: "&".join(f"{encode(n)}={encode(v)}" for n, v in ps))


headers = st.sampled_from(
    [
        {},
        {"HTTP_HX_REQUEST": "true"},
        {"HTTP_HX_REQUEST": "true", "HTTP_HX_HISTORY_RESTORE_REQUEST": "true"},
        {"HTTP_ACCEPT": "application/json"},
        {"HTTP_IF_NONE_MATCH": '"x"', "HTTP_IF_MODIFIED_SINCE": "garbage"},
    ]
)
path_values = st.one_of(
    values, st.sampled_from(["1", "2", "serbia", "-", "_", "a" * 300, "0", "00", "1" * 25])
)


def assert_no_server_error(client, address: str, extra: dict) -> None:
    # The test client re-raises any exception a view lets escape, so a crash fails
    # here with its traceback; a 5xx the app turned into a page fails on the status.
    response = client.get(address, **extra)
    assert response.status_code < 500, (address, response.status_code)
    if response.streaming:
        b"".join(response.streaming_content)  # exports fail while streaming, not before


def test_every_route_is_fuzzed():
    assert route_names() == set(PAGES), "add the new route to tests/ops/public_urls.PAGES"


def test_every_filter_parameter_is_fuzzed():
    for name, page in PAGES.items():
        if page.form:
            assert set(page.form.base_fields) <= set(page_parameters(name))


def fuzz_queries(client, address: str, parameters: list[str]) -> None:
    @settings(PROFILE)
    @given(query=query_strategy(parameters), extra=headers)
    def check(query, extra):
        assert_no_server_error(client, f"{address}?{query}", extra)

    check()


def fuzz_segments(client, template: str, parameters: list[str]) -> None:
    """``template`` holds ``{}`` where the slug or id goes."""

    @settings(PROFILE)
    @given(segment=path_values, query=query_strategy(parameters), extra=headers)
    def check(segment, query, extra):
        assert_no_server_error(client, template.format(encode(segment)) + f"?{query}", extra)

    check()


# One test per kind of endpoint, each going through every endpoint of its kind, so the
# seed data is loaded three times rather than forty; a failure names the address.


@pytest.mark.django_db
def test_query_parameters_of_every_page(client, seed_data):
    for name in sorted(PAGES):
        fuzz_queries(client, page_address(name), page_parameters(name))


@pytest.mark.django_db
def test_slug_and_id_of_every_detail_page(client, seed_data):
    for name in sorted(name for name, page in PAGES.items() if page.path_kind):
        fuzz_segments(client, segment_template(name), page_parameters(name))


@pytest.mark.django_db
def test_every_api_endpoint(client, seed_data):
    operations = api_operations()
    assert len(operations) >= 18
    for path, path_parameters, parameters in [*operations, ("/api/openapi.json", [], [])]:
        parameters = parameters or ["page"]
        if path_parameters:
            (name,) = path_parameters
            fuzz_segments(client, path.replace("{" + name + "}", "{}"), parameters)
        else:
            fuzz_queries(client, path, parameters)


@pytest.mark.django_db
def test_known_nasty_addresses(client, seed_data):
    """A few by hand that random search might take long to find."""
    nasty = [
        "/sources/99999999999999999999999999/",
        "/api/sources/99999999999999999999999999",
        "/api/sources/" + "9" * 5000,
        "/api/commitments/%00",
        "/api/countries/a%00b",
        "/commitments/?country=%00",
        "/commitments/?q=%00&format=csv",
        "/commitments/?amount_min=1e999999999&amount_max=-1e999999999",
        "/commitments/?page=" + "9" * 5000,
        "/api/commitments?page_size=" + "9" * 5000,
        "/search/?q=" + quote("' OR 1=1 --") + "&format=json",
        "/sources/?publisher=%25&q=_&format=csv",
        "/quotes/?speaker=%ED%A0%80&format=json",
    ]
    for address in nasty:
        assert_no_server_error(client, address, {})
