"""Settings refuse to start insecurely."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def start(**env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_the_site_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = start()
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_a_malformed_boolean_is_refused():
    result = start(DJANGO_SECRET_KEY="x", DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be a boolean" in result.stderr


def test_a_negative_number_of_kept_pages_is_refused():
    result = start(DJANGO_SECRET_KEY="x", TRACKER_PAGE_LOCAL_ENTRIES="-1")
    assert result.returncode != 0
    assert "TRACKER_PAGE_LOCAL_ENTRIES must be 0 (keep none) or more, not -1" in result.stderr


def test_debug_defaults_to_off():
    result = subprocess.run(
        [sys.executable, "-c", "import tracker.settings as s; print(s.DEBUG)"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
            "DJANGO_SECRET_KEY": "x",
        },
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip() == "False"


def test_a_bare_checkout_can_ask_whether_a_migration_is_missing():
    """makemigrations reads only the code: it runs without a secret key, where every other
    command keeps refusing (above)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout
    assert start().returncode != 0  # `check` still refuses without a key
