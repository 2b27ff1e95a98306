"""The coordinators' results page: per indicator and cohort the distribution at the start, midway and at the end and
the municipalities' changes, checked against figures worked out by hand; nothing of a group of fewer than five
municipalities, however the filters narrow it; bad filter values; the drill-down to one municipality's own answers;
who may open it; and a constant number of queries however many cohorts and municipalities answered."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from devtools.factories.core import UserFactory
from devtools.factories.workflows import (
    CasePersonFactory,
    CohortFactory,
    RegistrationFactory,
    SelfAssessmentFactory,
    local,
)
from workflows.models import Municipality
from workflows.outcomes.models import Indicator
from workflows.permissions import Role

pytestmark = pytest.mark.django_db

URL = "/admin/overblik/resultater/"
KEY = "peer_roles"  # a question on the scale 1–5
BASELINE, MIDWAY, FINAL = "baseline", "midway", "final"


def cohort(label, year=2027):
    return CohortFactory(label=label, starts_on=date(year, 1, 4), registration_opens=local(date(year - 1, 6, 1)),
                         registration_closes=local(date(year - 1, 10, 1), 12))


def municipalities(region, count):
    return list(Municipality.objects.filter(region=region).order_by("name")[:count])


def answered(group, places, *rounds):
    """A case in `group` for each municipality in `places`, each answering KEY with its values in `rounds`
    ({kind: [value per municipality]}; a shorter list leaves the last municipalities without that assessment)."""
    cases = []
    for index, place in enumerate(places):
        case = RegistrationFactory(cohort=group, municipality=place)
        for kind, values in rounds:
            if index < len(values):
                SelfAssessmentFactory(registration=case, kind=kind, answers={KEY: values[index]})
        cases.append(case)
    return cases


@pytest.fixture
def coordinator():
    return UserFactory(username="carla", first_name="Carla", groups=[Role.COORDINATOR])


@pytest.fixture
def january():
    """Six municipalities of the Capital Region in one cohort: all at the start, five midway, four at the end."""
    group = cohort("Januar 2027")
    answered(group, municipalities("hovedstaden", 6),
             (BASELINE, [1, 2, 2, 3, 4, 5]), (MIDWAY, [3, 3, 4, 4, 5]), (FINAL, [5, 5, 5, 5]))
    return group


def table(html, indicator, group):
    """{line key: [cells]} of a cohort's table for an indicator; a figure not shown is the one cell "too few"."""
    start = html.index(f'data-testid="result-{indicator.pk}-{group.pk}"')
    body = html[start:html.index("</table>", start)]
    return {key: ["too few" if "too-few" in attributes else text
                  for attributes, text in re.findall(r"<td([^>]*)>(.*?)</td>", row)]
            for key, row in re.findall(r'<tr data-testid="line-([\w-]+)">(.*?)</tr>', body, re.S)}


def test_the_figures_match_a_hand_computation(client, coordinator, january):
    client.force_login(coordinator)
    html = client.get(URL).content.decode()
    roles = Indicator.objects.get(key=KEY)
    lines = table(html, roles, january)
    # Start: 1 2 2 3 4 5. Inclusive quartiles: positions 1.25, 2.5 and 3.75 of 0–5, so 2, 2.5 and 3.75.
    assert lines["baseline"] == ["6", "2,5", "2", "3,75"]
    assert lines["midway"] == ["5", "4", "3", "4"]  # 3 3 4 4 5
    assert lines["change-midway"] == ["5", "+1", "+1", "+2"]  # each one's own change: 2 1 2 1 1
    assert lines["final"] == lines["change-final"] == ["too few"]  # four at the end: neither n nor values
    # The chart: the medians at the start and midway, drawn against 5; a bar links to the cohort's municipalities.
    chart = html[html.index(f'data-testid="chart-indicator-{roles.pk}"'):]
    chart = chart[:chart.index("</figure>")]
    assert chart.count('data-testid="bar"') == 2
    assert "<strong>2,5</strong>" in chart and "<strong>4</strong>" in chart
    assert "flex: 0 0 42.5%" in chart  # 2.5 of 5, of the longest bar's 85 per cent
    assert f'href="/admin/overblik/resultater/hold/{january.pk}/"' in chart


