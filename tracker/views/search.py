"""One search across every kind of record."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from tracker import exports, formats, search_page
from tracker.filters import SearchForm
from tracker.http_cache import public_page
from tracker.views.listing import render_list


@public_page(query=(*SearchForm.base_fields, "format"))
@require_safe
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    problems = [message for messages in form.errors.values() for message in messages]
    words = form.cleaned_data["q"] if not problems else ""
    fmt = exports.requested(request)
    # An export shows no marked words: it reads none.
    results = search_page.everything(words, marked=not fmt) if words else []
    if fmt:
        if problems:
            return formats.bad_request(fmt, **formats.problem_body(form))
        return exports.search_export(request, fmt, words, results)
    context = {
        "form": form,
        "words": words,
        "results": results,
        # Each kind counted up to the cap: the total is then a floor.
        "result_total": sum(kind.shown_count for kind in results),
        "more_than_counted": any(kind.more_than_cap for kind in results),
        "matched": [kind for kind in results if kind.count],
        "problems": problems,
    }
    return render_list(request, "tracker/search.html", context, partial="results")
