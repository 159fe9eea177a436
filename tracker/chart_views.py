"""The charts page: completion over time, updates per month, compliance by party and sector."""

import datetime

from django.utils import timezone
from django.views.generic import TemplateView

from . import charts
from .counts import current_changes, current_counts
from .html import Kept
from .models import ComplianceAssessment, ReportingSide, Side

# Completion over time, by what it is drawn from. Once figures change they do not recur (but
# at the turn of a month), so two are enough: a chart and its markup in three languages hold
# 1.4 MB at 10 000 commitments (tracemalloc).
KEPT_OVER_TIME = Kept(2)


class ChartsView(TemplateView):
    """Three charts, each with a text alternative and its data as a table. Five queries: the
    stored monthly figures, the stored counts with the data version they belong to, and the
    compliance averages by sector and by party."""

    template_name = "tracker/charts.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        # The monthly figures and the sectors' sizes are stored until the data changes
        # (tracker/counts.py): working them out reads every published update and commitment.
        changes, changes_text = current_changes(with_text=True)
        first = min(changes["updates"], default=charts.month_key(today))
        first = datetime.date(int(first[:4]), int(first[5:]), 1)
        months = charts.month_window(min(first, today), today)
        sectors = [
            {"name": row["sector__name"], "slug": row["sector__slug"], "total": row["total"]}
            for row in current_counts()["by_sector"]
        ]
        # Drawn once per process for each set of figures, and kept with its
        # markup (templatetags/chart_svg.py): the key holds everything the chart is drawn from,
        # so a publication, which changes the figures, draws it afresh. The stored figures are
        # named by their text, cheaper to compare than to write out (repr).
        key = (
            tuple(months),
            tuple((sector["name"], sector["slug"], sector["total"]) for sector in sectors),
            repr(changes["completion"]) if changes_text is None else changes_text,
        )
        over_time = KEPT_OVER_TIME.get_or_write(
            key, lambda: charts.completion_over_time(sectors, changes["completion"], months)
        )
        shown = {charts.month_key(month): month for month in months}
        per_month = {
            (shown[month], side): count
            for month, sides in changes["updates"].items()
            if month in shown
            for side, count in sides.items()
        }
        current = ComplianceAssessment.objects.current()
        party_labels = dict(Side.choices)
        by_sector = [
            {"label": row["commitment__sector__name"], **row}
            for row in current.averages(
                ["commitment__sector__order", "commitment__sector__name", "party"]
            )
        ]
        return super().get_context_data(
            over_time=over_time,
            over_time_totals=self.totals(over_time),
            per_month=charts.updates_per_month(per_month, months, ReportingSide.choices),
            compliance=charts.compliance_chart(by_sector, party_labels),
            compliance_by_party=[
                {**row, "party_label": party_labels[row["party"]]}
                for row in current.averages(["party"])
            ],
            **kwargs,
        )

    @staticmethod
    def totals(chart):
        """All sectors together at the end of the last month: the chart's text alternative."""
        if not chart.panels or not chart.months:
            return None
        counts = [0] * len(chart.legend)
        not_reported = sides = 0
        for panel in chart.panels:
            _month, panel_counts, panel_not_reported = panel.rows[-1]
            counts = [a + b for a, b in zip(counts, panel_counts, strict=True)]
            not_reported += panel_not_reported
            sides += panel.sides_total
        return {
            "month": chart.months[-1],
            "levels": [
                (label, count) for (_level, label), count in zip(chart.legend, counts, strict=True)
            ],
            "not_reported": not_reported,
            "sides": sides,
        }