def _shown_lines(html, indicator, group):
    return {key for key, cells in table(html, indicator, group).items() if len(cells) == 4}


def test_four_municipalities_show_nothing_and_five_show_the_figures(client, coordinator):
    group = cohort("Januar 2027")
    places = municipalities("syddanmark", 5)
    answered(group, places[:4], (BASELINE, [1, 2, 3, 4]))
    roles = Indicator.objects.get(key=KEY)
    client.force_login(coordinator)
    html = client.get(URL).content.decode()
    assert _shown_lines(html, roles, group) == set()
    assert html.count('data-testid="too-few"') == 5 * Indicator.objects.count()  # every line of every table
    assert 'data-testid="bar"' not in html
    answered(group, places[4:], (BASELINE, [5]))
    html = client.get(URL).content.decode()
    assert _shown_lines(html, roles, group) == {"baseline"}
    assert table(html, roles, group)["baseline"] == ["5", "3", "2", "4"]


def test_a_region_filter_that_leaves_three_hides_the_figures(client, coordinator):
    group = cohort("Januar 2027")
    answered(group, municipalities("nordjylland", 3) + municipalities("midtjylland", 3),
             (BASELINE, [1, 2, 3, 4, 5, 5]), (MIDWAY, [2, 3, 4, 5, 5, 5]))
    roles = Indicator.objects.get(key=KEY)
    client.force_login(coordinator)
    whole = client.get(URL).content.decode()
    assert _shown_lines(whole, roles, group) == {"baseline", "midway", "change-midway"}
    for query in ("?region=nordjylland", f"?cohort={group.pk}&region=nordjylland"):
        html = client.get(URL + query).content.decode()
        assert _shown_lines(html, roles, group) == set(), query
        assert 'data-testid="bar"' not in html, query
        assert '<option value="nordjylland" selected>' in html  # the choice is kept
        assert f'href="/admin/overblik/resultater/eksport.xlsx?{query[1:]}"' in html.replace("&amp;", "&")


def test_a_cohort_filter_shows_only_that_cohort(client, coordinator, january):
    later = cohort("Januar 2028", 2028)
    answered(later, municipalities("sjaelland", 5), (BASELINE, [3, 3, 3, 3, 3]))
    roles = Indicator.objects.get(key=KEY)
    client.force_login(coordinator)
    html = client.get(URL).content.decode()
    assert f'data-testid="result-{roles.pk}-{later.pk}"' in html
    assert f'data-testid="result-{roles.pk}-{january.pk}"' in html
    html = client.get(f"{URL}?cohort={later.pk}").content.decode()
    assert f'data-testid="result-{roles.pk}-{later.pk}"' in html
    assert f'data-testid="result-{roles.pk}-{january.pk}"' not in html


@pytest.mark.parametrize("query", ["?cohort=abc", "?cohort=999999", "?region=mars", "?cohort=1%27%20OR%201=1",
                                   "?region=&cohort=-1", "?cohort=99999999999999999999999", "?cohort[]=1"])
def test_bad_filter_values_give_a_message_and_every_result(client, coordinator, january, query):
    client.force_login(coordinator)
    response = client.get(URL + query)
    html = response.content.decode()
    assert response.status_code == 200
    roles = Indicator.objects.get(key=KEY)
    assert _shown_lines(html, roles, january) == {"baseline", "midway", "change-midway"}
    if query != "?cohort[]=1":  # an unknown parameter is no filter at all
        assert '<li class="error">' in html
    assert 'href="/admin/overblik/resultater/eksport.zip"' in html  # the export gets what is shown: everything


