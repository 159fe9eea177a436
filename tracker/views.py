"""Public progress views. List views only declare; ObjectListView does the work."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import transaction
from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, TemplateView, View
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from sectors.models import Sector

from . import exports, filtersets, tables
from .counts import current_counts, has_declaration
from .forms import (
    ComplianceAssessmentForm,
    EvidenceFormSet,
    ReviewForm,
    SavedFilterForm,
    StatusUpdateForm,
)
from .models import (
    Commitment,
    Completion,
    ComplianceAssessment,
    Confidence,
    Declaration,
    Evidence,
    Lifecycle,
    Organisation,
    Project,
    PublishError,
    SavedFilter,
    Side,
    StatusUpdate,
)


def bad_request(request, message):
    """A 400 page that says what was wrong."""
    return render(request, "400.html", {"message": message}, status=400)


class ObjectListView(SingleTableMixin, FilterView):
    """A filtered, sortable, paginated table with CSV, XLSX and JSON export of the filtered rows.

    Subclasses set `queryset`, `filterset_class`, `table_class` and `title`.
    Invalid filter values answer 400 with the form's messages; exports then answer 400 too.
    """

    template_name = "tracker/object_list.html"
    table_pagination = {"per_page": 25, "silent": False}
    max_per_page = 100
    export_formats = ("csv", "xlsx", "json")
    export_trigger_param = "_export"
    exclude_columns = ()
    title = ""
    intro = ""

    def get(self, request, *args, **kwargs):
        per_page = request.GET.get("per_page")
        if per_page is not None and not (
            # ASCII digits only: "¹" and "²" are digits to str.isdigit() but not to int().
            per_page.isascii() and per_page.isdigit() and 1 <= int(per_page) <= self.max_per_page
        ):
            return bad_request(
                request,
                _("Rows per page must be a whole number from 1 to %(max)s.")
                % {"max": self.max_per_page},
            )
        self.ignore_unknown_sort(request)
        self.filterset = self.get_filterset(self.get_filterset_class())
        status = 200
        if self.filterset.is_bound and not self.filterset.is_valid():
            self.object_list = self.filterset.queryset.none()
            status = 400
        else:
            self.object_list = self.filterset.qs

        export_format = request.GET.get(self.export_trigger_param)
        if export_format is not None:
            if export_format not in self.export_formats:
                return bad_request(
                    request,
                    _("Unknown export format. Choose one of: %(formats)s.")
                    % {"formats": ", ".join(self.export_formats)},
                )
            if status != 200:
                return bad_request(request, self.filter_errors_text())
            self.table_pagination = False
            table = self.get_table(**self.get_table_kwargs())
            return exports.export_response(
                table,
                export_format,
                self.get_export_filename(export_format),
                self.exclude_columns,
            )

        context = self.get_context_data(filter=self.filterset, object_list=self.object_list)
        return self.render_to_response(context, status=status)

    def ignore_unknown_sort(self, request):
        """A sort by anything but the table's own columns is dropped: the table keeps its order.

        django-tables2 would otherwise read an unknown name as a path into the row.
        """
        sort = request.GET.get("sort")
        if sort is None:
            return
        names = [name.strip().removeprefix("-") for name in sort.split(",")]
        if not all(name in self.table_class.base_columns for name in names):
            request.GET = request.GET.copy()
            del request.GET["sort"]

    # Up to this many matching rows are counted exactly; beyond it the page says "more than"
    # and pages on without a total (as LazyPaginator): counting every match of a broad filter
    # costs time in proportion to the data, and the reader does not need the exact figure.
    # The count is read in the page's own query (tables.PageAndCountPaginator).
    count_cap = 1000

    def get_table_pagination(self, table):
        paginate = super().get_table_pagination(table)
        if paginate is False or paginate.get("paginator_class") is tables.LookAheadPaginator:
            return paginate
        return {**paginate, "paginator_class": tables.PageAndCountPaginator, "cap": self.count_cap}

    def get_table(self, **kwargs):
        try:
            return super().get_table(**kwargs)
        except (EmptyPage, PageNotAnInteger):
            raise Http404(_("There is no such page of this table.")) from None

    def filter_errors(self):
        """The filter form's errors as (field label, message) pairs."""
        form = self.filterset.form
        return [
            (form.fields[name].label if name in form.fields else "", message)
            for name, messages in form.errors.items()
            for message in messages
        ]

    def filter_errors_text(self):
        return "\n".join(f"{label}: {message}" for label, message in self.filter_errors())

    def get_export_filename(self, export_format):
        return f"{self.queryset.model._meta.verbose_name_plural}.{export_format}".replace(" ", "-")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop(self.export_trigger_param, None)
        paginator = getattr(context["table"], "paginator", None)
        context.update(
            count_cap=self.count_cap,
            rows_capped=getattr(paginator, "rows_capped", False),
            # A LazyPaginator does not count, nor does a PageAndCountPaginator beyond count_cap
            # (found is None): the page then says nothing about the total.
            row_count=(
                len(self.object_list) if paginator is None else getattr(paginator, "found", None)
            ),
            title=self.title,
            intro=self.intro,
            filter_errors=self.filter_errors() if self.filterset.is_bound else [],
            save_filter_form=SavedFilterForm(
                user=self.request.user,
                initial={"path": self.request.path, "query": query.urlencode()},
            )
            if self.request.user.has_perm("tracker.add_savedfilter")
            else None,
            filter_active=any(
                name in self.filterset.filters and value for name, value in self.request.GET.items()
            ),
            export_links=[
                (fmt.upper(), self._export_query(query, fmt)) for fmt in self.export_formats
            ],
        )
        return context

    def _export_query(self, query, fmt):
        query = query.copy()
        query[self.export_trigger_param] = fmt
        return "?" + query.urlencode()


