"""What every public page shares: cache headers, a contact box, and the snippets pages point to."""

from django.conf import settings
from django.db import models
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

# How long browsers and proxies may keep an anonymous visitor's copy of a public page.
PAGE_MAX_AGE = getattr(settings, "CMS_PAGE_MAX_AGE", 300)


def apply_cache_headers(request, response):
    """Anonymous visitors get a publicly cacheable copy; previews, POSTs, errors and signed-in editors never do."""
    cacheable = (
        request.method in ("GET", "HEAD")
        and response.status_code == 200
        and not getattr(request, "is_preview", False)
        and not request.user.is_authenticated
    )
    if cacheable:
        patch_cache_control(response, public=True, max_age=PAGE_MAX_AGE)
    else:
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
    return response


@register_snippet
class ContactPerson(index.Indexed, models.Model):
    """A named member of staff that visitors can write or call; pages choose one to show as a "Kontakt" box."""

    name = models.CharField(_("name"), max_length=100)
    job_title = models.CharField(_("job title"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("photo"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel(name) for name in ("name", "job_title", "email", "phone", "photo")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["name"]

    def __str__(self):
        return self.name


class SitePage(Page):
    """Base of every public page type.

    It sets the cache headers (see `apply_cache_headers`) and lets the editor attach a contact person, shown as a
    "Kontakt" box.
    """

    contact_person = models.ForeignKey(
        ContactPerson, verbose_name=_("contact person"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=_("Shown as a 'Kontakt' box at the end of the page."),
    )

    promote_panels = Page.promote_panels + [FieldPanel("contact_person")]

    class Meta:
        abstract = True

    def serve(self, request, *args, **kwargs):
        return apply_cache_headers(request, super().serve(request, *args, **kwargs))
