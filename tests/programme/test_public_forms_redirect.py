"""Post/Redirect/Get on the programme's public forms: an accepted registration, meeting sign-up or link request
redirects, so a reload shows the answer again and sends nothing twice. The receipt's address is signed and
short-lived; a tampered, expired or foreign one gets a Danish page, never a 500 and never someone else's data."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from core.models import OutboxMessage
from core.receipts import RECEIPT_MAX_AGE
from devtools.factories.workflows import CohortFactory, InformationMeetingFactory, ProgrammeFactory, municipality
from tests.support.programme import registration_post
from workflows.meetings.models import MeetingSignup
from workflows.models import Registration

pytestmark = pytest.mark.django_db


def test_a_registration_redirects_to_its_receipt_and_a_reload_sends_nothing(client):
    cohort = CohortFactory()
    url = f"/forloeb/{cohort.programme.slug}/tilmelding/"
    response = client.post(url, registration_post(cohort, municipality("aarhus")))
    assert response.status_code == 302
    receipt = response["Location"]
    assert receipt.startswith(f"{url}kvittering/")
    for _reload in range(2):
        page = client.get(receipt)
        assert page.status_code == 200 and "Tak for jeres tilmelding" in page.content.decode()
        assert "no-store" in page["Cache-Control"]  # it names the contact person: no shared cache keeps it
    assert Registration.objects.count() == 1
    # One receipt to the contact person and one copy to the manager, however often the receipt is reloaded.
    receipts = OutboxMessage.objects.filter(template="registration_received")
    assert sorted(receipts.values_list("recipient", flat=True)) == ["chef@aarhus.example.dk", "peer@aarhus.example.dk"]

    gone = client.get(receipt[:-3] + "xx/")
    assert gone.status_code == 404 and "Kvitteringen kan ikke vises længere" in gone.content.decode()
    other = ProgrammeFactory(slug="andet-forloeb", name="Et andet forløb")
    assert client.get(receipt.replace(cohort.programme.slug, other.slug)).status_code == 404
    with time_machine.travel(timezone.now() + RECEIPT_MAX_AGE + timedelta(minutes=1)):
        expired = client.get(receipt)
    assert expired.status_code == 404 and "nyt link til statussiden" in expired.content.decode()


def test_a_meeting_sign_up_redirects_to_its_receipt(client):
    meeting = InformationMeetingFactory()
    url = f"/forloeb/moeder/{meeting.pk}/tilmeld/"
    response = client.post(url, {"name": "Mette Hansen", "email": "mette@kommune.example.dk",
                                 "municipality": municipality("aarhus").pk, "role": "Leder"})
    assert response.status_code == 302 and response["Location"].startswith(f"{url}kvittering/")
    page = client.get(response["Location"])
    assert "Du er tilmeldt" in page.content.decode() and "mette@kommune.example.dk" in page.content.decode()
    client.get(response["Location"])
    assert MeetingSignup.objects.count() == 1

    other = InformationMeetingFactory()
    foreign = response["Location"].replace(f"/moeder/{meeting.pk}/", f"/moeder/{other.pk}/")
    gone = client.get(foreign)
    assert gone.status_code == 404 and "mette@" not in gone.content.decode()
    assert f"/forloeb/moeder/{other.pk}/tilmeld/" in gone.content.decode()


def test_a_status_link_request_redirects_to_the_same_answer_for_everyone(client):
    cohort = CohortFactory()
    client.post(f"/forloeb/{cohort.programme.slug}/tilmelding/", registration_post(cohort, municipality("aarhus")))
    for email in ("peer@aarhus.example.dk", "ukendt@example.dk"):
        response = client.post("/forloeb/status/nyt-link/", {"email": email})
        assert response.status_code == 302 and response["Location"] == "/forloeb/status/nyt-link/?sendt=1"
    assert "Tjek din e-mail" in client.get("/forloeb/status/nyt-link/?sendt=1").content.decode()
    assert OutboxMessage.objects.filter(template="status_link").count() == 1

    resend = client.post(f"/forloeb/{cohort.programme.slug}/tilmelding/send-link/",
                         {"municipality": municipality("aarhus").pk})
    assert resend.status_code == 302 and resend["Location"] == "/forloeb/status/nyt-link/?sendt=kommune"
    assert OutboxMessage.objects.filter(template="status_link").count() == 2
