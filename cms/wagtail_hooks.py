"""Admin wiring: download counting, comment moderation, the subscriber list with export."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from core import exports

from .models import Comment, NewsletterIssue, Subscriber
from .newsletter import AlreadySent, send_issue


@hooks.register("before_serve_document", order=1)
def count_download(document, request):
    """Every served download adds one to the count shown next to the download button. After Wagtail's own hooks
    (the privacy check, and core.twofactor's code prompt): a refused request is not a download."""
    if request.method == "GET":
        document.count_download()


class CommentViewSet(ModelViewSet):
    """Editors read new comments and approve (or delete) them; only approved comments are shown."""

    model = Comment
    name = "news_comments"
    icon = "comment"
    menu_label = _("Comments")
    list_display = ["body", "name", "article", "created_at", "approved"]
    list_filter = ["approved"]
    search_fields = ["name", "body"]
    form_fields = ["approved", "name", "body"]
    add_view_enabled = False
    copy_view_enabled = False
    inspect_view_enabled = True


class PendingCommentsPanel(Component):
    """On the admin dashboard, so editors see when readers wait for their comments to appear."""

    name = "pending_comments"
    order = 50
    template_name = "cms/admin/pending_comments_panel.html"

    def get_context_data(self, parent_context):
        return {
            "count": Comment.objects.filter(approved=False).count(),
            "url": reverse("news_comments:index") + "?approved=false",
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
