"""The completion chart's bars add up to the commitments they stand for."""

from tracker.charts import completion_by_sector_chart


def row(name, total, **counts):
    values = {
        f"{side}_{level}": 0
        for side in ("japan", "india")
        for level in ("complete", "substantial", "limited", "not_started", "no_evidence")
    }
    values.update(counts)
    return {"sector__name": name, "sector__slug": name.lower(), "total": total, **values}


def test_segments_are_proportional_and_fill_the_plot():
    chart = completion_by_sector_chart(
        [row("Alpha", 4, japan_complete=1, japan_limited=3, india_no_evidence=4)],
        width=500,
        label_width=100,
    )
    japan, india = chart.bars
    assert [(s.level, s.count) for s in japan.segments] == [("complete", 1), ("limited", 3)]
    assert japan.segments[0].width == chart.plot_width / 4
    assert japan.segments[1].x == 100 + chart.plot_width / 4
    assert sum(s.width for s in india.segments) == chart.plot_width
    assert chart.rows[0]["sides"][0]["counts"] == [1, 0, 3, 0, 0]


def test_an_empty_sector_draws_no_segment():
    chart = completion_by_sector_chart([row("Empty", 0)])
    assert all(not bar.segments for bar in chart.bars)
