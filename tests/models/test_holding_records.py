"""The records citing an article are held by one rule of the models' publication rules
(``tracker.models.evidence``), whichever path changes the article's publication: the
admin's form and actions, the intake page, an import and the unpublishing guard."""

import pytest

from tests import factories
from tracker.admin import intake_publishing, sources
from tracker.models import Publication, SourceArticle, evidence
from tracker.resources import records


def test_every_path_changing_an_articles_publication_holds_its_records_by_one_rule():
    for module in (sources, intake_publishing, records):
        assert module.hold_records_citing is evidence.hold_records_citing, module.__name__


@pytest.mark.django_db
def test_the_unpublishing_guard_holds_the_records_by_that_rule(monkeypatch):
    article = factories.SourceArticleFactory(publication=Publication.PUBLISHED)
    quote = factories.QuoteFactory()
    factories.CitationFactory(commitment=None, quote=quote, source=article)
    held = []
    monkeypatch.setattr(evidence, "hold_records_citing", lambda articles: held.append(articles))

    articles = SourceArticle.objects.filter(pk=article.pk)
    left = evidence.left_without_a_published_source(articles)

    assert left == [quote]
    assert held == [articles]
