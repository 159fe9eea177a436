from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Sector


@admin.register(Sector)
class SectorAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "order", "heading")
    list_filter = ("kind",)
    search_fields = ("name", "slug", "heading", "lead_in")
    prepopulated_fields = {"slug": ("name",)}
