"""Read-only representations of public records. No private field is declared here at all."""

from collections import defaultdict

from rest_framework import serializers

from sectors.models import Sector

from .. import links
from ..models import (
    Commitment,
    ComplianceAssessment,
    Declaration,
    Evidence,
    Organisation,
    Project,
    Side,
    StatusUpdate,
)
from ..tables import organisation_rows


class SectorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sector
        fields = ["slug", "name", "kind", "order", "heading", "lead_in"]


class DeclarationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Declaration
        fields = [
            "slug",
            "title",
            "short_title",
            "kind",
            "adopted_on",
            "place",
            "parties",
            "summary",
            "url",
        ]


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["slug", "name", "abbreviation", "kind", "country", "url"]


class SideStatusSerializer(serializers.Serializer):
    lifecycle = serializers.CharField(allow_blank=True)
    completion = serializers.CharField(required=False)
    confidence = serializers.CharField(required=False)
    as_of = serializers.DateField(allow_null=True)


class StatusBySideSerializer(serializers.Serializer):
    japan = SideStatusSerializer()
    india = SideStatusSerializer()


def side_status(record, with_ratings):
    result = {}
    for side in Side.values:
        entry = {
            "lifecycle": getattr(record, f"{side}_status"),
            "as_of": getattr(record, f"{side}_as_of"),
        }
        if with_ratings:
            entry["completion"] = getattr(record, f"{side}_completion")
            entry["confidence"] = getattr(record, f"{side}_confidence")
        result[side] = entry
    return result


class CommitmentRefSerializer(serializers.ModelSerializer):
    declaration = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Commitment
        fields = ["id", "declaration", "reference"]


class CommitmentSerializer(serializers.ModelSerializer):
    declaration = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    sector = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    lead_organisations = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    status = serializers.SerializerMethodField()
    html_url = serializers.SerializerMethodField()

    class Meta:
        model = Commitment
        fields = [
            "id",
            "declaration",
            "reference",
            "position",
            "sector",
            "title",
            "text",
            "parties",
            "lead_organisations",
            "planned_start",
            "planned_end",
            "next_update_due",
            "status",
            "html_url",
        ]

    def get_status(self, record) -> StatusBySideSerializer:
        return side_status(record, with_ratings=True)

    def get_html_url(self, record) -> str:
        return record.get_absolute_url()

    def to_representation(self, record):
        """What ModelSerializer's field-by-field representation gives (the fields above still
        describe it in the schema; `tests/test_api.py` compares the two on every commitment),
        written directly: walking fourteen field objects per record was most of a list's time.
        Slugs from `CommitmentViewSet`'s annotations and `attach_lead_organisations()` when
        the record has them, else from its related records."""
        slugs = getattr(record, "lead_organisation_slugs", None)
        if slugs is None:
            slugs = [organisation.slug for organisation in record.lead_organisations.all()]
        declaration = getattr(record, "declaration_slug", None) or record.declaration.slug
        return {
            "id": record.pk,
            "declaration": declaration,
            "reference": record.reference,
            "position": record.position,
            "sector": getattr(record, "sector_slug", None) or record.sector.slug,
            "title": record.title,
            "text": record.text,
            "parties": record.parties,
            "lead_organisations": slugs,
            "planned_start": iso_date(record.planned_start),
            "planned_end": iso_date(record.planned_end),
            "next_update_due": iso_date(record.next_update_due),
            "status": side_status(record, with_ratings=True),
            "html_url": links.url("tracker:commitment_detail", declaration, record.reference),
        }


def attach_lead_organisations(records):
    """Set each of `records`' `lead_organisation_slugs`, in the organisations' order, from one
    query on the link table."""
    found = defaultdict(list)
    field = Commitment._meta.get_field("lead_organisations")
    for pk, slug, _name, _abbreviation in organisation_rows(field, records):
        found[pk].append(slug)
    for record in records:
        record.lead_organisation_slugs = found[record.pk]


def iso_date(value):
    """A date as DRF's DateField writes it by default."""
    return value.isoformat() if value else None


class ProjectSerializer(serializers.ModelSerializer):
    source = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    sector = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    organisations = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    commitments = CommitmentRefSerializer(many=True, read_only=True)
    status = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = [
            "slug",
            "name",
            "kind",
            "description",
            "source",
            "sector",
            "organisations",
            "commitments",
            "announced_on",
            "announced_precision",
            "location",
            "amount",
            "currency",
            "status",
        ]

    def get_status(self, record) -> StatusBySideSerializer:
        return side_status(record, with_ratings=False)


class EvidenceSerializer(serializers.ModelSerializer):
    document = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Evidence
        fields = ["url", "document", "title", "publisher", "kind", "published_on", "excerpt"]


class StatusUpdateSerializer(serializers.ModelSerializer):
    """A published update: no author, reviewer or review note."""

    commitment = CommitmentRefSerializer(read_only=True)
    project = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    supersedes = serializers.SlugRelatedField(slug_field="uid", read_only=True, allow_null=True)
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = StatusUpdate
        fields = [
            "uid",
            "commitment",
            "project",
            "side",
            "as_of",
            "lifecycle",
            "completion",
            "confidence",
            "confidence_rationale",
            "narrative",
            "published_at",
            "supersedes",
            "is_sample",
            "evidence",
        ]


class ComplianceAssessmentSerializer(serializers.ModelSerializer):
    """A current score; the analyst is not named."""

    commitment = CommitmentRefSerializer(read_only=True)

    class Meta:
        model = ComplianceAssessment
        fields = [
            "commitment",
            "party",
            "period",
            "kind",
            "score",
            "rationale",
            "evidence_url",
            "evidence_title",
            "assessed_at",
        ]
