"""Signing in by MitID Erhverv (workflows.municipality.oidc), against a real OpenID provider on a local port
(oidc-provider-mock, standing in for the broker): the authorization code flow runs through Django's test client on
our side and plain HTTP on the provider's, with the library's state, nonce, PKCE and signature checks as in
production. Admitted: a current person of a case whose municipality has the CVR number the broker names. Refused,
with a page that says how to get invited: a wrong CVR number, an unknown address, any address of a member of staff.
A tampered or replayed callback is refused outright."""

from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
import requests
from django.contrib.auth.models import Group
from oidc_provider_mock import run_server_in_thread

from devtools.factories.core import UserFactory
from devtools.factories.workflows import CasePersonFactory, RegistrationFactory, municipality
from tests.support.municipality_tasks import assessment_answers, municipality_task
from workflows import permissions
from workflows.course.flows import CourseFlow
from workflows.municipality.auth import SESSION_CVR
from workflows.municipality.oidc import MitIDErhvervBackend
from workflows.permissions import Role
from workflows.steps.views import ReviewedStepView

from .conftest import plan_url

pytestmark = pytest.mark.django_db

AARHUS_CVR, ODENSE_CVR = "55133018", "35209115"
SIGN_IN, START = "/forloeb/jeres/log-ind/", "/forloeb/jeres/mitid/"
CONTACT = "peer@aarhus.example.dk"


@pytest.fixture(scope="module")
def provider():
    with run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def broker(provider, settings):
    """Sign-in by MitID Erhverv switched on, as the environment does it (config/settings/base.py)."""
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = "peer-raadgivning", "hemmelig"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{provider}/oauth2/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{provider}/oauth2/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{provider}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{provider}/jwks"
    settings.OIDC_OP_ISSUER = provider  # the provider names itself by the address it is asked at
    settings.OIDC_VERIFY_KID = False  # the provider's only key has no "kid"; its signature is checked all the same
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS,
                                        "workflows.municipality.oidc.MitIDErhvervBackend"]
    return provider


@pytest.fixture
def aarhus():
    """A registration of Aarhus (its CVR number entered) with its contact person's address; Odense's as well."""
    for code, cvr in (("aarhus", AARHUS_CVR), ("odense", ODENSE_CVR)):
        town = municipality(code)
        town.cvr = cvr
        town.save()
    return RegistrationFactory(municipality=municipality("aarhus"), contact_email=CONTACT)


def at_broker(client, provider, sub, claims):
    """Start signing in on our site, sign in as `sub` with `claims` at the provider, and return our callback's
    address as the provider sends the browser back to it (the path and the query)."""
    assert requests.put(f"{provider}/users/{sub}", json=claims, timeout=5).status_code == 204
    start = client.get(START)
    assert start.status_code == 302 and start["Location"].startswith(f"{provider}/oauth2/authorize?")
    query = parse_qs(urlsplit(start["Location"]).query)
    assert query["state"] and query["nonce"] and query["code_challenge"]  # the library's checks are on
    answer = requests.post(start["Location"], data={"sub": sub}, allow_redirects=False, timeout=5)
    assert answer.status_code == 302, answer.text
    back = urlsplit(answer.headers["Location"])
    assert back.path == "/forloeb/jeres/mitid/retur/"
    return f"{back.path}?{back.query}"


def sign_in(client, provider, sub, email, cvr):
    return client.get(at_broker(client, provider, sub, {"email": email, "cvr": cvr, "name": "Else Eksempel"}))


def signed_in(client):
    return "_auth_user_id" in client.session


def test_the_sign_in_page_offers_mitid_erhverv_only_when_a_broker_is_configured(client, settings):
    assert 'data-testid="mitid"' not in client.get(SIGN_IN).content.decode()
    assert client.get(START).status_code == 404
    assert client.get("/forloeb/jeres/mitid/retur/?code=x&state=y").status_code == 404
    settings.OIDC_ENABLED = True
    page = client.get(SIGN_IN).content.decode()
    assert 'data-testid="mitid"' in page and f'href="{START}"' in page
    assert 'name="email"' in page  # the link by email stays


def test_a_contact_person_with_the_municipalitys_cvr_lands_on_the_plan(client, broker, aarhus):
    response = sign_in(client, broker, "else-1", CONTACT.upper(), AARHUS_CVR)
    assert response.status_code == 302 and response["Location"] == "/forloeb/jeres/"
    plan = client.get("/forloeb/jeres/", follow=True)
    assert plan.redirect_chain[-1][0] == plan_url(aarhus) and plan.status_code == 200
    assert client.session[SESSION_CVR] == AARHUS_CVR


