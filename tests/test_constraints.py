"""Named database constraints keep bad data out even past forms and save()."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from tests.factories import CommitmentFactory, EvidenceFactory, ProjectFactory, StatusUpdateFactory
from tracker.models import Commitment, Evidence, Organisation, Project, StatusUpdate

pytestmark = pytest.mark.django_db


def rejected(queryset, **values):
    with pytest.raises(IntegrityError), transaction.atomic():
        queryset.update(**values)


@pytest.mark.parametrize(
    "values",
    [
        {"japan_status": "finished"},
        {"india_completion": "half"},
        {"japan_confidence": "purple"},
        {"parties": "china"},
    ],
)
def test_commitment_choices_are_enforced_by_the_database(values):
    commitment = CommitmentFactory()
    rejected(Commitment.objects.filter(pk=commitment.pk), **values)


def test_commitment_planned_end_cannot_precede_its_start():
    commitment = CommitmentFactory()
    rejected(
        Commitment.objects.filter(pk=commitment.pk),
        planned_start=datetime.date(2026, 5, 1),
        planned_end=datetime.date(2026, 1, 1),
    )


def test_commitment_reference_is_unique_within_its_declaration():
    commitment = CommitmentFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitmentFactory(
            paragraph=commitment.paragraph,
            reference=commitment.reference,
        )


@pytest.mark.parametrize(
    "values",
    [
        {"state": "approved"},
        {"lifecycle": "done"},
        {"side": "both"},
        {"confidence": "green", "confidence_rationale": ""},
        {"state": "published", "published_at": None},
        {"narrative": ""},
    ],
)
def test_status_update_rules_are_enforced_by_the_database(values):
    update = StatusUpdateFactory()
    rejected(StatusUpdate.objects.filter(pk=update.pk), **values)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/x", "example.org"])
def test_evidence_urls_are_http_or_https_only(url):
    item = EvidenceFactory()
    rejected(Evidence.objects.filter(pk=item.pk), url=url)


def test_evidence_needs_a_url_or_a_document():
    item = EvidenceFactory()
    rejected(Evidence.objects.filter(pk=item.pk), url="", document=None)


def test_project_amount_needs_a_currency_and_dates_a_precision():
    project = ProjectFactory()
    rejected(Project.objects.filter(pk=project.pk), amount=100, currency="")
    rejected(Project.objects.filter(pk=project.pk), amount=-5, currency="JPY")
    rejected(Project.objects.filter(pk=project.pk), announced_on=datetime.date(2025, 1, 1))


def test_organisation_country_is_enforced():
    organisation = Organisation.objects.first()
    rejected(Organisation.objects.filter(pk=organisation.pk), country="ZZ")
