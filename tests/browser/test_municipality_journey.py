"""Issue 19, as the municipality's contact person lives it: one municipality from its first sign-in to its final
evaluation, in headless Chromium, with the staff who serve it beside it in the Wagtail admin.

The contact person signs in from the acceptance email and invites a colleague, who signs in in a browser of her own;
the lead adviser schedules the kickoff; the municipality sends its goals and starting point, nominates participants,
answers a workshop's invitation, writes to its adviser and reads the answer, and subscribes to its plan in a
calendar program; nine and seventeen months in it assesses itself again. After each of its steps the staff see it
where they work. What the browser adds nothing to (the coordinator's choice of lead adviser, the guidance sessions,
the workshop's outcome, the completed modules) is done through the test client, timer by timer, as
tests/course/test_journey.py does. Every screen the municipality's people see passes axe-core's WCAG 2.2 AA checks at
1280 and 375 px the first time it appears, and every staff screen WCAG 2.1 AA, as in tests/browser/test_workspace.py.
The clock is fixed throughout: each scene travels to its own moment of the course."""

from datetime import date, timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from icalendar import Calendar
from viewflow.workflow.models import Task

from core import scheduler
from devtools.factories.workflows import local
from tests.municipality.conftest import SIGN_IN, last_link
from tests.support.browser import (
    WCAG_22_AA,
    assert_accessible,
    fill_self_assessment,
    open_tab,
    sign_in,
    sign_in_by_link,
)
from tests.support.course import (
    AUTUMN,
    KICKOFF,
    accepted_registration,
    answers_for,
    do_task,
    open_task,
    staff,
)
from tests.support.municipality_tasks import open_municipality_tasks
from tests.support.programme import emails_to, links_in, only_email_to, path_of
from tests.support.uploads import PDF, with_private_media
from workflows.course.flows import CourseFlow
from workflows.models import Registration
from workflows.outcomes.models import indicators_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONTACT = "peer@aarhus.kommune.example.dk"
COLLEAGUE = "jonas@aarhus.kommune.example.dk"
ACCEPTED = AUTUMN + timedelta(hours=1)  # an hour after the acceptance email was sent
LEAD_ASSIGNED = local(date(2026, 12, 1), 10)
AFTER_KICKOFF = KICKOFF + timedelta(hours=2)


def seen(page, label):
    """A screen of "Jeres forløb" seen for the first time: WCAG 2.2 AA at both widths, as the public site."""
    assert_accessible(page, label, rules=WCAG_22_AA)


def main_text(page):
    return page.locator("main").inner_text()


def staff_signs_in(page, base_url, user):
    """A member of staff signs in afresh (a session does not last the months between two scenes)."""
    page.context.clear_cookies()
    sign_in(page, base_url, user.username)


def person_signs_in(page, base_url, address):
    """One of the municipality's people signs in afresh by a link, as when a task's email comes months later."""
    page.context.clear_cookies()
    sign_in_by_link(page, base_url, address)


def open_my_task(page, base_url, title):
    """The member of staff opens a task of theirs from "Mine opgaver" by its title."""
    page.goto(base_url + "/admin/opgaver/")
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name=title).first.click()


def field(page, label):
    """A field of a form in the Wagtail admin, by its label."""
    return page.locator(".w-field__wrapper").filter(has=page.locator("label", has_text=label))


def do_it(page):
    """The member of staff completes the task on its screen."""
    with page.expect_navigation():
        page.get_by_role("button", name="Udfør opgaven").click()
    assert "Du udførte" in page.locator(".messages").inner_text()


def open_own_task(page, title):
    """One of the municipality's people opens a task from "Jeres opgaver" on the plan."""
    tasks = page.get_by_test_id("tasks")
    with page.expect_navigation():
        tasks.get_by_role("link", name=title).click()
    assert page.get_by_role("heading", level=1, name=title).is_visible()


def to_summary(page):
    """From a task's form in "Jeres forløb" to the summary of the answers, nothing sent yet."""
    with page.expect_navigation():
        page.get_by_role("button", name="Videre til opsummering").click()
    assert page.get_by_role("heading", name="Tjek jeres svar").is_visible()


