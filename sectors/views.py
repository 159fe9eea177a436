"""Sector pages: the list of areas and each area's commitments and projects."""

from django.db.models import Count
from django.views.generic import DetailView, ListView

from tracker import charts
from tracker.models import Commitment, Project
from tracker.tables import CommitmentTable

from .models import Sector


class SectorListView(ListView):
    template_name = "sectors/sector_list.html"
    queryset = Sector.objects.annotate(
        commitment_count=Count("commitments", distinct=True),
        project_count=Count("projects", distinct=True),
    )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            chart=charts.completion_by_sector_chart(Commitment.objects.completion_by_sector()),
            **kwargs,
        )


class SectorDetailView(DetailView):
    template_name = "sectors/sector_detail.html"
    queryset = Sector.objects.all()

    def get_context_data(self, **kwargs):
        sector = self.object
        commitments = Commitment.objects.for_table().filter(sector=sector)
        table = CommitmentTable(commitments, exclude=("sector",), orderable=False)
        return super().get_context_data(
            table=table,
            chart=charts.completion_by_sector_chart(commitments.completion_by_sector()),
            projects=Project.objects.filter(sector=sector).prefetch_related("organisations"),
            **kwargs,
        )
