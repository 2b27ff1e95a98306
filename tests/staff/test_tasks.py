"""The staff workspace in the admin: my tasks, the queue and the archive with due dates and filters; claim, release
and reassign (with an email to the new owner); the case page's timeline, notes, emails and upcoming dates;
withdrawal by a coordinator, with a reason."""

import re
from datetime import date, timedelta

import pytest
import time_machine
from wagtail.models import ModelLogEntry

from core import scheduler
from devtools.factories.workflows import CohortFactory, RegistrationFactory, local, municipality
from tests.support.course import (
    AUTUMN,
    KICKOFF,
    accepted_registration,
    course_under_way,
    decisions,
    do_task,
    nominate,
    open_task,
    staff,
)
from tests.support.programme import emails_to, links_in, path_of
from workflows.course.flows import CourseFlow, WorkshopFlow
from workflows.models import Registration
from workflows.registration import services
from workflows.registration.flows import SeatOfferFlow

pytestmark = pytest.mark.django_db


def listed(html):
    """Municipalities of the task rows, in order."""
    return re.findall(r'/admin/sager/\d+/">([^<]+)</a>', html)


def row(task):
    return f'href="/admin/opgaver/{task.pk}/"'


def page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_queue_claim_release_and_reassign(client, django_capture_on_commit_callbacks):
    anne, bo, carla = staff()
    with time_machine.travel(AUTUMN, tick=False):
        registration = accepted_registration(adviser=anne)
        task = open_task(registration, CourseFlow.assign_lead_adviser)
        client.force_login(carla)
        queue = page(client, "/admin/opgaver/koe/")
        assert row(task) in queue and listed(queue) == ["Aarhus"] and "Udpeg fast rådgiver</span>" in queue
        assert "4. september 2026 16:00" in queue  # 16:00 on the third working day after 1 September
        assert row(task) not in page(client, "/admin/opgaver/")

        client.force_login(anne)  # an adviser does not assign lead advisers
        assert row(task) not in page(client, "/admin/opgaver/koe/")
        refused = client.post(f"/admin/opgaver/{task.pk}/tag/", follow=True).content.decode()
        assert "Du kan ikke tage denne opgave." in refused

        client.force_login(carla)
        claimed = client.post(f"/admin/opgaver/{task.pk}/tag/", follow=True).content.decode()
        assert "Opgaven er nu din." in claimed and row(task) in claimed
        task.refresh_from_db()
        assert task.owner == carla

        released = client.post(f"/admin/opgaver/{task.pk}/slip/", follow=True).content.decode()
        assert "Opgaven er lagt tilbage i køen." in released
        task.refresh_from_db()
        assert task.owner is None and task.status == "NEW"

        other = staff_coordinator("dorte")
        with django_capture_on_commit_callbacks(execute=True):
            given = client.post(f"/admin/opgaver/{task.pk}/videregiv/", {"colleague": other.pk},
                                follow=True).content.decode()
        assert "Opgaven er givet til Dorte Koordinator." in given
        task.refresh_from_db()
        assert task.owner == other
        [email] = emails_to(other.email)
        assert email.subject == "Ny opgave til dig: Udpeg fast rådgiver (Aarhus)"
        assert "Frist: fredag 4. september 2026 kl. 16:00" in email.body
        client.force_login(other)
        task_link = next(link for link in links_in(email.body) if f"/admin/opgaver/{task.pk}/" in link)
        assert client.get(path_of(task_link), follow=True).status_code == 200

        given_to_adviser = client.post(f"/admin/opgaver/{task.pk}/videregiv/", {"colleague": bo.pk},
                                       follow=True).content.decode()
        assert "Bo Kollega kan ikke tage denne slags opgave." in given_to_adviser


def test_the_count_under_a_list_names_what_it_counts(client, two_cases):
    client.force_login(two_cases.coordinator)
    assert re.search(r">\s*2 opgaver\s*<", page(client, "/admin/opgaver/koe/"))  # both cases' lead adviser step
    assert re.search(r">\s*2 sager\s*<", page(client, "/admin/sager/"))  # not "2 tilmeldinger"
    assert re.search(r">\s*1 sag\s*<", page(client, "/admin/sager/", q="Odense"))


