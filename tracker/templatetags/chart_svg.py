"""The bars of the completion chart, written in one pass.

Drawn by the template engine, each of its hundreds of coordinates went through `floatformat`
and every label through a lookup: on the dashboard that cost more than all its queries. The
markup is what tracker/includes/completion_chart.html drew; coordinates are written with a
point as the decimal separator whatever the reader's language, as SVG requires.
"""

from django import template
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from tracker.html import esc

register = template.Library()

LABEL = (
    '<text x="{x}" dx="-6" y="{y:.1f}" dy="12" text-anchor="end" class="chart-label">'
    "{group}{side}</text>"
)
TRACK = '<rect x="{x}" y="{y:.1f}" width="{width}" height="{height}" class="chart-track"/>'
SEGMENT = (
    '<rect x="{x:.2f}" y="{y:.1f}" width="{width:.2f}" height="{height}" class="seg seg-{level}">'
    "<title>{label}, {side}: {segment} {count}</title></rect>"
)


@register.simple_tag
def chart_bars(chart):
    parts = []
    x, height = esc(chart.label_width), esc(chart.bar_height)
    for bar in chart.bars:
        label, side = esc(bar.label), esc(bar.side_label)
        group = esc(Truncator(bar.label).chars(26)) + " · " if bar.first_of_group else ""
        parts.append(LABEL.format(x=x, y=bar.y, group=group, side=side))
        parts.append(TRACK.format(x=x, y=bar.y, width=esc(chart.plot_width), height=height))
        for segment in bar.segments:
            parts.append(
                SEGMENT.format(
                    x=segment.x,
                    y=bar.y,
                    width=segment.width,
                    height=height,
                    level=esc(segment.level),
                    label=label,
                    side=side,
                    segment=esc(segment.label),
                    count=esc(segment.count),
                )
            )
    return SafeString("".join(parts))
