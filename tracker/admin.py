"""The Django admin for every tracker model."""

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from simple_history.admin import SimpleHistoryAdmin

from . import resources
from .forms import AdminLoginForm
from .models import (
    Commitment,
    ComplianceAssessment,
    Declaration,
    Evidence,
    Organisation,
    Paragraph,
    PointOfContact,
    Project,
    ReminderLog,
    SavedFilter,
    StatusUpdate,
)

admin.site.site_header = _("Japan-India Economic Security Cooperation Tracker")
admin.site.login_form = AdminLoginForm  # a too long username is a form error, not a 500
admin.site.site_title = _("Tracker admin")


class BulkImportExport(ImportExportMixin):
    """Import from CSV or XLSX with a dry-run preview; export the same columns back.

    The preview lists every row's errors and offers no confirmation while there are any; a
    confirmation posted anyway is rolled back whole if a row fails validation.
    """

    formats = [CSV, XLSX]

    def get_import_data_kwargs(self, **kwargs):
        options = super().get_import_data_kwargs(**kwargs)
        options["rollback_on_validation_errors"] = True
        return options

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            messages.error(request, _("The file has errors, so nothing was imported."))
            opts = self.model._meta
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_import")
        return super().process_result(result, request)


class ParagraphInline(admin.TabularInline):
    model = Paragraph
    extra = 0
    fields = ("position", "number", "heading", "subheading", "sector", "text")
    autocomplete_fields = ("sector",)


@admin.register(Declaration)
class DeclarationAdmin(SimpleHistoryAdmin):
    list_display = ("title", "kind", "adopted_on", "place")
    list_filter = ("kind",)
    search_fields = ("title", "short_title", "slug")
    prepopulated_fields = {"slug": ("short_title",)}
    inlines = [ParagraphInline]


@admin.register(Paragraph)
class ParagraphAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "heading", "sector")
    list_filter = ("declaration", "sector")
    list_select_related = ("declaration", "sector")
    search_fields = ("text", "number", "heading")
    autocomplete_fields = ("declaration", "sector")


@admin.register(Organisation)
class OrganisationAdmin(BulkImportExport, SimpleHistoryAdmin):
    resource_classes = [resources.OrganisationResource]
    list_display = ("name", "abbreviation", "kind", "country")
    list_filter = ("kind", "country")
    search_fields = ("name", "abbreviation", "slug")
    prepopulated_fields = {"slug": ("name",)}


class StatusUpdateInline(admin.TabularInline):
    """A commitment's updates, read-only on its page; they are edited on their own page."""

    model = StatusUpdate
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ("as_of", "side", "lifecycle", "completion", "confidence", "state", "published_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Commitment)
class CommitmentAdmin(BulkImportExport, SimpleHistoryAdmin):
    resource_classes = [resources.CommitmentResource]
    list_display = (
        "reference",
        "title",
        "sector",
        "parties",
        "japan_status",
        "india_status",
        "next_update_due",
    )
    list_filter = ("declaration", "sector", "parties", "japan_status", "india_status")
    list_select_related = ("sector", "declaration")
    search_fields = ("reference", "title", "text")
    autocomplete_fields = ("declaration", "paragraph", "sector", "lead_organisations")
    inlines = [StatusUpdateInline]
    readonly_fields = (
        "japan_status",
        "japan_as_of",
        "japan_completion",
        "japan_confidence",
        "india_status",
        "india_as_of",
        "india_completion",
        "india_confidence",
    )
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "declaration",
                    "paragraph",
                    "reference",
                    "position",
                    "sector",
                    "title",
                    "text",
                    "parties",
                    "lead_organisations",
                )
            },
        ),
        (_("Dates"), {"fields": ("planned_start", "planned_end", "next_update_due")}),
        (
            _("Current status (set by publishing an update)"),
            {"fields": readonly_fields},
        ),
    )


@admin.register(Project)
class ProjectAdmin(BulkImportExport, SimpleHistoryAdmin):
    resource_classes = [resources.ProjectResource]
    list_display = ("name", "kind", "sector", "announced_on", "location", "japan_status")
    list_filter = ("kind", "sector", "japan_status", "india_status")
    list_select_related = ("sector",)
    search_fields = ("name", "description", "location", "slug")
    autocomplete_fields = ("source", "sector", "organisations", "commitments")
    readonly_fields = ("japan_status", "japan_as_of", "india_status", "india_as_of")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(PointOfContact)
class PointOfContactAdmin(BulkImportExport, SimpleHistoryAdmin):
    resource_classes = [resources.PointOfContactResource]
    list_display = ("name", "side", "organisation", "user", "is_public")
    list_filter = ("side", "is_public")
    list_select_related = ("organisation", "user")
    search_fields = ("name", "role", "email", "organisation__name")
    autocomplete_fields = ("user", "organisation", "commitments", "projects")


class EvidenceInline(admin.StackedInline):
    model = Evidence
    extra = 0
    fields = ("url", "document", "title", "publisher", "kind", "published_on", "excerpt")
    autocomplete_fields = ("document",)


@admin.register(StatusUpdate)
class StatusUpdateAdmin(SimpleHistoryAdmin):
    """Published updates are read-only here as everywhere: a correction is a new update."""

    list_display = (
        "commitment",
        "side",
        "as_of",
        "lifecycle",
        "completion",
        "confidence",
        "state",
        "is_sample",
    )
    list_filter = ("state", "side", "lifecycle", "completion", "confidence", "is_sample")
    list_select_related = ("commitment", "commitment__declaration")
    search_fields = ("narrative", "commitment__reference", "commitment__title")
    autocomplete_fields = ("commitment", "project", "author", "reviewer", "supersedes")
    date_hierarchy = "as_of"
    inlines = [EvidenceInline]
    readonly_fields = ("uid", "version", "created_at", "updated_at")

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_published:
            return [field.name for field in self.model._meta.fields]
        return super().get_readonly_fields(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_published:
            return False
        return super().has_delete_permission(request, obj)

    def get_inlines(self, request, obj):
        if obj is not None and obj.is_published:
            return [ReadOnlyEvidenceInline]
        return super().get_inlines(request, obj)


class ReadOnlyEvidenceInline(EvidenceInline):
    can_delete = False
    readonly_fields = EvidenceInline.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Evidence)
class EvidenceAdmin(SimpleHistoryAdmin):
    list_display = ("title", "kind", "publisher", "published_on", "update")
    list_filter = ("kind",)
    list_select_related = ("update__commitment",)
    search_fields = ("title", "publisher", "url")
    autocomplete_fields = ("update", "document")

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.update.is_published:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.update.is_published:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    """A record of reminders sent; written by send_update_reminders, never edited."""

    list_display = ("contact", "sent_on")
    list_select_related = ("contact",)
    date_hierarchy = "sent_on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ComplianceAssessment)
class ComplianceAssessmentAdmin(SimpleHistoryAdmin):
    list_display = ("commitment", "party", "period", "kind", "score", "analyst", "assessed_at")
    list_filter = ("party", "kind", "score", "period")
    list_select_related = ("commitment", "analyst")
    search_fields = ("commitment__reference", "commitment__title", "rationale", "period")
    autocomplete_fields = ("commitment", "analyst")


@admin.register(SavedFilter)
class SavedFilterAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "path", "created_at")
    list_select_related = ("user",)
    search_fields = ("name", "user__username", "path")
