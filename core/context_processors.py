"""Template context every page gets."""

from django.conf import settings


def public_layout(request):
    """The page that wraps the public pages of apps below the website (the programme's registration, status and
    meeting pages): the website's own in this project (settings.PUBLIC_LAYOUT_TEMPLATE = cms's "base.html"), and
    core's plain layout without the website, so that those apps render without cms. And the product's name, which
    the staff workspace's browser tab shows (templates/wagtailadmin/admin_base.html)."""
    return {"public_layout": settings.PUBLIC_LAYOUT_TEMPLATE, "site_name": settings.WAGTAIL_SITE_NAME}
