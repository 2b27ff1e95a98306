"""Access and erasure requests: one registry of sources, a coordinator's admin page, an audit trail."""

import json
from datetime import date

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.template.loader import render_to_string
from django.test import RequestFactory

from core.email import send_email
from core.models import OutboxMessage, PersonalDataRequest
from core.personal_data import export_person
from devtools.factories.core import UserFactory
from devtools.factories.workflows import local

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator():
    user = UserFactory(username="koordinator", groups=["Coordinators"])
    user.user_permissions.add(Permission.objects.get(codename="manage_personal_data"))
    return user


def test_export_finds_a_persons_emails_case_insensitively():
    send_email(to="Anna@Kommune.dk", template="test_message", context={})
    send_email(to="other@kommune.dk", template="test_message", context={})
    data = export_person("anna@kommune.dk")
    assert [item["subject"] for item in data["E-mails sendt fra platformen"]] == ["Testbesked fra Peer-rådgivning"]


def test_coordinator_exports_as_json_and_it_is_audited_without_the_address(client, coordinator):
    send_email(to="anna@kommune.dk", template="test_message", context={})
    client.force_login(coordinator)
    response = client.post("/admin/persondata/", {"email": "anna@kommune.dk", "action": "export"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="persondata.json"'
    payload = json.loads(response.content)
    assert payload["email"] == "anna@kommune.dk"
    assert len(payload["data"]["E-mails sendt fra platformen"]) == 1
    audit = PersonalDataRequest.objects.get()
    assert audit.action == "export" and audit.performed_by == coordinator
    assert "anna" not in json.dumps(audit.result)
    assert audit.email_sha256 == PersonalDataRequest.hash_email("ANNA@kommune.dk")


def test_erasure_is_previewed_and_confirmed_then_anonymises(client, coordinator):
    send_email(to="anna@kommune.dk", template="test_message", context={})
    client.force_login(coordinator)
    response = client.post("/admin/persondata/", {"email": "anna@kommune.dk", "action": "erase", "confirm": "on"})
    assert response.status_code == 200  # not without the list of what will be erased: it is shown instead
    assert "anna@kommune.dk" in response.content.decode()  # the input is kept
    assert OutboxMessage.objects.filter(recipient="anna@kommune.dk").exists()

    response = client.post("/admin/persondata/", {"email": "anna@kommune.dk", "action": "preview"})
    [(source, [change])] = response.context["preview"]
    assert (source, change.action, change.labels) == (
        "E-mails sendt fra platformen", "anonymise", ["Modtager", "Emne", "Tekstindhold", "HTML-indhold"])
    seen = response.context["digest"]
    response = client.post("/admin/persondata/", {"email": "anna@kommune.dk", "action": "erase", "digest": seen})
    assert response.status_code == 200  # not without the confirmation
    assert OutboxMessage.objects.filter(recipient="anna@kommune.dk").exists()

    response = client.post("/admin/persondata/", {"email": "anna@kommune.dk", "action": "erase", "confirm": "on",
                                                  "digest": seen})
    assert response.status_code == 302
    assert not OutboxMessage.objects.filter(recipient="anna@kommune.dk").exists()
    assert OutboxMessage.objects.get().body_text == ""
    assert PersonalDataRequest.objects.get(action="erase").result["E-mails sendt fra platformen"] == 1


def test_bad_email_gives_a_message_not_an_error(client, coordinator):
    client.force_login(coordinator)
    response = client.post("/admin/persondata/", {"email": "ikke-en-adresse", "action": "export"})
    assert response.status_code == 200
    assert "ikke-en-adresse" in response.content.decode()


@pytest.mark.parametrize("groups", [["Advisers"], ["Editors"]])
def test_only_those_with_the_permission_may_use_it(client, groups):
    client.force_login(UserFactory(username="someone", groups=groups))
    assert client.get("/admin/persondata/").status_code in (302, 403)


def test_the_audit_lists_requests_with_danish_dates_in_the_admins_frame(client, coordinator):
    """Issue 18: "6. december 2026 kl. 10:00", never "6. Dec 2026"; the page is a Wagtail admin page (generic base),
    which shows Wagtail's slim header with breadcrumbs once the view names them."""
    client.force_login(coordinator)
    with time_machine.travel(local(date(2026, 12, 6), 10), tick=False):
        client.post("/admin/persondata/", {"email": "anna@kommune.dk", "action": "export"})
        html = client.get("/admin/persondata/").content.decode()
    assert "6. december 2026 kl. 10:00" in html and "Dec" not in html
    request = RequestFactory().get("/admin/persondata/")
    request.user = coordinator
    framed = render_to_string("core/personal_data.html", {
        "form": None, "preview": None, "recent": [],
        "breadcrumbs_items": [{"url": "/admin/", "label": "Forside"}, {"url": "", "label": "Persondata"}],
        "header_title": "Persondata"}, request=request)
    assert "w-slim-header" in framed and "Forside" in framed
