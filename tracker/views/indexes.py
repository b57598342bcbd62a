"""The indexes of people, organisations, announcements, events and figures: each a
filterable, paged list like the commitments list, with its CSV, JSON (and Atom) twins.

One view serves every index a record type's registration declares
(``record_pages.RecordIndex``); the organisations' index, whose rows carry counts read
once per data version, has its own."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from tracker import index_exports
from tracker.index_filters import OrganisationFilters
from tracker.models import Country, Organisation
from tracker.records import registered_as
from tracker.views.listing import list_page, show_list


def record_index(kind: str) -> Callable[[HttpRequest], HttpResponse]:
    """The view of the index the registration of ``kind`` declares, made once, when the
    addresses are read (its clean address follows its form: ``list_page``)."""
    index = registered_as(kind).index

    @list_page(index.filters)
    @require_safe
    def record_list(request: HttpRequest) -> HttpResponse:
        listed = index.rows()
        return show_list(
            request,
            index.filters(request.GET),
            index.page_rows(listed) if index.page_rows else listed.for_index(),
            index.template,
            exported=listed.for_index(),
            table=index.table,
            feed=index.feed,
            choices={
                name: (remembered_as, lambda among=among: among(listed))
                for name, remembered_as, among in index.choices
            },
        )

    return record_list


@list_page(OrganisationFilters)
@require_safe
def organisation_list(request: HttpRequest) -> HttpResponse:
    return show_list(
        request,
        OrganisationFilters(request.GET),
        Organisation.objects.public().for_detail(),
        "tracker/organisation_list.html",
        table=index_exports.ORGANISATIONS,
        choices={
            # The countries of every public organisation, remembered per data version.
            "country": (
                "organisation-countries",
                lambda: Country.objects.among(Organisation.objects.public()),
            )
        },
    )
