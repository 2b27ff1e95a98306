"""Coordinators keep the indicators in the Wagtail admin: a question with answers is never reworded (a new version is
made, and the answers keep their wording), its order and whether it is asked change in place, and it is deleted only
while nobody has answered it. Nobody else reaches these screens."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape
from django.utils.translation import gettext
from wagtail.models import ModelLogEntry

from devtools.factories.core import UserFactory
from devtools.factories.workflows import CasePersonFactory, RegistrationFactory, SelfAssessmentFactory, municipality
from workflows.outcomes import services
from workflows.outcomes.admin import IndicatorDeleteView, NewIndicatorForm
from workflows.outcomes.models import Indicator, SelfAssessment, indicators_for
from workflows.permissions import Role

pytestmark = pytest.mark.django_db

INDEX = "/admin/indicator/"


def edit_url(indicator):
    return f"/admin/indicator/edit/{indicator.pk}/"


def delete_url(indicator):
    return f"/admin/indicator/delete/{indicator.pk}/"


def form_data(indicator, **changes):
    return {"label": indicator.label, "help_text": indicator.help_text, "kind": indicator.kind,
            "order": indicator.order, **({"active": "on"} if indicator.active else {}), **changes}


def logged(indicator):
    return set(ModelLogEntry.objects.filter(object_id=str(indicator.pk), content_type__model="indicator")
               .values_list("action", flat=True))


@pytest.fixture
def coordinator(client):
    user = UserFactory(username="carla", groups=[Role.COORDINATOR])
    client.force_login(user)
    return user


@pytest.fixture
def roles():
    return Indicator.objects.get(key="peer_roles", version=1)


@pytest.fixture
def answered(roles):
    """Aarhus has sent its baseline: it answered every indicator, the question about roles with 3."""
    registration = RegistrationFactory(municipality=municipality("aarhus"))
    SelfAssessmentFactory(registration=registration, answers={"peer_roles": 3})
    return registration


def test_coordinators_list_the_indicators_with_their_answers_in_a_fixed_number_of_queries(client, coordinator,
                                                                                           answered, roles):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(INDEX)
        assert response.status_code == 200
        return response.content.decode(), len(captured)

    client.get(INDEX)  # warm the per-process caches (the session, Wagtail's site root paths)
    page, few = queries()
    assert escape(roles.label) in page and "peer_roles" in page
    assert page.count("<td") >= 7 * Indicator.objects.count()  # a row of columns for each indicator
    for code in ("odense", "vejle", "horsens"):
        SelfAssessmentFactory(registration=RegistrationFactory(municipality=municipality(code)))
    Indicator.objects.create(key="new_question", label="Et nyt spørgsmål", kind=Indicator.Kind.SCALE, order=90)
    page, more = queries()
    assert more == few  # the answer counts come with the list (annotated), not one query per row
    assert "Et nyt spørgsmål" in page


def test_a_coordinator_creates_an_indicator(client, coordinator):
    response = client.post("/admin/indicator/new/", {"key": "peer_supervision", "label": "Får jeres peers supervision?",
                                                      "help_text": "1: Aldrig. 5: Fast, hver måned.",
                                                      "kind": "scale", "order": 80})
    assert response.status_code == 302
    created = Indicator.objects.get(key="peer_supervision")
    assert (created.version, created.active, created.label) == (1, True, "Får jeres peers supervision?")
    assert logged(created) == {"wagtail.create"}
    assert created in Indicator.objects.active()


def test_bad_input_is_refused_in_danish_and_kept(client, coordinator, roles):
    empty = client.post("/admin/indicator/new/", {"key": "mentoring", "label": "", "kind": "scale", "order": 5})
    assert empty.status_code == 200 and "Dette felt er påkrævet" in empty.content.decode()
    assert 'value="mentoring"' in empty.content.decode()
    taken = client.post("/admin/indicator/new/", {"key": "peer_roles", "label": "Roller igen", "kind": "scale",
                                                  "order": 5})
    page = taken.content.decode()
    assert taken.status_code == 200 and 'value="Roller igen"' in page
    assert escape(gettext("Another question already has this key. To change that question, edit it: a new version "
                          "is made when its answers need one.")) in page
    for wrong in ({"kind": "colour"}, {"order": 99999}, {"order": -1}, {"label": "x" * 301}):
        refused = client.post(edit_url(roles), form_data(roles, help_text="Nye ord", **wrong))
        assert refused.status_code == 200 and "Nye ord" in refused.content.decode(), wrong
    bad_key = client.post("/admin/indicator/new/", {"key": "Ikke en nøgle!", "label": "Spørgsmål", "kind": "scale",
                                                     "order": 5})
    assert bad_key.status_code == 200 and 'value="Spørgsmål"' in bad_key.content.decode()
    roles.refresh_from_db()
    assert roles.help_text != "Nye ord"
    assert Indicator.objects.filter(key="peer_roles").count() == 1
    assert not Indicator.objects.filter(key="mentoring").exists()


def test_two_coordinators_creating_the_same_key_at_once_are_told_so(client, coordinator, monkeypatch):
    """The second save gets past the form's check (the first was not saved yet) and meets the database's."""
    monkeypatch.setattr(NewIndicatorForm, "clean_key", lambda form: form.cleaned_data["key"])
    response = client.post("/admin/indicator/new/", {"key": "peer_roles", "label": "Roller igen", "kind": "scale",
                                                     "order": 5})
    assert response.status_code == 200 and 'value="Roller igen"' in response.content.decode()
    assert escape(gettext("A colleague has just created a question with this key. Choose another key.")) in (
        response.content.decode())
    assert Indicator.objects.filter(key="peer_roles").count() == 1


def test_a_new_wording_of_an_answered_question_is_a_new_version(client, coordinator, answered, roles):
    response = client.post(edit_url(roles), form_data(roles, label="Hvor godt kender alle jeres peers' roller?"),
                           follow=True)
    revised = Indicator.objects.get(key="peer_roles", version=2)
    assert (revised.label, revised.help_text, revised.kind, revised.active) == (
        "Hvor godt kender alle jeres peers' roller?", roles.help_text, roles.kind, True)
    roles.refresh_from_db()
    assert roles.label != revised.label and not roles.active  # the old wording stays, no longer asked
    answer = answered.self_assessments.get().answers.get(indicator__key="peer_roles")
    assert (answer.indicator, answer.indicator.label, answer.value) == (roles, roles.label, 3)
    assert escape(gettext("The question was saved as version %(version)s, which new assessments ask. The answers "
                          "given so far keep the wording they were given to.") % {"version": 2}) in (
        response.content.decode())
    assert logged(revised) == {"wagtail.create"} and logged(roles) == {"wagtail.edit"}


def test_a_new_kind_of_an_answered_question_is_a_new_version(coordinator, answered, roles):
    revised = services.revise(roles, {"kind": Indicator.Kind.NUMBER}, coordinator)
    assert (revised.key, revised.version, revised.kind, revised.label) == ("peer_roles", 2, "number", roles.label)
    roles.refresh_from_db()
    assert roles.kind == "scale" and not roles.active


def test_order_and_asking_change_in_place_even_with_answers(client, coordinator, answered, roles):
    assert client.post(edit_url(roles), form_data(roles, order=5)).status_code == 302
    roles.refresh_from_db()
    assert (roles.version, roles.order) == (1, 5) and Indicator.objects.filter(key="peer_roles").count() == 1
    unasked = services.revise(roles, {"active": False}, coordinator)
    assert unasked == roles and not Indicator.objects.get(pk=roles.pk).active
    assert logged(roles) == {"wagtail.edit"}


def test_a_question_nobody_answered_is_edited_in_place(client, coordinator, roles):
    assert client.post(edit_url(roles), form_data(roles, label="Nye ord", kind="number")).status_code == 302
    roles.refresh_from_db()
    assert (roles.version, roles.label, roles.kind) == (1, "Nye ord", "number")
    assert Indicator.objects.filter(key="peer_roles").count() == 1


def test_the_key_and_version_cannot_be_changed_by_a_tampered_form(client, coordinator, roles):
    client.post(edit_url(roles), form_data(roles, key="hijacked", version=7, label="Nye ord"))
    roles.refresh_from_db()
    assert (roles.key, roles.version, roles.label) == ("peer_roles", 1, "Nye ord")


def test_an_earlier_version_is_not_changed_and_the_input_is_kept(client, coordinator, answered, roles):
    """A coordinator who opened version 1 while a colleague made version 2 is told so; nothing is saved."""
    services.revise(roles, {"label": "Kollegaens ord"}, UserFactory(groups=[Role.COORDINATOR]))
    response = client.post(edit_url(roles), form_data(roles, label="Mine ord", order=1))
    page = response.content.decode()
    assert response.status_code == 200 and 'value="Mine ord"' in page
    assert escape(gettext("This is no longer the newest version of the question: version %(version)s is. Only the "
                          "newest version can be changed, so nothing was saved.") % {"version": 2}) in page
    assert list(Indicator.objects.filter(key="peer_roles").values_list("version", "label", "order")) == [
        (1, roles.label, roles.order), (2, "Kollegaens ord", roles.order)]
    with pytest.raises(services.Superseded):
        services.revise(roles, {"order": 1}, coordinator)


def test_new_assessments_ask_the_new_version_a_case_already_assessed_keeps_its_own(coordinator, answered, roles):
    revised = services.revise(roles, {"label": "Hvor godt kender alle jeres peers' roller?"}, coordinator)
    later = RegistrationFactory(municipality=municipality("odense"))
    assert revised in indicators_for(later) and roles not in indicators_for(later)
    assert roles in indicators_for(answered) and revised not in indicators_for(answered)  # at midway, as at the start
    SelfAssessmentFactory(registration=answered, kind=SelfAssessment.Kind.MIDWAY)
    assert answered.self_assessments.get(kind="midway").answers.filter(indicator=roles).exists()


def test_a_question_with_answers_is_not_deleted(client, coordinator, answered, roles):
    assert f'href="{delete_url(roles)}"' not in client.get(INDEX).content.decode()
    for response in (client.get(delete_url(roles), follow=True), client.post(delete_url(roles), follow=True)):
        assert escape(str(IndicatorDeleteView.refusal)) in response.content.decode()
    assert Indicator.objects.filter(pk=roles.pk).exists()


def test_a_question_nobody_answered_is_deleted(client, coordinator, roles):
    assert f'href="{delete_url(roles)}"' in client.get(INDEX).content.decode()
    assert client.post(delete_url(roles)).status_code == 302
    assert not Indicator.objects.filter(pk=roles.pk).exists()
    assert ModelLogEntry.objects.filter(object_id=str(roles.pk), action="wagtail.delete").exists()


@pytest.mark.parametrize("role", [Role.ADVISER, Role.PARTNER, Role.EDITOR])
def test_other_staff_do_not_keep_the_indicators(client, role, roles):
    client.force_login(UserFactory(groups=[role]))
    for url in (INDEX, "/admin/indicator/new/", edit_url(roles), delete_url(roles)):
        assert client.get(url).status_code in (302, 403), url
    assert client.post(edit_url(roles), form_data(roles, label="Nye ord")).status_code in (302, 403)
    assert client.post(delete_url(roles)).status_code in (302, 403)
    roles.refresh_from_db()
    assert roles.label != "Nye ord"


def test_a_municipalitys_person_does_not_reach_the_admin(client, answered, roles):
    person = CasePersonFactory(registration=answered)
    client.force_login(person.user)
    for url in (INDEX, edit_url(roles), delete_url(roles)):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), url
    client.post(delete_url(roles))
    assert Indicator.objects.filter(pk=roles.pk).exists()
