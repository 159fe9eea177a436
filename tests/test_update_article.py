"""A published update is written by `{% update_article %}` (tracker/templatetags/updates.py) as
the template include it replaced wrote it: the same markup, escaping, dates and words, in every
language. That template is kept here as the reference."""

import datetime
import re

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import EvidenceFactory, StatusUpdateFactory, UserFactory, published_update
from tracker.models import Commitment, Declaration, Evidence, Lifecycle, Project, StatusUpdate
from tracker.templatetags.updates import update_article

pytestmark = pytest.mark.django_db

REFERENCE = Template(
    """{% load i18n badges %}
<article class="update" id="update-{{ update.uid }}">
  <header>
    <h3>
      {% if show_commitment %}<a href="{{ update.commitment.get_absolute_url }}">{{ update.commitment.reference }} {{ update.commitment.title }}</a> · {% endif %}
      {{ update.get_side_display }} · {% translate "as of" %} <time datetime="{{ update.as_of|date:'Y-m-d' }}">{{ update.as_of|date:"SHORT_DATE_FORMAT" }}</time>
    </h3>
    <p class="update-status">
      {% badge update.lifecycle update.get_lifecycle_display %}
      {% badge update.completion update.get_completion_display %}
      {% badge update.confidence update.get_confidence_display %}
      {% if update.is_sample %}<span class="badge badge-sample">{% translate "Sample data" %}</span>{% endif %}
    </p>
  </header>
  {% if update.project %}<p>{% translate "Project:" %} <a href="{{ update.project.get_absolute_url }}">{{ update.project.name }}</a></p>{% endif %}
  {% if update.supersedes %}<p class="note">{% blocktranslate with date=update.supersedes.as_of|date:"SHORT_DATE_FORMAT" %}Corrects the update as of {{ date }}.{% endblocktranslate %}</p>{% endif %}
  <p>{{ update.narrative|linebreaksbr }}</p>
  {% if update.confidence_rationale %}<p><strong>{% translate "Rationale for the rating:" %}</strong> {{ update.confidence_rationale }}</p>{% endif %}
  {% with evidence=update.evidence.all %}
    {% if evidence %}
      <h4>{% translate "Evidence" %}</h4>
      <ul class="evidence">
        {% for item in evidence %}
          <li>
            {% if item.url %}<a href="{{ item.url }}" rel="noopener">{{ item.title }}</a>{% elif item.document %}<a href="{{ item.document.get_absolute_url }}">{{ item.title }}</a>{% else %}{{ item.title }}{% endif %}
            ({{ item.get_kind_display }}{% if item.publisher %}, {{ item.publisher }}{% endif %}{% if item.published_on %}, {{ item.published_on|date:"SHORT_DATE_FORMAT" }}{% endif %})
            {% if item.excerpt %}<blockquote>{{ item.excerpt }}</blockquote>{% endif %}
          </li>
        {% endfor %}
      </ul>
    {% endif %}
  {% endwith %}
  <p class="meta">{% translate "Published" %} <time datetime="{{ update.published_at|date:'c' }}">{{ update.published_at|date:"SHORT_DATE_FORMAT" }}</time></p>
</article>"""
)

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
def test_an_update_is_written_as_the_template_wrote_it(language, show_commitment):
    full = full_update()
    plain = published_update(
        commitment=Commitment.objects.get(reference="9.1"),
        lifecycle=Lifecycle.COMPLETED,
    )
    updates = StatusUpdate.objects.for_timeline().filter(pk__in=[full.pk, plain.pk])
    with translation.override(language):
        for update in updates:
            context = Context({"update": update, "show_commitment": show_commitment})
            written = update_article(update, show_commitment=show_commitment)
            assert normalised(written) == normalised(REFERENCE.render(context))
    written = normalised(update_article(updates.get(pk=full.pk), show_commitment=True))
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
