"""Every address of "Jeres forløb" against the people it must refuse, derived from the URL configuration so that a
page added later is covered without being listed: another municipality's person, on the other case's address and on
their own case's address with the other case's ids (IDOR); and the whole staff workspace against a municipality's
person. Refused means 404 (or 405 for a POST-only address asked by GET), never the page, a redirect into it or a
500."""

import re

import pytest
from django.conf import settings
from django.urls import URLPattern

from devtools.factories.workflows import CasePersonFactory
from tests.support.municipality_tasks import open_municipality_tasks
from tests.support.uploads import upload, with_private_media
from workflows.municipality import exchange, services, urls
from workflows.registration.models import MessageAttachment

from .conftest import person, sign_in

pytestmark = pytest.mark.django_db
REFUSED = {404, 405}


@pytest.fixture
def aarhus_ids(case, settings, tmp_path):
    """Real ids of the Aarhus case's things: an open task, a message attachment, a document, a colleague."""
    with_private_media(settings, tmp_path)
    services.ensure_contact_people(case.aarhus.contact_email)  # as their first sign-in does
    contact = person(case.aarhus, case.aarhus.contact_email)
    exchange.write_to_agency(contact, "Her er aftalen.", [upload("aftale.pdf")])
    document = exchange.upload_document(contact, "agreement", "Samarbejdsaftale", upload("aftale.pdf"))
    colleague = CasePersonFactory(registration=case.aarhus)
    return {"task_id": open_municipality_tasks(case.aarhus)[0].pk,
            "attachment_pk": MessageAttachment.objects.get(message__registration=case.aarhus).pk,
            "document_pk": document.pk, "person_pk": colleague.pk}


def case_pages():
    """(name, route) of every address of one case: those with the case's id in them."""
    return [(pattern.name, str(pattern.pattern)) for pattern in urls.urlpatterns
            if isinstance(pattern, URLPattern) and "<int:pk>" in str(pattern.pattern)]


def address(route, pk, ids):
    path = route.replace("<int:pk>", str(pk))
    return "/forloeb/jeres/" + re.sub(r"<int:(\w+)>", lambda match: str(ids[match.group(1)]), path)


def test_the_matrix_knows_every_page_of_a_case():
    assert {name for name, _route in case_pages()} >= {
        "municipality_plan", "municipality_task", "municipality_messages", "municipality_attachment",
        "municipality_documents", "municipality_document", "municipality_document_delete", "municipality_invite",
        "municipality_remove", "municipality_feed_subscribe"}


def test_another_municipalitys_person_reaches_nothing_of_this_case_by_any_address(client, case, aarhus_ids):
    sign_in(client, case.odense.contact_email)
    for name, route in case_pages():
        for pk in (case.aarhus.pk, case.odense.pk):  # the other case's address; their own with the other's ids
            if pk == case.odense.pk and route.count("<int:") == 1:
                continue  # their own case's own page: theirs to see
            url = address(route, pk, aarhus_ids)
            for method in (client.get, client.post):
                status = method(url).status_code
                assert status in REFUSED, (name, url, method.__name__, status)
    # Nothing happened to Aarhus's things.
    assert case.aarhus.documents.count() == 1
    assert aarhus_ids["task_id"] in [task.pk for task in open_municipality_tasks(case.aarhus)]


def test_a_municipalitys_person_reaches_nothing_of_any_staff_area(client, case):
    sign_in(client, case.aarhus.contact_email)
    for prefix in settings.STAFF_URL_PREFIXES:
        for url in (prefix, f"{prefix}sager/{case.aarhus.pk}/", f"{prefix}opgaver/", f"{prefix}overblik/"):
            response = client.get(url, follow=True)  # through the aliases (/sagsbehandling/ is the admin's tasks)
            assert response.status_code in (403, 404) or response.request["PATH_INFO"].endswith("/login/"), url