def test_a_task_link_that_is_not_yours_to_do_lands_on_the_case_with_a_danish_message(client):
    """The Back button, a bookmark or an old email: a task waiting in another group's queue, someone else's, done
    or cancelled opens the case with a message that says who did what and when, never an error page."""
    anne, _bo, carla = staff()
    with time_machine.travel(AUTUMN, tick=False):
        registration = accepted_registration(adviser=anne)
    case = f"/admin/sager/{registration.pk}/"
    assign = open_task(registration, CourseFlow.assign_lead_adviser)

    def opened_as(user, task):
        client.force_login(user)
        response = client.get(f"/admin/opgaver/{task.pk}/", follow=True)
        assert response.status_code == 200 and response.redirect_chain == [(case, 302)]
        return response.content.decode()

    with time_machine.travel(local(date(2026, 9, 2), 10), tick=False):
        assert ("»Udpeg fast rådgiver« venter i køen hos de kolleger, der tager den slags trin."
                in opened_as(anne, assign))
        client.force_login(carla)  # who may take it gets the task's own screen with "Take the task" (issue 18)
        take = client.get(f"/admin/opgaver/{assign.pk}/")
        assert take.status_code == 200 and 'data-testid="take"' in take.content.decode()
        client.post(f"/admin/opgaver/{assign.pk}/tag/")
        assert "»Udpeg fast rådgiver« ligger hos Carla Koordinator." in opened_as(anne, assign)
        do_task(client, carla, assign, {"lead_adviser": anne.pk, "competence_partner": ""})
        assert ("»Udpeg fast rådgiver« blev udført af Carla Koordinator 2. september 2026 kl. 10:00."
                in opened_as(anne, assign))
        assert "Du udførte »Udpeg fast rådgiver« 2. september 2026 kl. 10:00." in opened_as(carla, assign)

    kickoff = open_task(registration, CourseFlow.schedule_kickoff)
    with time_machine.travel(local(date(2026, 9, 3), 10), tick=False):
        client.post(f"/admin/sager/{registration.pk}/afmeld/", {"reason": "Kommunen trækker sig.", "confirm": "on"})
        assert ("»Planlæg opstart« blev annulleret 3. september 2026 kl. 10:00: sagen blev afmeldt, eller "
                "trinnet er ikke længere nødvendigt." in opened_as(anne, kickoff))


def test_viewflow_itself_refuses_a_step_to_someone_who_does_not_hold_it(client, monkeypatch):
    """The screen's own check only words the message: with it gone (a refactor one day), viewflow's execute view
    still refuses a task held by someone else, and nothing is done."""
    anne, bo, carla = staff()
    with time_machine.travel(AUTUMN, tick=False):
        registration = accepted_registration(adviser=anne)
        assign = open_task(registration, CourseFlow.assign_lead_adviser)
        client.force_login(carla)
        client.post(f"/admin/opgaver/{assign.pk}/tag/")
        monkeypatch.setattr("workflows.staff.task_screen.situation", lambda task, user: None)
        client.force_login(bo)
        for method in (client.get, client.post):
            response = method(f"/admin/opgaver/{assign.pk}/", {"lead_adviser": bo.pk}, follow=True)
            assert "Det er ikke din opgave at udføre." in response.content.decode()
    assign.refresh_from_db()
    assert (assign.status, assign.owner) == ("ASSIGNED", carla)


def staff_coordinator(username):
    from devtools.factories.core import UserFactory
    from workflows.permissions import Role

    return UserFactory(username=username, first_name="Dorte", last_name="Koordinator",
                       email=f"{username}@styrelsen.example.dk", groups=[Role.COORDINATOR])


def test_overdue_tasks_stand_out_and_filters_and_sorting_work(client):
    anne, _bo, carla = staff()
    with time_machine.travel(AUTUMN, tick=False):
        aarhus = accepted_registration(adviser=anne)
    with time_machine.travel(AUTUMN + timedelta(minutes=1), tick=False):
        odense = accepted_registration("odense", adviser=anne, cohort=aarhus.cohort)
    client.force_login(carla)
    with time_machine.travel(AUTUMN + timedelta(days=2), tick=False):
        html = page(client, "/admin/opgaver/koe/")
        assert listed(html) == ["Aarhus", "Odense"] and "Overskredet" not in html
    with time_machine.travel(AUTUMN + timedelta(days=10), tick=False):
        html = page(client, "/admin/opgaver/koe/")
        assert html.count('data-testid="overdue"') == 2 and "Overskredet" in html
        only_odense = page(client, "/admin/opgaver/koe/", municipality=odense.municipality_id)
        assert listed(only_odense) == ["Odense"]
        step = page(client, "/admin/opgaver/koe/", step="ScreeningFlow.screen")
        assert "Ingen opgaver passer til filtrene." in step
        overdue = page(client, "/admin/opgaver/koe/", overdue="on", ordering="-municipality")
        assert listed(overdue) == ["Odense", "Aarhus"]
        newest = page(client, "/admin/opgaver/koe/", ordering="-created")
        assert listed(newest) == ["Odense", "Aarhus"]
        assert page(client, "/admin/opgaver/koe/", step="nonsense.node", ordering="bogus")  # no 500


