"""The annotated declaration's status lines are written by `{% annotated_status %}`
(tracker/templatetags/annotated.py) as the template include it replaced wrote them, kept in
tests/reference/annotated_status.html."""

import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from tests.test_update_article import normalised
from tracker.models import Commitment, Project
from tracker.templatetags.annotated import (
    annotated_status,
    declaration_paragraphs,
    declaration_projects,
)

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


REFERENCE_PARAGRAPHS = Template(
    (Path(__file__).parent / "reference" / "declaration_paragraphs.html").read_text()
)
REFERENCE_PROJECTS = Template(
    (Path(__file__).parent / "reference" / "declaration_projects.html").read_text()
)


def normalised_blocks(html):
    """normalised(), with headings and sections among the blocks."""
    return re.sub(r"\s*(</?(?:h2|section)\b[^>]*>)\s*", r"\1", normalised(html))


@pytest.mark.parametrize("language", ["en", "ja", "hi"])
def test_the_declarations_text_and_projects_are_written_as_the_template_wrote_them(
    client, language
):
    declaration = client.get(reverse("tracker:annotated_declaration")).context["declaration"]
    paragraphs = list(declaration.paragraphs.all())
    paragraphs[1].heading = 'A heading with <i>"markup"</i> & more'
    paragraphs[2].text = "Text & <more>"
    plain = next(p for p in paragraphs if not p.subheading)
    plain.subheading, plain.sector = "A subheading & <no sector>", None
    first_bullet = next(p for p in paragraphs if p.split_commitments()[1]).split_commitments()[1]
    first_bullet[0].text = "A bullet's <text>"
    first_bullet[0].japan_status = "in_progress"
    kinds = {
        "numbered": any(p.number for p in paragraphs),
        "unnumbered": any(not p.number for p in paragraphs),
        "sector link": any(p.subheading and p.sector for p in paragraphs),
        "plain subheading": any(p.subheading and not p.sector for p in paragraphs),
        "inline": any(p.split_commitments()[0] for p in paragraphs),
        "sub-bullet": any(c.is_sub_bullet for p in paragraphs for c in p.split_commitments()[1]),
    }
    assert all(kinds.values()), kinds
    projects = list(Project.objects.select_related("sector")[:5])  # the Fact Sheet's
    projects[0].name = "Project <b>&</b>"
    with translation.override(language):
        written = declaration_paragraphs(declaration)
        expected = REFERENCE_PARAGRAPHS.render(Context({"declaration": declaration}))
        assert normalised_blocks(written) == normalised_blocks(expected)
        written_projects = declaration_projects(projects)
        assert (
            written_projects == REFERENCE_PROJECTS.render(Context({"projects": projects})).strip()
        )
    assert "A heading with &lt;i&gt;&quot;markup&quot;&lt;/i&gt; &amp; more" in written
    assert "A bullet&#x27;s &lt;text&gt;" in written
    assert "Project &lt;b&gt;&amp;&lt;/b&gt;" in written_projects
