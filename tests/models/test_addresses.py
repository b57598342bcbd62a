"""A record's address (tracker.models.addresses.detail_url) is reverse()'s, cut once per route."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from tracker.models.addresses import detail_url

ROUTES = [
    ("commitment-detail", "eu-serbia-border-partnership-2024"),
    ("quote-detail", "q_1"),
    ("figure-detail", "Figure-9"),
    ("announcement-detail", "a"),
    ("person-detail", "keir-starmer"),
    ("event-detail", "9876543210123"),
    ("organisation-detail", "frontex"),
    ("country-detail", "cote-d-ivoire"),
    ("source-detail", 42),
]


@pytest.mark.parametrize(("route", "key"), ROUTES)
def test_the_address_is_reverses(route, key):
    assert detail_url(route, key) == reverse(route, args=[key])


@pytest.mark.parametrize(("route", "key"), ROUTES)
def test_the_address_follows_the_script_prefix(route, key):
    set_script_prefix("/tracker/")
    try:
        assert detail_url(route, key) == reverse(route, args=[key])
        assert detail_url(route, key).startswith("/tracker/")
    finally:
        set_script_prefix("/")


@pytest.mark.parametrize("key", ["", "a/b", "été", "a b", "x?y=1"])
def test_a_key_the_route_refuses_is_refused_as_by_reverse(key):
    with pytest.raises(NoReverseMatch):
        detail_url("commitment-detail", key)
