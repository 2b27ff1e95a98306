from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from core import health
from workflows.staff import urls as workspace

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    path("anymail/", include("anymail.urls")),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("health/live", health.live, name="health-live"),
    path("health/ready", health.ready, name="health-ready"),
    path("forloeb/", include("workflows.urls")),
    path("medarbejderkalender/", include(workspace.calendar_urls)),
    path("sagsbehandling/", include(workspace.legacy_urls)),  # the old back office's addresses, now in the admin
    path("", include("cms.urls")),
]

if getattr(settings, "BENCH", False):
    from devtools.bench import minimal_view

    urlpatterns.append(path("bench/minimal", minimal_view))

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    # Only the images, as the shipped proxies serve (deploy/proxy/): documents and the municipalities' private
    # uploads under media/documents/ are reached through the views that check who asks.
    for public in ("images/", "original_images/"):
        urlpatterns += static(settings.MEDIA_URL + public, document_root=settings.MEDIA_ROOT / public)

# Wagtail's catch-all page serving comes last.
urlpatterns += [path("", include(wagtail_urls))]

# A lost database raised before any view (in a middleware) gets the same 503 page as in a view (core.database).
handler500 = "core.database.server_error"