class CommitmentListView(ObjectListView):
    queryset = Commitment.objects.for_table()
    filterset_class = filtersets.CommitmentFilterSet
    table_class = tables.CommitmentTable
    title = _("Commitments")


class ProjectListView(ObjectListView):
    queryset = Project.objects.select_related("sector")  # organisations: a page at a time
    filterset_class = filtersets.ProjectFilterSet
    table_class = tables.ProjectTable
    title = _("Projects")


def counted(rows, field):
    """How many of `rows` point at the outer row through `field`: a subquery per shown row."""
    return Coalesce(
        Subquery(
            rows.filter(**{field: OuterRef("pk")})
            .order_by()
            .values(field)
            .annotate(count=Count("pk"))
            .values("count")
        ),
        0,
    )


class OrganisationListView(ObjectListView):
    # Counted per shown row (a subquery on each link table), not grouped over every link.
    queryset = Organisation.objects.annotate(
        commitment_count=counted(Commitment.lead_organisations.through.objects, "organisation"),
        project_count=counted(Project.organisations.through.objects, "organisation"),
    )
    filterset_class = filtersets.OrganisationFilterSet
    table_class = tables.OrganisationTable
    title = _("Organisations")


class StatusUpdateListView(ObjectListView):
    # The evidence count is a subquery per shown row, not a GROUP BY over every published update.
    # Only the columns shown or exported: 13% fewer instructions a page than all 69 columns
    # of the four joined tables (tests/test_exports.py counts the exports' queries).
    queryset = (
        StatusUpdate.objects.published()
        .select_related("commitment__declaration", "project")
        .only(
            "uid",
            "as_of",
            "side",
            "lifecycle",
            "completion",
            "confidence",
            "published_at",
            "narrative",
            "commitment__reference",
            "commitment__title",
            "commitment__declaration__slug",
            "project__slug",
            "project__name",
        )
        .annotate(evidence_count=counted(Evidence.objects, "update"))
    )
    filterset_class = filtersets.StatusUpdateFilterSet
    table_class = tables.StatusUpdateTable
    title = _("Latest updates")
    # Years of updates: pages are found by looking one row ahead, never by counting them all.
    table_pagination = {
        "per_page": 25,
        "silent": False,
        "paginator_class": tables.LookAheadPaginator,
    }


