"""The CMS "results" block: an editor places it on a page and chooses indicators (and a cohort, or all); visitors see
each indicator's median at the start and at the end and the median change, only about at least five
municipalities, and a calm sentence until then. The figures are cached until the next assessment arrives, which also
retires the cached pages."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import gettext

from cms.blocks import ResultsBlock, indicator_choices
from cms.models import HomePage
from devtools.factories.cms import (
    ModelCatalogueIndexPageFactory,
    ProgrammePageFactory,
    PublicationIndexPageFactory,
    PublicationPageFactory,
    StandardPageFactory,
)
from devtools.factories.core import UserFactory
from devtools.factories.workflows import (
    CohortFactory,
    ProgrammeFactory,
    RegistrationFactory,
    SelfAssessmentFactory,
    local,
)
from workflows.outcomes.models import Indicator, SelfAssessment
from workflows.programme.models import Municipality

pytestmark = pytest.mark.django_db

HEADING = "Det har forløbene flyttet"


def answered(cohort, municipalities, start, end):
    """Each municipality in `cohort` answered the question "peer_roles" with `start` and then `end`."""
    for municipality in municipalities:
        registration = RegistrationFactory(cohort=cohort, municipality=municipality)
        SelfAssessmentFactory(registration=registration, answers={"peer_roles": start})
        SelfAssessmentFactory(registration=registration, kind=SelfAssessment.Kind.FINAL, answers={"peer_roles": end})


def municipalities(count, offset=0):
    return list(Municipality.objects.order_by("pk")[offset:offset + count])


@pytest.fixture
def cohort():
    return CohortFactory(programme=ProgrammeFactory(), label="Hold A", starts_on=date(2025, 1, 6),
                         registration_opens=local(date(2024, 6, 1)), registration_closes=local(date(2024, 10, 1)))


def block(*indicators, cohort=None):
    return {"type": "results", "value": {
        "heading": HEADING, "intro": "Kommunernes egen vurdering.",
        "indicators": [str(indicator.pk) for indicator in indicators], "cohort": str(cohort.pk) if cohort else ""}}


@pytest.fixture
def roles():
    return Indicator.objects.get(key="peer_roles")


@pytest.fixture
def page(roles):
    return StandardPageFactory(parent=HomePage.objects.get(), title="Resultater", body=[block(roles)])


def cells(html, label):
    """The cells of the block's row about the question `label`, as text."""
    row = re.search(rf'<tr>\s*<th scope="row">{re.escape(label)}.*?</tr>', html, re.S).group(0)
    return [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


def waiting_sentence():
    return gettext("The results will be shown here once at least %(minimum)s municipalities have answered at the "
                   "start and at the end of the course.") % {"minimum": 5}


def test_five_municipalities_show_the_medians_and_the_change_in_words(client, cohort, page, roles):
    answered(cohort, municipalities(5), start=2, end=4)
    html = client.get(page.url).content.decode()
    assert f"<h2>{HEADING}</h2>" in html and "Kommunernes egen vurdering." in html
    assert "<caption>" in html and '<th scope="col">' in html
    rising = gettext("Rose from %(start)s to %(end)s") % {"start": 2, "end": 4}
    assert cells(html, roles.label) == ["2", f"4 {rising}", "+2", "5"]
    assert waiting_sentence() not in html


def test_four_municipalities_show_a_sentence_and_no_figure(client, cohort, page, roles):
    answered(cohort, municipalities(4), start=2, end=4)
    html = client.get(page.url).content.decode()
    assert waiting_sentence() in html
    assert "<table" not in html and roles.label not in html


def test_only_answers_at_both_points_count_for_the_change(client, cohort, page, roles):
    answered(cohort, municipalities(4), start=2, end=4)
    for municipality in municipalities(3, offset=4):  # three more only at the start: seven baselines, four changes
        SelfAssessmentFactory(registration=RegistrationFactory(cohort=cohort, municipality=municipality),
                              answers={"peer_roles": 1})
    assert waiting_sentence() in client.get(page.url).content.decode()


def test_the_figures_are_cached_until_a_new_assessment_arrives(client, cohort, page, roles,
                                                                django_capture_on_commit_callbacks):
    answered(cohort, municipalities(5), start=2, end=4)
    results = ResultsBlock()
    value = results.to_python(block(roles)["value"])
    first = results.render(value)
    with CaptureQueriesContext(connection) as queries:
        assert results.render(value) == first
    assert len(queries) == 0
    with django_capture_on_commit_callbacks(execute=True):
        answered(cohort, municipalities(5, offset=5), start=3, end=5)  # five 2s and five 3s; five 4s and five 5s
    html = client.get(page.url).content.decode()
    assert cells(html, roles.label)[:2] == ["2,5", f"4,5 {gettext('Rose from %(start)s to %(end)s')}"
                                            % {"start": "2,5", "end": "4,5"}]
    assert cells(html, roles.label)[3] == "10"


def test_a_new_assessment_retires_the_cached_page(client, cohort, page, roles, settings,
                                                   django_capture_on_commit_callbacks):
    settings.PAGE_CACHE_SECONDS = 300
    answered(cohort, municipalities(4), start=2, end=4)
    assert client.get(page.url)["X-Page-Cache"] == "miss"
    assert client.get(page.url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        answered(cohort, municipalities(1, offset=4), start=2, end=4)
    response = client.get(page.url)
    assert response["X-Page-Cache"] == "miss"
    assert cells(response.content.decode(), roles.label)[3] == "5"


def test_one_cohort_counts_only_its_own_municipalities(client, cohort, roles):
    other = CohortFactory(programme=cohort.programme, label="Hold B", starts_on=date(2025, 8, 4),
                          registration_opens=local(date(2025, 1, 1)), registration_closes=local(date(2025, 5, 1)))
    answered(cohort, municipalities(5), start=2, end=4)
    answered(other, municipalities(5, offset=5), start=1, end=1)
    page = StandardPageFactory(parent=HomePage.objects.get(), body=[block(roles, cohort=other)])
    html = client.get(page.url).content.decode()
    assert cells(html, roles.label) == ["1", f"1 {gettext('Unchanged at %(value)s') % {'value': 1}}", "0", "5"]
    assert "Hold B" in html.split("<caption>")[1].split("</caption>")[0]


def test_a_deleted_indicator_is_left_out(client, cohort, roles):
    answered(cohort, municipalities(5), start=4, end=3)
    gone = Indicator.objects.create(key="gone", label="Et spørgsmål, der blev slettet", kind="scale")
    page = StandardPageFactory(parent=HomePage.objects.get(), body=[block(gone, roles)])
    gone.delete()
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Et spørgsmål, der blev slettet" not in html
    assert cells(html, roles.label)[1] == f"3 {gettext('Fell from %(start)s to %(end)s') % {'start': 4, 'end': 3}}"


def test_a_deleted_cohort_shows_the_sentence(client, cohort, roles):
    answered(cohort, municipalities(5), start=2, end=4)
    other = CohortFactory(programme=cohort.programme, label="Hold B", starts_on=date(2025, 8, 4),
                          registration_opens=local(date(2025, 1, 1)), registration_closes=local(date(2025, 5, 1)))
    page = StandardPageFactory(parent=HomePage.objects.get(), body=[block(roles, cohort=other)])
    other.delete()
    html = client.get(page.url).content.decode()
    assert waiting_sentence() in html and "<table" not in html


@pytest.mark.parametrize("kind", ["standard", "programme", "publication", "catalogue"])
def test_the_block_can_be_placed_on_each_kind_of_page(client, cohort, roles, kind):
    answered(cohort, municipalities(5), start=2, end=4)
    home = HomePage.objects.get()
    stream = [block(roles)]
    page = {
        "standard": lambda: StandardPageFactory(parent=home, body=stream),
        "programme": lambda: ProgrammePageFactory(parent=home, programme=cohort.programme, body=stream),
        "publication": lambda: PublicationPageFactory(parent=PublicationIndexPageFactory(parent=home), results=stream),
        "catalogue": lambda: ModelCatalogueIndexPageFactory(parent=home, results=stream),
    }[kind]()
    html = client.get(page.url).content.decode()
    assert f"<h2>{HEADING}</h2>" in html and cells(html, roles.label)[3] == "5"


def test_editors_choose_among_every_version_of_each_indicator(client, page, roles):
    revised = Indicator.objects.create(key=roles.key, version=2, label="Hvor klare er peers' roller nu?",
                                       kind="scale")
    choices = dict(indicator_choices())
    assert choices[str(roles.pk)] == gettext("%(question)s (version %(version)s)") % {"question": roles.label,
                                                                                     "version": 1}
    assert str(revised.pk) in choices
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    editor = client.get(f"/admin/pages/{page.pk}/edit/")
    assert editor.status_code == 200 and "Hvor klare er peers" in editor.content.decode()


def test_the_page_costs_the_same_queries_however_many_indicators_are_chosen(client, cohort, roles):
    answered(cohort, municipalities(5), start=2, end=4)
    home = HomePage.objects.get()
    one = StandardPageFactory(parent=home, body=[block(roles)])
    every = StandardPageFactory(parent=home, body=[block(*Indicator.objects.all())])
    counts = []
    for page in (one, every):
        client.get(page.url)  # the figures cached, as after the first visitor
        with CaptureQueriesContext(connection) as queries:
            client.get(page.url)
        counts.append(len(queries))
    assert counts[0] == counts[1]
