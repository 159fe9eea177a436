"""Every text a user types is shown as text: markup posted through each form never runs.

Each form of the site takes a `<script>` payload in every free-text field (the update's
narrative and rationale, its evidence's title and publisher, the reviewer's note, the analyst's
rationale and evidence title, a saved filter's name). The update is then published, and every
page that shows those texts (public and signed-in, the feed, the API) must show the payload
escaped and never as markup.
"""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory
from tests.test_workflow import DECLARATION, create_url, form_data
from tracker.models import Commitment, ComplianceAssessment, SavedFilter, StatusUpdate

pytestmark = pytest.mark.django_db

PAYLOAD = "<script>alert('x')</script><img src=x onerror=alert(1)>"
ESCAPED = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"


def assert_escaped(response, where):
    body = response.content.decode()
    assert response.status_code == 200, where
    assert "<script>alert" not in body, where
    assert "<img src=x" not in body, where
    return body


@pytest.fixture
def analyst():
    user = UserFactory(username="escaping-analyst")
    user.groups.add(Group.objects.get(name="Analysts"))
    return user


def test_markup_posted_through_every_form_is_shown_escaped(official_japan, reviewer, analyst):
    official, reviewing, analysing, public = Client(), Client(), Client(), Client()
    official.force_login(official_japan)
    reviewing.force_login(reviewer)
    analysing.force_login(analyst)

    data = form_data(
        narrative=f"Narrative {PAYLOAD}",
        confidence_rationale=f"Rationale {PAYLOAD}",
        **{"evidence-0-title": f"Title {PAYLOAD}", "evidence-0-publisher": f"By {PAYLOAD}"},
    )
    assert official.post(create_url("8.1"), data).status_code == 302
    first = StatusUpdate.objects.get(narrative=f"Narrative {PAYLOAD}")

    # Returned with a note in markup: the author reads it on their own page.
    review = reverse("tracker:review_detail", args=[first.uid])
    assert_escaped(reviewing.get(review), "review page")
    assert_escaped(reviewing.get(reverse("tracker:review_queue")), "review queue")
    reviewing.post(review, {"action": "return", "note": PAYLOAD, "version": first.version})
    first.refresh_from_db()
    assert first.state == "returned" and first.review_note == PAYLOAD
    mine = assert_escaped(official.get(reverse("tracker:my_commitments")), "my commitments")
    assert ESCAPED in mine

    # The same texts, submitted again and published, on every public page that shows them.
    assert official.post(create_url("8.1"), data).status_code == 302
    second = StatusUpdate.objects.get(narrative=f"Narrative {PAYLOAD}", state="submitted")
    review = reverse("tracker:review_detail", args=[second.uid])
    reviewing.post(review, {"action": "publish", "note": "", "version": second.version})
    second.refresh_from_db()
    assert second.state == "published"

    commitment = Commitment.objects.get(declaration__slug=DECLARATION, reference="8.1")
    page = assert_escaped(public.get(commitment.get_absolute_url()), "commitment page")
    assert f"Narrative {ESCAPED}" in page and f"Title {ESCAPED}" in page
    assert f"By {ESCAPED}" in page and f"Rationale {ESCAPED}" in page
    assert_escaped(public.get(reverse("tracker:update_list")), "updates table")
    assert_escaped(public.get("/"), "dashboard")
    feed = public.get(reverse("tracker:update_feed")).content.decode()
    assert "<script>alert" not in feed  # Atom escapes it as XML text
    api = public.get("/api/updates/?format=json")
    assert api.json()["results"][0]["narrative"] == f"Narrative {PAYLOAD}"  # data, not HTML
    assert api["Content-Type"].startswith("application/json")

    # The analyst's forms: a compliance score and a saved filter.
    response = analysing.post(
        reverse("tracker:compliance_create"),
        {
            "commitment": commitment.pk,
            "party": "japan",
            "period": "2026-H1",
            "kind": "interim",
            "score": "0",
            "rationale": f"Scored {PAYLOAD}",
            "evidence_url": "https://www.meti.go.jp/press/score.html",
            "evidence_title": f"Source {PAYLOAD}",
        },
    )
    assert response.status_code == 302
    assert ComplianceAssessment.objects.filter(rationale=f"Scored {PAYLOAD}").exists()
    scores = assert_escaped(public.get(reverse("tracker:compliance")), "compliance page")
    assert f"Scored {ESCAPED}" in scores

    response = analysing.post(
        reverse("tracker:saved_filters"),
        {"name": PAYLOAD, "path": reverse("tracker:commitment_list"), "query": "sector=ict"},
    )
    assert response.status_code == 302
    assert SavedFilter.objects.filter(name=PAYLOAD).exists()
    saved = assert_escaped(analysing.get(reverse("tracker:saved_filters")), "saved filters")
    assert ESCAPED in saved