class ComplianceListView(ObjectListView):
    """Current compliance scores, and their averages by party and by sector over the same rows."""

    queryset = ComplianceAssessment.objects.current().select_related(
        "commitment__declaration", "commitment__sector"
    )
    filterset_class = filtersets.ComplianceAssessmentFilterSet
    table_class = tables.ComplianceAssessmentTable
    template_name = "tracker/compliance.html"
    title = _("Compliance")
    intro = _(
        "Scores of −1, 0 or +1 per party, commitment and assessment period (G7/G20 Research "
        "Group method). Joint commitments are scored for Japan and India separately. A later "
        "assessment for the same period supersedes an earlier one; only current scores count."
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = self.object_list
        context["by_party"] = rows.averages(["party"])
        context["by_sector"] = rows.averages(
            ["commitment__sector__order", "commitment__sector__name", "party"]
        )
        context["can_assess"] = self.request.user.has_perm("tracker.add_complianceassessment")
        return context


class ComplianceCreateView(PermissionRequiredMixin, TemplateView):
    permission_required = "tracker.add_complianceassessment"
    template_name = "tracker/compliance_form.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=ComplianceAssessmentForm()))

    def post(self, request, *args, **kwargs):
        form = ComplianceAssessmentForm(request.POST)
        if form.is_valid():
            assessment = form.save(commit=False)
            assessment.analyst = request.user
            assessment.save()
            messages.success(request, _("Assessment recorded."))
            return redirect("tracker:compliance")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class DashboardView(TemplateView):
    template_name = "tracker/dashboard.html"

    def get_context_data(self, **kwargs):
        commitments = Commitment.objects.all()
        counts = current_counts()
        confidence = counts["confidence"]
        return super().get_context_data(
            figures=counts["figures"],
            project_count=counts["project_count"],
            published_count=counts["published_count"],
            chart_rows=counts["by_sector"],
            confidence_rows=[
                {
                    "rating": rating,
                    "label": rating.label,
                    "counts": [confidence[f"{side}_{rating.value}"] for side in Side.values],
                }
                for rating in Confidence
            ],
            sides=Side,
            latest_updates=StatusUpdate.objects.for_timeline()[:8],
            # Only the columns the list shows (see StatusUpdateQuerySet.for_timeline).
            overdue=commitments.overdue()
            .select_related("sector", "declaration")
            .only(
                "reference",
                "title",
                "next_update_due",
                "sector__name",
                "declaration__slug",
            )
            .order_by("next_update_due", "position")[:10],
            has_declaration=(
                counts["has_declaration"] if "has_declaration" in counts else has_declaration()
            ),
            **kwargs,
        )


class DeclarationView(DetailView):
    """The annotated declaration: its text paragraph by paragraph, each bullet with its status."""

    template_name = "tracker/declaration.html"
    # Its commitments with what their status lines show; each one's declaration is this one.
    queryset = Declaration.objects.prefetch_related(
        "paragraphs__sector",
        Prefetch(
            "paragraphs__commitments",
            queryset=Commitment.objects.only(
                "paragraph", "reference", "title", "text", "japan_status", "india_status"
            ).order_by("position"),
        ),
    )
    first_declaration = False  # True: the earliest declaration, whatever its slug

    def get_object(self, queryset=None):
        if not self.first_declaration:
            declaration = super().get_object(queryset)
        else:
            declaration = get_object_or_404(
                self.get_queryset().declarations().order_by("adopted_on")[:1]
            )
        for paragraph in declaration.paragraphs.all():
            for commitment in paragraph.commitments.all():
                commitment.declaration = declaration
        return declaration

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["projects"] = self.object.projects.select_related("sector").only(
            "slug", "name", "sector__name"
        )
        return context


# The annotated Joint Declaration, at a short address people can share.
default_declaration_view = DeclarationView.as_view(first_declaration=True)


class CommitmentDetailView(DetailView):
    template_name = "tracker/commitment_detail.html"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Commitment.objects.select_related("sector", "declaration", "paragraph"),
            declaration__slug=self.kwargs["declaration"],
            reference=self.kwargs["reference"],
        )

    def get_context_data(self, **kwargs):
        commitment = self.object
        # Each list with only the columns it shows (see StatusUpdateQuerySet.for_timeline);
        # the projects' organisations from the link table, as the sector page names them.
        projects = list(commitment.projects.only("slug", "name", "kind"))
        names = tables.organisation_labels(Project._meta.get_field("organisations"), projects)
        for project in projects:
            project.organisation_names = names[project.pk]
        return super().get_context_data(
            updates=commitment.updates.for_timeline(),
            projects=projects,
            lead_organisations=commitment.lead_organisations.only("slug", "name"),
            contacts=commitment.points_of_contact.filter(is_public=True)
            .select_related("organisation")
            .only(
                "name",
                "role",
                "side",
                "email",
                "email_public",
                "phone",
                "phone_public",
                "organisation__slug",
                "organisation__name",
            ),
            **kwargs,
        )


