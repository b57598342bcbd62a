"""The record types' registry (tracker.records, registrations in tracker.record_types):
every public record type is registered once, and each registration is complete."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory
from ninja import Schema

from tests import factories
from tracker import jsonld
from tracker.exports import as_in_the_api
from tracker.models import (
    CITATION_TARGETS,
    CITATION_TARGETS_AS_SHOWN,
    COMMITMENT_COUNTS,
    COMMITMENT_PROXIES,
    PUBLISHED_COUNTS,
    RECORD_COUNTS,
    Commitment,
    CommitmentKind,
    Country,
    citation_target,
    cited_models,
)
from tracker.records import (
    RecordType,
    Summary,
    edited_as,
    record_type,
    register,
    registered,
    summarise,
)


def _public_models() -> set:
    """The app's concrete models with a public page."""
    return {
        model
        for model in apps.get_app_config("tracker").get_models()
        if hasattr(model, "get_absolute_url") and not model._meta.proxy
    }


def test_every_model_with_a_public_page_is_registered_once():
    models = [registration.model for registration in registered()]
    assert len(models) == len(set(models))
    assert set(models) == _public_models()


def test_every_model_a_citation_supports_is_registered():
    assert set(cited_models()) <= {registration.model for registration in registered()}


def test_keys_are_distinct():
    keys = [registration.key for registration in registered()]
    assert len(keys) == len(set(keys))


def test_a_type_is_registered_only_once():
    with pytest.raises(ValueError, match="Figure is registered already"):
        register(record_type(factories.FigureFactory.build()))


def test_an_unregistered_type_is_refused_with_its_name():
    with pytest.raises(TypeError, match="Role is not a registered record type"):
        summarise(factories.RoleFactory.build())


def test_a_proxy_is_its_concrete_models_type(world):
    partnership = COMMITMENT_PROXIES["partnership"].objects.get(pk=world.partnership.pk)
    assert record_type(partnership) is record_type(world.partnership)
    assert record_type(partnership).model is Commitment


def test_every_registered_type_has_a_record_in_the_fixture(every_record):
    assert {record_type(record) for record in every_record} == set(registered())


def test_each_registration_is_complete(every_record):
    request = RequestFactory().get("/")
    for record in every_record:
        registration: RecordType = record_type(record)
        summary = registration.summary(record)
        assert isinstance(summary, Summary)
        assert summary.type in (registration.key, getattr(record, "kind", None))
        assert summary.slug == record.slug
        assert summary.title
        assert summary.path == record.get_absolute_url()

        rows, schema, key = as_in_the_api(record)
        assert key == registration.key
        assert issubclass(schema, Schema)
        assert rows.model is registration.model
        assert rows.filter(pk=record.pk).exists(), f"the API cannot read {key} {record.slug}"

        if registration.linked_data is None:
            with pytest.raises(TypeError):
                jsonld.describe(record, request)
        else:
            data = jsonld.describe(record, request)
            assert data["@context"] == "https://schema.org"
            assert data["@type"]


def test_only_organisations_have_no_json_ld():
    without = {r.key for r in registered() if r.linked_data is None}
    assert without == {"organisation"}


def test_each_record_is_edited_on_a_page_of_the_admin(every_record):
    for record in every_record:
        model = record_type(record).edited_as(record)
        assert admin.site.is_registered(model), model
    assert (
        record_type(every_record[0]).edited_as(every_record[0])
        is COMMITMENT_PROXIES[every_record[0].kind]
    )


def test_a_record_of_another_model_is_edited_as_itself(world):
    assert edited_as(world.discrepancy) is type(world.discrepancy)
    assert edited_as(world.funding) is COMMITMENT_PROXIES["funding"]


def test_the_per_country_counts_name_every_kind_of_commitment_and_registered_records():
    assert [counted.kind for counted in COMMITMENT_COUNTS] == list(CommitmentKind.values)
    for counted in RECORD_COUNTS:
        model = Country._meta.get_field(counted.name).related_model
        assert record_type(model()).key == counted.kind
    attributes = [counted.attribute for counted in PUBLISHED_COUNTS]
    assert len(attributes) == len(set(attributes))


def test_citations_show_each_target_they_can_support():
    assert [path.split("__")[0] for path in CITATION_TARGETS_AS_SHOWN] == list(CITATION_TARGETS)
    for model in cited_models():
        assert citation_target(model) in CITATION_TARGETS
