"""Baselines for the benchmarks in bench/: what the cheapest possible page costs on this machine.

Timing figures on a shared machine are noisy, so the benchmarks report each page as a ratio to
one of these, measured in the same run. Both are public and read only public data.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .models import Commitment

BASELINE_COLUMNS = (
    "reference",
    "title",
    "sector__name",
    "parties",
    "japan_status",
    "india_status",
    "japan_completion",
    "india_completion",
    "japan_confidence",
    "india_confidence",
    "next_update_due",
    "declaration__slug",
)


@require_safe
def baseline_table(request):
    """The same 50 commitments as a table page, in one query, through a plain template."""
    rows = Commitment.objects.order_by("position", "pk").values(*BASELINE_COLUMNS)[:50]
    return render(request, "bench/baseline_table.html", {"rows": rows})


@require_safe
def baseline_constant(request):
    """A constant answer through the same middleware: the floor for requests per second."""
    return HttpResponse(b"ok\n", content_type="text/plain")


# Never served from the page cache: the floor is the middleware alone, without the version and
# cache lookups a cached page makes, so that cached pages are measured against the real floor.
baseline_constant.page_cache_exempt = True