class ProjectDetailView(DetailView):
    template_name = "tracker/project_detail.html"
    queryset = Project.objects.select_related("sector", "source")

    def get_context_data(self, **kwargs):
        project = self.object
        return super().get_context_data(
            organisations=project.organisations.all(),
            commitments=project.commitments.select_related("declaration"),
            updates=project.updates.for_timeline(),
            **kwargs,
        )


class OrganisationDetailView(DetailView):
    template_name = "tracker/organisation_detail.html"
    queryset = Organisation.objects.all()

    def get_context_data(self, **kwargs):
        organisation = self.object
        return super().get_context_data(
            commitments=organisation.led_commitments.select_related("declaration", "sector"),
            projects=organisation.projects.select_related("sector"),
            contacts=organisation.points_of_contact.filter(is_public=True),
            **kwargs,
        )


class MethodologyView(TemplateView):
    template_name = "tracker/methodology.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            lifecycle=Lifecycle,
            completion=Completion,
            confidence=Confidence,
            sectors=Sector.objects.all(),
            **kwargs,
        )


# The reporting workflow: officials post updates, reviewers publish or return them.


def official_contact(user):
    """The user's point-of-contact record, or 403 for anyone who is not an official."""
    contact = getattr(user, "point_of_contact", None) if user.is_authenticated else None
    if contact is None or not user.has_perm("tracker.add_statusupdate"):
        raise PermissionDenied(_("Only a nominated point of contact can post updates."))
    return contact


class MyCommitmentsView(LoginRequiredMixin, TemplateView):
    """An official's assigned commitments (overdue first), drafts and returned updates."""

    template_name = "tracker/my_commitments.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        contact = getattr(user, "point_of_contact", None)
        is_official = contact is not None and user.has_perm("tracker.add_statusupdate")
        context = {
            "contact": contact,
            "is_official": is_official,
            "is_reviewer": user.has_perm("tracker.review_statusupdate"),
        }
        if is_official:
            context.update(
                commitments=Commitment.objects.assigned_to(user)
                .select_related("sector", "declaration")
                .order_by(F("next_update_due").asc(nulls_last=True), "position"),
                own_updates=StatusUpdate.objects.editable_by(user)
                .select_related("commitment__declaration")
                .order_by("-updated_at"),
                submitted=StatusUpdate.objects.filter(author=user, state="submitted")
                .select_related("commitment__declaration")
                .order_by("-submitted_at"),
                today=timezone.localdate(),
            )
        return super().get_context_data(**context, **kwargs)


