"""The bars of the completion chart, written in one pass.

Drawn by the template engine, each of its hundreds of coordinates went through `floatformat`
and every label through a lookup: on the dashboard that cost more than all its queries. The
markup is what tracker/includes/completion_chart.html drew; coordinates are written with a
point as the decimal separator whatever the reader's language, as SVG requires.
"""

from django import template
from django.utils import formats
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from tracker import links
from tracker.html import esc, fmt

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


NUMBER = '<td class="num">{}</td>'
FIRST_ROW = (
    '<tr><th scope="rowgroup" rowspan="{}"><a href="{}">{}</a></th><td>{}</td>{}'
    '<td class="num">{}</td></tr>'
)
ROW = '<tr><td>{}</td>{}<td class="num">{}</td></tr>'


@register.simple_tag
def chart_table_rows(chart):
    """The rows of the table under the chart: per sector, a row for each side with its count at
    each completion level (numbers localised as the template engine writes them)."""
    rows = []
    for row in chart.rows:
        url = links.url("sectors:sector_detail", row["slug"])
        for index, side in enumerate(row["sides"]):
            counts = SafeString(
                "".join(NUMBER.format(esc(formats.localize(count))) for count in side["counts"])
            )
            total = formats.localize(side["total"])
            if index == 0:
                rows.append(
                    fmt(
                        FIRST_ROW,
                        len(row["sides"]),
                        url,
                        row["sector"],
                        side["side"],
                        counts,
                        total,
                    )
                )
            else:
                rows.append(fmt(ROW, side["side"], counts, total))
    return SafeString("\n".join(rows))
