"""The annotated declaration's text and lists, written in one pass.

`{% annotated_status commitment %}`: a commitment's line, its link and each side's lifecycle
badge. The declaration's three dozen commitments went through a template include each (a
context pushed, a dozen nodes resolved): over a quarter of the page's time.

`{% declaration_paragraphs declaration %}`: every paragraph with its headings, its text, and
its commitments as status lines or bullets; `{% declaration_projects projects %}`: the list of
the document's projects. Through the template engine, the paragraphs' loop of conditions and
variables was two thirds of the page's rendering once the status lines were written here.

Each writes the markup its template wrote (kept in tests/reference/; `tests/test_annotated.py`
compares the two in every language).
"""

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from tracker.html import esc, fmt
from tracker.templatetags.badges import badge

register = template.Library()

LINE = (
    '<p class="annotated-status" id="c-{}">\n'
    '  <a href="{}" class="ref">{} · {}</a>\n'
    '  <span class="side-badge">{}: {}</span>\n'
    '  <span class="side-badge">{}: {}</span>\n'
    "</p>"
)


@register.simple_tag
def annotated_status(commitment):
    return fmt(
        LINE,
        commitment.reference,
        commitment.get_absolute_url(),
        commitment.reference,
        commitment.title,
        gettext("Japan"),
        badge(commitment.japan_status, commitment.get_japan_status_display()),
        gettext("India"),
        badge(commitment.india_status, commitment.get_india_status_display()),
    )


HEADING = '<h2 lang="en">{}</h2>\n'
SUBHEADING = '<h3 lang="en">{}</h3>\n'
SECTOR_SUBHEADING = '<h3 lang="en"><a href="{}">{}</a></h3>\n'
PARAGRAPH = '<section class="para" id="para-{}">\n<p lang="en">{}{}</p>\n{}{}</section>\n'
NUMBER = '<span class="para-number">{}.</span> '
BULLETS = '<ul class="bullets">\n{}</ul>\n'
BULLET = '<li{}>\n<p class="annotated-text" lang="en">{}</p>\n{}\n</li>\n'
SUB_BULLET = ' class="sub-bullet"'


@register.simple_tag
def declaration_paragraphs(declaration):
    """`declaration`'s paragraphs with their sectors and commitments prefetched."""
    parts = []
    for paragraph in declaration.paragraphs.all():
        if paragraph.heading:
            parts.append(fmt(HEADING, paragraph.heading))
        if paragraph.subheading:
            if paragraph.sector:
                url = paragraph.sector.get_absolute_url()
                parts.append(fmt(SECTOR_SUBHEADING, url, paragraph.subheading))
            else:
                parts.append(fmt(SUBHEADING, paragraph.subheading))
        inline, bullets = paragraph.split_commitments()
        lines = "".join(annotated_status(commitment) + "\n" for commitment in inline)
        items = "".join(
            BULLET.format(
                SUB_BULLET if commitment.is_sub_bullet else "",
                esc(commitment.text),
                annotated_status(commitment),
            )
            for commitment in bullets
        )
        parts.append(
            fmt(
                PARAGRAPH,
                paragraph.number or "ip",
                fmt(NUMBER, paragraph.number) if paragraph.number else "",
                paragraph.text,
                SafeString(lines),
                SafeString(BULLETS.format(items)) if bullets else "",
            )
        )
    return SafeString("".join(parts))


PROJECT = '<li><a href="{}">{}</a> <span class="meta">{}</span></li>'


@register.simple_tag
def declaration_projects(projects):
    """The items of the document's projects list; `projects` with their sectors selected."""
    return SafeString(
        "".join(
            fmt(PROJECT, project.get_absolute_url(), project.name, project.sector.name)
            for project in projects
        )
    )