class StatusUpdateFormView(LoginRequiredMixin, TemplateView):
    """Create (on an assigned commitment) or edit (an own draft or returned update)."""

    template_name = "tracker/update_form.html"

    def setup_objects(self):
        contact = official_contact(self.request.user)
        if "uid" in self.kwargs:
            self.update = get_object_or_404(
                StatusUpdate.objects.editable_by(self.request.user).select_related(
                    "commitment__declaration"
                ),
                uid=self.kwargs["uid"],
            )
            self.commitment = self.update.commitment
        else:
            self.update = StatusUpdate(author=self.request.user, side=contact.side)
            self.commitment = get_object_or_404(
                Commitment.objects.assigned_to(self.request.user).select_related("declaration"),
                declaration__slug=self.kwargs["declaration"],
                reference=self.kwargs["reference"],
            )
            self.update.commitment = self.commitment
        self.side = contact.side

    def forms(self, data=None):
        form = StatusUpdateForm(
            data, instance=self.update, commitment=self.commitment, side=self.side
        )
        formset = EvidenceFormSet(data, instance=self.update, prefix="evidence")
        return form, formset

    def get(self, request, *args, **kwargs):
        self.setup_objects()
        form, formset = self.forms()
        return self.render_to_response(self.get_context_data(form=form, formset=formset))

    def post(self, request, *args, **kwargs):
        self.setup_objects()
        form, formset = self.forms(request.POST)
        submit = request.POST.get("action") == "submit"
        if form.is_valid() and formset.is_valid():
            if submit and form.changes_status() and not formset.kept_forms():
                form.add_error(
                    None, _("A change of status or rating needs at least one evidence item.")
                )
            else:
                try:
                    self.save(form, formset, submit)
                except StaleEdit:
                    form.add_error(
                        None,
                        _(
                            "Someone else saved this update while you were editing it. "
                            "Open it again to see their changes; yours were not saved."
                        ),
                    )
                else:
                    messages.success(
                        request,
                        _("Update submitted for review.") if submit else _("Draft saved."),
                    )
                    return redirect("tracker:my_commitments")
        return self.render_to_response(
            self.get_context_data(form=form, formset=formset), status=400
        )

    def save(self, form, formset, submit):
        """Save the update and its evidence in one transaction, refusing a stale version."""
        with transaction.atomic():
            if self.update.pk:
                stored = StatusUpdate.objects.select_for_update().get(pk=self.update.pk)
                if form.cleaned_data.get("version") != stored.version or stored.state not in (
                    StatusUpdate.State.DRAFT,
                    StatusUpdate.State.RETURNED,
                ):
                    raise StaleEdit
                form.instance.version = stored.version
            update = form.save(commit=False)
            update.state = StatusUpdate.State.DRAFT
            update.save()
            formset.instance = update
            formset.save()
            if submit:
                update.submit()
                transaction.on_commit(lambda: notify_reviewers(self.request, update))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            commitment=self.commitment, update=self.update, side=self.side, **kwargs
        )


class StaleEdit(Exception):
    """The draft changed since the form was opened."""


class ReviewerRequiredMixin(PermissionRequiredMixin):
    permission_required = "tracker.review_statusupdate"


class ReviewQueueView(ReviewerRequiredMixin, TemplateView):
    template_name = "tracker/review_queue.html"
    # A page at a time: after a busy week the queue can hold thousands of updates.
    paginate_by = 50

    def get_context_data(self, **kwargs):
        queue = StatusUpdate.objects.awaiting_review().select_related(
            "commitment__declaration", "author", "project"
        )
        page = Paginator(queue, self.paginate_by).get_page(self.request.GET.get("page"))
        return super().get_context_data(updates=page.object_list, page=page, **kwargs)


