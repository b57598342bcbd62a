"""The search page's SQL is compiled once per shape of query and bound to each search's
terms (``tracker.search_sql``): bound, it is the SQL the ORM compiles for those terms, and
it finds what a search built afresh finds, published records only."""

import pytest

from tests import factories
from tests.views.test_search_cap import counts_as_shown
from tests.views.test_search_counts import group, page
from tracker import search, search_page, search_sql
from tracker.models import Country, Organisation, Person, Publication
from tracker.search_sql import Terms

pytestmark = pytest.mark.django_db

# Words as a search may give them: one and several, repeated, with what LIKE and full text
# treat specially, quotes, and the private-use characters the placeholders are made of.
WORDS = [
    "border",
    "border security",
    "border  security border",
    "50%",
    "under_score",
    "back\\slash",
    "o'brien",
    '"border security"',
    "border -security",
    "or",
    "\ue010",
    "\ue0100\ue011 \ue0120\ue013",
]


def shapes_of(kind) -> list[dict]:
    """The ways ``kind`` can be read: by its own text or not, which few or many records say
    or neither, counted or not, marked (the page) or not (an export), through each named
    model by keys (one or three) or by matching the names."""
    model = search_page._model_of(kind)
    through = dict.fromkeys(related for _, related in search.searched(model).through)
    keys = {Country: ["GB", "FR", "RS"], Organisation: [3, 1, 2], Person: [7]}

    def shape(found, by_text=True, few=False, counted=True, marked=True, many=False) -> dict:
        return dict(
            by_text=by_text, few=few, counted=counted, marked=marked, many=many, found=found
        )

    shapes = [
        shape({}, counted=False),
        shape({}, counted=False, marked=False),
        shape({}, counted=False, few=True),
        shape({}, counted=False, many=True),
        shape({}, counted=False, marked=False, many=True),
    ]
    for related in through:
        for found_keys in (keys[related], keys[related][:1], None):
            shapes.append(shape({related: found_keys}))
            shapes.append(shape({related: found_keys}, by_text=False))
        shapes.append(shape({related: keys[related]}, marked=False))
        shapes.append(shape({related: keys[related]}, few=True))
        shapes.append(shape({related: keys[related]}, counted=False, many=True))
    if len(through) > 1:
        shapes.append(shape({related: keys[related] for related in through}))
    return shapes


def test_bound_sql_is_the_sql_the_orm_compiles_for_the_same_terms(db):
    """For every kind, way of reading it and words, the SQL compiled once and bound is, term
    for term, what the ORM compiles for the search afresh."""
    compared = 0
    for kind in search.kinds():
        if search.searched(search_page._model_of(kind)).names:
            continue
        for shape in shapes_of(kind):
            for words in WORDS:
                terms = Terms(words, shape["found"])
                by = {name: shape[name] for name in ("by_text", "few", "counted", "marked", "many")}
                bound = search_sql.rows(
                    ("test", kind.name, *by.values()),
                    lambda terms, kind=kind, by=by: search_page._best_rows(kind, terms, **by),
                    terms,
                )
                afresh = search_page._best_rows(kind, terms, **by)
                sql, params = afresh.query.get_compiler(using=afresh.db).as_sql()
                assert bound.query.compiled.sql == sql
                assert bound.query.params == tuple(params)
                compared += 1
    assert compared > 200


def test_the_first_reading_is_bound_to_the_words(db):
    shown = tuple(search.kinds())
    for words in WORDS:
        bound = search_sql.sql(
            ("test-first",),
            lambda terms: search_page._first_sql(shown, terms.words),
            Terms(words, {}),
            "default",
        )
        sql, params = search_page._first_sql(shown, words)
        assert bound == (sql, tuple(params))


def test_a_word_in_the_sql_text_is_refused(db):
    """A term the ORM writes into the SQL's text, not a parameter, cannot be bound."""
    with pytest.raises(ValueError, match="SQL's text"):
        search_sql.sql(
            ("test-text",), lambda terms: (f"SELECT '{terms.words}'", []), Terms("a", {}), "default"
        )


def test_a_term_in_a_parameter_it_cannot_bind_is_refused(db):
    with pytest.raises(ValueError, match="cannot bind"):
        search_sql.sql(
            ("test-param",),
            lambda terms: ("SELECT %s", [f"<{terms.words}>"]),
            Terms("a", {}),
            "default",
        )


def test_a_shape_compiled_for_one_search_finds_only_published_records_for_another(client, db):
    """The second search of a shape reads its own words' records, drafts never, and names
    tied only to drafts find nothing through them."""
    for word in ("Lighthouse", "Kestrel"):
        factories.PledgeFactory(title=f"{word} pledge")
        factories.PledgeFactory(title=f"{word} draft", publication=Publication.DRAFT)
        board = factories.OrganisationFactory(name=f"{word} Board", slug=f"{word}-board")
        factories.PledgeFactory(
            title=f"Funded by {board.pk}", funder=board, publication=Publication.DRAFT
        )
    for word in ("Lighthouse", "Kestrel"):
        html = page(client, "/search/", q=word.lower())
        assert counts_as_shown(html) == {"commitment": "1"}
        assert f"<mark>{word}</mark> pledge" in group(html, "commitment")
        assert "draft" not in group(html, "commitment") and "Funded by" not in html


def test_a_shape_read_by_keys_binds_each_search_its_own_keys(client, db):
    """Two searches through the same number of names' keys read each its own names'
    records (which their own text does not find)."""
    for name, title in (("Kestrel Board", "First pledge"), ("Osprey Board", "Second pledge")):
        board = factories.OrganisationFactory(name=name, slug=name.lower().replace(" ", "-"))
        factories.PledgeFactory(title=title, funder=board)
    for word, title, other in (("kestrel", "First", "Second"), ("osprey", "Second", "First")):
        html = group(page(client, "/search/", q=word), "commitment")
        assert f"{title} pledge" in html
        assert f"{other} pledge" not in html
