"""Site-wide settings editors change in one place: the main menu and the footer."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import StreamField

from ..blocks import MenuItemBlock


@register_setting(icon="cog")
class SiteSettings(BaseGenericSetting):
    """The main menu, the agency's contact details and the legal pages every footer links to.

    The accessibility statement is required by Danish law; `/was` redirects to the page chosen here.
    """

    main_menu = StreamField([("item", MenuItemBlock())], verbose_name=_("main menu"), blank=True)
    organisation = models.CharField(_("organisation"), max_length=150, default="Peer-rådgivning")
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("accessibility statement"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", help_text=_("Linked from every footer and from /was."),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("privacy page"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    cookie_page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("cookie page"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("main_menu"),
        MultiFieldPanel(
            [FieldPanel("organisation"), FieldPanel("address"), FieldPanel("phone"), FieldPanel("email")],
            heading=_("Contact details in the footer"),
        ),
        MultiFieldPanel(
            [FieldPanel("accessibility_page"), FieldPanel("privacy_page"), FieldPanel("cookie_page")],
            heading=_("Legal pages"),
        ),
    ]

    class Meta:
        verbose_name = _("site settings")

    @classmethod
    def base_queryset(cls):
        """The settings with the legal pages every footer links to, in one query.

        Only what a link needs is loaded from the pages: a join of three whole pages costs Django more to build than
        the three queries it saves. (Other page fields still load on first use, one query each.)
        """
        pages = ("accessibility_page", "privacy_page", "cookie_page")
        page_fields = [f"{page}__{field}" for page in pages for field in ("title", "url_path", "path", "live")]
        own_fields = [field.name for field in cls._meta.concrete_fields]
        return super().base_queryset().select_related(*pages).only(*own_fields, *page_fields)
