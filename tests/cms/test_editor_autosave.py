"""Wagtail 8 autosaves a new page as soon as its title is typed, so an editor who leaves the form leaves a draft that
holds the address. Starting again offers that draft, and a taken address is explained at the top of the form, not
only beside the slug on the Promote tab."""

import pytest
from django.utils.translation import gettext
from wagtail.test.utils.form_data import querydict_from_html

from cms.models import NewsArticlePage
from devtools.factories.core import UserFactory
from workflows.permissions import Role

pytestmark = pytest.mark.django_db

TITLE = "Ny workshop i Aarhus"


@pytest.fixture
def editor(client):
    user = UserFactory(username="redaktoer", groups=[Role.EDITOR])
    client.force_login(user)
    return user


def add_url(article):
    return f"/admin/pages/add/cms/newsarticlepage/{article.get_parent().pk}/"


def post_new_article(client, article, headers=None, **fields):
    data = querydict_from_html(client.get(add_url(article)).content.decode(), form_id="page-edit-form")
    data.update({"title": TITLE, "slug": "ny-workshop-i-aarhus", "body-count": "0", "documents-count": "0",
                 "related-count": "0", **fields})  # the stream fields' forms are drawn by the admin's script
    return client.post(add_url(article), data, headers=headers or {})


def autosave(client, article):
    """What the editor's browser sends once the title is typed (Wagtail's autosave: a background save)."""
    response = post_new_article(client, article, headers={"Accept": "application/json"})
    assert response.status_code == 200 and response.json()["success"]
    return NewsArticlePage.objects.get(title=TITLE)


def test_starting_again_offers_the_draft_autosave_left_behind(client, editor, article):
    draft = autosave(client, article)
    assert not draft.live and draft.first_published_at is None

    page = client.get(add_url(article)).content.decode()

    assert f'href="/admin/pages/{draft.pk}/edit/"' in page
    assert f"“{TITLE}”" in page


def test_nobody_elses_draft_and_no_published_page_is_offered(client, editor, article):
    client.force_login(UserFactory(username="kollega", groups=[Role.EDITOR]))
    draft = autosave(client, article)
    client.force_login(editor)
    assert f'href="/admin/pages/{draft.pk}/edit/"' not in client.get(add_url(article)).content.decode()
    assert f'href="/admin/pages/{article.pk}/edit/"' not in client.get(add_url(article)).content.decode()


def test_a_taken_address_is_explained_at_the_top_with_the_page_that_holds_it(client, editor, article):
    draft = autosave(client, article)

    response = post_new_article(client, article, intro="Kom og vær med.", **{"action-publish": "publish"})

    assert response.status_code == 200
    page = response.content.decode()
    assert gettext("The page could not be created due to validation errors.") in page
    message = page[page.index('class="messages"'):page.index("</ul>", page.index('class="messages"'))]
    assert "ny-workshop-i-aarhus" in message and f"“{TITLE}”" in message and gettext("draft") in message
    assert f'href="/admin/pages/{draft.pk}/edit/"' in message
    assert NewsArticlePage.objects.filter(title=TITLE).count() == 1  # nothing made, the editor's text kept
    assert "Kom og vær med." in page


def test_a_background_save_that_fails_on_the_address_adds_no_message_for_later(client, editor, article):
    autosave(client, article)
    response = post_new_article(client, article, headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert "ny-workshop-i-aarhus" not in client.get("/admin/").content.decode()
