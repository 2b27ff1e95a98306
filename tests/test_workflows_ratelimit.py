"""Every public form of the programme is rate-limited per visitor, with a clear Danish message and the input kept."""

import pytest

from devtools.factories.workflows import CohortFactory, InformationMeetingFactory, municipality
from tests.workflows_support import registration_post

pytestmark = pytest.mark.django_db
MESSAGE = "Du har sendt formularen mange gange på kort tid."


def test_registration_form_is_rate_limited_and_keeps_the_input(client):
    cohort = CohortFactory()
    url = f"/forloeb/{cohort.programme.slug}/tilmelding/"
    data = {**registration_post(cohort, municipality("aarhus")), "contact_email": "ikke-en-adresse"}
    for _ in range(5):
        assert MESSAGE not in client.post(url, data).content.decode()
    html = client.post(url, data).content.decode()
    assert MESSAGE in html
    assert "ikke-en-adresse" in html


def test_meeting_sign_up_is_rate_limited(client):
    meeting = InformationMeetingFactory()
    url = f"/forloeb/moeder/{meeting.pk}/tilmeld/"
    for _ in range(5):
        client.post(url, {"name": "", "email": "x"})
    response = client.post(url, {"name": "Lis", "email": "lis@example.dk"})
    assert response.status_code == 200 and MESSAGE in response.content.decode()
    assert not meeting.signups.exists()


def test_status_link_request_is_rate_limited(client):
    for _ in range(5):
        client.post("/forloeb/status/nyt-link/", {"email": "a@example.dk"})
    assert MESSAGE in client.post("/forloeb/status/nyt-link/", {"email": "a@example.dk"}).content.decode()
