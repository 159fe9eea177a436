from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("sectors", views.SectorViewSet)
router.register("declarations", views.DeclarationViewSet)
router.register("organisations", views.OrganisationViewSet)
router.register("commitments", views.CommitmentViewSet)
router.register("projects", views.ProjectViewSet)
router.register("updates", views.StatusUpdateViewSet, basename="statusupdate")
router.register("compliance", views.ComplianceAssessmentViewSet, basename="compliance")

app_name = "api"

urlpatterns = [
    path("", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file (?script), not inline: the
    # Content-Security-Policy forbids inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
