"""Statistics of the words in the commitments' search text, so that a search looks for its
rarest words first.

ANALYZE then keeps, for the commonest words (up to a thousand), the share of commitments holding
each (`pg_stats_ext_exprs.most_common_elems`). A search of several
words (`search_terms` in tracker/filtersets.py) reads those shares and asks the trigram index
(migration 0008) for the rarest words before the whole term: GIN checks a query's conditions in
the order written, and the whole term's own conditions then run only where the rare words are,
instead of reading every row of a word as common as "India" or "cooperation".

Expression statistics need PostgreSQL 14; SQLite has neither these nor the index.
"""

from django.db import migrations

NAME = "commitment_search_words"  # tracker.filtersets.CommitmentFilterSet.search_statistics
SEPARATOR = "\x1f"  # tracker.filtersets.SEARCH_SEPARATOR, as it was when this was written
FIELDS = ("reference", "title", "text")


def supported(schema_editor):
    connection = schema_editor.connection
    return connection.vendor == "postgresql" and connection.pg_version >= 140000


def create(apps, schema_editor):
    if not supported(schema_editor):
        return
    joined = f" || '{SEPARATOR}' || ".join(f'"{field}"' for field in FIELDS)
    schema_editor.execute(
        f"CREATE STATISTICS IF NOT EXISTS {NAME} "
        f"ON (to_tsvector('simple'::regconfig, ({joined})::text)) FROM tracker_commitment"
    )
    schema_editor.execute("ANALYZE tracker_commitment")


def drop(apps, schema_editor):
    if supported(schema_editor):
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("tracker", "0008_one_search_index")]

    operations = [migrations.RunPython(create, drop)]
