"""Their people: the contact person invites and removes colleagues; a removed person's access ends at once; a
municipality's people reach nothing of another municipality's case, nor of the staff workspace."""

import pytest
from django.test import Client
from django.utils.translation import gettext as _

from core.models import OutboxMessage
from devtools.factories.workflows import CasePersonFactory
from workflows.municipality import services
from workflows.municipality.models import CasePerson

from .conftest import last_link, person, plan_url, sign_in

pytestmark = pytest.mark.django_db

COLLEAGUE = "Mette.Kollega@Aarhus.example.dk"


def _invite(client, registration, name="Mette Kollega", email=COLLEAGUE):
    return client.post(f"{plan_url(registration)}folk/inviter/", {"name": name, "email": email})


def test_the_contact_person_invites_a_colleague_who_signs_in_with_the_emailed_link(client, case):
    sign_in(client, case.aarhus.contact_email)
    response = _invite(client, case.aarhus, name="  Mette   Kollega ")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert _("%(name)s has been invited and has been sent a sign-in link.") % {"name": "Mette Kollega"} in page
    invitation = OutboxMessage.objects.get(template=services.INVITATION_TEMPLATE)
    assert invitation.recipient == COLLEAGUE.lower()
    assert case.aarhus.contact_name in invitation.subject and "15 minutter" in invitation.body_text

    colleague = Client()
    assert colleague.post(last_link(COLLEAGUE.lower())).status_code == 302
    seen = colleague.get(plan_url(case.aarhus))
    assert seen.status_code == 200
    # a colleague sees the plan and the people, but invites and removes nobody
    assert f"{plan_url(case.aarhus)}folk/inviter/" not in seen.content.decode()
    assert _invite(colleague, case.aarhus, email="tredje@aarhus.example.dk").status_code == 404
    contact = person(case.aarhus, case.aarhus.contact_email)
    assert colleague.post(f"{plan_url(case.aarhus)}folk/{contact.pk}/fjern/").status_code == 404
    assert CasePerson.objects.current().filter(registration=case.aarhus).count() == 2


def test_a_bad_invitation_is_a_danish_message_with_the_input_kept(client, case):
    sign_in(client, case.aarhus.contact_email)
    response = _invite(client, case.aarhus, name="Mette Kollega", email="mette@")
    assert response.status_code == 400
    page = response.content.decode()
    assert _("Enter a valid email address.") in page and 'value="Mette Kollega"' in page
    response = _invite(client, case.aarhus, email=case.aarhus.contact_email.upper())
    assert _("This person already has access to your course.") in response.content.decode()
    assert not OutboxMessage.objects.filter(template=services.INVITATION_TEMPLATE).exists()


def test_a_removed_colleague_is_refused_at_their_next_request_however_live_their_session(client, case):
    colleague = CasePersonFactory(registration=case.aarhus, email=COLLEAGUE.lower(), name="Mette Kollega")
    theirs = Client()
    theirs.force_login(colleague.user)
    assert theirs.get(plan_url(case.aarhus)).status_code == 200

    sign_in(client, case.aarhus.contact_email)
    remove = f"{plan_url(case.aarhus)}folk/{colleague.pk}/fjern/"
    assert client.get(remove).status_code == 200  # asks first
    response = client.post(remove)
    assert response.status_code == 302
    assert _("%(name)s no longer has access to your course.") % {"name": "Mette Kollega"} in client.get(
        response["Location"]).content.decode()

    assert theirs.get(plan_url(case.aarhus)).status_code == 404
    assert _("You no longer have access") in theirs.get("/forloeb/jeres/").content.decode()
    # and asking for a new link brings them nothing
    theirs.post("/forloeb/jeres/log-ind/", {"email": COLLEAGUE})
    assert not OutboxMessage.objects.filter(template=services.SIGN_IN_TEMPLATE, recipient=COLLEAGUE.lower()).exists()


def test_nobody_removes_the_last_contact_person_nor_themselves(client, case):
    sign_in(client, case.aarhus.contact_email)
    contact = person(case.aarhus, case.aarhus.contact_email)
    assert client.post(f"{plan_url(case.aarhus)}folk/{contact.pk}/fjern/").status_code == 404
    case.aarhus.second_contact_name, case.aarhus.second_contact_email = "Sofie Hansen", "sofie@aarhus.example.dk"
    case.aarhus.save()
    second = CasePersonFactory(registration=case.aarhus, email="sofie@aarhus.example.dk",
                               role=CasePerson.Role.CONTACT, name="Sofie Hansen")
    assert client.post(f"{plan_url(case.aarhus)}folk/{second.pk}/fjern/").status_code == 302
    sofie = Client()
    sofie.force_login(second.user)
    assert sofie.get(plan_url(case.aarhus)).status_code == 404


def test_a_contact_person_replaced_on_the_status_page_no_longer_signs_in_as_one(client, case):
    sign_in(client, case.aarhus.contact_email)
    case.aarhus.contact_email = "ny@aarhus.example.dk"
    case.aarhus.save()
    assert client.get(plan_url(case.aarhus)).status_code == 404


def test_another_municipalitys_person_gets_404_on_every_page_of_this_case(client, case):
    sign_in(client, case.odense.contact_email)
    aarhus_colleague = CasePersonFactory(registration=case.aarhus, email=COLLEAGUE.lower())
    base = plan_url(case.aarhus)
    assert client.get(base).status_code == 404
    assert _invite(client, case.aarhus, email="spion@odense.example.dk").status_code == 404
    for method in (client.get, client.post):
        assert method(f"{base}folk/{aarhus_colleague.pk}/fjern/").status_code == 404
    # their own case's page does not remove another case's person either
    own = plan_url(case.odense)
    assert client.get(own).status_code == 200
    assert client.post(f"{own}folk/{aarhus_colleague.pk}/fjern/").status_code == 404
    assert CasePerson.objects.current().filter(pk=aarhus_colleague.pk).exists()
    assert not OutboxMessage.objects.filter(recipient="spion@odense.example.dk").exists()


def test_a_municipalitys_person_reaches_nothing_of_the_staff_workspace(client, case):
    sign_in(client, case.aarhus.contact_email)
    for url in ("/admin/", "/admin/sager/", f"/admin/sager/{case.aarhus.pk}/", "/admin/opgaver/"):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        assert response.status_code != 302 or "/admin/login/" in response["Location"], url


def test_staff_are_not_people_of_a_case_even_with_a_person_record(client, case):
    CasePerson.objects.create(registration=case.aarhus, user=case.adviser, name="Anne", role=CasePerson.Role.COLLEAGUE)
    client.force_login(case.adviser)
    assert client.get(plan_url(case.aarhus)).status_code == 404
