"""Email each point of contact whose assigned commitments are overdue; at most once a day."""

from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.db import IntegrityError, transaction
from django.utils import timezone

from tracker.models import PointOfContact, ReminderLog


class Command(BaseCommand):
    help = (
        "Email the points of contact whose commitments are overdue for an update. Running it "
        "again on the same day sends nothing twice."
    )

    def handle(self, *args, **options):
        today = timezone.localdate()
        sent = 0
        contacts = (
            PointOfContact.objects.exclude(email="")
            .exclude(reminders__sent_on=today)
            .prefetch_related("commitments")
        )
        for contact in contacts:
            overdue = [c for c in contact.commitments.all() if c.is_overdue]
            if not overdue:
                continue
            try:
                with transaction.atomic():
                    log = ReminderLog.objects.create(contact=contact, sent_on=today)
                    log.commitments.set(overdue)
                    send_mail(
                        "Updates overdue on the Japan-India Economic Security Cooperation Tracker",
                        self.body(contact, overdue),
                        None,
                        [contact.email],
                    )
            except IntegrityError:
                # Another run sent this contact today's reminder first.
                continue
            sent += 1
        self.stdout.write(f"Sent {sent} reminder(s).")

    def body(self, contact, overdue):
        lines = [
            f"Dear {contact.name},",
            "",
            "These commitments assigned to you are overdue for a status update:",
            "",
        ]
        lines += [f"- {c.reference} {c.title} (due {c.next_update_due:%d %b %Y})" for c in overdue]
        lines += ["", "Post updates from the 'My commitments' page of the tracker."]
        return "\n".join(lines)
