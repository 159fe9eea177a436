"""send_update_reminders emails overdue points of contact, once a day."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from tracker.models import Commitment, ReminderLog

pytestmark = pytest.mark.django_db


def test_overdue_contacts_are_emailed_once_a_day(official_japan, official_india):
    Commitment.objects.filter(reference__in=["8.1", "9.1"]).update(
        next_update_due=datetime.date(2025, 12, 1)
    )
    Commitment.objects.filter(reference="8.3").update(next_update_due=datetime.date(2099, 1, 1))
    call_command("send_update_reminders", verbosity=0)
    assert [m.to for m in mail.outbox] == [[official_japan.email]]
    assert "8.1" in mail.outbox[0].body and "9.1" in mail.outbox[0].body
    assert "8.3" not in mail.outbox[0].body

    call_command("send_update_reminders", verbosity=0)
    assert len(mail.outbox) == 1
    assert ReminderLog.objects.count() == 1


def test_nobody_is_emailed_when_nothing_is_overdue(official_japan):
    Commitment.objects.update(next_update_due=datetime.date(2099, 1, 1))
    call_command("send_update_reminders", verbosity=0)
    assert mail.outbox == []
