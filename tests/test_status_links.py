"""A status link is the contact person's: read-only once the registration has ended, dead once they are erased or
replaced, and a link that does not work explains itself in Danish and offers a new one."""

import pytest

from core.personal_data import erase_person
from workflows import journey, links
from workflows.factories import CohortFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def registration():
    cohort = CohortFactory()
    return journey.submit(RegistrationFactory.build(cohort=cohort, programme=cohort.programme,
                                                    contact_name="Karen Holm", contact_email="karen@kommune.dk"))


def test_after_withdrawal_the_page_is_read_only(client, registration):
    token = links.status_token(registration)
    journey.withdraw(registration)
    page = client.get(f"/forloeb/status/{token}/").content.decode()
    assert "Afmeldt" in page and 'action="/forloeb/status/' not in page  # no forms left

    response = client.post(f"/forloeb/status/{token}/kontakt/",
                           {"contact_name": "Ny Person", "contact_email": "ny@kommune.dk"}, follow=True)
    assert "Tilmeldingen er afsluttet, så oplysningerne kan ikke længere ændres." in response.content.decode()
    registration.refresh_from_db()
    assert (registration.contact_name, registration.contact_email) == ("Karen Holm", "karen@kommune.dk")


def test_after_erasure_the_link_is_dead(client, registration):
    token = links.status_token(registration)
    erase_person("karen@kommune.dk")
    for url in (f"/forloeb/status/{token}/", f"/forloeb/status/{token}/afmeld/",
                f"/forloeb/status/{token}/kalender/opstart.ics"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Linket virker ikke" in response.content.decode() and "Karen" not in response.content.decode()
    response = client.post(f"/forloeb/status/{token}/kontakt/",
                           {"contact_name": "Karen Holm", "contact_email": "karen@kommune.dk"})
    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.contact_name == "[slettet]"  # the erased person was not put back


def test_a_tampered_link_explains_itself_and_offers_a_new_one(client, registration):
    token = links.status_token(registration)
    response = client.get(f"/forloeb/status/{token[:-3]}abc/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Linket virker ikke" in html and 'action="/forloeb/status/nyt-link/"' in html


@pytest.mark.parametrize("value", ["abc", "\x00", "", "999999"])
def test_resending_a_link_for_an_unknown_municipality_is_a_danish_message(client, registration, value):
    response = client.post(f"/forloeb/{registration.programme.slug}/tilmelding/send-link/", {"municipality": value})
    assert response.status_code == 400
    assert "Vi kunne ikke se, hvilken kommune linket skulle sendes for." in response.content.decode()
