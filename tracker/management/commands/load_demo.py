"""Demo accounts and a few sample updates, for trying the site on a development machine."""

import datetime
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from tracker.models import (
    Commitment,
    Completion,
    Confidence,
    Evidence,
    Lifecycle,
    Organisation,
    PointOfContact,
    Side,
    StatusUpdate,
)

DECLARATION = "joint-declaration-economic-security-2025"

# Accounts: (username, role, side, organisation slug, references of assigned commitments).
ACCOUNTS = [
    ("demo-official-japan", "official", Side.JAPAN, "meti", ["8.1", "8.2", "9.1", "11.2"]),
    ("demo-official-india", "official", Side.INDIA, "meity", ["8.1", "8.3", "9.2", "12.1"]),
    ("demo-reviewer", "reviewer", None, None, []),
    ("demo-analyst", "analyst", None, None, []),
    ("demo-admin", "admin", None, None, []),
]


class Command(BaseCommand):
    help = (
        "Create demo accounts (an official for each side, a reviewer, an analyst, an admin) "
        "and a few updates marked as sample data. Refuses to run when DEBUG is off."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Give existing demo accounts new passwords and print them.",
        )

    def handle(self, *args, reset_passwords=False, **options):
        if not settings.DEBUG:
            raise CommandError(
                "load_demo creates accounts with known passwords: it runs only with DJANGO_DEBUG=1."
            )
        if not Commitment.objects.filter(declaration__slug=DECLARATION).exists():
            raise CommandError("Load the declaration's fixtures first (see README.md).")

        with transaction.atomic():
            created = self.create_accounts(reset_passwords)
            self.create_sample_updates()

        if created:
            self.stdout.write("Demo accounts (these passwords are shown once):")
            for username, password in created:
                self.stdout.write(f"  {username:22} {password}")
        else:
            self.stdout.write(
                "Demo accounts exist already; their passwords were printed when they were "
                "created. Run with --reset-passwords for new ones."
            )

    def create_accounts(self, reset_passwords):
        User = get_user_model()
        created = []
        for username, role, side, organisation_slug, references in ACCOUNTS:
            user, is_new = User.objects.get_or_create(
                username=username,
                defaults={
                    "email": f"{username}@example.invalid",
                    "is_staff": role == "admin",
                    "is_superuser": role == "admin",
                },
            )
            group = {"official": "Officials", "reviewer": "Reviewers", "analyst": "Analysts"}.get(
                role
            )
            if group:
                user.groups.add(Group.objects.get(name=group))
            if is_new or reset_passwords:
                password = secrets.token_urlsafe(12)
                user.set_password(password)
                user.save()
                created.append((username, password))
            if side is not None:
                contact, _ = PointOfContact.objects.get_or_create(
                    user=user,
                    defaults={
                        "name": f"Demo official ({side.label})",
                        "role": "Demo point of contact",
                        "side": side,
                        "organisation": Organisation.objects.get(slug=organisation_slug),
                        "email": f"{username}@example.invalid",
                    },
                )
                contact.commitments.set(
                    Commitment.objects.filter(
                        declaration__slug=DECLARATION, reference__in=references
                    )
                )
        return created

    def create_sample_updates(self):
        if StatusUpdate.objects.filter(is_sample=True).exists():
            return
        User = get_user_model()
        japan = User.objects.get(username="demo-official-japan")
        india = User.objects.get(username="demo-official-india")
        reviewer = User.objects.get(username="demo-reviewer")
        commitment = Commitment.objects.get(declaration__slug=DECLARATION, reference="8.2")
        today = timezone.localdate()

        published = StatusUpdate.objects.create(
            commitment=commitment,
            side=Side.JAPAN,
            author=japan,
            as_of=today - datetime.timedelta(days=14),
            lifecycle=Lifecycle.IN_PROGRESS,
            completion=Completion.LIMITED,
            confidence=Confidence.AMBER,
            confidence_rationale="Sample data: a rating written to show how ratings appear.",
            narrative="Sample data: this update shows how a published update looks.",
            state=StatusUpdate.State.SUBMITTED,
            submitted_at=timezone.now(),
            is_sample=True,
        )
        Evidence.objects.create(
            update=published,
            url="https://example.org/sample-evidence",
            title="Sample evidence item",
            publisher="Sample publisher",
            kind=Evidence.Kind.OTHER,
            published_on=today - datetime.timedelta(days=15),
        )
        published.publish(reviewer)

        StatusUpdate.objects.create(
            commitment=Commitment.objects.get(declaration__slug=DECLARATION, reference="8.3"),
            side=Side.INDIA,
            author=india,
            as_of=today - datetime.timedelta(days=3),
            lifecycle=Lifecycle.IN_PROGRESS,
            completion=Completion.LIMITED,
            narrative="Sample data: a submitted update waiting for review; not public.",
            state=StatusUpdate.State.SUBMITTED,
            submitted_at=timezone.now(),
            is_sample=True,
        )
        StatusUpdate.objects.create(
            commitment=Commitment.objects.get(declaration__slug=DECLARATION, reference="9.1"),
            side=Side.JAPAN,
            author=japan,
            as_of=today,
            lifecycle=Lifecycle.NOT_STARTED,
            completion=Completion.NOT_STARTED,
            narrative="Sample data: a draft only its author sees.",
            state=StatusUpdate.State.DRAFT,
            is_sample=True,
        )
