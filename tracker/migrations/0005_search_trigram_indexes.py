"""Trigram indexes for the tables' free-text search on PostgreSQL.

`?q=` on the commitments table and API is `UPPER(field::text) LIKE UPPER('%…%')` over the
reference, title and text (CommitmentFilterSet.search_fields). Without an index PostgreSQL reads
every commitment; with a trigram GIN index on the same expression it reads the matches only.
SQLite has no such index: there the search stays a scan.
"""

from django.db import migrations

FIELDS = ("reference", "title", "text")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for field in FIELDS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS commitment_{field}_trgm_idx ON tracker_commitment "
            f'USING gin ((UPPER("{field}"::text)) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for field in FIELDS:
        schema_editor.execute(f"DROP INDEX IF EXISTS commitment_{field}_trgm_idx")


class Migration(migrations.Migration):
    dependencies = [("tracker", "0004_table_indexes")]

    operations = [migrations.RunPython(create, drop)]
