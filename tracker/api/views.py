"""The read-only JSON API. Each viewset declares its queryset, FilterSet and serializer."""

from django.db.models import F, Prefetch
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import viewsets

from sectors.filtersets import SectorFilterSet
from sectors.models import Sector

from .. import filtersets
from ..models import (
    Commitment,
    ComplianceAssessment,
    Declaration,
    Evidence,
    Organisation,
    Project,
    StatusUpdate,
)
from . import serializers


class PublicViewSet(viewsets.ReadOnlyModelViewSet):
    filter_backends = [DjangoFilterBackend]

    @staticmethod
    def shown_columns(queryset):
        """What only the shown records read, beyond what filtering and counting need: a list
        adds it after `Pagination` has counted, a single record at once."""
        return queryset

    def get_queryset(self):
        queryset = super().get_queryset()
        return self.shown_columns(queryset) if self.action == "retrieve" else queryset


class SectorViewSet(PublicViewSet):
    queryset = Sector.objects.order_by("order")
    serializer_class = serializers.SectorSerializer
    filterset_class = SectorFilterSet
    lookup_field = "slug"


class DeclarationViewSet(PublicViewSet):
    queryset = Declaration.objects.order_by("adopted_on", "kind", "pk")
    serializer_class = serializers.DeclarationSerializer
    filterset_class = filtersets.DeclarationFilterSet
    lookup_field = "slug"


class OrganisationViewSet(PublicViewSet):
    queryset = Organisation.objects.order_by("name", "pk")
    serializer_class = serializers.OrganisationSerializer
    filterset_class = filtersets.OrganisationFilterSet
    lookup_field = "slug"


class CommitmentViewSet(PublicViewSet):
    # Declaration by declaration, in document order: the (declaration, position) unique index
    # serves ORDER BY … LIMIT without sorting every commitment.
    queryset = Commitment.objects.order_by("declaration_id", "position")
    serializer_class = serializers.CommitmentSerializer
    filterset_class = filtersets.CommitmentFilterSet

    @staticmethod
    def shown_columns(queryset):
        """The declaration's and sector's slugs, all that a commitment's representation takes
        of them: two columns, not two more model instances per row (the count needs neither
        join)."""
        return queryset.annotate(
            declaration_slug=F("declaration__slug"), sector_slug=F("sector__slug")
        )

    def paginate_queryset(self, queryset):
        """A page's lead organisations as slugs, in one query on the link table: a prefetch
        built a manager per commitment and an instance per organisation."""
        page = super().paginate_queryset(queryset)
        if page is not None:
            serializers.attach_lead_organisations(page)
        return page


class ProjectViewSet(PublicViewSet):
    queryset = (
        Project.objects.select_related("source", "sector")
        .prefetch_related(
            "organisations",
            Prefetch("commitments", queryset=Commitment.objects.select_related("declaration")),
        )
        .order_by("sector_order", "name", "pk")
    )
    serializer_class = serializers.ProjectSerializer
    filterset_class = filtersets.ProjectFilterSet
    lookup_field = "slug"


class StatusUpdateViewSet(PublicViewSet):
    """Published updates only, newest first, with their evidence."""

    queryset = (
        StatusUpdate.objects.published()
        .select_related("commitment__declaration", "project", "supersedes")
        .prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.select_related("document"))
        )
        .order_by("-as_of", "-published_at", "-pk")
    )
    serializer_class = serializers.StatusUpdateSerializer
    filterset_class = filtersets.StatusUpdateFilterSet
    lookup_field = "uid"


class ComplianceAssessmentViewSet(PublicViewSet):
    """Current compliance scores (a later assessment for the same period supersedes)."""

    queryset = (
        ComplianceAssessment.objects.current()
        .select_related("commitment__declaration")
        .order_by("commitment__position", "party", "period", "kind", "pk")
    )
    serializer_class = serializers.ComplianceAssessmentSerializer
    filterset_class = filtersets.ComplianceAssessmentFilterSet
