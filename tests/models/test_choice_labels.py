"""A commitment's kind and status labels from the lookup made once per language
(tracker.choice_labels): what ``get_kind_display()`` and ``get_status_display()`` give,
in the active language, a label translated lazily included."""

import pytest
from django.utils import translation
from django.utils.functional import lazy

from tracker import choice_labels
from tracker.formatting import current_locale
from tracker.models import Commitment, CommitmentKind, CommitmentStatus

STATUS = Commitment._meta.get_field("status")


@pytest.fixture
def fresh_lookups():
    """No lookup made before the test, and none of its own labels left after it."""
    choice_labels._labels.cache_clear()
    yield
    choice_labels._labels.cache_clear()


@pytest.mark.parametrize("kind", [*CommitmentKind.values, "not-a-kind", ""])
def test_a_kind_is_labelled_as_django_labels_it(kind):
    commitment = Commitment(kind=kind)
    assert commitment.kind_label() == commitment.get_kind_display()
    assert commitment.kind_label(current_locale()) == commitment.get_kind_display()


@pytest.mark.parametrize("status", [*CommitmentStatus.values, "not-a-status", ""])
def test_a_status_is_labelled_as_django_labels_it(status):
    commitment = Commitment(status=status)
    assert commitment.status_label() == commitment.get_status_display()
    assert commitment.status_label(current_locale()) == commitment.get_status_display()


def _said_in_the_active_language() -> str:
    return {"fr": "Annoncé", "de": "Angekündigt"}.get(translation.get_language(), "Announced")


def test_a_lazily_translated_label_follows_the_active_language(monkeypatch, fresh_lookups):
    """The project ships no translation, so the label is a stand-in that reads the active
    language as a gettext_lazy label would."""
    label = lazy(_said_in_the_active_language, str)()
    monkeypatch.setattr(STATUS, "choices", [("announced", label), ("broken", "Broken")])
    commitment = Commitment(status="announced")
    for language, said in [("fr", "Annoncé"), ("en-gb", "Announced"), ("de", "Angekündigt")] * 2:
        with translation.override(language):
            assert commitment.get_status_display() == said
            assert commitment.status_label() == said
            assert commitment.status_label(current_locale()) == said
    # A locale passed gets its own language's labels, whichever is active.
    with translation.override("de"):
        assert commitment.status_label("fr") == "Annoncé"
        assert Commitment(status="broken").status_label("fr") == "Broken"
