"""Server-rendered charts: the geometry is computed here, templates only draw it."""

from dataclasses import dataclass, field

from .models import Completion, Side

# Completion levels from most to least delivered: bars fill from the left in this order.
COMPLETION_ORDER = [
    Completion.COMPLETE,
    Completion.SUBSTANTIAL,
    Completion.LIMITED,
    Completion.NOT_STARTED,
    Completion.NO_EVIDENCE,
]


@dataclass
class Segment:
    level: str
    label: str
    count: int
    x: float
    width: float


@dataclass
class Bar:
    label: str
    side_label: str
    y: float
    total: int
    first_of_group: bool
    segments: list = field(default_factory=list)


@dataclass
class StackedBarChart:
    width: int
    height: int
    label_width: int
    plot_width: int
    bar_height: int
    bars: list
    legend: list
    rows: list  # the same figures as a data table: one row a sector, columns per side and level


def completion_by_sector_chart(sector_rows, width=640, label_width=230, bar_height=16, gap=6):
    """A stacked bar per sector and side, segment widths proportional to commitment counts."""
    plot_width = width - label_width - 10
    bars, rows = [], []
    y = 0.0
    for row in sector_rows:
        total = row["total"]
        table_row = {"sector": row["sector__name"], "slug": row["sector__slug"], "sides": []}
        for side in Side:
            bar = Bar(
                label=row["sector__name"],
                side_label=side.label,
                y=y,
                total=total,
                first_of_group=side == Side.JAPAN,
            )
            x = float(label_width)
            counts = []
            for level in COMPLETION_ORDER:
                count = row[f"{side.value}_{level.value}"]
                counts.append(count)
                if count:
                    seg_width = plot_width * count / total if total else 0
                    bar.segments.append(Segment(level.value, level.label, count, x, seg_width))
                    x += seg_width
            bars.append(bar)
            table_row["sides"].append({"side": side.label, "counts": counts, "total": total})
            y += bar_height + 2
        rows.append(table_row)
        y += gap
    return StackedBarChart(
        width=width,
        height=int(y) + 4,
        label_width=label_width,
        plot_width=plot_width,
        bar_height=bar_height,
        bars=bars,
        legend=[(level.value, level.label) for level in COMPLETION_ORDER],
        rows=rows,
    )
