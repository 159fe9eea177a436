"""On PostgreSQL a page's queries are planned once per connection, not on every request."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.factories import CommitmentFactory, published_update

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.postgresql
@pytest.mark.django_db
def test_a_page_read_again_and_again_runs_prepared_statements(client):
    published_update(commitment=CommitmentFactory())
    threshold = settings.DATABASES["default"]["OPTIONS"]["prepare_threshold"]
    for _ in range((threshold or 0) + 1):
        assert client.get("/").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE NOT from_sql")
        prepared = [row[0] for row in cursor.fetchall()]
    # The dashboard's latest updates, planned once and then run with their parameters.
    assert any(
        statement.startswith('SELECT "tracker_statusupdate"."id"') and "$1" in statement
        for statement in prepared
    ), prepared
    # And the page is still the page: the update it shows after being prepared.
    assert "Latest published updates" in client.get("/").content.decode()


def database_options(threshold):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE_")}
    environment.update(
        DJANGO_SECRET_KEY="x",
        DATABASE_URL="postgres://someone@db.invalid:5432/tracker",
        DATABASE_PREPARE_THRESHOLD=threshold,
    )
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import tracker.settings as s; print(s.DATABASES['default']['OPTIONS'])",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_preparing_can_be_turned_off_for_a_pooler_and_garbage_is_refused():
    assert "'prepare_threshold': 5" in database_options("5").stdout
    assert "'prepare_threshold': None" in database_options("").stdout
    refused = database_options("often")
    assert refused.returncode != 0
    assert "DATABASE_PREPARE_THRESHOLD must be a whole number" in refused.stderr
    refused = database_options("0")
    assert refused.returncode != 0
    assert "DATABASE_PREPARE_THRESHOLD must be 1 or more" in refused.stderr
