"""News: an index with filters, pagination and an RSS feed; articles with categories and moderated comments."""

from urllib.parse import urljoin

from django.db import models
from django.db.models import Prefetch, Q
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import PageManager, PageQuerySet
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from core import ratelimit
from core.email import send_email

from ..blocks import BodyBlock, document_list_field_blocks, related_pages_blocks
from ..pagination import int_param, paginate
from ..slugs import DanishSlugInput
from .base import SitePage, apply_cache_headers, exclude_private
from .settings import SiteSettings


@register_snippet
class NewsCategory(models.Model):
    """A way to sort news, such as "Nyheder", "Fra vores samarbejdspartnere" or "Om peer-støtte"."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, help_text=_("Used in the address of the filter."))

    panels = [FieldPanel("name"), FieldPanel("slug", widget=DanishSlugInput)]

    class Meta:
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")
        ordering = ["name"]

    def __str__(self):
        return self.name


# What a teaser (cms/includes/news_teaser.html) and the feed (cms.feeds) show of an article, besides its categories.
TEASER_FIELDS = ("title", "url_path", "date", "intro", "image")


class NewsArticleQuerySet(PageQuerySet):
    def for_listing(self):
        """Live, public articles, newest first, with only what a teaser shows, fetched up front: the images in the
        same query, their renditions and the categories in one query each, so a listing never asks per item."""
        renditions = Prefetch(
            "image__renditions", queryset=get_image_model().get_rendition_model().objects.all(),
            to_attr="prefetched_renditions",  # where Wagtail's image tags look first
        )
        return (
            exclude_private(self.live()).only(*TEASER_FIELDS).select_related("image")
            .prefetch_related(renditions, "categories")
            .order_by("-date", "-pk")
        )


class NewsIndexPage(RoutablePageMixin, SitePage):
    """All news, newest first, filterable by category and year, with an RSS feed at `rss/`."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = SitePage.content_panels + [FieldPanel("intro")]
    subpage_types = ["cms.NewsArticlePage"]
    max_count = 1

    class Meta:
        verbose_name = _("news index")

    def serve(self, request, *args, **kwargs):
        # RoutablePageMixin calls the route's view directly, so the cache headers are applied here.
        return apply_cache_headers(request, super().serve(request, *args, **kwargs))

    def articles(self):
        return NewsArticlePage.objects.child_of(self).for_listing()

    @path("")
    def listing(self, request):
        all_articles = self.articles()
        articles = all_articles
        category = request.GET.get("kategori", "")
        year = int_param(request, "aar")
        if category:
            articles = articles.filter(categories__slug=category)
        if year:
            articles = articles.filter(date__year=year)
        return self.render(request, context_overrides={
            "articles": paginate(request, articles),
            "categories": NewsCategory.objects.all(),
            "years": [d.year for d in all_articles.dates("date", "year", order="DESC")],
            "selected_category": category,
            "selected_year": year,
        })

    @path("rss/")
    def rss(self, request):
        from ..feeds import NewsFeed

        return NewsFeed(self)(request)


