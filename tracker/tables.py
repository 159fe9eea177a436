"""The tables of the public pages; the same classes feed the CSV, XLSX and JSON exports."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import template_code
from .models import Commitment, ComplianceAssessment, Organisation, Project, StatusUpdate


class BadgeColumn(tables.Column):
    """A choice field shown as a labelled badge; exports get the plain label."""

    empty_label = _("Not reported")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_values", ())
        super().__init__(*args, **kwargs)

    def render(self, value, record, bound_column):
        raw = bound_column.accessor.resolve(record)
        if not raw:
            return format_html(template_code.NOT_REPORTED_BADGE, self.empty_label)
        return format_html(template_code.STATUS_BADGE, raw, raw, value)

    def value(self, value, record, bound_column):
        return value or self.empty_label


class CommitmentTable(tables.Table):
    reference = tables.Column(linkify=True, verbose_name=_("Ref."))
    title = tables.Column(linkify=True)
    sector = tables.Column(linkify=True, order_by=("sector__order",))
    japan_status = BadgeColumn(verbose_name=_("Japan"))
    india_status = BadgeColumn(verbose_name=_("India"))
    japan_completion = BadgeColumn(verbose_name=_("Completion (Japan)"))
    india_completion = BadgeColumn(verbose_name=_("Completion (India)"))
    japan_confidence = BadgeColumn(verbose_name=_("Confidence (Japan)"))
    india_confidence = BadgeColumn(verbose_name=_("Confidence (India)"))
    lead_organisations = tables.ManyToManyColumn(
        verbose_name=_("Lead organisations"), linkify_item=True, orderable=False
    )
    text = tables.Column(verbose_name=_("Text"), visible=False)

    class Meta:
        model = Commitment
        fields = (
            "reference",
            "title",
            "sector",
            "parties",
            "japan_status",
            "india_status",
            "japan_completion",
            "india_completion",
            "japan_confidence",
            "india_confidence",
            "lead_organisations",
            "next_update_due",
            "text",
        )
        order_by = ("reference",)
        attrs = {"class": "data-table"}
        # Cells written out in one template, not rendered column by column: a page of rows
        # costs about what a plain template costs (see bench/README.md).
        template_name = "tracker/commitment_table.html"

    @property
    def shown(self):
        """Names of the visible columns, for the lean row template."""
        return {column.name for column in self.columns}

    def value_lead_organisations(self, value):
        return ", ".join(str(organisation) for organisation in value.all())

    def order_reference(self, queryset, is_descending):
        """Document order, not string order ('10.1' after '9.2')."""
        return queryset.order_by(("-" if is_descending else "") + "position"), True


class ProjectTable(tables.Table):
    name = tables.Column(linkify=True)
    sector = tables.Column(linkify=True, order_by=("sector__order",))
    organisations = tables.ManyToManyColumn(linkify_item=True, orderable=False)
    japan_status = BadgeColumn(verbose_name=_("Japan"))
    india_status = BadgeColumn(verbose_name=_("India"))

    class Meta:
        model = Project
        fields = (
            "name",
            "kind",
            "sector",
            "organisations",
            "announced_on",
            "location",
            "amount",
            "currency",
            "japan_status",
            "india_status",
        )
        attrs = {"class": "data-table"}

    def value_organisations(self, value):
        return ", ".join(str(organisation) for organisation in value.all())


class OrganisationTable(tables.Table):
    name = tables.Column(linkify=True)
    commitment_count = tables.Column(verbose_name=_("Commitments led"))
    project_count = tables.Column(verbose_name=_("Projects"))

    class Meta:
        model = Organisation
        fields = ("name", "abbreviation", "kind", "country", "commitment_count", "project_count")
        attrs = {"class": "data-table"}


class StatusUpdateTable(tables.Table):
    as_of = tables.DateColumn(verbose_name=_("As of"))
    commitment = tables.Column(
        linkify=lambda record: record.get_absolute_url(),
        accessor="commitment__reference",
        order_by=("commitment__position",),
        verbose_name=_("Commitment"),
    )
    commitment_title = tables.Column(
        accessor="commitment__title", verbose_name=_("Title"), orderable=False
    )
    project = tables.Column(linkify=True)
    side = tables.Column(verbose_name=_("Side"))
    lifecycle = BadgeColumn()
    completion = BadgeColumn()
    confidence = BadgeColumn()
    evidence_count = tables.Column(verbose_name=_("Evidence"))
    narrative = tables.Column(visible=False)

    class Meta:
        model = StatusUpdate
        fields = (
            "as_of",
            "commitment",
            "commitment_title",
            "project",
            "side",
            "lifecycle",
            "completion",
            "confidence",
            "evidence_count",
            "published_at",
            "narrative",
        )
        order_by = ("-as_of",)
        attrs = {"class": "data-table"}


class ComplianceAssessmentTable(tables.Table):
    commitment = tables.Column(
        linkify=lambda record: record.commitment.get_absolute_url(),
        accessor="commitment__reference",
        order_by=("commitment__position",),
        verbose_name=_("Commitment"),
    )
    title = tables.Column(accessor="commitment__title", orderable=False, verbose_name=_("Title"))
    sector = tables.Column(accessor="commitment__sector__name", verbose_name=_("Sector"))
    evidence_url = tables.URLColumn(verbose_name=_("Evidence"))

    class Meta:
        model = ComplianceAssessment
        fields = (
            "commitment",
            "title",
            "sector",
            "party",
            "period",
            "kind",
            "score",
            "rationale",
            "evidence_url",
            "assessed_at",
        )
        order_by = ("commitment",)
        attrs = {"class": "data-table"}
