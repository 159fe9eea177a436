"""Bad input everywhere: generated values for every form and every filter parameter.

Hypothesis draws each field from arbitrary text (control characters, NUL, very long, non-Latin
scripts), numbers at the edges, malformed dates and URLs, markup, and valid values, and posts
them through the real views as the role that may use each form. Whatever it sends, the answer
is never a 5xx; a refused form saves nothing at all (no update without its evidence, no half a
review); and every filter parameter of every table and API list answers 200 or 400.
Examples are bounded so that the file runs in seconds.
"""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sectors.filtersets import SectorFilterSet
from tests.conftest import make_official
from tests.factories import EvidenceFactory, StatusUpdateFactory, UserFactory
from tracker import filtersets
from tracker.models import ComplianceAssessment, Evidence, SavedFilter, StatusUpdate

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=20,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

EDGES = [
    "",
    " ",
    "\x00",
    "0",
    "-1",
    "1e309",
    "9" * 30,
    "NaN",
    "2025-10-01",
    "2025-02-30",
    "9999-12-31",
    "0001-01-01",
    "not a date",
    "https://example.org/report",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "//evil.example/",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00",
    "日本語のテキスト",
    "हिन्दी पाठ",
    "x" * 6000,
]


def value(choices=()):
    return st.one_of(st.sampled_from(EDGES + list(choices)), st.text(max_size=60))


def no_server_error(response):
    assert response.status_code < 500, response.content[:500]


@pytest.fixture
def official():
    return make_official("fuzz-official", "japan", ["8.1"])


@given(data=st.data())
@FUZZ
def test_the_update_form_never_fails_and_never_half_saves(official, data):
    client = Client()
    client.force_login(official)
    url = "/my/commitments/joint-declaration-economic-security-2025/8.1/new/"
    before = (StatusUpdate.objects.count(), Evidence.objects.count())
    form = {
        "as_of": data.draw(value([timezone.localdate().isoformat()])),
        "lifecycle": data.draw(value(["in_progress", "completed"])),
        "completion": data.draw(value(["limited", "complete"])),
        "confidence": data.draw(value(["not_assessed", "green"])),
        "confidence_rationale": data.draw(value()),
        "narrative": data.draw(value(["Progress."])),
        "project": data.draw(value(["1"])),
        "supersedes": data.draw(value(["1"])),
        "version": data.draw(value(["1"])),
        "evidence-TOTAL_FORMS": data.draw(value(["1", "2", "1000"])),
        "evidence-INITIAL_FORMS": data.draw(value(["0"])),
        "evidence-0-url": data.draw(value()),
        "evidence-0-title": data.draw(value(["A report"])),
        "evidence-0-kind": data.draw(value(["other"])),
        "evidence-0-published_on": data.draw(value()),
        "evidence-0-DELETE": data.draw(value(["on"])),
        "action": data.draw(value(["submit", "draft"])),
    }
    response = client.post(url, form)
    no_server_error(response)
    after = (StatusUpdate.objects.count(), Evidence.objects.count())
    if response.status_code != 302:
        assert after == before, "a refused form saved something"
    else:
        assert after[0] == before[0] + 1
        saved = StatusUpdate.objects.latest("pk")
        assert all(e.url.lower().startswith(("http://", "https://")) for e in saved.evidence.all())


@given(data=st.data())
@FUZZ
def test_the_review_form_never_fails_and_never_half_publishes(reviewer, data):
    update = StatusUpdateFactory(state="submitted", submitted_at=timezone.now())
    EvidenceFactory(update=update)
    client = Client()
    client.force_login(reviewer)
    response = client.post(
        reverse("tracker:review_detail", args=[update.uid]),
        {
            "action": data.draw(value(["publish", "return"])),
            "note": data.draw(value(["Add the source."])),
            "version": data.draw(value([str(update.version)])),
        },
    )
    no_server_error(response)
    update.refresh_from_db()
    if response.status_code != 302:
        assert update.state == "submitted" and update.reviewer_id is None
        assert not update.history.filter(state__in=["published", "returned"]).exists()