class NewsArticlePage(SitePage):
    """One dated piece of news. Readers may comment; a comment is shown only after an editor approves it."""

    date = models.DateField(_("date"), default=timezone.localdate)
    author = models.CharField(_("author"), max_length=100, blank=True)
    intro = models.TextField(_("introduction"), help_text=_("One or two sentences shown in listings and the feed."))
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("image"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"))
    documents = StreamField(document_list_field_blocks(), verbose_name=_("attached documents"), blank=True)
    related = StreamField(related_pages_blocks(), verbose_name=_("related content"), blank=True)
    categories = ParentalManyToManyField(NewsCategory, verbose_name=_("categories"), blank=True)
    comments_enabled = models.BooleanField(
        _("allow comments"), default=True, help_text=_("Untick to close the comment form on this article."),
    )

    objects = PageManager.from_queryset(NewsArticleQuerySet)()
    og_type = "article"

    content_panels = SitePage.content_panels + [
        MultiFieldPanel([FieldPanel("date"), FieldPanel("author")], heading=_("Byline")),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
        FieldPanel("documents"),
        FieldPanel("related"),
    ]
    settings_panels = SitePage.settings_panels + [FieldPanel("categories"), FieldPanel("comments_enabled")]
    search_fields = SitePage.search_fields + [
        index.SearchField("intro"), index.SearchField("body"), index.FilterField("date"),
    ]
    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")

    @property
    def social_image(self):
        return self.image

    def structured_data(self, request, url, image_url):
        """schema.org NewsArticle, so search engines can show the article as news, with its date and image."""
        organisation = {"@type": "Organization", "name": SiteSettings.load(request_or_site=request).organisation}
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": self.title,
            "description": self.intro,
            "datePublished": self.date.isoformat(),
            "author": {"@type": "Person", "name": self.author} if self.author else organisation,
            "publisher": {**organisation, "url": urljoin(url, "/")},
            "image": [image_url],
            "url": url,
            "inLanguage": "da",
        }
        if self.last_published_at:
            data["dateModified"] = self.last_published_at.isoformat()
        return data

    @cached_property
    def approved_comments(self):
        if self.pk is None:  # an editor's preview of an article not saved yet
            return []
        return list(self.comments.filter(approved=True).order_by("created_at"))

    def get_context(self, request, *args, **kwargs):
        from ..forms import CommentForm

        context = super().get_context(request, *args, **kwargs)
        context["comment_form"] = getattr(request, "comment_form", None) or CommentForm()
        return context

    def serve(self, request, *args, **kwargs):
        if request.method == "POST" and self.comments_enabled:
            from ..forms import CommentForm
            from ..honeypot import is_spam

            form = CommentForm(request.POST)
            ratelimit.check(request, "comment", form)
            if form.is_valid() and ratelimit.accept(request, "comment", form):
                if not is_spam(form):
                    form.instance.article = self
                    form.save()
                return HttpResponseRedirect(self.url + "?kommentar=modtaget#kommentarer")
            request.comment_form = form  # shown again with the visitor's text and the errors
        return super().serve(request, *args, **kwargs)


class CommentStatus(models.TextChoices):
    """Where a comment stands, read from `approved` and `rejected_at` (not stored itself)."""

    PENDING = "pending", _("Waiting")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class CommentQuerySet(models.QuerySet):
    def with_status(self, status):
        return self.filter({
            CommentStatus.PENDING: Q(approved=False, rejected_at__isnull=True),
            CommentStatus.APPROVED: Q(approved=True),
            CommentStatus.REJECTED: Q(approved=False, rejected_at__isnull=False),
        }[status])

    def pending(self):
        """Comments waiting for an editor: neither approved nor rejected."""
        return self.with_status(CommentStatus.PENDING)


class Comment(models.Model):
    """A reader's comment on a news article; hidden until an editor approves it. An editor may instead reject it
    with a reason, which the commenter is told by email (`reject`)."""

    APPROVE = "cms.comment.approve"  # audit-log actions (registered in cms.wagtail_hooks)
    REJECT = "cms.comment.reject"

    article = models.ForeignKey(
        NewsArticlePage, verbose_name=_("article"), on_delete=models.CASCADE, related_name="comments"
    )
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("email"), help_text=_("Never shown on the site."))
    body = models.TextField(_("comment"), max_length=3000)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    approved = models.BooleanField(_("approved"), default=False, help_text=_("Tick to show the comment on the site."))
    rejected_at = models.DateTimeField(_("rejected"), null=True, blank=True, editable=False)
    rejection_reason = models.TextField(
        _("reason for rejection"), max_length=1000, blank=True,
        help_text=_("Sent to the commenter by email. Write it as you would to them."),
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name}: {self.body[:40]}"

    @property
    def status(self):
        if self.approved:
            return CommentStatus.APPROVED
        return CommentStatus.REJECTED if self.rejected_at else CommentStatus.PENDING

    @property
    def status_label(self):
        return self.status.label

    def approve(self, user):
        """Show the comment on the site (also one rejected before)."""
        self.approved, self.rejected_at = True, None
        self.save(update_fields=["approved", "rejected_at"])
        log(self, self.APPROVE, user=user)

    def reject(self, user, reason):
        """Hide the comment for good and tell the commenter why, once: rejecting it again only changes the reason."""
        first_time = self.rejected_at is None
        self.approved, self.rejection_reason = False, reason
        self.rejected_at = self.rejected_at or timezone.now()
        self.save(update_fields=["approved", "rejected_at", "rejection_reason"])
        log(self, self.REJECT, user=user, data={"reason": reason})
        if first_time and self.email:
            send_email(to=self.email, template="comment_rejected", context={"comment": self})
