"""The dashboard's counts, recounted only when the public data has changed.

Counting every commitment and every published update costs time in proportion to the data
(0.3 s at 100 000 commitments and 2 million updates). The counts are stored in one row with
the data version they were counted at (tracker/cache.py raises it after every change the
public can see) and the day (what is overdue changes at midnight). A view reads that row,
recounts everything when the version differs, and only what is overdue when the day does. The
change itself recounts, right after it raises the version (tracker/cache.py), so readers find
the counts ready; only after concurrent changes does a reader count everything.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from .cache import get_data_version

# Raised whenever count_all() gains or changes a key: rows stored in another format are recounted.
FORMAT = 3


def count_all(today, stored=True):
    """The counts, from the data as it is: a dict of plain values that survives JSON. Counts
    to be stored also say what falls due on each later day (`falling_due`)."""
    from django.db.models import Count

    from .models import Commitment, Project, StatusUpdate

    figures, confidence, by_sector = Commitment.objects.summary(today)
    projects_by_sector = dict(
        Project.objects.order_by().values_list("sector__slug").annotate(Count("pk"))
    )
    # What falls due from today on, per sector and day: tomorrow's overdue figure is today's
    # plus what fell due in between (with_overdue), with no query.
    falling_due = {}
    if stored:
        rows = (
            Commitment.objects.filter(next_update_due__gte=today)
            .order_by()
            .values_list("sector__slug", "next_update_due")
            .annotate(Count("pk"))
        )
        for slug, due, count in rows:
            falling_due.setdefault(slug, {})[due.isoformat()] = count
    return {
        "format": FORMAT,
        "falling_due": falling_due,
        "figures": figures,
        "confidence": confidence,
        "by_sector": by_sector,
        "projects_by_sector": projects_by_sector,
        "project_count": sum(projects_by_sector.values()),
        "published_count": StatusUpdate.objects.published().count(),
    }


def with_overdue(counts, today):
    """The counts of an earlier day, with what is overdue on `today`: what was overdue then
    and what has fallen due since (the rest depends on the data alone, which has not changed).
    No query: the first reader of a new day no longer counts everything (0.4 s at 100 000
    commitments)."""
    today = today.isoformat()  # ISO dates sort as the days do
    for row in counts["by_sector"]:
        due = counts["falling_due"].get(row["sector__slug"], {})
        row["overdue"] += sum(count for day, count in due.items() if day < today)
        due = {day: count for day, count in due.items() if day >= today}
        if due:
            counts["falling_due"][row["sector__slug"]] = due
        else:
            counts["falling_due"].pop(row["sector__slug"], None)
    counts["figures"]["overdue"] = sum(row["overdue"] for row in counts["by_sector"])
    return counts


def current_counts():
    """The counts for today's data: stored ones when the data has not changed since."""
    from .models import StoredCounts

    today = timezone.localdate()
    if not settings.TRACKER_STORED_COUNTS:
        return count_all(today, stored=False)
    version, _changed_at = get_data_version()
    stored = StoredCounts.objects.filter(pk=1, version=version).values_list("counts", "day").first()
    counts, day = stored if stored is not None else ({}, None)
    if counts.get("format") != FORMAT or day > today:  # (a clock set back: count afresh)
        counts = count_all(today)
    elif day == today:
        return counts
    else:  # the same data on a later day: only what is overdue has changed
        counts = with_overdue(counts, today)
    StoredCounts.store(version=version, day=today, counts=counts)
    return counts


def sector_counts(counts, sector):
    """A sector's row of the counts (its completion chart and number of commitments)."""
    return [row for row in counts["by_sector"] if row["sector__slug"] == sector.slug]


# Raised whenever count_changes() changes what it gives: rows stored in another format are redone.
CHANGES_FORMAT = 1

# One row per (commitment, side) change of completion level, from one pass over the published
# updates in the order `Commitment.apply_update` applies them: each update's level against the
# one before it on that side (a joint report on both), "no evidence" before the first. The
# changes are then summed per sector, month and pair of levels.
CHANGES_SQL = """
SELECT sector, month, previous, completion, COUNT(*)
FROM (
    SELECT sector.slug AS sector, {month} AS month, u.completion AS completion,
           LAG(u.completion, 1, %(initial)s) OVER (
               PARTITION BY u.commitment_id, sides.side
               ORDER BY u.as_of, u.published_at, u.id
           ) AS previous
    FROM tracker_statusupdate u
    JOIN tracker_commitment c ON c.id = u.commitment_id
    JOIN sectors_sector sector ON sector.id = c.sector_id
    JOIN (SELECT %(japan)s AS side UNION ALL SELECT %(india)s) sides
        ON u.side = sides.side OR u.side = %(joint)s
    WHERE u.state = %(published)s
) changes
WHERE previous <> completion
GROUP BY sector, month, previous, completion
"""
MONTH_SQL = {
    "postgresql": "to_char(u.as_of, 'YYYY-MM')",
    "sqlite": "strftime('%%Y-%%m', u.as_of)",
}


def count_changes():
    """What the charts page draws over time, worked out in the database: the completion
    levels' changes per sector and month (as `charts.completion_changes` gives them from the
    updates themselves), and the published updates per month and reporting side.

    Reading every published update into Python for the charts took 4.7 s at 2 000 000 updates;
    this reads them in two grouped queries, and the result is stored until the data changes.
    """
    from django.db import connections
    from django.db.models import Count

    from .charts import COMPLETION_ORDER, INITIAL_LEVEL, month_key
    from .models import ReportingSide, StatusUpdate

    using = StatusUpdate.objects.db
    index = {level.value: position for position, level in enumerate(COMPLETION_ORDER)}
    completion = {}
    with connections[using].cursor() as cursor:
        vendor = connections[using].vendor
        cursor.execute(
            CHANGES_SQL.format(month=MONTH_SQL[vendor]),
            {
                "initial": INITIAL_LEVEL,
                "japan": ReportingSide.JAPAN.value,
                "india": ReportingSide.INDIA.value,
                "joint": ReportingSide.JOINT.value,
                "published": StatusUpdate.State.PUBLISHED.value,
            },
        )
        for sector, month, previous, level, count in cursor.fetchall():
            changes = completion.setdefault(sector, {}).setdefault(
                month, [0] * len(COMPLETION_ORDER)
            )
            if previous:
                changes[index[previous]] -= count
            if level:
                changes[index[level]] += count
    updates = {}
    rows = (
        StatusUpdate.objects.published()
        .order_by()
        .values_list("as_of__year", "as_of__month", "side")
        .annotate(Count("pk"))
    )
    for year, month, side, count in rows:
        updates.setdefault(month_key(datetime.date(year, month, 1)), {})[side] = count
    return {"format": CHANGES_FORMAT, "completion": completion, "updates": updates}


def current_changes():
    """The charts' monthly figures for the current data: stored ones when it has not changed."""
    from .models import StoredChanges

    if not settings.TRACKER_STORED_COUNTS:
        return count_changes()
    version, _changed_at = get_data_version()
    stored = StoredChanges.objects.filter(pk=1, version=version).values_list("changes", flat=True)
    changes = stored.first()
    if changes is not None and changes.get("format") == CHANGES_FORMAT:
        return changes
    changes = count_changes()
    StoredChanges.store(version=version, changes=changes)
    return changes