def test_an_id_token_from_another_issuer_is_refused(client, broker, aarhus, settings):
    """The same provider asked at another host name signs its tokens with the same key but names itself by that
    address: a validly signed token whose issuer is not the configured broker's."""
    elsewhere = broker.replace("localhost", "127.0.0.1")
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{elsewhere}/oauth2/token"
    response = sign_in(client, broker, "else-iss", CONTACT, AARHUS_CVR)
    assert response.status_code == 400 and not signed_in(client)
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{broker}/oauth2/token"
    settings.OIDC_OP_ISSUER = "https://broker.example.dk"  # configured for another broker than the one answering
    assert sign_in(client, broker, "else-iss-2", CONTACT, AARHUS_CVR).status_code == 400
    assert not signed_in(client)
    settings.OIDC_OP_ISSUER = broker
    assert sign_in(client, broker, "else-iss-3", CONTACT, AARHUS_CVR).status_code == 302


def test_a_sessions_cvr_number_bounds_the_tasks_it_may_take_and_send(client, broker, case):
    """Kim is a person on Aarhus's case and on Odense's by the same address. Signed in by MitID Erhverv for Odense,
    Kim can neither open nor send Aarhus's open task, and the permission itself says no, not only the screen."""
    for registration, cvr in ((case.aarhus, AARHUS_CVR), (case.odense, ODENSE_CVR)):
        registration.municipality.cvr = cvr
        registration.municipality.save()
    kim = CasePersonFactory(registration=case.aarhus, email="kim@kommune.example.dk")
    CasePersonFactory(registration=case.odense, email=kim.user.email)
    task = municipality_task(case.aarhus, CourseFlow.set_goals)
    answers = {**assessment_answers(case.aarhus, goals="Peers i alle tilbud."), ReviewedStepView.CONFIRM: ""}

    assert sign_in(client, broker, "kim-scope", kim.user.email, ODENSE_CVR).status_code == 302
    for case_pk in (case.aarhus.pk, case.odense.pk):
        url = f"/forloeb/jeres/{case_pk}/opgaver/{task.pk}/"
        assert client.get(url).status_code == 404
        assert client.post(url, answers).status_code == 404
    task.refresh_from_db()
    assert task.status == "NEW" and task.owner_id is None

    page = client.get(plan_url(case.odense))
    assert page.status_code == 200
    scoped = page.wsgi_request.user
    assert scoped.mitid_cvr == ODENSE_CVR
    assert not permissions.may_do_municipality_task(scoped, task)
    assert not task.flow_task.can_assign(scoped, task)
    # Before any page binds the session's number, an account signed in this way may do no task at all.
    assert not permissions.may_do_municipality_task(MitIDErhvervBackend().get_user(kim.user_id), task)
    # Bound to Aarhus's number, or signed in by the emailed link (no number), Kim may.
    scoped.mitid_cvr = AARHUS_CVR
    assert permissions.may_do_municipality_task(scoped, task)
    assert permissions.may_do_municipality_task(kim.user, task)


def test_an_invited_colleague_signs_in_and_the_session_opens_only_that_municipalitys_cases(client, broker, aarhus):
    colleague = CasePersonFactory(registration=aarhus, email="kim@aarhus.example.dk")
    elsewhere = CasePersonFactory(registration=RegistrationFactory(municipality=municipality("odense")),
                                  email="kim@aarhus.example.dk")  # the same address, on Odense's case
    assert sign_in(client, broker, "kim-1", colleague.email, AARHUS_CVR).status_code == 302
    assert client.get(plan_url(aarhus)).status_code == 200
    assert client.get(plan_url(elsewhere.registration)).status_code == 404  # Aarhus vouched for the address
    assert client.get("/forloeb/jeres/")["Location"] == plan_url(aarhus)  # the one case, not a choice of two


def test_a_wrong_cvr_number_is_refused_with_a_page_that_says_how_to_get_invited(client, broker, aarhus):
    response = sign_in(client, broker, "else-2", CONTACT, ODENSE_CVR)
    assert response.status_code == 403 and 'data-testid="mitid-refused"' in response.content.decode()
    assert not signed_in(client)
    assert client.get(plan_url(aarhus))["Location"] == SIGN_IN
    for cvr in ("", "1234", "not a number"):
        assert sign_in(client, broker, f"else-cvr-{cvr}", CONTACT, cvr).status_code == 403
    assert not signed_in(client)


