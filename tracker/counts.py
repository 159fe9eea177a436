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
import json

from django.conf import settings
from django.db import connections, transaction
from django.db.models import Count, F, TextField
from django.db.models.functions import Cast
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from .cache import get_data_version
from .html import Kept

# Raised whenever count_all() gains or changes a key: rows stored in another format are recounted.
FORMAT = 4


def count_all(today, stored=True):
    """The counts, from the data as it is: a dict of plain values that survives JSON. Counts
    to be stored also say what falls due on each later day (`falling_due`)."""
    from .models import Commitment, Project, StatusUpdate

    figures, confidence, by_sector = Commitment.objects.summary(today)
    projects_by_sector = dict(
        Project.objects.order_by().values_list("sector__slug").annotate(Count("pk"))
    )
    # What falls due from today on, per sector and day: tomorrow's overdue figure is today's
    # plus what fell due in between (with_overdue), with no query.
    falling_due = {}
    # Also kept with stored counts: whether the dashboard links the annotated declaration (a
    # query on each view otherwise; declarations change only with the data version).
    stored_only = {}
    if stored:
        stored_only["has_declaration"] = has_declaration()
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
        **stored_only,
    }


def has_declaration():
    """Whether there is a declaration to annotate (`/declaration/` shows the first)."""
    from .models import Declaration

    return Declaration.objects.declarations().exists()


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
    """The counts for today's data: stored ones when the data has not changed since. What
    falls due on later days is kept in the stored row only: no page shows it."""
    from .models import StoredCounts

    today = timezone.localdate()
    if not settings.TRACKER_STORED_COUNTS:
        return shown(count_all(today, stored=False))
    stored = read_stored_counts()
    if stored is not None:
        counts, day, version = stored
    else:
        counts, day, version = {}, None, get_data_version()[0]
    if counts.get("format") == FORMAT and day == today:
        return counts
    full = None  # (another format, or a clock set back: count afresh)
    if counts.get("format") == FORMAT and day < today:
        # The same data on a later day: only what is overdue has changed, worked out from
        # what was falling due, read now.
        full = (
            StoredCounts.objects.filter(pk=1, version=version, day=day)
            .values_list("counts", flat=True)
            .first()
        )
    counts = count_all(today) if full is None else with_overdue(full, today)
    StoredCounts.store(version=version, day=today, counts=counts)
    return shown(counts)


def shown(counts):
    """`counts` without what is kept for the next days' counts."""
    return {key: value for key, value in counts.items() if key != "falling_due"}


# The stored counts, without what falls due on later days, if they were counted at the current
# data version (none when no version was ever raised: read as 0, as get_data_version() does).
# What falls due is nine tenths of the row at 10 000 commitments, and only the first reader of
# a day needs it. In SQL: Django's compiler took three times as long as the query to write it.
STORED_COUNTS_SQL = """
SELECT {counts}, day, version FROM {stored_counts}
WHERE id = 1 AND version = COALESCE((SELECT version FROM {data_version} WHERE id = 1), 0)
"""
WITHOUT_FALLING_DUE = {
    "postgresql": "counts - 'falling_due'",
    "sqlite": "json_remove(counts, '$.falling_due')",
}