def test_no_answers_at_all_gives_an_empty_state(client, coordinator):
    client.force_login(coordinator)
    html = client.get(URL).content.decode()
    assert 'data-testid="no-results"' in html and "data-testid=\"result-" not in html
    html = client.get(f"{URL}?region=nordjylland").content.decode()
    assert 'data-testid="no-results"' in html


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_queries_do_not_grow_with_cohorts_or_municipalities(client, coordinator, january):
    client.force_login(coordinator)
    one = _queries(client, URL)
    cohort_list = _queries(client, f"{URL}hold/{january.pk}/")
    for year, region in ((2028, "sjaelland"), (2029, "midtjylland"), (2030, "syddanmark")):
        answered(cohort(f"Januar {year}", year), municipalities(region, 9), (BASELINE, [1, 2, 3, 4, 5, 1, 2, 3, 4]),
                 (MIDWAY, [2, 3, 4, 5, 5, 2, 3, 4, 5]))
    answered(january, municipalities("nordjylland", 7), (BASELINE, [1] * 7))
    assert _queries(client, URL) == one
    assert _queries(client, f"{URL}hold/{january.pk}/") == cohort_list


def test_the_drill_down_lists_the_cohorts_municipalities_and_opens_one(client, coordinator, january):
    other = cohort("Januar 2028", 2028)
    [elsewhere] = answered(other, municipalities("sjaelland", 1), (BASELINE, [4]))
    RegistrationFactory(cohort=january, municipality=municipalities("nordjylland", 1)[0])  # has not answered
    client.force_login(coordinator)
    html = client.get(f"{URL}hold/{january.pk}/").content.decode()
    listed = re.findall(r'<a href="/admin/overblik/resultater/sager/(\d+)/">([^<]+)</a>', html)
    assert sorted(name for _pk, name in listed) == sorted(place.name for place in municipalities("hovedstaden", 6))
    assert elsewhere.municipality.name not in html and municipalities("nordjylland", 1)[0].name not in html
    pk, name = listed[0]
    case = client.get(f"{URL}sager/{pk}/").content.decode()
    assert 'data-testid="municipality-outcomes"' in case and name in case
    assert f'href="/admin/sager/{pk}/"' in case
    # The region chosen on the results page narrows the list too.
    html = client.get(f"{URL}hold/{january.pk}/?region=nordjylland").content.decode()
    assert "/admin/overblik/resultater/sager/" not in html
    tampered = client.get(f"{URL}hold/{january.pk}/?region=mars").content.decode()  # said, and ignored
    assert '<li class="error">' in tampered and tampered.count("/admin/overblik/resultater/sager/") == 6
    assert client.get(f"{URL}hold/999999/").status_code == 404
    assert client.get(f"{URL}sager/999999/").status_code == 404
    assert client.get(f"{URL}hold/99999999999999999999999/").status_code == 404


@pytest.mark.parametrize("role", [Role.ADVISER, Role.PARTNER, Role.EDITOR])
def test_other_staff_are_refused_as_on_other_coordinator_pages(client, january, role):
    client.force_login(UserFactory(username="other", groups=[role]))
    case = january.registrations.first()
    for url in (URL, f"{URL}?region=hovedstaden", f"{URL}hold/{january.pk}/", f"{URL}sager/{case.pk}/",
                f"{URL}hold/999999/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/admin/", (role, url)
    assert 'href="/admin/overblik/resultater/"' not in client.get("/admin/").content.decode()  # no menu item


def test_the_menu_leads_coordinators_to_the_results(client, coordinator):
    client.force_login(coordinator)
    assert '"url": "/admin/overblik/resultater/"' in client.get("/admin/").content.decode()


def test_a_municipalitys_person_cannot_reach_the_results(client, january):
    case = january.registrations.first()
    person = CasePersonFactory(registration=case, email="kollega@kommune.example.dk")
    client.force_login(person.user)
    for url in (URL, f"{URL}hold/{january.pk}/", f"{URL}sager/{case.pk}/"):
        response = client.get(url, follow=True)
        assert response.status_code in (403, 404) or response.request["PATH_INFO"].endswith("/login/"), url
        assert "data-testid=\"result-" not in response.content.decode()
