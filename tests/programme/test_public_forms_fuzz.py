"""Bad input on the public forms never gives a 500: any text in any field gets a page back (hypothesis)."""

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.models import RateLimitCounter
from devtools.factories.workflows import CohortFactory, InformationMeetingFactory, RegistrationFactory, municipality
from tests.support.programme import registration_post
from workflows.registration import links

pytestmark = pytest.mark.django_db

FUZZ = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
anything = st.one_of(st.text(max_size=300), st.sampled_from(["", " ", "0", "-1", "99999999999", "1e9", "\x00", "ø"]))


@FUZZ
@given(field=st.sampled_from([
    "cohort", "municipality", "contact_name", "contact_email", "manager_email", "peer_experience", "work_areas",
    "motivation", "expected_participants", "consent",
]), value=anything)
def test_registration_form(client, field, value):
    RateLimitCounter.objects.all().delete()  # every example is a fresh visitor: the rate limit is tested on its own
    cohort = CohortFactory()
    data = {**registration_post(cohort, municipality("aarhus")), field: value}
    response = client.post(f"/forloeb/{cohort.programme.slug}/tilmelding/", data)
    assert response.status_code in (200, 302)  # the form again with a message, or on to the receipt


@FUZZ
@given(data=st.fixed_dictionaries({"name": anything, "email": anything, "municipality": anything, "role": anything}))
def test_meeting_sign_up_form(client, data):
    RateLimitCounter.objects.all().delete()
    meeting = InformationMeetingFactory()
    assert client.post(f"/forloeb/moeder/{meeting.pk}/tilmeld/", data).status_code in (200, 302)


@pytest.fixture
def registration():
    return RegistrationFactory(cohort=CohortFactory())


@FUZZ
@given(token=st.text(min_size=1, max_size=200),
       data=st.fixed_dictionaries({"contact_name": anything, "contact_email": anything}))
def test_status_links_and_contact_form(client, registration, token, data):
    token = quote(token, safe="")
    assert client.get(f"/forloeb/status/{token}/").status_code == 404
    assert client.get(f"/forloeb/moeder/afmeld/{token}/").status_code == 404
    response = client.post(f"/forloeb/status/{links.status_token(registration)}/kontakt/", data)
    assert response.status_code in (200, 302)
