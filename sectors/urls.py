from django.urls import path

from tracker.feeds import SectorUpdatesFeed

from . import views

app_name = "sectors"

urlpatterns = [
    path("", views.SectorListView.as_view(), name="sector_list"),
    path("<slug:slug>/", views.SectorDetailView.as_view(), name="sector_detail"),
    path("<slug:slug>/feed/", SectorUpdatesFeed(), name="sector_feed"),
]
