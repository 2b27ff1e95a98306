"""Editors moderate readers' comments from the list: it shows those waiting by default, approves one in a click (a
POST) and rejects one with a reason the commenter is sent once; every decision is in Wagtail's audit log."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from cms.forms import CommentRejectionForm
from cms.models import Comment
from cms.models.news import CommentStatus
from core.models import OutboxMessage
from devtools.factories.cms import CommentFactory
from devtools.factories.core import UserFactory
from workflows.permissions import Role

pytestmark = pytest.mark.django_db

INDEX = reverse("news_comments:index")


@pytest.fixture
def editor(client):
    user = UserFactory(username="redaktoer", groups=[Role.EDITOR])
    client.force_login(user)
    return user


@pytest.fixture
def waiting(article):
    return CommentFactory(article=article, name="Karen", email="karen@example.dk", approved=False,
                          body="Hvor kan jeg læse mere?")


def approve(client, comment):
    return client.post(reverse("news_comments:approve", args=[comment.pk]))


def reject(client, comment, reason):
    return client.post(reverse("news_comments:reject", args=[comment.pk]), {"rejection_reason": reason})


def test_the_list_shows_the_waiting_comments_unless_another_status_is_chosen(client, editor, article, waiting):
    CommentFactory(article=article, body="Allerede godkendt")
    CommentFactory(article=article, body="Reklame for butik", approved=False).reject(editor, "Reklame")

    listing = client.get(INDEX).content.decode()
    assert "Hvor kan jeg læse mere?" in listing
    assert "Allerede godkendt" not in listing and "Reklame for butik" not in listing
    assert re.search(rf"<td >\s*{CommentStatus.PENDING.label}\s*</td>", listing)
    assert "True" not in listing and "False" not in listing
    assert "Allerede godkendt" in client.get(INDEX + "?status=approved").content.decode()
    assert "Reklame for butik" in client.get(INDEX + "?status=rejected").content.decode()
    everything = client.get(INDEX + "?status=all").content.decode()
    assert all(text in everything for text in ("Hvor kan jeg", "Allerede godkendt", "Reklame for butik"))


def test_the_dashboard_links_to_the_waiting_comments(client, editor, waiting):
    dashboard = client.get("/admin/").content.decode()
    assert "1 kommentar til nyhederne venter på en redaktør." in dashboard
    assert f'href="{INDEX}?status=pending"' in dashboard


def test_an_editor_approves_a_comment_from_the_list_in_one_click(client, editor, article, waiting):
    listing = client.get(INDEX).content.decode()
    assert f'action="{reverse("news_comments:approve", args=[waiting.pk])}"' in listing

    response = approve(client, waiting)

    assert response.status_code == 302 and response.url == INDEX
    waiting.refresh_from_db()
    assert waiting.approved and waiting in article.comments.all() and article.approved_comments == [waiting]
    entry = ModelLogEntry.objects.get(action=Comment.APPROVE)
    assert entry.object_id == str(waiting.pk) and entry.user == editor
    assert "venter på en redaktør" not in client.get("/admin/").content.decode()


def test_a_get_changes_nothing_and_the_post_needs_its_csrf_token(client, editor, waiting):
    assert client.get(reverse("news_comments:approve", args=[waiting.pk])).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    assert approve(strict, waiting).status_code == 403
    assert reject(strict, waiting, "Reklame").status_code == 403
    waiting.refresh_from_db()
    assert not waiting.approved and waiting.rejected_at is None and not ModelLogEntry.objects.exists()


@pytest.mark.parametrize("role", [Role.ADVISER, Role.COORDINATOR, Role.PARTNER])
def test_staff_who_do_not_edit_the_website_cannot_moderate(client, role, waiting):
    client.force_login(UserFactory(groups=[role]))
    assert approve(client, waiting).status_code in (302, 403)  # 302: to the dashboard, Wagtail's refusal
    assert reject(client, waiting, "Reklame").status_code in (302, 403)
    waiting.refresh_from_db()
    assert waiting.status == "pending" and not OutboxMessage.objects.exists()


def test_another_comments_id_is_not_found(client, editor, waiting):
    assert approve(client, Comment(pk=waiting.pk + 1000)).status_code == 404


def test_an_editor_rejects_a_comment_with_a_reason_the_commenter_is_sent_once(client, editor, article, waiting):
    form = client.get(reverse("news_comments:reject", args=[waiting.pk])).content.decode()
    assert "Hvor kan jeg læse mere?" in form and 'name="rejection_reason"' in form

    response = reject(client, waiting, "Vi viser ikke kommentarer med links til butikker.")

    assert response.status_code == 302 and response.url == INDEX
    waiting.refresh_from_db()
    assert waiting.status == "rejected" and waiting.rejection_reason.startswith("Vi viser ikke")
    assert article.approved_comments == []
    message = OutboxMessage.objects.get(template="comment_rejected")
    assert message.recipient == "karen@example.dk"
    assert "Vi viser ikke kommentarer med links til butikker." in message.body_text
    assert "Kære Karen" in message.body_text and "Hvor kan jeg læse mere?" in message.body_text
    entry = ModelLogEntry.objects.get(action=Comment.REJECT)
    assert entry.user == editor and entry.data == {"reason": "Vi viser ikke kommentarer med links til butikker."}

    reject(client, waiting, "Ny begrundelse")  # sent again (a second tab, a double click): no second email
    assert OutboxMessage.objects.filter(template="comment_rejected").count() == 1


@pytest.mark.parametrize("reason, error", [
    ("", CommentRejectionForm.Meta.error_messages["rejection_reason"]["required"]),
    ("x" * 1001, "1000 tegn"),
])
def test_the_reason_is_required_and_bounded_and_a_refused_one_is_kept(client, editor, waiting, reason, error):
    response = reject(client, waiting, reason)

    assert response.status_code == 200
    page = response.content.decode()
    assert str(error) in page and reason in page
    waiting.refresh_from_db()
    assert waiting.status == "pending" and not OutboxMessage.objects.exists()
