"""The email outbox in the admin (Platform › Email outbox): times in Danish time and format, "–" where nothing is."""

import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from core.models import OutboxMessage
from core.wagtail_hooks import OutboxViewSet
from devtools.factories.core import UserFactory

pytestmark = pytest.mark.django_db


def test_the_outbox_details_show_danish_times_and_a_dash_for_what_is_not_there(client):
    message = OutboxMessage.objects.create(recipient="peer@aarhus.example.dk", template="test", subject="Hej",
                                           body_text="Hej", status=OutboxMessage.Status.SENT, attempts=1)
    OutboxMessage.objects.filter(pk=message.pk).update(
        created_at=datetime(2026, 12, 6, 17, 22, tzinfo=UTC), sent_at=datetime(2026, 7, 1, 8, 5, tzinfo=UTC))
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.get(f"{reverse(OutboxViewSet().get_url_name('inspect'), args=[message.pk])}")
    assert response.status_code == 200
    html = response.content.decode()
    details = {term: " ".join(value.split()) for term, value in
               re.findall(r"(?s)<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", html)}
    assert details["Oprettet"] == "6. december 2026 kl. 18:22"  # winter: UTC+1
    assert details["Sendt"] == "1. juli 2026 kl. 10:05"  # summer: UTC+2
    assert details["Næste forsøg"] == details["Seneste fejl"] == "–"  # never "None" or an empty line


def test_the_outbox_list_shows_no_none(client):
    OutboxMessage.objects.create(recipient="peer@aarhus.example.dk", template="test", subject="Hej", body_text="Hej")
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    html = client.get(reverse(OutboxViewSet().get_url_name("index"))).content.decode()
    cells = [" ".join(cell.split()) for cell in re.findall(r"(?s)<td[^>]*>(.*?)</td>", html)]
    assert cells and "None" not in cells
