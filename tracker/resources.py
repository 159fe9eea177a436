"""Bulk import and export in the admin (django-import-export), keyed on natural keys.

Rows name related records the way people do, by slug (`meti`) or by declaration and reference
(`joint-declaration-economic-security-2025/10.3.d`), never by database id, so a file exported
from one database imports into another. Every row is validated with the model's `full_clean()`
(choices, lengths, URL schemes) and the whole import runs in one transaction: a file with one
bad row writes nothing, and the dry run lists every row's errors first.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from sectors.models import Sector

from .models import Commitment, Declaration, Organisation, Paragraph, PointOfContact, Project

LIST_SEPARATOR = ","


class SlugWidget(widgets.ForeignKeyWidget):
    """A foreign key written as the related record's slug (or another unique field)."""

    def __init__(self, model, field="slug", **kwargs):
        super().__init__(model, field=field, **kwargs)

    def clean(self, value, row=None, **kwargs):
        value = (value or "").strip() if isinstance(value, str) or value is None else value
        if value in ("", None):
            return None
        try:
            return self.model._default_manager.get(**{self.field: value})
        except self.model.DoesNotExist:
            raise ValueError(
                f"No {self.model._meta.verbose_name} with {self.field} “{value}”."
            ) from None


class SlugsWidget(widgets.ManyToManyWidget):
    """A many-to-many field written as comma-separated slugs."""

    def __init__(self, model, field="slug", **kwargs):
        super().__init__(model, separator=LIST_SEPARATOR, field=field, **kwargs)

    def clean(self, value, row=None, **kwargs):
        keys = [key.strip() for key in str(value or "").split(self.separator) if key.strip()]
        found = {
            getattr(obj, self.field): obj
            for obj in self.model._default_manager.filter(**{f"{self.field}__in": keys})
        }
        missing = [key for key in keys if key not in found]
        if missing:
            raise ValueError(
                f"No {self.model._meta.verbose_name} with {self.field} "
                + ", ".join(f"“{key}”" for key in missing)
                + "."
            )
        return [found[key] for key in keys]


class CommitmentsWidget(widgets.ManyToManyWidget):
    """Commitments written as `declaration-slug/reference`, comma-separated."""

    def __init__(self, **kwargs):
        super().__init__(Commitment, separator=LIST_SEPARATOR, **kwargs)

    def clean(self, value, row=None, **kwargs):
        commitments = []
        for key in (k.strip() for k in str(value or "").split(self.separator)):
            if not key:
                continue
            declaration, _slash, reference = key.partition("/")
            try:
                commitments.append(
                    Commitment.objects.get(declaration__slug=declaration, reference=reference)
                )
            except Commitment.DoesNotExist:
                raise ValueError(
                    f"No commitment “{key}” (write declaration-slug/reference)."
                ) from None
        return commitments

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return self.separator.join(
            f"{c.declaration.slug}/{c.reference}"
            for c in value.select_related("declaration").order_by("declaration__slug", "position")
        )


class ParagraphWidget(widgets.ForeignKeyWidget):
    """A commitment's paragraph, written as its position in the row's declaration."""

    def __init__(self, **kwargs):
        super().__init__(Paragraph, field="position", **kwargs)

    def clean(self, value, row=None, **kwargs):
        try:
            position = int(value)
        except (TypeError, ValueError):
            raise ValueError(f"Paragraph must be a position number, not “{value}”.") from None
        declaration = (row or {}).get("declaration", "")
        try:
            return Paragraph.objects.get(declaration__slug=declaration, position=position)
        except Paragraph.DoesNotExist:
            raise ValueError(
                f"Declaration “{declaration}” has no paragraph at position {position}."
            ) from None


class ValidatedResource(resources.ModelResource):
    """Shared options: model validation on every row, unchanged rows skipped and reported."""

    def import_instance(self, instance, row, **kwargs):
        """Check many-to-many columns with the other fields, so the preview lists them too.

        django-import-export sets many-to-many relations only after saving, and reports a bad
        key there as a failed row that hides every other row's validation errors.
        """
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as error:
                    errors[field.attribute] = ValidationError(str(error), code="invalid")
        if errors:
            raise ValidationError(errors)

    class Meta:
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True


class OrganisationResource(ValidatedResource):
    class Meta(ValidatedResource.Meta):
        model = Organisation
        import_id_fields = ("slug",)
        fields = ("slug", "name", "abbreviation", "kind", "country", "url")
        export_order = fields


class CommitmentResource(ValidatedResource):
    declaration = fields.Field("declaration", "declaration", SlugWidget(Declaration))
    paragraph = fields.Field("paragraph", "paragraph", ParagraphWidget())
    sector = fields.Field("sector", "sector", SlugWidget(Sector))
    lead_organisations = fields.Field(
        "lead_organisations", "lead_organisations", SlugsWidget(Organisation)
    )

    class Meta(ValidatedResource.Meta):
        model = Commitment
        import_id_fields = ("declaration", "reference")
        fields = (
            "declaration",
            "reference",
            "paragraph",
            "position",
            "sector",
            "title",
            "text",
            "parties",
            "lead_organisations",
            "planned_start",
            "planned_end",
            "next_update_due",
        )
        export_order = fields

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("declaration", "paragraph", "sector")
            .prefetch_related("lead_organisations")
        )


class ProjectResource(ValidatedResource):
    source = fields.Field("source", "source", SlugWidget(Declaration))
    sector = fields.Field("sector", "sector", SlugWidget(Sector))
    organisations = fields.Field("organisations", "organisations", SlugsWidget(Organisation))
    commitments = fields.Field("commitments", "commitments", CommitmentsWidget())

    class Meta(ValidatedResource.Meta):
        model = Project
        import_id_fields = ("slug",)
        fields = (
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
        )
        export_order = fields

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("source", "sector")
            .prefetch_related("organisations")
        )


class PointOfContactResource(ValidatedResource):
    """Points of contact; `id` empty for a new one. The user account is named by username."""

    organisation = fields.Field("organisation", "organisation", SlugWidget(Organisation))
    user = fields.Field(
        "user",
        "user",
        SlugWidget(get_user_model(), field=get_user_model().USERNAME_FIELD),
    )
    commitments = fields.Field("commitments", "commitments", CommitmentsWidget())
    projects = fields.Field("projects", "projects", SlugsWidget(Project))

    class Meta(ValidatedResource.Meta):
        model = PointOfContact
        import_id_fields = ("id",)
        fields = (
            "id",
            "name",
            "role",
            "side",
            "organisation",
            "user",
            "email",
            "email_public",
            "phone",
            "phone_public",
            "is_public",
            "commitments",
            "projects",
        )
        export_order = fields
