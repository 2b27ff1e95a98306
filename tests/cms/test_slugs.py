"""New pages get ASCII addresses with æ, ø and å spelt out (`/evaluering-af-peer-stoette-2026/`), whether the slug
comes from the admin's form, is left for the server to make, or is given with Danish letters."""

import pytest
from wagtail.models import Page
from wagtail.test.utils.form_data import querydict_from_html

from cms.models import HomePage, StandardPage
from devtools.factories.core import UserFactory

pytestmark = pytest.mark.django_db


def add_page(**fields):
    return HomePage.objects.get().add_child(instance=StandardPage(**fields))


def test_a_new_page_without_a_slug_gets_one_from_its_title_with_danish_letters_spelt_out():
    assert add_page(title="Evaluering af peer-støtte 2026").slug == "evaluering-af-peer-stoette-2026"
    assert add_page(title="Ærø, Ålborg og Øresund").slug == "aeroe-aalborg-og-oeresund"
    assert add_page(title="Evaluering af peer-støtte 2026").slug == "evaluering-af-peer-stoette-2026-2"
    assert add_page(title="Café på Æblegården").url == "/cafe-paa-aeblegaarden/"


def test_a_slug_given_with_danish_letters_is_spelt_out_on_new_pages_but_existing_addresses_stay():
    assert add_page(title="Støtte", slug="peer-støtte").slug == "peer-stoette"
    page = add_page(title="Gammel side")
    StandardPage.objects.filter(pk=page.pk).update(slug="gammel-støtte")  # made before addresses were spelt out
    page = StandardPage.objects.get(pk=page.pk)
    page.title = "Gammel side, rettet"
    page.save_revision().publish()
    assert StandardPage.objects.get(pk=page.pk).slug == "gammel-støtte"  # links to it keep working


def test_the_admin_spells_out_a_slug_typed_with_danish_letters_when_the_editors_browser_did_not(client):
    """The admin's script spells the slug out as the editor types (tests/browser/test_cms_slugs.py); without it the
    server does. (The admin's form refuses an empty slug, so the script always sends one.)"""
    client.force_login(UserFactory(is_superuser=True))
    url = f"/admin/pages/add/cms/standardpage/{HomePage.objects.get().pk}/"
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    fields = {"title": "Evaluering af peer-støtte 2026", "slug": "peer-støtte-2026", "action-publish": "publish"}
    fields["body-count"] = "0"  # the body's form is drawn by the admin's script
    for name, value in fields.items():
        data[name] = value
    assert client.post(url, data).status_code == 302
    page = Page.objects.get(title="Evaluering af peer-støtte 2026")
    assert page.slug == "peer-stoette-2026" and page.live
