"""Trigram indexes for the updates' and the projects' free-text search on PostgreSQL.

`?q=` on the updates table and API looks in the narrative and in the commitment's reference and
title; as one condition across the join no index could serve it, and PostgreSQL read every
published update (2.6 s at 2 000 000 updates). It is now an OR of the narrative's own index
(published updates only, as the search is) and the keys of the commitments whose reference and
title (`SearchText`, tracker/filtersets.py) hold the term. Statistics of the narratives' words
(and of the projects' search text, as migration 0009 keeps for the commitments; PostgreSQL 14
or later) tell a term of common words, found in many rows, from a rarer one.

`?q=` on the projects table and API searches the name, description and location as one text,
as the commitments' search does (migration 0008): one index scan instead of three field scans.
SQLite has no such index: there the searches stay scans.
"""

from django.db import migrations

SEPARATOR = "\x1f"  # tracker.filtersets.SEARCH_SEPARATOR, as it was when this was written


def joined(*fields):
    return f" || '{SEPARATOR}' || ".join(f'"{field}"' for field in fields)


INDEXES = {
    "statusupdate_narrative_trgm_idx": (
        "tracker_statusupdate USING gin ((UPPER(\"narrative\"::text)) gin_trgm_ops) "
        "WHERE \"state\" = 'published'"
    ),
    "commitment_ref_title_trgm_idx": (
        f"tracker_commitment USING gin ((UPPER(({joined('reference', 'title')})::text)) "
        "gin_trgm_ops)"
    ),
    "project_search_trgm_idx": (
        "tracker_project USING gin "
        f"((UPPER(({joined('name', 'description', 'location')})::text)) gin_trgm_ops)"
    ),
}


# The search_statistics of StatusUpdateFilterSet and ProjectFilterSet (tracker/filtersets.py).
STATISTICS = {
    "statusupdate_narrative_words": ("tracker_statusupdate", '"narrative"'),
    "project_search_words": (
        "tracker_project",
        f"({joined('name', 'description', 'location')})::text",
    ),
}


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")
    if connection.pg_version >= 140000:
        for name, (table, text) in STATISTICS.items():
            schema_editor.execute(
                f"CREATE STATISTICS IF NOT EXISTS {name} "
                f"ON (to_tsvector('simple'::regconfig, {text})) FROM {table}"
            )
            schema_editor.execute(f"ANALYZE {table}")


def drop(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    if connection.pg_version >= 140000:
        for name in STATISTICS:
            schema_editor.execute(f"DROP STATISTICS IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("tracker", "0009_search_words_statistics")]

    operations = [migrations.RunPython(create, drop)]
