"""The load and demo commands: idempotent, and the demo only where DEBUG is on."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from tracker.models import Commitment, PointOfContact, Project, StatusUpdate

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        list(Commitment.objects.order_by("pk").values()),
        list(Project.objects.order_by("pk").values()),
        StatusUpdate.objects.count(),
    )


def test_loading_the_declaration_again_changes_nothing():
    before = snapshot()
    call_command("load_declaration", verbosity=0)
    assert snapshot() == before


def test_loading_again_keeps_statuses_published_since():
    from tests.factories import published_update

    commitment = Commitment.objects.get(reference="12.3")
    published_update(commitment=commitment, side="india", lifecycle="completed")
    call_command("load_declaration", verbosity=0)
    commitment.refresh_from_db()
    assert commitment.india_status == "completed"


def test_demo_refuses_to_run_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo")
    assert not get_user_model().objects.filter(username__startswith="demo-").exists()


def test_demo_creates_accounts_and_sample_updates_once(settings, capsys):
    settings.DEBUG = True
    call_command("load_demo")
    printed = capsys.readouterr().out
    User = get_user_model()
    usernames = set(
        User.objects.filter(username__startswith="demo-").values_list("username", flat=True)
    )
    assert usernames == {
        "demo-official-japan",
        "demo-official-india",
        "demo-reviewer",
        "demo-analyst",
        "demo-admin",
    }
    for username in usernames:
        assert username in printed
    assert PointOfContact.objects.filter(
        side="japan", user__username="demo-official-japan"
    ).exists()
    samples = StatusUpdate.objects.filter(is_sample=True)
    assert set(samples.values_list("state", flat=True)) == {"draft", "submitted", "published"}

    call_command("load_demo")
    again = capsys.readouterr().out
    assert "exist already" in again
    assert StatusUpdate.objects.filter(is_sample=True).count() == samples.count()
