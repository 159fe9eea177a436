"""The dashboard's overdue commitments are written by `{% overdue_item %}`
(tracker/templatetags/overdue.py) as the template it replaced wrote them, kept in
tests/reference/overdue_item.html."""

import datetime
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from tests.test_update_article import normalised
from tracker.models import Commitment
from tracker.templatetags.overdue import overdue_item

pytestmark = pytest.mark.django_db

REFERENCE = Template((Path(__file__).parent / "reference" / "overdue_item.html").read_text())


@pytest.mark.parametrize("language", ["en", "ja", "hi"])
def test_an_overdue_commitment_is_written_as_the_template_wrote_it(language):
    commitments = list(
        Commitment.objects.select_related("sector", "declaration").order_by("pk")[:5]
    )
    commitments[0].title = 'Title with <b>"markup"</b> & more'
    for days, commitment in enumerate(commitments, start=1):
        commitment.next_update_due = timezone.localdate() - datetime.timedelta(days=40 * days)
    with translation.override(language):
        for commitment in commitments:
            assert normalised(overdue_item(commitment)) == normalised(
                REFERENCE.render(Context({"commitment": commitment}))
            )
    written = overdue_item(commitments[0])
    assert "Title with &lt;b&gt;&quot;markup&quot;&lt;/b&gt; &amp; more" in written
    assert f'href="{commitments[0].get_absolute_url()}"' in written


def test_the_dashboard_lists_the_most_overdue_first(client):
    today = timezone.localdate()
    later, earliest = Commitment.objects.order_by("pk")[:2]
    Commitment.objects.update(next_update_due=today + datetime.timedelta(days=30))
    Commitment.objects.filter(pk=later.pk).update(next_update_due=today - datetime.timedelta(1))
    Commitment.objects.filter(pk=earliest.pk).update(
        next_update_due=today - datetime.timedelta(days=90)
    )
    html = client.get("/").content.decode()
    section = html.split('id="overdue-heading"')[1].split("</section>")[0]
    assert section.index(earliest.get_absolute_url()) < section.index(later.get_absolute_url())
    assert section.count("<li>") == 2
    due = (today - datetime.timedelta(days=90)).isoformat()
    assert f'<time datetime="{due}">' in section