def test_an_address_nobody_invited_is_refused_and_gets_no_account(client, broker, aarhus):
    from django.contrib.auth import get_user_model

    accounts = get_user_model().objects.count()
    response = sign_in(client, broker, "stranger-1", "stranger@aarhus.example.dk", AARHUS_CVR)
    assert response.status_code == 403 and not signed_in(client)
    assert get_user_model().objects.count() == accounts


def test_a_removed_colleague_is_refused(client, broker, aarhus):
    from workflows.municipality import services

    colleague = CasePersonFactory(registration=aarhus, email="kim@aarhus.example.dk")
    contact = CasePersonFactory(registration=aarhus, email=CONTACT, role="contact")
    services.remove(contact, colleague)
    assert sign_in(client, broker, "kim-2", colleague.email, AARHUS_CVR).status_code == 403


def test_a_staff_address_never_signs_in_this_way(client, broker, aarhus):
    """Not the member of staff's account, and not a municipality's account by the same address either."""
    adviser = UserFactory(username="anne", email="anne@styrelsen.example.dk", groups=[Role.ADVISER])
    aarhus.contact_email = adviser.email
    aarhus.save()
    response = sign_in(client, broker, "anne-1", adviser.email, AARHUS_CVR)
    assert response.status_code == 403 and not signed_in(client)
    assert client.get("/admin/").status_code == 302  # the admin still asks her to sign in


def test_an_account_that_became_staff_is_refused(client, broker, aarhus):
    colleague = CasePersonFactory(registration=aarhus, email="kim@aarhus.example.dk")
    colleague.user.groups.add(Group.objects.get(name=Role.COORDINATOR))
    assert sign_in(client, broker, "kim-3", colleague.email, AARHUS_CVR).status_code == 403


def test_a_tampered_state_is_refused(client, broker, aarhus):
    back = urlsplit(at_broker(client, broker, "else-3", {"email": CONTACT, "cvr": AARHUS_CVR}))
    query = parse_qs(back.query)
    query["state"] = [query["state"][0][:-1] + ("x" if query["state"][0][-1] != "x" else "y")]
    tampered = urlunsplit(("", "", back.path, urlencode(query, doseq=True), ""))
    assert client.get(tampered).status_code == 400
    assert not signed_in(client)


def test_a_callback_cannot_be_replayed(client, broker, aarhus):
    back = at_broker(client, broker, "else-4", {"email": CONTACT, "cvr": AARHUS_CVR})
    assert client.get(back).status_code == 302
    assert client.get(back).status_code == 400  # its state is used up
    client.logout()
    assert client.get(back).status_code == 403  # a session that never started signing in
    assert not signed_in(client)


def test_refused_sign_ins_do_not_lock_a_town_hall_out(client, broker, aarhus, settings):
    """django-axes counts failed sign-ins per address; a refusal by MitID Erhverv is no guessed password."""
    settings.AXES_ENABLED = True
    for attempt in range(settings.AXES_FAILURE_LIMIT + 1):
        assert sign_in(client, broker, f"stranger-{attempt}", f"s{attempt}@aarhus.example.dk",
                       AARHUS_CVR).status_code == 403
    assert sign_in(client, broker, "else-5", CONTACT, AARHUS_CVR).status_code == 302


def test_a_password_sign_in_with_code_and_state_in_its_address_is_not_the_brokers(client, broker):
    """The library's backend would take any request whose address carries `code` and `state`; ours leaves a
    username and password to the others."""
    UserFactory(username="anne", groups=[Role.ADVISER])
    response = client.post("/admin/login/?code=abc&state=def",
                           {"username": "anne", "password": "password-for-tests"})
    assert response.status_code == 302 and signed_in(client)


def test_coordinators_enter_a_municipalitys_cvr_number_in_the_admin(client):
    town = municipality("aarhus")
    url = f"/admin/municipality/edit/{town.pk}/"
    client.force_login(UserFactory(username="bo", groups=[Role.ADVISER]))
    assert client.get(url).status_code in (302, 403)  # advisers do not
    client.force_login(UserFactory(username="carla", groups=[Role.COORDINATOR]))
    assert client.get("/admin/municipality/").status_code == 200
    refused = client.post(url, {"cvr": "5513301"})
    assert refused.status_code == 200 and 'value="5513301"' in refused.content.decode()  # kept, with its error
    assert client.post(url, {"cvr": AARHUS_CVR}).status_code == 302
    town.refresh_from_db()
    assert town.cvr == AARHUS_CVR
    odense = municipality("odense")
    taken = client.post(f"/admin/municipality/edit/{odense.pk}/", {"cvr": AARHUS_CVR})
    assert taken.status_code == 200  # one municipality per CVR number
    assert client.get("/admin/municipality/add/").status_code in (302, 403, 404)
