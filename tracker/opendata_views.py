"""The open-data page and the package download."""

from django.http import FileResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control
from django.utils.http import quote_etag
from django.views import View
from django.views.generic import TemplateView

from . import opendata


class OpenDataView(TemplateView):
    """What the package holds: each table, its fields and their types."""

    template_name = "tracker/open_data.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            resources=opendata.RESOURCES, filename=opendata.FILENAME, **kwargs
        )


class OpenDataDownloadView(View):
    """The ZIP of every public table as CSV, with its datapackage.json.

    Rebuilt when the data has changed since the last build; its ETag is the data's
    fingerprint, so a client that already has this version gets 304 Not Modified.
    """

    def get(self, request):
        path, digest = opendata.current_package()
        etag = quote_etag(digest)
        if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
            response = HttpResponseNotModified()
        else:
            response = FileResponse(
                path.open("rb"),
                as_attachment=True,
                filename=opendata.FILENAME,
                content_type="application/zip",
            )
        response["ETag"] = etag
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        return response
