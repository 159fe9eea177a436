"""The annotated declaration's status lines are written by `{% annotated_status %}`
(tracker/templatetags/annotated.py) as the template include it replaced wrote them, kept in
tests/reference/annotated_status.html."""

from pathlib import Path

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from tests.test_update_article import normalised
from tracker.models import Commitment
from tracker.templatetags.annotated import annotated_status

pytestmark = pytest.mark.django_db

REFERENCE = Template((Path(__file__).parent / "reference" / "annotated_status.html").read_text())


@pytest.mark.parametrize("language", ["en", "ja", "hi"])
def test_a_status_line_is_written_as_the_template_wrote_it(language):
    commitments = list(Commitment.objects.select_related("declaration").order_by("pk"))
    commitments[0].title = 'Title with <b>"markup"</b> & more'
    commitments[0].japan_status = "in_progress"
    commitments[1].india_status = "completed"
    assert any(not c.japan_status for c in commitments)  # "Not reported" too
    with translation.override(language):
        for commitment in commitments:
            written = annotated_status(commitment)
            assert normalised(written) == normalised(
                REFERENCE.render(Context({"commitment": commitment}))
            )
    assert "Title with &lt;b&gt;&quot;markup&quot;&lt;/b&gt; &amp; more" in annotated_status(
        commitments[0]
    )


def test_the_annotated_declaration_reads_no_declaration_per_commitment(
    client, django_assert_max_num_queries
):
    url = reverse("tracker:annotated_declaration")
    client.get(url)
    with django_assert_max_num_queries(5):  # declaration, paragraphs, sectors, commitments,
        html = client.get(url).content.decode()  # projects; none per commitment
    commitment = Commitment.objects.get(reference="10.3.d")
    assert f'<a href="{commitment.get_absolute_url()}" class="ref">10.3.d · ' in html
    assert client.get("/declarations/no-such-declaration/").status_code == 404
