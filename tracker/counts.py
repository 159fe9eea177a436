"""The dashboard's counts, recounted only when the public data has changed.

Counting every commitment and every published update costs time in proportion to the data
(0.3 s at 100 000 commitments and 2 million updates). The counts are stored in one row with
the data version they were counted at (tracker/cache.py raises it after every change the
public can see) and the day (what is overdue changes at midnight). A view reads that row,
recounts everything when the version differs, and only what is overdue when the day does. The
change itself recounts, right after it raises the version (tracker/cache.py), so readers find
the counts ready; only after concurrent changes does a reader count everything.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .cache import get_data_version

# Raised whenever count_all() gains or changes a key: rows stored in another format are recounted.
FORMAT = 2


def count_all(today):
    """The counts, from the data as it is: a dict of plain values that survives JSON."""
    from django.db.models import Count

    from .models import Commitment, Project, StatusUpdate

    figures, confidence, by_sector = Commitment.objects.summary(today)
    projects_by_sector = dict(
        Project.objects.order_by().values_list("sector__slug").annotate(Count("pk"))
    )
    return {
        "format": FORMAT,
        "figures": figures,
        "confidence": confidence,
        "by_sector": by_sector,
        "projects_by_sector": projects_by_sector,
        "project_count": sum(projects_by_sector.values()),
        "published_count": StatusUpdate.objects.published().count(),
    }


def with_overdue(counts, today):
    """The counts with what is overdue on `today` counted again (one indexed query), the rest
    as they are: the first reader of a new day no longer counts everything (0.4 s at 100 000
    commitments), when the data has not changed overnight."""
    from django.db.models import Count

    from .models import Commitment

    overdue = dict(
        Commitment.objects.filter(next_update_due__lt=today)
        .order_by()
        .values_list("sector__slug")
        .annotate(Count("pk"))
    )
    for row in counts["by_sector"]:
        row["overdue"] = overdue.get(row["sector__slug"], 0)
    counts["figures"]["overdue"] = sum(row["overdue"] for row in counts["by_sector"])
    return counts


def current_counts():
    """The counts for today's data: stored ones when the data has not changed since."""
    from .models import StoredCounts

    today = timezone.localdate()
    if not settings.TRACKER_STORED_COUNTS:
        return count_all(today)
    version, _changed_at = get_data_version()
    stored = StoredCounts.objects.filter(pk=1, version=version).values_list("counts", "day").first()
    if stored is not None and stored[0].get("format") == FORMAT:
        counts, day = stored
        if day == today:
            return counts
        # The same data on a new day: only what is overdue has changed.
        counts = with_overdue(counts, today)
    else:
        counts = count_all(today)
    try:
        with transaction.atomic():
            StoredCounts.objects.update_or_create(
                pk=1, defaults={"version": version, "day": today, "counts": counts}
            )
    except IntegrityError:  # another reader stored the first row at the same moment
        pass
    return counts


def sector_counts(counts, sector):
    """A sector's row of the counts (its completion chart and number of commitments)."""
    return [row for row in counts["by_sector"] if row["sector__slug"] == sector.slug]
