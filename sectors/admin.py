from django.contrib import admin

from .models import Sector


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "order", "heading")
    list_filter = ("kind",)
    search_fields = ("name", "slug", "heading", "lead_in")
    prepopulated_fields = {"slug": ("name",)}
