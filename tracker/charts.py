"""Server-rendered charts: the geometry is computed here, templates only draw it."""

import datetime
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
    # The labels in the reader's language, looked up once rather than once per bar and cell.
    side_labels = {side: str(side.label) for side in Side}
    level_labels = {level: str(level.label) for level in COMPLETION_ORDER}
    bars, rows = [], []
    y = 0.0
    for row in sector_rows:
        total = row["total"]
        table_row = {"sector": row["sector__name"], "slug": row["sector__slug"], "sides": []}
        for side in Side:
            bar = Bar(
                label=row["sector__name"],
                side_label=side_labels[side],
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
                    bar.segments.append(
                        Segment(level.value, level_labels[level], count, x, seg_width)
                    )
                    x += seg_width
            bars.append(bar)
            table_row["sides"].append({"side": side_labels[side], "counts": counts, "total": total})
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
        legend=[(level.value, level_labels[level]) for level in COMPLETION_ORDER],
        rows=rows,
    )


def month_end(day):
    """The last day of `day`'s month."""
    following = (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    return following - datetime.timedelta(days=1)


def month_window(first, last, limit=24):
    """The month ends from `first`'s month to `last`'s, at most the last `limit` of them."""
    months = []
    current = month_end(last)
    while len(months) < limit and current >= month_end(first):
        months.append(current)
        current = month_end(current.replace(day=1) - datetime.timedelta(days=1))
    return months[::-1]


@dataclass
class Block:
    """A rectangle standing for `count` items of one kind (a completion level, a side)."""

    key: str
    label: str
    count: int
    x: float
    y: float
    width: float
    height: float


@dataclass
class Column:
    x: float
    width: float
    month: datetime.date
    label: bool
    segments: list = field(default_factory=list)


@dataclass
class Panel:
    """One sector's small chart: a stacked column per month, each commitment counted per side."""

    name: str
    slug: str
    sides_total: int
    columns: list
    rows: list  # [(month, [count per level], not reported)]
    # Its columns as SVG, per language, written once while the chart is kept (chart_views.py).
    written: dict = field(default_factory=dict, compare=False, repr=False)


@dataclass
class OverTimeChart:
    width: int
    panel_height: int
    plot_left: int
    plot_top: int
    plot_height: int
    plot_width: int
    months: list
    panels: list
    legend: list
    # The rows of its table, per language, written once while the chart is kept.
    written: dict = field(default_factory=dict, compare=False, repr=False)


# Before any update, a commitment stands at "no evidence" on both sides (`reset_status`).
INITIAL_LEVEL = Completion.NO_EVIDENCE.value
SIDES_OF = {"japan": ("japan",), "india": ("india",), "joint": ("japan", "india")}


def month_key(day):
    """ "2026-03": how the monthly changes are keyed (they survive JSON, and sort as months)."""
    return f"{day.year:04d}-{day.month:02d}"


def completion_changes(updates):
    """How many commitment-sides each published update moved between completion levels, per
    sector and month: {sector slug: {"YYYY-MM": [net change per level of COMPLETION_ORDER]}}.

    `updates`: tuples (commitment id, sector slug, reporting side, as-of date, completion),
    ordered by as-of date then publication, as `Commitment.apply_update` applies them: the
    latest as-of date wins, and a joint report speaks for both sides. A blank completion is
    "not reported" (in no level). This is the rule; `tracker.counts.count_changes` works out
    the same in one query.
    """
    index = {level.value: position for position, level in enumerate(COMPLETION_ORDER)}
    state, changes = {}, {}
    for commitment_id, sector, side, as_of, completion in updates:
        for one_side in SIDES_OF[side]:
            previous = state.get((commitment_id, one_side), INITIAL_LEVEL)
            state[(commitment_id, one_side)] = completion
            if previous == completion:
                continue
            month = changes.setdefault(sector, {}).setdefault(
                month_key(as_of), [0] * len(COMPLETION_ORDER)
            )
            if previous:
                month[index[previous]] -= 1
            if completion:
                month[index[completion]] += 1
    return changes


def completion_over_time(sectors, changes, months, width=640, panel_height=96):
    """Completion levels of each sector's commitments at the end of each month.

    `sectors`: dicts with name, slug and total (commitments). `changes`: what
    `completion_changes` gives; every month up to the last one shown adds its changes, those
    before the first month shown included.
    """
    snapshots = {}
    for sector in sectors:
        counts = [0] * len(COMPLETION_ORDER)
        counts[-1] = 2 * sector["total"]  # COMPLETION_ORDER ends with INITIAL_LEVEL
        by_month = changes.get(sector["slug"], {})
        pending = sorted(by_month)
        position, snapshots[sector["slug"]] = 0, []
        for month in months:
            key = month_key(month)
            while position < len(pending) and pending[position] <= key:
                counts = [a + b for a, b in zip(counts, by_month[pending[position]], strict=True)]
                position += 1
            snapshots[sector["slug"]].append(counts)

    plot_left, plot_top, plot_height = 34, 8, panel_height - 30
    plot_width = width - plot_left - 6
    slot = plot_width / max(len(months), 1)
    levels = [(level.value, level.label) for level in COMPLETION_ORDER]  # not per block
    panels = []
    for sector in sectors:
        sides_total = 2 * sector["total"]
        columns, rows = [], []
        for index, (month, month_counts) in enumerate(
            zip(months, snapshots[sector["slug"]], strict=True)
        ):
            column = Column(
                x=plot_left + index * slot + slot * 0.15,
                width=slot * 0.7,
                month=month,
                label=index % 3 == 0 or index == len(months) - 1,
            )
            y = float(plot_top + plot_height)
            for (level, label), count in zip(levels, month_counts, strict=True):
                if count and sides_total:
                    height = plot_height * count / sides_total
                    y -= height
                    column.segments.append(
                        Block(level, label, count, column.x, y, column.width, height)
                    )
            columns.append(column)
            rows.append((month, month_counts, sides_total - sum(month_counts)))
        panels.append(Panel(sector["name"], sector["slug"], sides_total, columns, rows))
    return OverTimeChart(
        width=width,
        panel_height=panel_height,
        plot_left=plot_left,
        plot_top=plot_top,
        plot_height=plot_height,
        plot_width=plot_width,
        months=months,
        panels=panels,
        legend=[(level.value, level.label) for level in COMPLETION_ORDER],
    )


@dataclass
class GroupedColumnChart:
    width: int
    height: int
    plot_left: int
    plot_top: int
    plot_height: int
    maximum: int
    ticks: list  # [(value, y)]
    groups: list  # [Column] with segments: one bar per side
    legend: list
    rows: list  # [(month, [count per side], total)]


def updates_per_month(month_counts, months, sides, width=640, height=220):
    """Published updates per month (of their as-of date), a column per reporting side.

    `month_counts`: {(month end, side): count}; `sides`: [(value, label)].
    """
    plot_left, plot_top, plot_height = 34, 10, height - 40
    plot_width = width - plot_left - 6
    rows = []
    for month in months:
        counts = [month_counts.get((month, side), 0) for side, _label in sides]
        rows.append((month, counts, sum(counts)))
    maximum = max([count for _month, counts, _total in rows for count in counts] or [0])
    scale_top = max(maximum, 1)
    slot = plot_width / max(len(months), 1)
    bar = slot * 0.8 / len(sides)
    groups = []
    for index, (month, counts, _total) in enumerate(rows):
        group = Column(
            x=plot_left + index * slot + slot * 0.1,
            width=slot * 0.8,
            month=month,
            label=index % 3 == 0 or index == len(months) - 1,
        )
        for position, ((side, label), count) in enumerate(zip(sides, counts, strict=True)):
            bar_height = plot_height * count / scale_top
            group.segments.append(
                Block(
                    side,
                    label,
                    count,
                    x=group.x + position * bar,
                    y=plot_top + plot_height - bar_height,
                    width=bar,
                    height=bar_height,
                )
            )
        groups.append(group)
    ticks = sorted({0, scale_top // 2, scale_top})
    return GroupedColumnChart(
        width=width,
        height=height,
        plot_left=plot_left,
        plot_top=plot_top,
        plot_height=plot_height,
        maximum=maximum,
        ticks=[(tick, plot_top + plot_height - plot_height * tick / scale_top) for tick in ticks],
        groups=groups,
        legend=list(sides),
        rows=rows,
    )


@dataclass
class DivergingBar:
    label: str
    party: str
    party_label: str
    average: float
    commitments: int
    y: float
    x: float
    width: float
    first_of_group: bool


@dataclass
class DivergingChart:
    width: int
    height: int
    label_width: int
    centre: float
    half: float
    bar_height: int
    bars: list


def compliance_chart(rows, party_labels, width=640, label_width=230, bar_height=16, gap=6):
    """Average compliance score (-1 to +1) per sector and party, as bars from a zero line.

    `rows`: dicts with label, party, average and commitments, grouped by label.
    """
    half = (width - label_width - 20) / 2
    centre = label_width + 10 + half
    bars, y, previous = [], 0.0, None
    for row in rows:
        if previous is not None and row["label"] != previous:
            y += gap
        average = float(row["average"])
        bars.append(
            DivergingBar(
                label=row["label"],
                party=row["party"],
                party_label=party_labels.get(row["party"], row["party"]),
                average=average,
                commitments=row["commitments"],
                y=y,
                x=centre + min(average, 0) * half,
                width=abs(average) * half,
                first_of_group=row["label"] != previous,
            )
        )
        previous = row["label"]
        y += bar_height + 2
    return DivergingChart(
        width=width,
        height=int(y) + 24,
        label_width=label_width,
        centre=centre,
        half=half,
        bar_height=bar_height,
        bars=bars,
    )
