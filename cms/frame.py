"""The site's frame: the main menu and the footer every page shows, read from the site settings once per change.

Why: every page the site renders (public pages with the page cache off or missed, forms, status pages, the
municipality's workspace) showed the same menu and footer by reading the site settings, the menu's pages and the
Site on each request: three queries and a walk through the menu's StreamField, about a quarter of a status page's
time. The frame is the few strings a page shows of them, kept beside the cached pages (`core.pagecache.remember`) and
retired with them: publishing, unpublishing, moving or deleting a page and saving the site settings or the Site all
retire it (`cms.signals`), so an editor's change shows on the next request.

One frame per host name (a page's links are relative to the Site that serves the request, as `{% pageurl %}`
makes them); ALLOWED_HOSTS bounds how many there are.
"""

from dataclasses import dataclass

from wagtail.models import Site

from core import pagecache

from .models import SiteSettings

# An upper bound only, the page cache's own: every change of what a frame shows retires it at once, unless the cache
# did not answer when it should have (core.pagecache). The version changes with the fields below, so a deploy never
# reads a frame stored by the code before it.
FRAME_SECONDS = 300
_KEY = "frame:v1:{host}"


@dataclass(frozen=True)
class Link:
    """A link to a live page. `path` and `pk` let the main menu mark the section a page lies in (`in_section`)."""

    title: str
    url: str
    path: str
    pk: int


@dataclass(frozen=True)
class Frame:
    root_url: str  # the Site's root ("https://peer.example.dk"), for canonical addresses of views that are not pages
    menu: tuple[Link, ...]
    organisation: str
    address: str
    phone: str
    email: str
    accessibility: Link | None
    privacy: Link | None
    cookie: Link | None


def for_request(request):
    """The frame of the Site that serves `request`; read once per request."""
    frame = getattr(request, "_site_frame", None)
    if frame is None:
        frame = request._site_frame = pagecache.remember(
            _KEY.format(host=request.get_host()), lambda: _build(request), FRAME_SECONDS)
    return frame


def _build(request):
    site = Site.find_for_request(request)
    site_settings = SiteSettings.load(request_or_site=request)
    menu = []
    for item in site_settings.main_menu:
        if link := _link(item.value["page"], request, item.value["label"]):
            menu.append(link)
    return Frame(
        root_url=site.root_url if site else "",
        menu=tuple(menu),
        organisation=site_settings.organisation,
        address=site_settings.address,
        phone=site_settings.phone,
        email=site_settings.email,
        accessibility=_link(site_settings.accessibility_page, request),
        privacy=_link(site_settings.privacy_page, request),
        cookie=_link(site_settings.cookie_page, request),
    )


def _link(page, request, title=""):
    if page is None or not page.live or (url := page.get_url(request)) is None:
        return None
    return Link(title=title or page.title, url=url, path=page.path, pk=page.pk)
