"""`{% update_article update %}`: a published status update, as the dashboard, commitment and
project pages show it, written in one pass.

Through a template include, each update's dates, badges, evidence and translated words were
resolved tag by tag: eight updates were over a third of the dashboard's time. This writes the
same markup, escaped and localised as the template did (`tests/test_update_article.py` holds
that template and compares the two).
"""

from functools import lru_cache

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext

from tracker.html import date_text, esc, fmt
from tracker.models import Evidence, StatusUpdate
from tracker.tables import badge_html, choice_labels

register = template.Library()

ARTICLE = (
    '<article class="update" id="update-{}">\n<header>\n<h3>{}{} · {} {}</h3>\n'
    '<p class="update-status">{}</p>\n</header>\n{}<p>{}</p>\n{}'
    '<p class="meta">{} {}</p>\n</article>'
)
COMMITMENT = '<a href="{}">{} {}</a> · '
TIME = '<time datetime="{}">{}</time>'
SAMPLE = '<span class="badge badge-sample">{}</span>'
PROJECT = '<p>{} <a href="{}">{}</a></p>\n'
CORRECTS = '<p class="note">{}</p>\n'
RATIONALE = "<p><strong>{}</strong> {}</p>\n"
EVIDENCE = '<h4>{}</h4>\n<ul class="evidence">{}</ul>\n'
LINK = '<a href="{}">{}</a>'
EXTERNAL_LINK = '<a href="{}" rel="noopener">{}</a>'
ITEM = "<li>{} ({}){}</li>"
EXCERPT = " <blockquote>{}</blockquote>"


def short_date(value):
    return date_text(value, "SHORT_DATE_FORMAT")


def time_tag(value, machine_format):
    """<time> as `{{ value|date:machine_format }}` and `|date:"SHORT_DATE_FORMAT"` write it."""
    return fmt(TIME, date_text(value, machine_format), date_text(value, "SHORT_DATE_FORMAT"))


@lru_cache(maxsize=16)
def words(language):
    """The article's fixed words in `language` (the active one, passed in to key the cache),
    translated once per process: the commitment page's fourteen articles asked gettext for
    them, and for their choices' labels, a hundred and fifty times a page."""
    return {
        "sample": fmt(SAMPLE, gettext("Sample data")),
        "project": gettext("Project:"),
        "corrects": gettext("Corrects the update as of %(date)s."),
        "rationale": gettext("Rationale for the rating:"),
        "evidence": gettext("Evidence"),
        "as of": gettext("as of"),
        "published": gettext("Published"),
        "not reported": gettext("Not reported"),
    }


@register.simple_tag
def update_article(update, show_commitment=False):
    """The update's article; `update` as StatusUpdate.objects.for_timeline() reads it."""
    commitment = ""
    if show_commitment:
        commitment = fmt(
            COMMITMENT,
            update.commitment.get_absolute_url(),
            update.commitment.reference,
            update.commitment.title,
        )
    language = get_language()
    said = words(language)
    not_reported = said["not reported"]
    badges = " ".join(
        [
            badge_html(StatusUpdate, "lifecycle", update.lifecycle, not_reported, language),
            badge_html(StatusUpdate, "completion", update.completion, not_reported, language),
            badge_html(StatusUpdate, "confidence", update.confidence, not_reported, language),
            said["sample"] if update.is_sample else "",
        ]
    )
    parts = []
    if update.project:
        parts.append(
            fmt(
                PROJECT,
                said["project"],
                update.project.get_absolute_url(),
                update.project.name,
            )
        )
    if update.supersedes:
        corrects = said["corrects"] % {"date": esc(short_date(update.supersedes.as_of))}
        parts.append(fmt(CORRECTS, SafeString(corrects)))  # a translation is trusted markup
    after = []
    if update.confidence_rationale:
        after.append(fmt(RATIONALE, said["rationale"], update.confidence_rationale))
    evidence = update.timeline_evidence
    if evidence:
        after.append(fmt(EVIDENCE, said["evidence"], evidence_items(evidence, language)))
    return fmt(
        ARTICLE,
        update.uid,
        SafeString(commitment),
        choice_labels(StatusUpdate, "side", language).get(update.side, update.side),
        said["as of"],
        time_tag(update.as_of, "Y-m-d"),
        SafeString(badges),
        SafeString("".join(parts)),
        linebreaksbr(update.narrative, autoescape=True),
        SafeString("".join(after)),
        said["published"],
        time_tag(update.published_at, "c"),
    )


def evidence_items(evidence, language):
    kinds = choice_labels(Evidence, "kind", language)
    items = []
    for item in evidence:
        if item.url:
            title = fmt(EXTERNAL_LINK, item.url, item.title)
        elif item.document:
            title = fmt(LINK, item.document.get_absolute_url(), item.title)
        else:
            title = item.title
        source = [kinds.get(item.kind, item.kind)]
        if item.publisher:
            source.append(item.publisher)
        if item.published_on:
            source.append(short_date(item.published_on))
        excerpt = fmt(EXCERPT, item.excerpt) if item.excerpt else ""
        items.append(fmt(ITEM, title, SafeString(", ".join(esc(s) for s in source)), excerpt))
    return SafeString("".join(items))
