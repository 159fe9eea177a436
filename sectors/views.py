"""Sector pages: the list of areas and each area's commitments and projects."""

from django.views.generic import DetailView, ListView
from django_tables2 import RequestConfig

from tracker.counts import current_counts, sector_counts
from tracker.models import Commitment, Project
from tracker.tables import CommitmentTable, CountedPaginator, organisation_labels

from .models import Sector


class SectorListView(ListView):
    template_name = "sectors/sector_list.html"
    queryset = Sector.objects.all()

    def get_context_data(self, **kwargs):
        # From the dashboard's stored counts: counting every commitment of every sector on
        # each view grows with the data.
        counts = current_counts()
        commitments = {row["sector__slug"]: row["total"] for row in counts["by_sector"]}
        sectors = list(self.object_list)
        for sector in sectors:
            sector.commitment_count = commitments.get(sector.slug, 0)
            sector.project_count = counts["projects_by_sector"].get(sector.slug, 0)
        return super().get_context_data(
            chart_rows=counts["by_sector"],
            sector_list=sectors,
            **kwargs,
        )


class SectorDetailView(DetailView):
    template_name = "sectors/sector_detail.html"
    queryset = Sector.objects.all()
    commitments_shown = 25  # a page, as on the commitments table; ?per_page= for more
    # As many projects as commitments; the rest on the projects table (the declaration's
    # sectors hold eleven at most).
    projects_shown = 25

    def get_context_data(self, **kwargs):
        sector = self.object
        # Declaration by declaration, in document order: the (sector, declaration, position)
        # index serves it (the model's default order sorts the whole sector through a join).
        # Without the sector's own columns: it is the same on every row, and not shown. The
        # page's declarations in a query of their own: joined, PostgreSQL scanned and sorted
        # the whole sector instead (5.9 ms against 0.06 ms at 10 000 commitments).
        commitments = (
            Commitment.objects.filter(sector=sector)
            .prefetch_related("declaration")
            .order_by("declaration_id", "position")
        )
        table = CommitmentTable(commitments, exclude=("sector",), orderable=False)
        # The sector's chart and number of commitments come from the dashboard's stored
        # counts: counting a sector of thousands of commitments on every view grows with it.
        rows = sector_counts(current_counts(), sector)
        # A page of rows, not the whole sector: with many declarations a sector holds thousands.
        # As many as the commitments table shows (each row of 50 cost a third of a millisecond).
        paginate = {
            "per_page": self.commitments_shown,
            "paginator_class": CountedPaginator,
            "count": rows[0]["total"] if rows else 0,
        }
        RequestConfig(self.request, paginate=paginate).configure(table)
        # One more than is shown tells whether there are more; their organisations' names in
        # one query on the link table (a prefetch built an instance and a manager per link).
        # By name, the (sector, name) index's order: the model's default order goes through
        # the sector's position, which made PostgreSQL read and sort the whole sector.
        projects = list(
            Project.objects.filter(sector=sector)
            .only("slug", "name", "kind")
            .order_by("name")[: self.projects_shown + 1]
        )
        more_projects = len(projects) > self.projects_shown
        projects = projects[: self.projects_shown]
        names = organisation_labels(Project._meta.get_field("organisations"), projects)
        for project in projects:
            project.organisation_names = names[project.pk]
        return super().get_context_data(
            table=table,
            chart_rows=rows,
            projects=projects,
            more_projects=more_projects,
            **kwargs,
        )
