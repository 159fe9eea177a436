"""The read-only JSON API. Each viewset declares its queryset, FilterSet and serializer."""

from django.db.models import Prefetch
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
    # Lead organisations as a list of slugs: no related manager per commitment.
    queryset = (
        Commitment.objects.for_table()
        .prefetch_related(
            Prefetch(
                "lead_organisations",
                queryset=Organisation.objects.only("slug"),
                to_attr="lead_organisation_list",
            )
        )
        .order_by("declaration_id", "position")
    )
    serializer_class = serializers.CommitmentSerializer
    filterset_class = filtersets.CommitmentFilterSet


class ProjectViewSet(PublicViewSet):
    queryset = (
        Project.objects.select_related("source", "sector")
        .prefetch_related(
            "organisations",
            Prefetch("commitments", queryset=Commitment.objects.select_related("declaration")),
        )
        .order_by("sector__order", "name", "pk")
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
