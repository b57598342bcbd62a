"""Each feature that lists every record type reads its part from the type's registration
(tracker.records): search (``search``), sharing (``shared``), alerts (``alerted``) and
discrepancy detection (``claims``). These check that each part is complete and agrees
with the models, the routes and the migrations it depends on."""

import importlib

import pytest
from django.db.models import Model
from django.urls import reverse

from tracker.alerts.models import Change
from tracker.discrepancy_detection import Claim
from tracker.models import Citation, DisputedAspect
from tracker.records import record_type, registered, registration_of
from tracker.search import kinds
from tracker.sharing import Card, card, describe, shared_types

SEARCH_VECTORS = importlib.import_module("tracker.migrations.0006_search_vectors_and_data_version")


def _has_path(model: type[Model], path: str) -> type[Model]:
    """The model at the end of a relation path (``parties__country``), or a failure."""
    for name in path.split("__"):
        model = model._meta.get_field(name).related_model
    return model


def test_search_shows_the_kinds_in_the_registrys_order():
    assert [kind.name for kind in kinds()] == [
        "commitment",
        "announcement",
        "quote",
        "figure",
        "person",
        "organisation",
        "event",
        "source",
    ]


def test_each_searched_type_is_found_by_columns_it_has_and_shown_by_its_list():
    for registration in registered():
        searched = registration.search
        assert searched is not None, f"{registration.key} is not searched"
        model = registration.model
        for field in (*searched.fields, *searched.names):
            model._meta.get_field(field)
        for path, named in searched.through:
            assert _has_path(model, path) is named, (registration.key, path)
            assert registration_of(named).search.names, f"{named.__name__} has no names"
        if searched.kind is not None:
            assert searched.kind.name == registration.key
            assert searched.kind.public().model is model
            reverse(searched.kind.list_url_name)


def test_the_searched_columns_are_those_the_migration_stores():
    stored = {
        registration.model._meta.model_name: registration.search.fields
        for registration in registered()
        if registration.search.fields
    }
    assert stored == SEARCH_VECTORS.SEARCHED_FIELDS


def test_the_shared_types_have_their_routes_and_only_commitments_and_quotes_embed():
    shared = shared_types()
    assert set(shared) == {"commitment", "quote", "announcement", "figure"}
    for registration in shared.values():
        for route in (registration.shared.page, registration.shared.image):
            reverse(route, kwargs={"slug": "a-slug"})
        if registration.shared.embed:
            reverse(registration.shared.embed, kwargs={"slug": "a-slug"})
    assert {key for key, r in shared.items() if r.shared.embed} == {"commitment", "quote"}


@pytest.mark.django_db
def test_each_shared_record_has_a_card_and_a_description_naming_its_sources(every_record):
    for record in every_record:
        if record_type(record).shared is None:
            with pytest.raises(TypeError, match="is not shared"):
                card(record)
            continue
        shown = card(record)
        assert isinstance(shown, Card)
        assert shown.kind and shown.title
        assert describe(record).endswith(f"{shown.sources_line}.")


def test_each_alerted_type_is_a_field_of_the_change_log_with_a_list_to_follow():
    alerted = [r for r in registered() if r.alerted]
    assert {r.key for r in alerted} == {"commitment", "quote", "announcement", "figure", "source"}
    for registration in alerted:
        field = Change._meta.get_field(registration.alerted.field)
        assert field.related_model is registration.model
        followed = registration.alerted.followed_list
        reverse(followed.route)
        filters = followed.filters({})
        assert filters.is_valid(), filters.errors
        assert followed.records(filters).model is registration.model


@pytest.mark.django_db
def test_each_alerted_record_is_said_in_a_few_words(every_record):
    for record in every_record:
        alerted = record_type(record).alerted
        if alerted is not None and record_type(record).key != "source":
            assert alerted.said(record).strip()


@pytest.mark.django_db
def test_the_types_whose_citations_state_more_than_a_date(every_record):
    with_claims = {r.key for r in registered() if r.claims}
    assert with_claims == {"commitment", "quote", "figure"}
    for record in every_record:
        claims = record_type(record).claims
        if claims is None:
            continue
        citation = Citation(excerpt="“It said 17 people and £5 million,” she said.")
        for aspect, claim in claims(record, citation):
            assert aspect in DisputedAspect.values
            assert claim is None or isinstance(claim, Claim)