def send(page):
    """Send the answers from the summary; the receipt follows."""
    with page.expect_navigation():
        page.get_by_role("button", name="Send", exact=True).click()
    assert page.get_by_test_id("receipt").is_visible()


def drive(client, lead, registration, until):
    """Fire the course's timers one by one up to `until`, the lead adviser doing each task that comes to her at
    once (through the test client), and stop as soon as the municipality has a task of its own."""
    while not open_municipality_tasks(registration):
        timer = (Task.objects.filter(flow_task_type="TIMER", status="SCHEDULED", scheduled__lte=until)
                 .order_by("scheduled").first())
        if timer is None:
            return
        with time_machine.travel(timer.scheduled + timedelta(seconds=1), tick=False):
            scheduler.run_due_jobs()
            for task in Task.objects.filter(owner=lead, status="ASSIGNED").order_by("created"):
                do_task(client, lead, task, answers_for(task, timezone.localdate()))


@pytest.fixture
def new_page(browser):
    """A page in a browser context of its own (its own cookies: another person at another computer)."""
    contexts = []

    def open_page():
        context = browser.new_context(locale="da-DK", timezone_id="Europe/Copenhagen")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


def test_a_municipality_from_its_first_sign_in_to_its_final_evaluation(live_server, new_page, settings, tmp_path):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    with_private_media(settings, tmp_path)
    base = live_server.url
    anne, _bo, carla = staff()
    client = Client()
    with time_machine.travel(AUTUMN, tick=False):
        aarhus = accepted_registration(adviser=anne)  # screened and accepted by Anne
    contact_name = aarhus.contact_name
    municipality, colleague, adviser = new_page(), new_page(), new_page()  # the contact person, Jonas, Anne

    # 1. The acceptance email leads to the status page, and from there to signing in to "Jeres forløb".
    with time_machine.travel(ACCEPTED, tick=True):
        acceptance = only_email_to(CONTACT, subject="Jeres kommune er optaget i rådgivningsforløbet")
        status_link = next(link for link in links_in(acceptance.body) if "/forloeb/status/" in link)
        municipality.goto(base + path_of(status_link))
        with municipality.expect_navigation():
            municipality.get_by_role("link", name="Log ind for at gøre jeres del").click()
        assert municipality.url == base + SIGN_IN
        assert municipality.get_by_role("heading", level=1, name="Log ind på jeres forløb").is_visible()
        seen(municipality, "sign-in")
        municipality.get_by_label("Din e-mailadresse på arbejdet").fill(CONTACT)
        with municipality.expect_navigation():
            municipality.get_by_role("button", name="Send mig et link til at logge ind").click()
        seen(municipality, "link sent")
        [link_email] = emails_to(CONTACT)[-1:]
        assert link_email.subject == "Dit link til at logge ind på jeres forløb"
        assert last_link(CONTACT) in link_email.body
        municipality.goto(base + last_link(CONTACT))
        seen(municipality, "the link's page")
        with municipality.expect_navigation():
            municipality.locator("main").get_by_role("button", name="Log ind").click()
        assert municipality.get_by_role("heading", level=1, name="Jeres forløb, Aarhus").is_visible()
        assert f"Logget ind som {contact_name}" in main_text(municipality)
        assert "I har ingen opgaver lige nu." in municipality.get_by_test_id("tasks").inner_text()
        assert municipality.get_by_role("heading", name="Planen").is_visible()
        seen(municipality, "the plan")

        # 2. She invites a colleague, who signs in from the invitation in her own browser and sees the same plan.
        municipality.get_by_label("Navn").fill("Jonas Kollega")
        municipality.get_by_label("E-mailadresse").fill(COLLEAGUE)
        with municipality.expect_navigation():
            municipality.get_by_role("button", name="Send invitation").click()
        assert "Jonas Kollega er inviteret" in main_text(municipality)
        assert "Jonas Kollega" in municipality.get_by_test_id("people").inner_text()
        seen(municipality, "the plan with a colleague")
        invitation = only_email_to(COLLEAGUE)
        assert contact_name in invitation.body and "/forloeb/jeres/link/" in invitation.body
        colleague_link = next(link for link in links_in(invitation.body) if "/forloeb/jeres/link/" in link)
        colleague.goto(base + path_of(colleague_link))
        with colleague.expect_navigation():
            colleague.locator("main").get_by_role("button", name="Log ind").click()
        assert colleague.get_by_role("heading", level=1, name="Jeres forløb, Aarhus").is_visible()
        assert "Logget ind som Jonas Kollega" in main_text(colleague)
        people = colleague.get_by_test_id("people").inner_text()
        assert contact_name in people and "Jonas Kollega" in people
        assert colleague.get_by_role("button", name="Send invitation").count() == 0  # only contact persons invite

    # 3. A coordinator assigns Anne as lead adviser; Anne schedules the kickoff in the admin.
    with time_machine.travel(LEAD_ASSIGNED, tick=False):
        do_task(client, carla, open_task(aarhus, CourseFlow.assign_lead_adviser), {"lead_adviser": anne.pk})
    with time_machine.travel(LEAD_ASSIGNED + timedelta(minutes=30), tick=True):
        staff_signs_in(adviser, base, anne)
        open_my_task(adviser, base, "Planlæg opstart")
        assert_accessible(adviser, "task screen: schedule the kickoff")
        adviser.get_by_label("Opstart").fill("2027-01-04T10:00")
        adviser.get_by_label("Sted").fill("Rådhuset, Aarhus")
        do_it(adviser)
        assert "Invitation til opstart af rådgivningsforløbet 4. januar kl. 10:00" in [
            message.subject for message in emails_to(CONTACT)]

        # The municipality sees its goals and starting point among its tasks, fills it in, checks it and sends it.
        person_signs_in(municipality, base, CONTACT)
        assert "Mål og udgangspunkt" in municipality.get_by_test_id("tasks").inner_text()
        seen(municipality, "the plan with a task")
        open_own_task(municipality, "Mål og udgangspunkt")
        seen(municipality, "the goals' form")
        municipality.get_by_label("Jeres mål for forløbet").fill("To peers ansat i bostøtten inden sommeren 2028.")
        fill_self_assessment(municipality, scale=2, number=1)
        to_summary(municipality)
        assert "To peers ansat i bostøtten" in municipality.get_by_test_id("summary").inner_text()
        seen(municipality, "the goals' summary")
        send(municipality)
        assert f"Sendt af {contact_name}" in municipality.get_by_test_id("receipt").inner_text()
        seen(municipality, "the goals' receipt")

        # Anne sees the goals and the starting point on the case's page.
        adviser.goto(f"{base}/admin/sager/{aarhus.pk}/")
        outcomes = adviser.get_by_test_id("municipality-outcomes")
        assert "To peers ansat i bostøtten inden sommeren 2028." in outcomes.get_by_test_id("goals").inner_text()
        table = outcomes.get_by_test_id("outcomes")
        assert table.get_by_role("columnheader", name="Udgangspunkt").is_visible()
        assert table.get_by_role("row").count() == len(indicators_for(aarhus)) + 1
        assert_accessible(adviser, "case page with the goals")
        # and the municipality's people: the contact person and the colleague she invited
        people = open_tab(adviser, "Kontakter og svar").get_by_test_id("case-people").inner_text()
        assert "Jonas Kollega" in people and COLLEAGUE in people and contact_name in people
        assert_accessible(adviser, "case page with the municipality's people")

    # 4. The kickoff is held: the course begins. The colleague nominates two participants; Anne confirms one and
    # declines the other with a reason, which the colleague reads on the receipt.
    with time_machine.travel(KICKOFF + timedelta(minutes=1), tick=False):
        scheduler.run_due_jobs()
    aarhus.refresh_from_db()
    assert aarhus.status == Registration.Status.IN_COURSE
    with time_machine.travel(AFTER_KICKOFF, tick=True):
        staff_signs_in(adviser, base, anne)
        person_signs_in(colleague, base, COLLEAGUE)
        open_own_task(colleague, "Indstil deltagere til kompetencemodulerne")
        seen(colleague, "the nominations' form")
        rows = colleague.get_by_test_id("person-row")
        rows.nth(0).get_by_label("Navn", exact=True).fill("Mette Peer")
        rows.nth(0).get_by_label("E-mail", exact=True).fill("mette@aarhus.kommune.example.dk")
        rows.nth(0).get_by_role("radio", name="Peer", exact=True).check()
        rows.nth(0).get_by_role("checkbox", name="Grundmodul for peers").check()
        with colleague.expect_navigation():
            colleague.get_by_role("button", name="Tilføj en person").click()
        rows.nth(1).get_by_label("Navn", exact=True).fill("Ole Medarbejder")
        rows.nth(1).get_by_label("E-mail", exact=True).fill("ole@aarhus.kommune.example.dk")
        rows.nth(1).get_by_role("radio", name="Medarbejder", exact=True).check()
        rows.nth(1).get_by_role("checkbox", name="Samarbejde med peers").check()
        to_summary(colleague)
        summary = colleague.get_by_test_id("summary").inner_text()
        assert "Mette Peer" in summary and "Ole Medarbejder" in summary
        seen(colleague, "the nominations' summary")
        send(colleague)
        seen(colleague, "the nominations' receipt")
        receipt_url = colleague.url

        open_my_task(adviser, base, "Bekræft indstillingerne")
        assert_accessible(adviser, "task screen: confirm the nominations")
        field(adviser, "Mette Peer (peer)").get_by_role("radio", name="Bekræft").check()
        field(adviser, "Ole Medarbejder (medarbejder)").get_by_role("radio", name="Afslå").check()
        adviser.get_by_label("Begrundelse for at afslå Ole Medarbejder").fill(
            "Modulet er fuldt; Ole kan komme med på næste hold.")
        do_it(adviser)

        colleague.goto(receipt_url)
        nominations = colleague.get_by_test_id("nominations").inner_text()
        assert "Mette Peer" in nominations and "Bekræftet" in nominations
        assert "Afslået: Modulet er fuldt; Ole kan komme med på næste hold." in nominations

        # 5. Anne plans a workshop; the contact person answers who comes; Anne's preparation shows the answer.
        open_my_task(adviser, base, "Planlæg en workshop")
        assert_accessible(adviser, "task screen: plan a workshop")
        adviser.get_by_label("Målgruppe").select_option(label="Ledelse")
        adviser.get_by_label("Starter").fill("2027-02-10T09:00")
        adviser.get_by_label("Varighed i minutter").fill("180")
        adviser.get_by_label("Sted").fill("Rådhuset, mødelokale 2")
        do_it(adviser)
        adviser.goto(base + "/admin/kalender/")
        assert "Workshop (ledelse): Aarhus" in adviser.locator("main").inner_text()

        person_signs_in(municipality, base, CONTACT)  # her session from December has ended
        open_own_task(municipality, "Hvem kommer til workshoppen")
        seen(municipality, "the workshop's invitation")
        row = municipality.get_by_test_id("person-row").nth(0)
        row.get_by_label("Navn", exact=True).fill("Lone Leder")
        row.get_by_label("E-mail", exact=True).fill("lone@aarhus.kommune.example.dk")
        row.get_by_role("radio", name="Leder", exact=True).check()
        municipality.get_by_label("Antal borgere").fill("3")
        municipality.get_by_label("Ønsker til dagsordenen").fill("Hvordan lønner andre kommuner deres peers?")
        to_summary(municipality)
        seen(municipality, "the workshop answer's summary")
        send(municipality)
        answer = municipality.get_by_test_id("workshop-answer").inner_text()
        assert "Lone Leder" in answer and "Hvordan lønner andre kommuner" in answer
        seen(municipality, "the workshop answer's receipt")

        open_my_task(adviser, base, "Forbered workshoppen")
        response = adviser.get_by_test_id("workshop-response").inner_text()
        assert f"Sendt af {contact_name}" in response
        assert "Lone Leder" in response and "Hvordan lønner andre kommuner deres peers?" in response
        assert_accessible(adviser, "task screen: prepare the workshop")
        adviser.get_by_label("Program").fill("Velkomst. Løn og ansættelse af peers. Næste skridt.")
        do_it(adviser)

        # 6. The contact person writes to Anne with an attachment; Anne reads it on the case page and answers.
        with municipality.expect_navigation():
            municipality.get_by_role("link", name="Tilbage til jeres forløb").click()
        municipality.get_by_test_id("workspace-nav").get_by_role("link", name="Beskeder").click()
        municipality.wait_for_url(f"**/forloeb/jeres/{aarhus.pk}/beskeder/")
        assert municipality.get_by_test_id("no-messages").is_visible()
        seen(municipality, "no messages yet")
        municipality.get_by_label("Besked").fill("Hej Anne. Her er vores udkast til rollebeskrivelsen.")
        municipality.get_by_label("Vedhæftede filer").set_input_files(
            [{"name": "rollebeskrivelse.pdf", "mimeType": "application/pdf", "buffer": PDF}])
        with municipality.expect_navigation():
            municipality.get_by_role("button", name="Send beskeden").click()
        thread = municipality.get_by_test_id("thread")
        assert "Her er vores udkast" in thread.inner_text()
        assert thread.get_by_role("link", name="rollebeskrivelse.pdf").is_visible()
        seen(municipality, "the thread")
        notice = emails_to(anne.email)[-1]
        assert "Her er vores udkast" not in notice.body
        assert f"/admin/sager/{aarhus.pk}/" in notice.body

        adviser.goto(base + "/admin/")  # elsewhere (the link leads to the case's page she was on after the task)
        adviser.goto(base + path_of(next(link for link in links_in(notice.body) if "/admin/sager/" in link)))
        assert adviser.get_by_test_id("new-messages").is_visible()
        timeline = open_tab(adviser, "Tidslinje")
        message = timeline.get_by_test_id("message").first
        assert "Besked fra kommunen" in timeline.inner_text() and contact_name in timeline.inner_text()
        message.get_by_text("Vis beskeden").click()
        assert "Her er vores udkast til rollebeskrivelsen." in message.inner_text()
        assert timeline.get_by_role("link", name="rollebeskrivelse.pdf").is_visible()
        assert_accessible(adviser, "case page with a message")
        adviser.get_by_role("link", name="Skriv til kommunen").click()
        adviser.wait_for_url(f"**/admin/sager/{aarhus.pk}/skriv/")
        assert_accessible(adviser, "writing to the municipality")
        adviser.get_by_label("Emne").fill("Rollebeskrivelsen")
        adviser.get_by_label("Besked").fill("Tak, den ser god ud. Vi tager den op på workshoppen.")
        with adviser.expect_navigation():
            adviser.locator("main form").get_by_role("button", name="Send").click()

        told = emails_to(CONTACT)[-1]
        assert told.subject == "Ny besked fra Peer-rådgivningen om jeres forløb"
        assert "Tak, den ser god ud" not in told.body
        thread_link = next(link for link in links_in(told.body) if "/beskeder/" in link)
        municipality.goto(base + path_of(thread_link))
        reply = municipality.get_by_test_id("thread").get_by_role("listitem").last
        assert "Fra styrelsen" in reply.inner_text() and "Tak, den ser god ud." in reply.inner_text()
        seen(municipality, "the thread answered")

        # 7. She makes her calendar address; her calendar program gets the kickoff and the workshop from it.
        municipality.get_by_test_id("workspace-nav").get_by_role("link", name="Plan").click()
        feed = municipality.get_by_test_id("calendar-feed")
        with municipality.expect_navigation():
            feed.get_by_role("button", name="Lav min kalenderadresse").click()
        address = municipality.get_by_test_id("feed-address").input_value()
        seen(municipality, "the plan with a calendar address")
        fetched = municipality.context.request.get(address)
        assert fetched.status == 200 and fetched.headers["content-type"].startswith("text/calendar")
        events = {event.decoded("dtstart"): str(event["summary"])
                  for event in Calendar.from_ical(fetched.body()).walk("VEVENT") if "dtstart" in event}
        assert "Opstart" in events[KICKOFF], events
        assert "Workshop" in events[local(date(2027, 2, 10), 9)], events

    # 8. Month 9: the midway self-assessment, with the starting point beside each question; Anne's midway status.
    drive(client, anne, aarhus, until=KICKOFF + timedelta(days=300))
    [midway] = open_municipality_tasks(aarhus)
    assert midway.flow_task == CourseFlow.assess_midway
    with time_machine.travel(timezone.localtime(midway.created) + timedelta(hours=2), tick=True):
        person_signs_in(municipality, base, CONTACT)
        open_own_task(municipality, "Midtvejsevaluering")
        questions = len(indicators_for(aarhus))
        assert main_text(municipality).count("(Udgangspunkt: ") == questions  # the first answer beside each question
        seen(municipality, "the midway self-assessment")
        fill_self_assessment(municipality, scale=4, number=2)
        to_summary(municipality)
        send(municipality)
        seen(municipality, "the midway receipt")

        staff_signs_in(adviser, base, anne)
        open_my_task(adviser, base, "Midtvejsstatus")
        outcomes = adviser.get_by_test_id("municipality-outcomes")
        assert outcomes.get_by_role("columnheader", name="Midtvejs").is_visible()
        assert_accessible(adviser, "task screen: midway status")
        adviser.get_by_role("radio", name="På rette spor", exact=True).check()
        adviser.get_by_label("Involverede peers").fill("2")
        adviser.get_by_label("Hvad er opnået").fill("To peers er ansat i bostøtten.")
        adviser.get_by_label("Næste skridt").fill("Peers i botilbuddene.")
        do_it(adviser)

    # Month 17: the final self-assessment and the municipality's evaluation of the course; Anne's final evaluation.
    drive(client, anne, aarhus, until=KICKOFF + timedelta(days=600))
    [final] = open_municipality_tasks(aarhus)
    assert final.flow_task == CourseFlow.assess_final
    with time_machine.travel(timezone.localtime(final.created) + timedelta(hours=2), tick=True):
        person_signs_in(municipality, base, CONTACT)
        open_own_task(municipality, "Slutevaluering og evaluering af forløbet")
        seen(municipality, "the final self-assessment")
        fill_self_assessment(municipality, scale=5, number=3)
        municipality.get_by_label("Jeres evaluering af forløbet").fill("Forløbet gav os et fælles sprog om peers.")
        to_summary(municipality)
        send(municipality)

        staff_signs_in(adviser, base, anne)
        open_my_task(adviser, base, "Slutevaluering")
        assert "Forløbet gav os et fælles sprog om peers." in adviser.get_by_test_id("course-evaluation").inner_text()
        assert_accessible(adviser, "task screen: final evaluation")
        adviser.get_by_role("radio", name="På rette spor", exact=True).check()
        adviser.get_by_label("Involverede peers").fill("3")
        adviser.get_by_label("Hvad er opnået").fill("Peers i alle bostøttens teams.")
        adviser.get_by_label("Næste skridt").fill("Kommunen fortsætter selv.")
        do_it(adviser)

    # The remaining strands run out (the last guidance sessions); the plan shows the course as finished.
    drive(client, anne, aarhus, until=KICKOFF + timedelta(days=600))
    aarhus.refresh_from_db()
    assert aarhus.status == Registration.Status.COMPLETED
    with time_machine.travel(timezone.localtime(aarhus.updated_at) + timedelta(hours=2), tick=True):
        person_signs_in(municipality, base, CONTACT)
        assert municipality.get_by_test_id("status").inner_text() == "Afsluttet"
        tasks = municipality.get_by_test_id("tasks").inner_text()
        assert "Mangler" not in tasks and "Overskredet" not in tasks
        seen(municipality, "the finished plan")
    assert "Rådgivningsforløbet er afsluttet – opsummering for Aarhus" in [
        message.subject for message in emails_to(CONTACT)]
