"""One set of factories shared by every test."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sectors.models import Sector
from tracker import models


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.invalid")
    password = factory.django.Password("correct horse battery staple")


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector

    slug = factory.Sequence(lambda n: f"test-sector-{n}")
    name = factory.Sequence(lambda n: f"Test sector {n}")
    kind = Sector.Kind.KEY
    order = factory.Sequence(lambda n: 100 + n)
    lead_in = "Both sides will"


class DeclarationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Declaration

    slug = factory.Sequence(lambda n: f"test-declaration-{n}")
    title = factory.Sequence(lambda n: f"Test declaration {n}")
    short_title = "Test declaration"
    kind = models.Declaration.Kind.DECLARATION
    adopted_on = datetime.date(2025, 8, 29)
    place = "Tokyo"


class ParagraphFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Paragraph

    declaration = factory.SubFactory(DeclarationFactory)
    position = factory.Sequence(lambda n: n + 1)
    number = factory.LazyAttribute(lambda o: str(o.position))
    text = "Both sides will"
    sector = factory.SubFactory(SectorFactory)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Organisation

    slug = factory.Sequence(lambda n: f"test-organisation-{n}")
    name = factory.Sequence(lambda n: f"Test organisation {n}")
    kind = models.Organisation.Kind.MINISTRY
    country = models.Organisation.Country.JAPAN


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Commitment
        skip_postgeneration_save = True

    paragraph = factory.SubFactory(ParagraphFactory)
    declaration = factory.LazyAttribute(lambda o: o.paragraph.declaration)
    sector = factory.LazyAttribute(lambda o: o.paragraph.sector)
    position = factory.Sequence(lambda n: n + 1)
    reference = factory.LazyAttribute(lambda o: f"{o.paragraph.number}.{o.position}")
    title = factory.Sequence(lambda n: f"Test commitment {n}")
    text = factory.Sequence(lambda n: f"strengthen test cooperation number {n};")
    next_update_due = datetime.date(2026, 2, 27)

    @factory.post_generation
    def lead_organisations(self, create, extracted, **kwargs):
        if create and extracted:
            self.lead_organisations.set(extracted)


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Project
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"test-project-{n}")
    name = factory.Sequence(lambda n: f"Test project {n}")
    kind = models.Project.Kind.AGREEMENT
    description = "A test project."
    source = factory.SubFactory(DeclarationFactory, kind=models.Declaration.Kind.FACT_SHEET)
    sector = factory.SubFactory(SectorFactory)

    @factory.post_generation
    def commitments(self, create, extracted, **kwargs):
        if create and extracted:
            self.commitments.set(extracted)

    @factory.post_generation
    def organisations(self, create, extracted, **kwargs):
        if create and extracted:
            self.organisations.set(extracted)


class StatusUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.StatusUpdate

    commitment = factory.SubFactory(CommitmentFactory)
    side = models.ReportingSide.JAPAN
    author = factory.SubFactory(UserFactory)
    as_of = datetime.date(2025, 10, 1)
    lifecycle = models.Lifecycle.IN_PROGRESS
    completion = models.Completion.LIMITED
    narrative = factory.Sequence(lambda n: f"Test narrative {n}.")
    state = models.StatusUpdate.State.DRAFT


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Evidence

    update = factory.SubFactory(StatusUpdateFactory)
    url = factory.Sequence(lambda n: f"https://example.org/evidence/{n}")
    title = factory.Sequence(lambda n: f"Evidence {n}")
    publisher = "Example publisher"
    kind = models.Evidence.Kind.PRESS_RELEASE
    published_on = datetime.date(2025, 9, 30)


def published_update(reviewer=None, evidence=1, **kwargs):
    """A status update taken through submit and publish, as a reviewer would."""
    update = StatusUpdateFactory(
        state=models.StatusUpdate.State.SUBMITTED, submitted_at=timezone.now(), **kwargs
    )
    EvidenceFactory.create_batch(evidence, update=update)
    update.publish(reviewer or UserFactory())
    return update


def publish_on_the_review_page(update, username):
    """A reviewer (a new superuser) publishes `update` through the review page, as in a browser."""
    reviewer = Client()
    reviewer.force_login(UserFactory(username=username, is_superuser=True))
    return reviewer.post(
        reverse("tracker:review_detail", args=[update.uid]),
        {"action": "publish", "version": update.version, "note": ""},
    )
