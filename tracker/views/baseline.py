"""A minimal Django view for the benchmark (benchmarks/run.py) to compare pages against.

Routed only when ``BENCHMARK_BASELINE_VIEW`` is set (settings), at ``/_baseline``: it
goes through the whole middleware stack but touches no database and no template.
"""

from django.http import HttpRequest, HttpResponse


def baseline(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok\n", content_type="text/plain")
