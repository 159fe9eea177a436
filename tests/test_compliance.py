"""Compliance scores: averages and counts per party and sector, on a hand-computed example."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from tracker.models import Commitment, ComplianceAssessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst():
    user = UserFactory(username="analyst")
    user.groups.add(Group.objects.get(name="Analysts"))
    return user


def assess(analyst, reference, party, score, period="2026", kind="interim", days_ago=10):
    return ComplianceAssessment.objects.create(
        commitment=Commitment.objects.get(reference=reference),
        party=party,
        period=period,
        kind=kind,
        score=score,
        rationale="Checked against the sources.",
        analyst=analyst,
        assessed_at=timezone.now() - datetime.timedelta(days=days_ago),
    )


@pytest.fixture
def example(analyst):
    # Semiconductors: Japan 8.1 = +1, 8.2 = 0 -> 0.50 over 2; India 8.1 = -1 -> -1.00 over 1.
    # Pharmaceuticals: Japan 12.1 = +1 -> 1.00 over 1; India 12.1 = +1, 12.2 = +1 -> 1.00 over 2.
    # 8.2 Japan was first scored -1, then re-assessed 0: the later one supersedes.
    assess(analyst, "8.1", "japan", 1)
    assess(analyst, "8.2", "japan", -1, days_ago=20)
    assess(analyst, "8.2", "japan", 0, days_ago=5)
    assess(analyst, "8.1", "india", -1)
    assess(analyst, "12.1", "japan", 1)
    assess(analyst, "12.1", "india", 1)
    assess(analyst, "12.2", "india", 1)
    # Another period does not mix in unless asked for.
    assess(analyst, "12.3", "india", -1, period="2025")


def test_a_later_assessment_supersedes_an_earlier_one(example):
    current = ComplianceAssessment.objects.current().filter(
        commitment__reference="8.2", party="japan"
    )
    assert [a.score for a in current] == [0]


def test_averages_by_party_are_right(client, example):
    response = client.get(reverse("tracker:compliance"), {"period": "2026"})
    assert response.status_code == 200
    by_party = {
        row["party"]: (round(row["average"], 2), row["commitments"])
        for row in response.context["by_party"]
    }
    # Japan: 1, 0, 1 -> 0.67 over 3; India: -1, 1, 1 -> 0.33 over 3.
    assert by_party == {"japan": (0.67, 3), "india": (0.33, 3)}


def test_averages_by_sector_are_right(client, example):
    response = client.get(reverse("tracker:compliance"), {"period": "2026"})
    by_sector = {
        (row["commitment__sector__name"], row["party"]): (row["average"], row["commitments"])
        for row in response.context["by_sector"]
    }
    assert by_sector == {
        ("Semiconductors", "japan"): (0.5, 2),
        ("Semiconductors", "india"): (-1.0, 1),
        ("Pharmaceuticals", "japan"): (1.0, 1),
        ("Pharmaceuticals", "india"): (1.0, 2),
    }


def test_the_table_lists_current_scores_only(client, example):
    response = client.get(reverse("tracker:compliance"), {"period": "2026", "per_page": 100})
    rows = [
        (r.record.commitment.reference, r.record.party, r.record.score)
        for r in response.context["table"].paginated_rows
    ]
    assert ("8.2", "japan", -1) not in rows and ("8.2", "japan", 0) in rows
    assert len(rows) == 6


def test_an_analyst_records_an_assessment(client, analyst):
    client.force_login(analyst)
    commitment = Commitment.objects.get(reference="11.6")
    response = client.post(
        reverse("tracker:compliance_create"),
        {
            "commitment": commitment.pk,
            "party": "india",
            "period": "2026-H1",
            "kind": "final",
            "score": "1",
            "rationale": "Implementing documents finalised.",
            "evidence_url": "https://example.org/jcm",
            "evidence_title": "JCM documents",
        },
    )
    assert response.status_code == 302
    assessment = ComplianceAssessment.objects.get(commitment=commitment)
    assert (assessment.analyst, assessment.score) == (analyst, 1)


@pytest.mark.parametrize(
    "overrides",
    [
        {"score": "2"},
        {"period": "sometime"},
        {"rationale": ""},
        {"evidence_url": "javascript:alert(1)"},
        {"party": "china"},
    ],
)
def test_bad_assessments_are_form_errors(client, analyst, overrides):
    client.force_login(analyst)
    data = {
        "commitment": Commitment.objects.get(reference="11.6").pk,
        "party": "india",
        "period": "2026",
        "kind": "final",
        "score": "1",
        "rationale": "Fine.",
        **overrides,
    }
    response = client.post(reverse("tracker:compliance_create"), data)
    assert response.status_code == 400
    assert not ComplianceAssessment.objects.exists()


def test_officials_and_the_public_cannot_record_assessments(client, official_japan):
    assert client.get(reverse("tracker:compliance_create")).status_code == 302
    client.force_login(official_japan)
    assert client.get(reverse("tracker:compliance_create")).status_code == 403