class ReviewDetailView(ReviewerRequiredMixin, TemplateView):
    template_name = "tracker/review_detail.html"

    def get_update(self):
        return get_object_or_404(
            StatusUpdate.objects.exclude(state=StatusUpdate.State.DRAFT)
            .select_related("commitment__declaration", "author", "project")
            .prefetch_related("evidence"),
            uid=self.kwargs["uid"],
        )

    def get(self, request, *args, **kwargs):
        update = self.get_update()
        form = ReviewForm(initial={"version": update.version})
        return self.render_to_response(self.get_context_data(update=update, form=form))

    def post(self, request, *args, **kwargs):
        update = self.get_update()
        form = ReviewForm(request.POST)
        if form.is_valid():
            try:
                if form.cleaned_data["version"] != update.version:
                    raise PublishError(
                        _("The update changed since you opened it; read it again first.")
                    )
                if form.cleaned_data["action"] == "publish":
                    update.publish(request.user)
                    messages.success(request, _("Update published."))
                else:
                    update.return_to_author(request.user, form.cleaned_data["note"])
                    messages.success(request, _("Update returned to its author."))
            except PublishError as error:
                form.add_error(None, str(error))
            else:
                notify_author(request, update)
                return redirect("tracker:review_queue")
        return self.render_to_response(self.get_context_data(update=update, form=form), status=400)


def notify_reviewers(request, update):
    """Email every reviewer that an update waits for them."""
    User = get_user_model()
    reviewers = (
        User.objects.filter(is_active=True)
        .filter(
            Q(groups__permissions__codename="review_statusupdate")
            | Q(user_permissions__codename="review_statusupdate")
        )
        .exclude(email="")
        .exclude(pk=update.author_id)
        .distinct()
    )
    url = request.build_absolute_uri(reverse("tracker:review_detail", args=[update.uid]))
    send_mail(
        _("Update to review: %(ref)s") % {"ref": update.commitment.reference},
        _("%(author)s submitted an update on %(ref)s %(title)s.\n\nReview it: %(url)s")
        % {
            "author": update.author,
            "ref": update.commitment.reference,
            "title": update.commitment.title,
            "url": url,
        },
        None,
        [user.email for user in reviewers],
    )


def notify_author(request, update):
    """Email the author that their update was published or returned."""
    if update.author is None or not update.author.email:
        return
    if update.is_published:
        subject = _("Published: your update on %(ref)s")
        body = _("Your update is public: %(url)s")
        url = request.build_absolute_uri(update.get_absolute_url())
    else:
        subject = _("Returned: your update on %(ref)s")
        body = _("A reviewer returned your update with this note:\n\n%(note)s\n\nEdit it: %(url)s")
        url = request.build_absolute_uri(reverse("tracker:update_edit", args=[update.uid]))
    send_mail(
        subject % {"ref": update.commitment.reference},
        body % {"url": url, "note": update.review_note},
        None,
        [update.author.email],
    )


class SavedFilterListView(PermissionRequiredMixin, TemplateView):
    """An analyst's saved filters; each is a shareable URL."""

    permission_required = "tracker.add_savedfilter"
    template_name = "tracker/saved_filters.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            saved_filters=SavedFilter.objects.filter(user=self.request.user), **kwargs
        )

    def post(self, request, *args, **kwargs):
        form = SavedFilterForm(request.POST, user=request.user)
        if form.is_valid():
            saved = form.save(commit=False)
            saved.user = request.user
            saved.save()
            messages.success(request, _("Filter saved."))
            return redirect("tracker:saved_filters")
        context = self.get_context_data(form=form)
        return self.render_to_response(context, status=400)


class SavedFilterDeleteView(PermissionRequiredMixin, View):
    permission_required = "tracker.add_savedfilter"

    def post(self, request, pk):
        get_object_or_404(SavedFilter, pk=pk, user=request.user).delete()
        messages.success(request, _("Saved filter removed."))
        return redirect("tracker:saved_filters")
