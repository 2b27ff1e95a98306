"""The editors run the website on their own, with the permissions the migrations give the Editors group: they
publish pages directly (nobody sits in Wagtail's Moderators group to approve, so the default "Moderators approval"
workflow is off), and they moderate readers' comments from the dashboard's announcement to the approval."""

import pytest
from wagtail.models import Workflow

from cms.models import Comment, NewsArticlePage
from devtools.demo import cms as demo
from devtools.factories.cms import CommentFactory
from devtools.factories.core import UserFactory
from workflows.permissions import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = UserFactory(username="redaktoer", groups=[Role.EDITOR])
    client.force_login(user)
    return user


def test_the_page_editor_offers_publishing_not_moderation(client, editor, article):
    form = client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert 'name="action-publish"' in form
    assert 'name="action-submit"' not in form and "Moderators" not in form
    assert article.get_workflow() is None
    assert not Workflow.objects.get(name="Moderators approval").active


def test_an_editor_publishes_a_news_item(client, editor, article):
    article.title = "Ny overskrift på nyheden"
    revision = article.save_revision(user=editor)

    response = client.post(f"/admin/bulk/wagtailcore/page/publish/?id={article.pk}", {})

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.live_revision_id == revision.pk and article.title == "Ny overskrift på nyheden"
    assert not article.has_unpublished_changes


def test_an_editor_opens_and_approves_the_comments_the_dashboard_announces(client, editor, article):
    comment = CommentFactory(article=article, approved=False, body="Hvor kan jeg læse mere?")

    dashboard = client.get("/admin/").content.decode()
    assert "1 kommentar til nyhederne venter på en redaktør." in dashboard
    assert 'href="/admin/news_comments/?status=pending"' in dashboard

    pending = client.get("/admin/news_comments/")
    assert pending.status_code == 200 and "Hvor kan jeg læse mere?" in pending.content.decode()
    assert client.get(f"/admin/news_comments/edit/{comment.pk}/").status_code == 200

    response = client.post(f"/admin/news_comments/edit/{comment.pk}/",
                           {"approved": "on", "name": comment.name, "body": comment.body})

    assert response.status_code == 302
    assert Comment.objects.get(pk=comment.pk).approved
    assert "venter på en redaktør" not in client.get("/admin/").content.decode()


def test_the_editors_image_library_holds_the_demos_image(client, editor):
    """The demo's article image was filed in a collection only superusers see, so the library said "0 billeder"."""
    demo.build(lambda message: None)
    article = NewsArticlePage.objects.get(slug="saadan-kan-der-skabes-flere-job-til-peers")
    page = client.get("/admin/images/").content.decode()
    assert article.image.title in page
