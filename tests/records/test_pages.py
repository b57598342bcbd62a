"""The pages a registration declares (tracker.records): a record's own page (``page``,
served by tracker.views.records) and an index (``index``, served by
tracker.views.indexes). Each is routed, answers with its template and the record or rows
it declares, and only the types that declare one are served so."""

import pytest
from django.urls import resolve, reverse

from tracker.records import record_type, registered, registered_as
from tracker.views.records import record_detail

pytestmark = pytest.mark.django_db


def test_quotes_and_figures_have_the_one_record_page_and_the_others_their_own_views(
    every_record,
):
    assert {r.key for r in registered() if r.page} == {"quote", "figure"}
    for record in every_record:
        registration = record_type(record)
        match = resolve(record.get_absolute_url())
        if registration.page:
            assert match.func is record_detail
            assert match.kwargs == {"kind": registration.key, "slug": record.slug}
        else:
            assert match.func is not record_detail, registration.key


def test_a_record_page_shows_its_record_under_its_key_with_its_template(client, every_record):
    shown = 0
    for record in every_record:
        registration = record_type(record)
        if not registration.page:
            continue
        response = client.get(record.get_absolute_url())
        assert response.status_code == 200
        assert response.context[registration.key] == record
        assert registration.page.template in [t.name for t in response.templates]
        assert (
            client.get(record.get_absolute_url().replace(record.slug, "no-such")).status_code == 404
        )
        shown += 1
    assert shown == 2


def test_the_indexes_a_registration_declares_are_routed_and_offer_their_drop_downs(client, world):
    declared = {r.key: r.index for r in registered() if r.index}
    assert set(declared) == {"person", "announcement", "event", "figure"}
    for key, index in declared.items():
        response = client.get(reverse(f"{key}-list"))
        assert response.status_code == 200, key
        assert index.template in [t.name for t in response.templates]
        assert type(response.context["filters"]) is index.filters
        assert {name for name, _, _ in index.choices} <= set(index.filters.base_fields), key


def test_an_unknown_key_is_refused_with_its_name():
    with pytest.raises(KeyError, match="'nothing'"):
        registered_as("nothing")