@pytest.fixture
def analyst():
    user = UserFactory(username="fuzz-analyst")
    user.groups.add(Group.objects.get(name="Analysts"))
    return user


@given(data=st.data())
@FUZZ
def test_the_compliance_form_never_fails(analyst, data):
    client = Client()
    client.force_login(analyst)
    before = ComplianceAssessment.objects.count()
    response = client.post(
        reverse("tracker:compliance_create"),
        {
            "commitment": data.draw(value(["1", "2"])),
            "party": data.draw(value(["japan", "india"])),
            "period": data.draw(value(["2026", "2026-H1", "2025-2026"])),
            "kind": data.draw(value(["interim", "final"])),
            "score": data.draw(value(["-1", "0", "1", "2"])),
            "rationale": data.draw(value(["Reasons."])),
            "evidence_url": data.draw(value()),
            "evidence_title": data.draw(value()),
        },
    )
    no_server_error(response)
    count = ComplianceAssessment.objects.count()
    assert count == before + (response.status_code == 302)
    if response.status_code == 302:
        url = ComplianceAssessment.objects.latest("pk").evidence_url
        assert url == "" or url.lower().startswith(("http://", "https://"))


@given(data=st.data())
@FUZZ
def test_the_saved_filter_form_never_fails(analyst, data):
    client = Client()
    client.force_login(analyst)
    before = SavedFilter.objects.count()
    response = client.post(
        reverse("tracker:saved_filters"),
        {
            "name": data.draw(value(["Mine"])),
            "path": data.draw(value(["/commitments/", "/admin/", "https://evil.example/"])),
            "query": data.draw(value(["sector=ict&page=2"])),
        },
    )
    no_server_error(response)
    assert SavedFilter.objects.count() == before + (response.status_code == 302)
    if response.status_code == 302:
        assert SavedFilter.objects.latest("pk").path in (
            "/commitments/",
            "/projects/",
            "/organisations/",
            "/updates/",
            "/compliance/",
        )


@given(username=value(["admin"]), password=value())
@FUZZ
def test_the_login_form_never_fails(client, username, password):
    no_server_error(client.post(reverse("login"), {"username": username, "password": password}))


# Filters: every parameter of every table and API list.

TABLES = {
    "tracker:commitment_list": filtersets.CommitmentFilterSet,
    "tracker:project_list": filtersets.ProjectFilterSet,
    "tracker:organisation_list": filtersets.OrganisationFilterSet,
    "tracker:update_list": filtersets.StatusUpdateFilterSet,
    "tracker:compliance": filtersets.ComplianceAssessmentFilterSet,
    "api:commitment-list": filtersets.CommitmentFilterSet,
    "api:project-list": filtersets.ProjectFilterSet,
    "api:organisation-list": filtersets.OrganisationFilterSet,
    "api:statusupdate-list": filtersets.StatusUpdateFilterSet,
    "api:compliance-list": filtersets.ComplianceAssessmentFilterSet,
    "api:declaration-list": filtersets.DeclarationFilterSet,
    "api:sector-list": SectorFilterSet,
}
EXTRA_PARAMETERS = {
    "tracker": ["sort", "page", "per_page", "_export"],
    "api": ["page", "page_size", "format"],
}


def parameters(name):
    return sorted(TABLES[name].base_filters) + EXTRA_PARAMETERS[name.split(":")[0]]


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_filter_parameter_answers_200_or_400(client, name):
    url = reverse(name)

    @given(
        query=st.dictionaries(
            st.sampled_from(parameters(name)), st.lists(value(), min_size=1, max_size=3)
        )
    )
    @settings(max_examples=10, deadline=None, database=None)
    def check(query):
        response = client.get(url, query)
        assert response.status_code in (200, 400, 404), (query, response.status_code)

    check()
