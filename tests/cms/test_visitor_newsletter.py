"""A newsletter link that no longer works (a sign-up forgotten after two weeks, a link cut short by the mail program)
opens a page in the site's look that says so and offers the sign-up again: never a bare 404."""

import html as html_lib

import pytest
from django.core import mail
from django.utils.translation import gettext, override

from devtools.factories.cms import SubscriberFactory

pytestmark = pytest.mark.django_db


def text_of(response):
    return html_lib.unescape(response.content.decode())


def test_a_broken_confirmation_link_explains_itself_and_offers_the_sign_up_again(
        client, demo_site, django_capture_on_commit_callbacks):
    SubscriberFactory(email="mona@example.dk")
    response = client.get("/nyhedsbrev/bekraeft/afkortet-lin/")
    page = text_of(response)
    with override("da"):
        assert response.status_code == 404 and "private" in response["Cache-Control"]
        assert f"<h1>{gettext('The link does not work')}</h1>" in page
        assert gettext("The link is invalid or has expired.") in page and gettext("Sign up again") in page
    assert 'class="site-header"' in page and 'class="site-footer"' in page  # the site's look
    assert '<form class="public-form" method="post" action="/nyhedsbrev/"' in page
    assert "mona@example.dk" not in page

    with django_capture_on_commit_callbacks(execute=True):
        signed_up = client.post("/nyhedsbrev/", {"email": "ny@example.dk"})  # the form on that page
    assert signed_up.status_code == 302 and len(mail.outbox) == 1 and mail.outbox[0].to == ["ny@example.dk"]


def test_a_broken_unsubscribe_link_says_how_to_unsubscribe_instead(client, demo_site):
    response = client.post("/nyhedsbrev/afmeld/findes-ikke/")
    page = text_of(response)
    with override("da"):
        assert response.status_code == 404
        assert gettext("If you still receive the newsletter, use the unsubscribe link in the latest newsletter, "
                       "or write to us.") in page
    assert "public-form" not in page
