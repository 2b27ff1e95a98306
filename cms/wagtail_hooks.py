"""Admin wiring: download counting, comment moderation, the subscriber list with export, the help menu, and new pages
whose address an earlier draft holds."""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import QueryDict
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin import messages as admin_messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import DismissibleMenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from core import exports

from . import slugs
from .forms import CommentRejectionForm
from .models import Comment, NewsletterIssue, Subscriber
from .models.news import CommentStatus
from .newsletter import AlreadySent, send_issue


@hooks.register("before_serve_document", order=1)
def count_download(document, request):
    """Every served download adds one to the count shown next to the download button. After Wagtail's own hooks
    (the privacy check, and core.twofactor's code prompt): a refused request is not a download."""
    if request.method == "GET":
        document.count_download()


class CommentFilterSet(WagtailFilterSet):
    """The comment list shows those waiting for an editor unless another status is chosen."""

    ALL = "all"
    status = django_filters.ChoiceFilter(
        label=_("Status"), method="filter_status", empty_label=None,
        choices=[*CommentStatus.choices, (ALL, _("All"))],
    )

    class Meta:
        model = Comment
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else QueryDict(mutable=True)
        if not data.get("status"):
            data["status"] = CommentStatus.PENDING
        super().__init__(data, *args, **kwargs)

    def filter_status(self, queryset, name, value):
        return queryset if value == self.ALL else queryset.with_status(value)


class ModerationColumn(Column):
    """Approve in one click (a POST), or open the small form that rejects with a reason."""

    cell_template_name = "cms/admin/comment_moderation_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["csrf_token"] = get_token(parent_context["request"])
        return context


class CommentIndexView(IndexView):
    table_classname = "listing listing--dashboard"  # each comment's row stacks on a phone, its buttons in reach


class CommentViewSet(ModelViewSet):
    """Editors moderate readers' comments from the list: approve, or reject with a reason the commenter is told.
    Only approved comments are shown on the site."""

    model = Comment
    name = "news_comments"
    icon = "comment"
    menu_label = _("Comments")
    filterset_class = CommentFilterSet
    index_view_class = CommentIndexView
    search_fields = ["name", "body"]
    form_fields = ["approved", "name", "body"]
    add_view_enabled = False
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = ["article", "name", "email", "body", "created_at", "status_label", "rejection_reason"]

    @property
    def list_display(self):
        return ["body", "name", "article", "created_at", Column("status_label", label=_("Status")),
                ModerationColumn("moderation", label=_("Moderation"), accessor="pk")]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("approve/<int:pk>/", self.approve_view, name="approve"),
            path("reject/<int:pk>/", self.reject_view, name="reject"),
        ]

    def _moderated_comment(self, request, pk):
        if not self.permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        return get_object_or_404(Comment.objects.select_related("article"), pk=pk)

    @method_decorator(require_POST)
    def approve_view(self, request, pk):
        comment = self._moderated_comment(request, pk)
        comment.approve(request.user)
        messages.success(request, _("The comment by %(name)s is now shown on the site.") % {"name": comment.name})
        return redirect(self.get_url_name("index"))

    def reject_view(self, request, pk):
        comment = self._moderated_comment(request, pk)
        form = CommentRejectionForm(request.POST or None, instance=comment)
        if request.method == "POST" and form.is_valid():
            comment.reject(request.user, form.cleaned_data["rejection_reason"])
            messages.success(request, _("The comment by %(name)s is rejected.") % {"name": comment.name})
            return redirect(self.get_url_name("index"))
        return TemplateResponse(request, "cms/admin/reject_comment.html", {
            "comment": comment, "form": form, "back_url": reverse(self.get_url_name("index")),
        })


@hooks.register("register_log_actions")
def register_comment_log_actions(actions):
    actions.register_action(Comment.APPROVE, _("Comment approved"), _("Comment approved"))
    actions.register_action(Comment.REJECT, _("Comment rejected"), _("Comment rejected"))


class PendingCommentsPanel(Component):
    """On the admin dashboard, so editors see when readers wait for their comments to appear."""

    name = "pending_comments"
    order = 50
    template_name = "cms/admin/pending_comments_panel.html"

    def get_context_data(self, parent_context):
        return {
            "count": Comment.objects.pending().count(),
            "url": reverse("news_comments:index") + f"?status={CommentStatus.PENDING}",
        }


@hooks.register("construct_homepage_panels")
def add_pending_comments_panel(request, panels):
    if request.user.has_perm("cms.change_comment"):
        panels.append(PendingCommentsPanel())


