"""The charts page: completion over time, updates per month, compliance by party and sector."""

from django.db.models import Count, Min
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.views.generic import TemplateView

from . import charts
from .models import Commitment, ComplianceAssessment, ReportingSide, Side, StatusUpdate


class ChartsView(TemplateView):
    """Three charts, each with a text alternative and its data as a table. Five queries."""

    template_name = "tracker/charts.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        published = StatusUpdate.objects.published()
        first = published.aggregate(first=Min("as_of"))["first"] or today
        months = charts.month_window(min(first, today), today)
        sectors = [
            {"id": row["sector"], "name": row["sector__name"], "slug": row["sector__slug"], **row}
            for row in Commitment.objects.values(
                "sector", "sector__name", "sector__slug", "sector__order"
            )
            .annotate(total=Count("pk"))
            .order_by("sector__order")
        ]
        updates = (
            published.order_by("as_of", "published_at", "pk")
            .values_list("commitment", "commitment__sector", "side", "as_of", "completion")
            .iterator(chunk_size=2000)
        )
        over_time = charts.completion_over_time(sectors, updates, months)
        per_month = {
            (charts.month_end(row["month"]), row["side"]): row["count"]
            for row in published.filter(as_of__gte=months[0].replace(day=1))
            .annotate(month=TruncMonth("as_of"))
            .values("month", "side")
            .annotate(count=Count("pk"))
            .order_by()
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
