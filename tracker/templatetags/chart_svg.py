"""The completion chart, kept once written, and its bars, written in one pass.

Drawn by the template engine, each of its hundreds of coordinates went through `floatformat`
and every label through a lookup: on the dashboard that cost more than all its queries. The
markup is what tracker/includes/completion_chart.html drew; coordinates are written with a
point as the decimal separator whatever the reader's language, as SVG requires.
"""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.urls import get_script_prefix
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import get_language

from tracker import links
from tracker.charts import completion_by_sector_chart
from tracker.html import Kept, date_text, esc, fmt, number_text

register = template.Library()

CHART_TEMPLATE = "tracker/includes/completion_chart.html"
CHARTS = Kept(64)


@register.simple_tag(takes_context=True)
def completion_chart(context, sector_rows, chart_id):
    """The completion chart of `sector_rows` (rows of the stored counts' `by_sector`) with its
    table, as tracker/includes/completion_chart.html draws it.

    The same figures give the same chart until the data changes: it is drawn once per process
    for each set of figures, language and address prefix (the last 64), and kept. Drawn on
    every view, it was a ninth of the dashboard's time."""
    key = (
        get_language(),
        get_script_prefix(),
        chart_id,
        tuple(tuple(sorted(row.items())) for row in sector_rows),
    )

    def draw():
        chart = completion_by_sector_chart(sector_rows)
        with context.push(chart=chart, id=chart_id):  # its variables stay its own
            return context.template.engine.get_template(CHART_TEMPLATE).render(context)

    return CHARTS.get_or_write(key, draw)


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
                "".join(NUMBER.format(esc(number_text(count))) for count in side["counts"])
            )
            total = number_text(side["total"])
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


@register.filter
def two_places(value):
    """`{{ value|floatformat:2 }}` with localisation off: rounded half up, as the filter does.

    The filter rounds the number as written (`repr`) in decimal, half up; Python's `.2f`
    rounds the float's exact binary value, half to even. The two differ only where the written
    number stops on a 5 in the third place (2.675: 2.68 and 2.67), which is left to Decimal;
    elsewhere `.2f` gives the same at a fifth of the cost (thousands a charts page)."""
    if type(value) is int:
        return f"{value}.00"
    written = repr(value)
    point = written.find(".")
    if point < 0 or "e" in written or (len(written) - point == 4 and written[-1] == "5"):
        text = str(Decimal(written).quantize(HUNDREDTH, rounding=ROUND_HALF_UP))
    else:
        text = f"{value:.2f}"
    return "0.00" if text == "-0.00" else text  # the filter drops the sign of a zero


@register.filter
def month_text(value):
    """`{{ value|date:"M Y" }}`, each month written once per process and language."""
    return date_text(value, "M Y")


HUNDREDTH = Decimal("0.01")
TIME_TRACK = '<rect x="{}" y="{}" width="{}" height="{}" class="chart-track"/>'
TIME_BLOCK = (
    '<rect x="{}" y="{}" width="{}" height="{}" class="seg seg-{}"><title>{}: {} {}</title></rect>'
)
TIME_LABEL = '<text x="{}" y="{}" dy="-4" class="chart-label">{}</text>'


@register.simple_tag
def over_time_columns(chart, panel):
    """A panel's columns of the completion-over-time chart: nine panels of 24 months were
    thousands of `floatformat`s, most of the charts page's time. Written once per language
    for as long as the chart is kept (chart_views.py)."""
    return written_once(panel, lambda: write_over_time_columns(chart, panel))


def written_once(kept, write):
    """`write()`'s markup in the current language, written once per language and kept on
    `kept` (a chart or panel, in its `written`) for as long as the chart is kept."""
    language = get_language()
    html = kept.written.get(language)
    if html is None:
        html = kept.written[language] = write()
    return html


def write_over_time_columns(chart, panel):
    top, height, bottom = str(chart.plot_top), str(chart.plot_height), str(chart.panel_height)
    months = {}
    labels = {}  # a level's label, a lazy translation, looked up once per panel
    parts = []
    for column in panel.columns:
        month = months.get(column.month)
        if month is None:
            month = months[column.month] = esc(date_text(column.month, "M Y"))
        x, width = two_places(column.x), two_places(column.width)
        parts.append(TIME_TRACK.format(x, top, width, height))
        for block in column.segments:
            label = labels.get(block.key)
            if label is None:
                label = labels[block.key] = esc(block.label)
            parts.append(
                TIME_BLOCK.format(
                    # A column's blocks share its x and width: written once for all of them.
                    x if block.x == column.x else two_places(block.x),
                    two_places(block.y),
                    width if block.width == column.width else two_places(block.width),
                    two_places(block.height),
                    esc(block.key),
                    month,
                    label,
                    block.count,
                )
            )
        if column.label:
            parts.append(TIME_LABEL.format(x, bottom, month))
    return SafeString("\n".join(parts))


MONTH_BAR = (
    '<rect x="{}" y="{}" width="{}" height="{}" class="side side-{}">'
    "<title>{}, {}: {}</title></rect>"
)
MONTH_LABEL = '<text x="{}" y="{}" dy="-6" class="chart-label">{}</text>'


@register.simple_tag
def per_month_columns(chart):
    """The bars and month labels of the updates-per-month chart, with localisation off: some
    five hundred template variables a page, among them a lazy side label for every bar."""
    height = str(chart.height)
    labels = {}
    parts = []
    for group in chart.groups:
        month = esc(date_text(group.month, "M Y"))
        for block in group.segments:
            if not block.count:
                continue
            label = labels.get(block.key)
            if label is None:
                label = labels[block.key] = esc(block.label)
            parts.append(
                MONTH_BAR.format(
                    two_places(block.x),
                    two_places(block.y),
                    two_places(block.width),
                    two_places(block.height),
                    esc(block.key),
                    month,
                    label,
                    esc(block.count),
                )
            )
        if group.label:
            parts.append(MONTH_LABEL.format(two_places(group.x), height, month))
    return SafeString("\n".join(parts))


TIME_ROW = '<tr>{}<td>{}</td>{}<td class="num">{}</td></tr>'
TIME_GROUP = '<th scope="rowgroup" rowspan="{}">{}</th>'


@register.simple_tag
def over_time_table_rows(chart):
    """The rows of the table under the completion-over-time chart (numbers localised), written
    once per language for as long as the chart is kept."""
    return written_once(chart, lambda: write_over_time_table_rows(chart))


def write_over_time_table_rows(chart):
    rows = []
    months = {}
    for panel in chart.panels:
        for index, (month, counts, not_reported) in enumerate(panel.rows):
            label = months.get(month)
            if label is None:
                label = months[month] = esc(date_text(month, "M Y"))
            group = TIME_GROUP.format(len(panel.rows), esc(panel.name)) if index == 0 else ""
            cells = "".join(NUMBER.format(esc(number_text(count))) for count in counts)
            rows.append(TIME_ROW.format(group, label, cells, esc(number_text(not_reported))))
    return SafeString("\n".join(rows))