def test_a_recorded_workshop_appears_on_the_case_page_and_in_the_archive(client, django_capture_on_commit_callbacks):
    anne, _bo, carla = staff()
    with time_machine.travel(AUTUMN, tick=False):
        registration = accepted_registration(adviser=anne)
    course_under_way(client, registration, anne, carla)
    workshop = registration.course.workshops.get()
    with time_machine.travel(KICKOFF + timedelta(days=1), tick=False):
        do_task(client, anne, open_task(registration, WorkshopFlow.prepare), {"agenda": "Roller og forventninger"})
    with time_machine.travel(workshop.starts_at - timedelta(days=2), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        scheduler.run_due_jobs()  # the reminder
    with time_machine.travel(workshop.ends_at + timedelta(minutes=5), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        scheduler.run_due_jobs()  # the workshop has been held
        do_task(client, anne, open_task(registration, WorkshopFlow.record_outcome),
                {"attendance": 11, "notes": "Ledelsen bakker op.", "agreed_actions": "Ansæt to peers."})
        client.post(f"/admin/sager/{registration.pk}/noter/", {"text": "Ring til socialchefen i marts."})
        case = page(client, f"/admin/sager/{registration.pk}/")
        archive = page(client, "/admin/opgaver/arkiv/")
    assert "Registrér workshoppens resultat" in case and "Anne Rådgiver" in case
    assert "Workshop (Ledelse): 11 deltog. Aftalte handlinger: Ansæt to peers." in case
    assert "Ring til socialchefen i marts." in case
    assert "Påmindelse: udviklingsworkshop 10. februar kl. 09:00" in case and "Sendt" in case
    assert "Midtvejsstatus" in case  # upcoming dates
    assert "Registrér workshoppens resultat" in archive and "Planlæg opstart" in archive


def test_staff_withdrawal_cancels_the_course_and_offers_the_seat_to_the_waiting_list(client):
    anne, _bo, carla = staff()
    with time_machine.travel(AUTUMN, tick=False):
        registration = accepted_registration(adviser=anne)
        programme = registration.programme
        programme.capacity = 1
        programme.save()
        august = CohortFactory(programme=programme, label="August 2027", starts_on=date(2027, 8, 2))
        waiting = services.submit(RegistrationFactory.build(cohort=august, programme=programme,
                                                           municipality=municipality("odense")))
        services.decide(waiting, "waiting_list")
    course_under_way(client, registration, anne, carla)
    with time_machine.travel(KICKOFF + timedelta(days=2), tick=False):
        client.force_login(anne)
        refused = client.post(f"/admin/sager/{registration.pk}/afmeld/", {"reason": "Nej", "confirm": "on"})
        assert refused.status_code == 302 and refused.url == "/admin/"  # Wagtail's "no permission"
        client.force_login(carla)
        unconfirmed = client.post(f"/admin/sager/{registration.pk}/afmeld/", {"reason": "Kommunen trækker sig."})
        assert unconfirmed.status_code == 200 and "Dette felt er påkrævet." in unconfirmed.content.decode()
        registration.refresh_from_db()
        assert registration.status == Registration.Status.IN_COURSE  # nothing happened
        done = client.post(f"/admin/sager/{registration.pk}/afmeld/",
                           {"reason": "Kommunen trækker sig.", "confirm": "on"}, follow=True).content.decode()
    assert "Kommunen er afmeldt, og pladsen er givet fri." in done and "Afmeldt: Kommunen trækker sig." in done
    registration.refresh_from_db()
    assert registration.status == Registration.Status.WITHDRAWN
    assert not registration.processes.filter(finished__isnull=True).exists()
    assert not open_tasks_of(registration)
    waiting.refresh_from_db()
    assert waiting.seat == Registration.Seat.OFFERED
    assert waiting.processes.filter(flow_class=SeatOfferFlow, finished__isnull=True).exists()


def open_tasks_of(registration):
    from viewflow.workflow.models import Task

    return Task.objects.filter(process__registrationprocess__registration=registration,
                               status__in=["NEW", "ASSIGNED", "STARTED", "SCHEDULED"])


def test_the_status_page_withdrawal_cancels_the_course_too(client):
    from workflows.registration import links

    anne, _bo, carla = staff()
    with time_machine.travel(AUTUMN, tick=False):
        registration = accepted_registration(adviser=anne)
    course_under_way(client, registration, anne, carla)
    with time_machine.travel(KICKOFF + timedelta(days=2), tick=False):
        token = links.status_token(registration)
        status = page(client, f"/forloeb/status/{token}/")
        assert "Udviklingsworkshops" in status and "Ledelse" in status and "Anne Rådgiver" in status
        client.post(f"/forloeb/status/{token}/afmeld/")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.WITHDRAWN
    assert not open_tasks_of(registration)


def test_a_module_completion_is_recorded_from_the_case_page(client):
    anne, _bo, carla = staff()
    with time_machine.travel(AUTUMN, tick=False):
        registration = accepted_registration(adviser=anne)
    course_under_way(client, registration, anne, carla)
    course = registration.course
    with time_machine.travel(KICKOFF + timedelta(days=1), tick=False):
        nominations = nominate(registration, "Mette Peer")
        do_task(client, anne, open_task(registration, CourseFlow.enrol_participants), decisions(nominations))
    mandatory = course.enrolments.get(module__mandatory=True)
    with time_machine.travel(KICKOFF + timedelta(days=280), tick=False):  # month 9: at risk
        client.force_login(anne)
        case = page(client, f"/admin/sager/{registration.pk}/")
        assert 'data-testid="competence-at-risk"' in case and "4. januar 2028" in case
        complete = f"/admin/sager/{registration.pk}/moduler/{mandatory.pk}/gennemfoert/"
        today = (KICKOFF + timedelta(days=280)).date()
        # A completion needs a real date, not before the module ended and not in the future.
        before_end, tomorrow = mandatory.module.ends_on - timedelta(days=1), today + timedelta(days=1)
        for day, message in [("2027-02-30", "Angiv den dato, modulet blev gennemført."),
                             ("", "Angiv den dato, modulet blev gennemført."),
                             (before_end.isoformat(), "det kan ikke være gennemført før"),
                             (tomorrow.isoformat(), "Et modul kan ikke være gennemført i fremtiden.")]:
            refused = client.post(complete, {"completed_on": day}, follow=True).content.decode()
            assert message in refused, day
            mandatory.refresh_from_db()
            assert mandatory.completed_on is None
        done = client.post(complete, {"completed_on": today.isoformat()}, follow=True).content.decode()
        assert "Mette Peer har gennemført Grundmodul for peers." in done
        assert f"registreret af Anne Rådgiver, {today.day}. " in done
        assert 'data-testid="competence-at-risk"' not in done
        assert not course.competence_at_risk()
        other = accepted_registration("odense", adviser=anne, cohort=registration.cohort)
        wrong_case = f"/admin/sager/{other.pk}/moduler/{mandatory.pk}/gennemfoert/"
        assert client.post(wrong_case).status_code == 404
    mandatory.refresh_from_db()
    assert mandatory.completed_on == (KICKOFF + timedelta(days=280)).date()
    assert mandatory.completion_recorded_by == anne

    # Recorded by mistake: whoever may record it can undo it, and the audit log keeps both.
    with time_machine.travel(KICKOFF + timedelta(days=281), tick=False):
        client.force_login(anne)
        undone = client.post(f"/admin/sager/{registration.pk}/moduler/{mandatory.pk}/fortryd/", follow=True)
        assert "er fortrudt" in undone.content.decode()
        client.force_login(_bo)
        assert client.post(f"/admin/sager/{registration.pk}/moduler/{mandatory.pk}/fortryd/").status_code in (302, 403)
    mandatory.refresh_from_db()
    assert (mandatory.completed_on, mandatory.completion_recorded_by) == (None, None)
    assert list(ModelLogEntry.objects.filter(object_id=str(mandatory.pk)).order_by("timestamp")
                .values_list("action", "user")) == [("workflows.completion_recorded", anne.pk),
                                                     ("workflows.completion_undone", anne.pk)]
