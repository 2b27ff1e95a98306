"""A status link is the contact person's: read-only once the registration has ended, dead once they are erased or
replaced, and a link that does not work explains itself in Danish and offers a new one."""

from datetime import timedelta

import pytest
import time_machine
from django.core import signing

from core.personal_data import erase_person
from devtools.factories.workflows import CohortFactory, RegistrationFactory
from tests.support.course import AUTUMN
from workflows.registration import links, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def registration():
    cohort = CohortFactory()
    return services.submit(RegistrationFactory.build(cohort=cohort, programme=cohort.programme,
                                                    contact_name="Karen Holm", contact_email="karen@kommune.dk"))


def test_after_withdrawal_the_page_is_read_only(client, registration):
    token = links.status_token(registration)
    services.withdraw(registration)
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


# --- Asking for the link of a municipality: no list of who registered ----------------------------------------

def test_send_link_answers_the_same_for_a_municipality_that_registered_and_one_that_did_not(
    client, registration, django_capture_on_commit_callbacks
):
    """The attack: /send-link/ answered 404 for a municipality that had not registered and 302 for one that had,
    as often as asked: a list of who registered."""
    from django.utils import translation

    from core.models import OutboxMessage
    from workflows.programme.models import Municipality

    url = f"/forloeb/{registration.programme.slug}/tilmelding/send-link/"
    other = Municipality.objects.exclude(pk=registration.municipality_id).first()
    answers = []
    for municipality in (registration.municipality, other):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"municipality": municipality.pk})
        answers.append((response.status_code, response["Location"]))
        page = client.get(response["Location"])
        answers.append((page.status_code, page.content.decode()))
    assert answers[0] == answers[2] and answers[1] == answers[3]
    assert answers[0] == (302, "/forloeb/status/nyt-link/?sendt=kommune")
    with translation.override("da"):
        said = translation.gettext("If the municipality is registered, a link to its status page is on its way to "
                                   "the registration's contact person.")
    assert said in answers[1][1]
    assert list(OutboxMessage.objects.filter(template="status_link").values_list("recipient", flat=True)) == [
        "karen@kommune.dk"]


def test_send_link_is_rate_limited_for_every_municipality_alike(client, registration, settings):
    from core.models import OutboxMessage
    from workflows.programme.models import Municipality

    url = f"/forloeb/{registration.programme.slug}/tilmelding/send-link/"
    others = list(Municipality.objects.exclude(pk=registration.municipality_id)[:settings.PUBLIC_FORM_RATE_LIMIT])
    for municipality in others:  # the limit is used up by municipalities that never registered
        assert client.post(url, {"municipality": municipality.pk}).status_code == 302
    for municipality in (registration.municipality, others[0]):
        response = client.post(url, {"municipality": municipality.pk})
        assert response.status_code == 429 and "Du har sendt formularen mange gange" in response.content.decode()
    links = OutboxMessage.objects.filter(template="status_link")
    assert not links.exists()
    assert client.post(url, {"municipality": registration.municipality_id}, REMOTE_ADDR="10.0.0.9").status_code == 302
    assert links.count() == 1  # another visitor is not affected


# --- Who may open a status page: whoever holds the municipality's link, signed in or not -----------------------

ANONYMOUS, OTHER_LINK, ADVISER, COORDINATOR, EDITOR = "anonymous", "other_link", "adviser", "coordinator", "editor"
ROLES = [ANONYMOUS, OTHER_LINK, ADVISER, COORDINATOR, EDITOR]
STATUS_PAGES = ["/forloeb/status/{token}/", "/forloeb/status/{token}/afmeld/",
                "/forloeb/status/{token}/kalender/opstart.ics"]


@pytest.fixture
def world(two_cases):
    return {"users": {ADVISER: two_cases.adviser, COORDINATOR: two_cases.coordinator, EDITOR: two_cases.editor},
            "aarhus": two_cases.aarhus, "odense": two_cases.odense}


def forged_token(own, target):
    """Another municipality's link with the id swapped: the signature no longer matches."""
    payload, signature = links.status_token(own).rsplit(":", 1)
    other_payload = links.status_token(target).rsplit(":", 1)[0]
    assert other_payload != payload
    return f"{other_payload}:{signature}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", STATUS_PAGES)
def test_status_page_access(client, world, role, url):
    """Whoever holds a municipality's link sees its page; a link altered to point elsewhere is refused."""
    if role in world["users"]:
        client.force_login(world["users"][role])
    with time_machine.travel(AUTUMN + timedelta(days=1), tick=False):  # before the kickoff, whatever today is
        token = forged_token(world["odense"], world["aarhus"]) if role == OTHER_LINK else links.status_token(
            world["aarhus"])
        assert client.get(url.format(token=token)).status_code == (404 if role == OTHER_LINK else 200)


def test_a_link_shows_only_its_own_registration(client, world):
    html = client.get(f"/forloeb/status/{links.status_token(world['odense'])}/").content.decode()
    assert "Status for Odense" in html
    assert "Aarhus" not in html and world["aarhus"].contact_email not in html
    with pytest.raises(signing.BadSignature):
        signing.loads(forged_token(world["odense"], world["aarhus"]), salt="workflows.registration-status")


