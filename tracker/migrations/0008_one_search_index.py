"""One trigram index for the commitments' free-text search, instead of one per field.

`?q=` on the commitments table and API now searches the reference, title and text as one text
(`SearchText` in tracker/filtersets.py): `UPPER((reference || '␟' || title || '␟' || text)::text)
LIKE UPPER('%…%')`. One index scan reads each trigram of the term once; with an index per field
(migration 0005) a common word's trigrams were read once per field, which grew with the data.
SQLite has no such index: there the search stays a scan.
"""

from django.db import migrations

SEPARATOR = "\x1f"  # tracker.filtersets.SEARCH_SEPARATOR, as it was when this was written
OLD_FIELDS = ("reference", "title", "text")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    joined = f" || '{SEPARATOR}' || ".join(f'"{field}"' for field in OLD_FIELDS)
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS commitment_search_trgm_idx ON tracker_commitment "
        f"USING gin ((UPPER(({joined})::text)) gin_trgm_ops)"
    )
    for field in OLD_FIELDS:
        schema_editor.execute(f"DROP INDEX IF EXISTS commitment_{field}_trgm_idx")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for field in OLD_FIELDS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS commitment_{field}_trgm_idx ON tracker_commitment "
            f'USING gin ((UPPER("{field}"::text)) gin_trgm_ops)'
        )
    schema_editor.execute("DROP INDEX IF EXISTS commitment_search_trgm_idx")


class Migration(migrations.Migration):
    dependencies = [("tracker", "0007_sector_position_index")]

    operations = [migrations.RunPython(create, drop)]