class SubscriberViewSet(ModelViewSet):
    """Staff see who gets the newsletter and export the list (CSV or Excel)."""

    model = Subscriber
    name = "newsletter_subscribers"
    icon = "mail"
    menu_label = _("Newsletter subscribers")
    list_display = ["email", "status", "created_at", "confirmed_at"]
    list_filter = ["status"]
    index_view_class = exports.IndexView  # personal data: neutralised cells, coordinators only
    list_export = ["email", "status", "created_at", "confirmed_at", "unsubscribed_at"]
    export_filename = "nyhedsbrev-abonnenter"
    search_fields = ["email"]
    form_fields = ["email", "status"]
    add_view_enabled = False
    copy_view_enabled = False


class NewsletterIssueViewSet(ModelViewSet):
    """Staff write a newsletter, then send it from the listing ("Send…") after a confirmation page."""

    model = NewsletterIssue
    name = "newsletter_issues"
    icon = "mail"
    menu_label = _("Newsletters")
    form_fields = ["subject", "body"]
    copy_view_enabled = False

    @property
    def list_display(self):
        return ["subject", "created_at", TitleColumn("send_label", label=_("Send"), get_url=self.send_url)]

    def send_url(self, issue):
        return reverse(f"{self.name}:send", args=[issue.pk])

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("send/<int:pk>/", self.send_view, name="send")]

    def send_view(self, request, pk):
        if not self.permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        issue = get_object_or_404(NewsletterIssue, pk=pk)
        if request.method == "POST":
            try:
                count = send_issue(issue)
                message = _("The newsletter is on its way to %(count)s subscribers.") % {"count": count}
                messages.success(request, message)
            except AlreadySent:
                messages.error(request, _("This newsletter has already been sent."))
            return redirect(f"{self.name}:index")
        return TemplateResponse(request, "cms/admin/send_newsletter.html", {
            "issue": issue, "back_url": reverse(f"{self.name}:index"),
            "recipients": Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED).count(),
        })


class WebsiteViewSetGroup(ModelViewSetGroup):
    menu_label = _("Website")
    menu_icon = "site"
    menu_order = 300
    items = (CommentViewSet, SubscriberViewSet, NewsletterIssueViewSet)


@hooks.register("register_admin_viewset")
def register_website_viewsets():
    return WebsiteViewSetGroup()


@hooks.register("construct_help_menu")
def leave_out_wagtails_news(request, menu_items):
    """Wagtail's "What's new" and "Editor Guide" entries lead to its English release notes and guide, and while
    nobody has opened them they put an "N new" badge on Help for every staff user."""
    menu_items[:] = [item for item in menu_items if not isinstance(item, DismissibleMenuItem)]


@hooks.register("before_create_page")
def point_to_the_page_holding_the_address(request, parent_page, page_class):
    """Wagtail 8 autosaves a new page as soon as its title is typed: an editor who leaves the form leaves a draft
    behind, and it holds the address a second try at the same title makes. Starting a page where the editor has such
    a never-published draft offers it; a form whose address is taken says by which page at the top, not only beside
    the slug field on the Promote tab. (Autosave's own background saves are left alone.)"""
    if request.method == "GET":
        for draft in never_published_drafts(parent_page, page_class, request.user)[:1]:
            admin_messages.warning(request, _(
                "You started “%(title)s” here on %(date)s, and it has never been published. Continue with it "
                "rather than starting again: it already has the address the same title gives."
            ) % {"title": draft.get_admin_display_title(), "date": admin_datetime(draft.latest_revision_created_at)},
                buttons=[admin_messages.button(reverse("wagtailadmin_pages:edit", args=[draft.pk]),
                                               _("Continue with it"))])
    elif request.accepts("text/html") and (holder := slugs.sibling_with_slug(parent_page, request.POST.get("slug"))):
        buttons = []
        if holder.permissions_for_user(request.user).can_edit():
            buttons.append(admin_messages.button(reverse("wagtailadmin_pages:edit", args=[holder.pk]), _("Open it")))
        admin_messages.error(request, _(
            "The address “%(slug)s” (the slug, on the Promote tab) is already used by “%(title)s” (%(status)s). "
            "Give this page another address there, or continue with “%(title)s”."
        ) % {"slug": holder.slug, "title": holder.get_admin_display_title(), "status": holder.status_string},
            buttons=buttons)


def never_published_drafts(parent_page, page_class, user):
    """The user's own pages of this type under this parent that were never published, newest first."""
    return (parent_page.get_children().exact_type(page_class)
            .filter(owner=user, live=False, first_published_at__isnull=True)
            .order_by("-latest_revision_created_at"))


def admin_datetime(moment):
    return date_format(localtime(moment), "DATETIME_FORMAT") if moment else ""