def read_stored_counts():
    """(counts without `falling_due`, day, version) of the stored row, or None."""
    from .models import DataVersion, StoredCounts

    connection = connections[StoredCounts.objects.db]
    sql = STORED_COUNTS_SQL.format(
        counts=WITHOUT_FALLING_DUE.get(connection.vendor, "counts"),
        stored_counts=connection.ops.quote_name(StoredCounts._meta.db_table),
        data_version=connection.ops.quote_name(DataVersion._meta.db_table),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    if row is None:
        return None
    counts, day, version = row
    if isinstance(day, str):  # a backend that gives dates as text
        day = datetime.date.fromisoformat(day)
    counts = StoredCounts._meta.get_field("counts").from_db_value(counts, None, connection)
    return shown(counts), day, version


def sector_counts(counts, sector):
    """A sector's row of the counts (its completion chart and number of commitments)."""
    return [row for row in counts["by_sector"] if row["sector__slug"] == sector.slug]


# Raised whenever count_changes() changes what it gives: rows stored in another format are redone.
CHANGES_FORMAT = 2

# One row per (commitment, side) change of completion level, from one pass over the published
# updates in the order `Commitment.apply_update` applies them: each update's level against the
# one before it on that side (a joint report on both), "no evidence" before the first. The
# changes are then summed per sector, month and pair of levels. {where} narrows the updates
# read to one commitment's (what a publication changes).
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
    WHERE u.state = %(published)s{where}
) changes
WHERE previous <> completion
GROUP BY sector, month, previous, completion
"""
MONTH_SQL = {
    "postgresql": "to_char(u.as_of, 'YYYY-MM')",
    "sqlite": "strftime('%%Y-%%m', u.as_of)",
}


def completion_changes(commitment=None, leaving_out=None):
    """The completion levels' changes per sector and month, as `charts.completion_changes`
    gives them from the updates themselves: of every commitment, or of `commitment` alone
    (a key), and without the update whose key is `leaving_out`."""
    from .charts import COMPLETION_ORDER, INITIAL_LEVEL
    from .models import ReportingSide, StatusUpdate

    using = StatusUpdate.objects.db
    index = {level.value: position for position, level in enumerate(COMPLETION_ORDER)}
    where = ""
    if commitment is not None:
        where += " AND u.commitment_id = %(commitment)s"
    if leaving_out is not None:
        where += " AND u.id <> %(leaving_out)s"
    completion = {}
    with connections[using].cursor() as cursor:
        vendor = connections[using].vendor
        cursor.execute(
            CHANGES_SQL.format(month=MONTH_SQL[vendor], where=where),
            {
                "initial": INITIAL_LEVEL,
                "japan": ReportingSide.JAPAN.value,
                "india": ReportingSide.INDIA.value,
                "joint": ReportingSide.JOINT.value,
                "published": StatusUpdate.State.PUBLISHED.value,
                "commitment": commitment,
                "leaving_out": leaving_out,
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
    return _without_zeros(completion)


def _without_zeros(completion):
    """The months whose changes cancel out (one level to another and back) left out: what is
    stored is then the same however it was arrived at."""
    return {
        sector: kept
        for sector, months in completion.items()
        if (kept := {month: levels for month, levels in months.items() if any(levels)})
    }


def count_changes():
    """What the charts page draws over time, worked out in the database: the completion
    levels' changes per sector and month (`completion_changes`), and the published updates
    per month and reporting side.

    Reading every published update into Python for the charts took 4.7 s at 2 000 000 updates;
    this reads them in two grouped queries (2.9 s), and the result is stored and kept up to
    date (`add_publication`, `forget_changes`).
    """
    from .charts import month_key
    from .models import StatusUpdate

    updates = {}
    rows = (
        StatusUpdate.objects.published()
        .order_by()
        .values_list("as_of__year", "as_of__month", "side")
        .annotate(Count("pk"))
    )
    for year, month, side, count in rows:
        updates.setdefault(month_key(datetime.date(year, month, 1)), {})[side] = count
    return {"format": CHANGES_FORMAT, "completion": completion_changes(), "updates": updates}


def _usable(changes):
    return changes is not None and changes.get("format") == CHANGES_FORMAT


# The stored figures as last read, by their text: the charts page reads them on every view,
# but they change only with the data, and decoding them took 0.6 ms of the page's 10 at 10 000
# commitments. What is decoded is shared by this process's readers: read it, never change it.
DECODED_CHANGES = Kept(2)


def current_changes(with_text=False):
    """The charts' monthly figures for the current data: the stored ones, unless something
    other than a publication has changed what they count since they were worked out.

    With `with_text`, (figures, text): the stored figures' text names them exactly, a key for
    what is drawn from them (None when they were worked out here)."""
    from .models import StoredChanges

    if not settings.TRACKER_STORED_COUNTS:
        changes = count_changes()
        return (changes, None) if with_text else changes
    row = (
        StoredChanges.objects.filter(pk=1)
        .values_list(Cast("changes", TextField()), "generation")
        .first()
    )
    if row is not None and row[0] is not None:
        text = row[0]
        stored = DECODED_CHANGES.get_or_write(text, lambda: json.loads(text))
        if _usable(stored):
            return (stored, text) if with_text else stored
    changes = count_changes()
    if row is None:
        # A change meanwhile has created the row (empty): then this is not stored.
        StoredChanges.objects.bulk_create(
            [StoredChanges(pk=1, changes=changes)], ignore_conflicts=True
        )
    else:
        # Stored only if no change has raised the generation since it was read, before the
        # figures were worked out: they then count exactly the data as of that generation.
        StoredChanges.objects.filter(pk=1, generation=row[1]).update(changes=changes)
    return (changes, None) if with_text else changes


def _locked_changes():
    """(changes, generation) of the stored row, locked until the transaction ends: a change
    that finds no row creates it empty, so that a reader's figures worked out before the
    change was committed are not stored after it."""
    from .models import StoredChanges

    locked = StoredChanges.objects.select_for_update().filter(pk=1)
    row = locked.values_list("changes", "generation").first()
    if row is None:
        StoredChanges.objects.bulk_create(
            [StoredChanges(pk=1, changes=None)], ignore_conflicts=True
        )
        row = locked.values_list("changes", "generation").first()
    return row


def add_publication(update):
    """Add what publishing `update` changes to the stored figures, in the publishing
    transaction: its commitment's changes with it, less those without it (at most a few dozen
    updates, whatever the size of the data), and one more update in its month.

    The row stays locked until the publication commits: publications are added one after
    the other, each to what the last one left.
    """
    from .charts import month_key
    from .models import StoredChanges

    if not settings.TRACKER_STORED_COUNTS or not transaction.get_connection().in_atomic_block:
        # Outside a transaction another publication could come between this one's commit
        # and the figures read for it: let the next reader work them all out.
        forget_changes()
        return
    changes, generation = _locked_changes()
    if _usable(changes):
        completion = changes["completion"]
        for sign, figures in (
            (1, completion_changes(commitment=update.commitment_id)),
            (-1, completion_changes(commitment=update.commitment_id, leaving_out=update.pk)),
        ):
            for sector, months in figures.items():
                for month, levels in months.items():
                    stored = completion.setdefault(sector, {}).setdefault(month, [0] * len(levels))
                    stored[:] = [a + sign * b for a, b in zip(stored, levels, strict=True)]
        changes["completion"] = _without_zeros(completion)
        month = changes["updates"].setdefault(month_key(update.as_of), {})
        month[update.side] = month.get(update.side, 0) + 1
    StoredChanges.objects.filter(pk=1).update(changes=changes, generation=generation + 1)


def forget_changes():
    """Something the charts draw has changed other than by a publication (an edit in the
    admin, a deletion, a bulk load): empty the stored figures, in the changing transaction.
    The changing request works them out again after its commit (tracker/cache.py), or else
    the next reader."""
    from .models import StoredChanges

    emptied = StoredChanges.objects.filter(pk=1).update(
        changes=None, generation=F("generation") + 1
    )
    if not emptied:
        with transaction.atomic():
            _locked_changes()  # creates the row, or finds the one a reader has just stored
            StoredChanges.objects.filter(pk=1).update(changes=None, generation=F("generation") + 1)


def _changes_counted(sender, instance, saved, raw, created, update_fields):
    """Whether a save or deletion of `instance` changes what the charts' figures count."""
    from sectors.models import Sector

    from .models import Commitment, StatusUpdate

    if sender is StatusUpdate:
        # publish() adds its own publication (add_publication); drafts are not counted.
        published = instance.state == StatusUpdate.State.PUBLISHED
        return published and not (saved and getattr(instance, "_publishing", False))
    if sender is Commitment:
        if not saved:
            return True
        if created or (update_fields is not None and not {"sector", "sector_id"} & update_fields):
            return False  # a new commitment has no update; publications save their own fields
        loaded = getattr(instance, "_loaded_sector_id", None)
        moved = instance.__dict__.get("sector_id", loaded) != loaded
        return raw or loaded is None or moved
    return sender is Sector and not (saved and created)


def on_save_or_delete(sender, instance, signal, raw=False, created=False, update_fields=None, **_):
    """Empty the stored chart figures when a save or deletion changes what they count: a
    published update (other than by publish()), a commitment moved to another sector or
    deleted, a sector changed or deleted."""
    if _changes_counted(sender, instance, signal is post_save, raw, created, update_fields):
        forget_changes()


def connect_signals():
    post_save.connect(on_save_or_delete, dispatch_uid="tracker_chart_changes_save")
    post_delete.connect(on_save_or_delete, dispatch_uid="tracker_chart_changes_delete")
