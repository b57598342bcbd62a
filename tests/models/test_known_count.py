"""``KnownCount``: counts read beforehand (the organisations index's), shown, filtered and
sorted by as one of the query's values, 0 for a row without one."""

from tests import factories
from tracker.models import Organisation
from tracker.models.actors import KnownCount


def test_each_row_reads_its_count_and_a_row_without_one_reads_zero(db):
    first, second, last = (factories.OrganisationFactory() for _ in range(3))
    known = KnownCount({second.pk: 7, first.pk: 2})
    assert known.by_position
    counted = Organisation.objects.annotate(n=known)

    rows = counted.order_by("-n", "slug")
    # The last has the largest key, beyond every counted one.
    assert [(o.pk, o.n) for o in rows] == [(second.pk, 7), (first.pk, 2), (last.pk, 0)]
    assert set(counted.filter(n__gt=0)) == {first, second}
    nothing = Organisation.objects.annotate(n=KnownCount({})).values_list("n", flat=True)
    assert list(nothing) == [0, 0, 0]


def test_the_counts_of_sparse_keys_travel_by_key_and_read_the_same(db):
    near = factories.OrganisationFactory()
    far = factories.OrganisationFactory(id=near.pk + 5_000)
    unnamed = factories.OrganisationFactory(id=near.pk + 6_000)
    known = KnownCount({near.pk: 2, far.pk: 3})
    assert not known.by_position

    rows = Organisation.objects.annotate(n=known).order_by("-n", "pk")
    assert [(o.pk, o.n) for o in rows] == [(far.pk, 3), (near.pk, 2), (unnamed.pk, 0)]


def test_two_known_counts_are_the_same_expression_when_their_counts_are():
    assert KnownCount({1: 2, 3: 4}) == KnownCount({3: 4, 1: 2})
    assert hash(KnownCount({1: 2, 3: 4})) == hash(KnownCount({3: 4, 1: 2}))
    assert KnownCount({1: 2}) != KnownCount({1: 3})
    sparse = {1: 2, 9_000: 4}
    assert KnownCount(sparse) == KnownCount(dict(reversed(sparse.items())))
