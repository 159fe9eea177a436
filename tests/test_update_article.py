"""A published update is written by `{% update_article %}` (tracker/templatetags/updates.py) as
the template include it replaced wrote it: the same markup, escaping, dates and words, in every
language. That template is kept as the reference, in tests/reference/update.html."""

import datetime
import re
from pathlib import Path

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import EvidenceFactory, StatusUpdateFactory, UserFactory, published_update
from tracker.models import Commitment, Declaration, Evidence, Lifecycle, Project, StatusUpdate
from tracker.templatetags.updates import update_article

pytestmark = pytest.mark.django_db

REFERENCE = Template((Path(__file__).parent / "reference" / "update.html").read_text())

BLOCKS = "article|header|h3|h4|p|ul|li|blockquote"


def normalised(html):
    """Runs of whitespace as one space, and none beside a block's tags (where the browser
    shows none either)."""
    html = re.sub(r"\s+", " ", str(html))
    return re.sub(rf"\s*(</?(?:{BLOCKS})\b[^>]*>)\s*", r"\1", html).strip()


def full_update():
    """An update with everything an update can show, and text that needs escaping."""
    commitment = Commitment.objects.get(reference="8.1")
    first = published_update(commitment=commitment, as_of=datetime.date(2025, 9, 1))
    update = StatusUpdateFactory(
        commitment=commitment,
        state=StatusUpdate.State.SUBMITTED,
        submitted_at=timezone.now(),
        narrative='Line one & <b>"two"</b>\nline three\r\n\nafter a gap',
        confidence="amber",
        confidence_rationale="Because <reasons> & more",
        project=Project.objects.order_by("pk").first(),
        supersedes=first,
        is_sample=True,
    )
    EvidenceFactory(update=update, title="Web <page>", publisher="M&A", excerpt="Quote <q>")
    EvidenceFactory(
        update=update,
        url="",
        document=Declaration.objects.order_by("pk").first(),
        title="The declaration",
        publisher="",
        published_on=None,
    )
    EvidenceFactory(
        update=update, title="A letter", kind=Evidence.Kind.OTHER, published_on=None, publisher=""
    )
    update.publish(UserFactory())
    return update


@pytest.mark.parametrize("language", ["en", "ja", "hi"])
@pytest.mark.parametrize("show_commitment", [True, False])
def test_an_update_is_written_as_the_template_wrote_it(
    language, show_commitment, django_assert_num_queries
):
    full = full_update()
    plain = published_update(
        commitment=Commitment.objects.get(reference="9.1"),
        lifecycle=Lifecycle.COMPLETED,
    )
    updates = list(StatusUpdate.objects.for_timeline().filter(pk__in=[full.pk, plain.pk]))
    with translation.override(language):
        for update in updates:
            context = Context({"update": update, "show_commitment": show_commitment})
            # for_timeline() reads only some columns: the article needs no other.
            with django_assert_num_queries(0):
                written = update_article(update, show_commitment=show_commitment)
            assert normalised(written) == normalised(REFERENCE.render(context))
    full = next(update for update in updates if update.pk == full.pk)
    written = normalised(update_article(full, show_commitment=True))
    assert "Line one &amp; &lt;b&gt;&quot;two&quot;&lt;/b&gt;<br>line three<br><br>after" in written
    assert "Because &lt;reasons&gt; &amp; more" in written and "M&amp;A" in written


def test_the_pages_that_list_updates_show_them_whole(client):
    update = full_update()
    for url in (
        reverse("tracker:dashboard"),
        update.commitment.get_absolute_url(),
        update.project.get_absolute_url(),
    ):
        html = normalised(client.get(url).content.decode())
        assert f'<article class="update" id="update-{update.uid}">' in html
        assert "Corrects the update as of" in html
        assert '<a href="https://example.org/evidence/' in html
        assert "<blockquote>Quote &lt;q&gt;</blockquote>" in html


def test_the_timelines_evidence_is_read_without_joining_the_updates():
    """Evidence in the order of its update's key: ordered by "update", every read of evidence
    joined the updates table to sort by the updates' own order."""
    full_update()
    with CaptureQueriesContext(connection) as queries:
        updates = list(StatusUpdate.objects.for_timeline())
    evidence = [q["sql"] for q in queries if q["sql"].startswith('SELECT "tracker_evidence"')]
    assert len(evidence) == 1 and "tracker_statusupdate" not in evidence[0]
    assert any(update.timeline_evidence for update in updates)
    for update in updates:  # each update's own, in the order they were given
        keys = [item.pk for item in update.timeline_evidence]
        assert keys == sorted(keys)
        assert all(item.update_id == update.pk for item in update.timeline_evidence)
