"""The site's URLs: the admin, the sector pages and the tracker's public pages."""

from django.contrib import admin
from django.contrib.auth.views import LoginView
from django.urls import include, path

from . import baseline_views, chart_views, feeds, i18n, opendata_views, views
from .forms import LoginForm

tracker_patterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("declaration/", views.default_declaration_view, name="annotated_declaration"),
    path("declarations/<slug:slug>/", views.DeclarationView.as_view(), name="declaration"),
    path("commitments/", views.CommitmentListView.as_view(), name="commitment_list"),
    path(
        "commitments/<slug:declaration>/<str:reference>/feed/",
        feeds.CommitmentUpdatesFeed(),
        name="commitment_feed",
    ),
    path(
        "commitments/<slug:declaration>/<str:reference>/",
        views.CommitmentDetailView.as_view(),
        name="commitment_detail",
    ),
    path("projects/", views.ProjectListView.as_view(), name="project_list"),
    path("projects/<slug:slug>/", views.ProjectDetailView.as_view(), name="project_detail"),
    path("organisations/", views.OrganisationListView.as_view(), name="organisation_list"),
    path(
        "organisations/<slug:slug>/",
        views.OrganisationDetailView.as_view(),
        name="organisation_detail",
    ),
    path("updates/", views.StatusUpdateListView.as_view(), name="update_list"),
    path("updates/feed/", feeds.LatestUpdatesFeed(), name="update_feed"),
    path("charts/", chart_views.ChartsView.as_view(), name="charts"),
    path("open-data/", opendata_views.OpenDataView.as_view(), name="open_data"),
    path(
        "open-data/japan-india-economic-security-tracker-open-data.zip",
        opendata_views.OpenDataDownloadView.as_view(),
        name="open_data_zip",
    ),
    path("methodology/", views.MethodologyView.as_view(), name="methodology"),
    path("language/<str:code>/", i18n.switch_language, name="switch_language"),
    path("compliance/", views.ComplianceListView.as_view(), name="compliance"),
    path("compliance/new/", views.ComplianceCreateView.as_view(), name="compliance_create"),
    path("saved-filters/", views.SavedFilterListView.as_view(), name="saved_filters"),
    path(
        "saved-filters/<int:pk>/delete/",
        views.SavedFilterDeleteView.as_view(),
        name="saved_filter_delete",
    ),
    path("my/", views.MyCommitmentsView.as_view(), name="my_commitments"),
    path(
        "my/commitments/<slug:declaration>/<str:reference>/new/",
        views.StatusUpdateFormView.as_view(),
        name="update_create",
    ),
    path("my/updates/<uuid:uid>/", views.StatusUpdateFormView.as_view(), name="update_edit"),
    path("review/", views.ReviewQueueView.as_view(), name="review_queue"),
    path("review/<uuid:uid>/", views.ReviewDetailView.as_view(), name="review_detail"),
    # Baselines the benchmarks in bench/ measure every page against (public, read-only).
    path("bench/baseline/table/", baseline_views.baseline_table, name="baseline_table"),
    path("bench/baseline/constant/", baseline_views.baseline_constant, name="baseline_constant"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/", include("tracker.api.urls")),
    path("sectors/", include("sectors.urls")),
    path("", include((tracker_patterns, "tracker"))),
]
