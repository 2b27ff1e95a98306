"""Danish everywhere for Danish staff: every staff page each demo role can reach (the admin menu's links for that
role, the dashboard's links, the workspace, a task screen, a case page, searches that report matches, the page
editor for the editor, the user list for the admin) is rendered for the demo users of `load_demo`, and none of it
shows English that leaked before: not in the text, not in accessible names and titles, not in the sidebar's props
or in <template> contents. Wagtail's JavaScript catalogue is Danish, our catalogues are complete and compiled, and
no page asks gravatar.com for an avatar or releases.wagtail.io for a newer version."""

import io
import json
import re
from pathlib import Path

import polib
import pytest
import wagtail
from bs4 import BeautifulSoup, CData, NavigableString, TemplateString
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from viewflow.workflow.models import Task

from cms.models import NewsArticlePage
from devtools.english import leaks
from workflows import permissions
from workflows.models import Registration
from workflows.permissions import Role

pytestmark = pytest.mark.django_db

ROLES = ["adviser", "coordinator", "partner", "editor", "admin"]
TEXT_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt", "aria-description", "data-w-tooltip-content-value",
                   "data-w-progress-active-value", "data-w-dropdown-label-value")
SEARCH = "e"  # a letter in most Danish titles, so searches report matches
# The choosers the page editor opens in a dialog (JSON with the dialog's HTML), and a search in one.
CHOOSERS = ["/admin/choose-page/", f"/admin/choose-page/search/?q={SEARCH}", "/admin/choose-external-link/",
            "/admin/images/chooser/", "/admin/documents/chooser/", "/admin/snippets/choose/cms/contactperson/"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo content and users, loaded once for the module and removed afterwards by the module's own
    transaction (the tests only read)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        call_command("load_demo", force=True, stdout=io.StringIO())
        yield
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


def texts(html):
    """What a person or a screen reader meets on the page: text (also inside <template>), accessible attributes,
    the strings of JSON props (the sidebar)."""
    soup = BeautifulSoup(html, "html.parser")
    found = set()
    for script in soup(["script", "style"]):
        if script.get("type") == "application/json":
            found |= json_strings(json.loads(script.string or "null"))
        elif (script.get("type") or "").startswith("text/template"):
            found |= texts(script.string or "")
        script.decompose()
    for string in soup.find_all(string=True):
        if type(string) in (NavigableString, TemplateString, CData):  # not comments or the doctype
            found.add(" ".join(string.split()))
    for tag in soup.find_all(True):
        for attribute in TEXT_ATTRIBUTES:
            if isinstance(tag.get(attribute), str):
                found.add(" ".join(tag[attribute].split()))
        if tag.name in ("input", "button") and tag.get("type") in ("submit", "button") and tag.get("value"):
            found.add(tag["value"])
    found.discard("")
    return found


TECHNICAL_KEYS = {"name", "icon_name", "classname", "url", "action", "method", "avatarUrl"}


def json_strings(node):
    """The strings of JSON props, but not their type names, icons, classes or addresses."""
    if isinstance(node, dict):
        values = [value for key, value in node.items()
                  if not key.startswith(("_", "data-")) and key not in TECHNICAL_KEYS]
        return set().union(*map(json_strings, values)) if values else set()
    if isinstance(node, list):
        return set().union(*map(json_strings, node)) if node else set()
    return {node} if isinstance(node, str) and not node.startswith(("/", "http")) else set()


def sidebar_urls(html):
    props = re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S)
    return {url for url in re.findall(r'"url": "(/admin/[^"]*)"', props.group(1)) if "logout" not in url}


def main_links(html):
    main = BeautifulSoup(html, "html.parser").find("main")
    return {a["href"] for a in main.find_all("a", href=True) if a["href"].startswith("/admin/")}


def staff_pages(client, user):
    """Every staff page `user` reaches from the dashboard and the menu, the workspace's pages they may open, and
    the pages the issue names for their role; listings also searched."""
    home = client.get("/admin/").content.decode()
    pages = {"/admin/", "/admin/account/"} | sidebar_urls(home) | main_links(home)
    if permissions.may_have_tasks(user):
        open_tasks = Task.objects.filter(finished__isnull=True, flow_task_type="HUMAN").order_by("pk")
        task = open_tasks.filter(owner=user).first() or open_tasks.filter(owner=None).first()
        case = Registration.objects.filter(status=Registration.Status.IN_COURSE).first()
        if not permissions.may_work_cases(user):
            case = Registration.objects.get(course__competence_partner=user)
        pages |= {"/admin/opgaver/", "/admin/opgaver/arkiv/", "/admin/sager/", f"/admin/opgaver/{task.pk}/",
                  f"/admin/sager/{case.pk}/"}
    if permissions.may_work_cases(user):
        pages |= {"/admin/opgaver/koe/", "/admin/kalender/"}
    if permissions.is_coordinator(user):
        pages |= {"/admin/opgaver/alle/", "/admin/overblik/", f"/admin/sager/{case.pk}/afmeld/"}
    if user.is_superuser or user.groups.filter(name=Role.EDITOR).exists():
        news = NewsArticlePage.objects.live().first()
        pages |= {f"/admin/pages/{news.pk}/edit/", f"/admin/pages/{news.get_parent().pk}/",
                  f"/admin/pages/{news.pk}/history/", f"/admin/pages/search/?q={SEARCH}", "/admin/images/",
                  "/admin/documents/", "/admin/reports/site-history/"}
    if user.is_superuser:
        pages |= {"/admin/users/", f"/admin/users/edit/{user.pk}/", "/admin/groups/"}
    listings = {url for url in pages if "?" not in url and not re.search(r"/\d+/", url)}
    return sorted(pages | {f"{url}?q={SEARCH}" for url in listings if url != "/admin/"})


@pytest.mark.parametrize("role", ROLES)
def test_no_english_on_any_staff_page(demo, role):
    user = get_user_model().objects.get(username=role)
    client = Client()
    client.force_login(user)
    # The roles' group names are data an administrator chose (Wagtail's "Editors", our Role values), not UI strings.
    group_names = set(Group.objects.values_list("name", flat=True))
    leaked, searched_with_matches = [], 0
    for url in staff_pages(client, user):
        response = client.get(url, follow=True)  # a task someone else holds leads to its case
        html = response.content.decode()
        assert response.status_code == 200 and "du har ikke adgang" not in html, (role, url, response.redirect_chain)
        assert "gravatar.com" not in html, (role, url)
        assert "releases.wagtail.io" not in html and "data-w-upgrade" not in html, (role, url)  # no version check
        found = texts(html) - group_names
        searched_with_matches += "?q=" in url and any(re.match(r"Der er \d+ resultat", text) for text in found)
        leaked += [(url, word, text) for text in found for word in leaks(text)]
    if role in ("editor", "admin"):
        for url in CHOOSERS:
            response = client.get(url, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
            assert response.status_code == 200, (role, url)
            is_json = response["Content-Type"] == "application/json"  # the search answers with the results' HTML
            found = texts(response.json()["html"] if is_json else response.content.decode())
            leaked += [(url, word, text) for text in found for word in leaks(text)]
    assert not leaked, sorted({(word, text) for _url, word, text in leaked})
    if role != "partner":  # the partner's lists are short and show everything without a search count
        assert searched_with_matches, "no search reported its matches, so their wording was not checked"


def test_wagtail_javascript_is_danish(client, demo):
    """Wagtail's admin JavaScript (sidebar, editor, comments) reads Django's JavaScript catalogue, which merges
    our locale/da/LC_MESSAGES/djangojs.po over Wagtail's: every msgid of Wagtail's JS is in it, in Danish."""
    client.force_login(get_user_model().objects.get(username="adviser"))
    body = client.get("/admin/jsi18n/").content.decode()
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", body, re.S).group(1))
    wagtail_js = polib.pofile(Path(wagtail.__file__).parent / "admin/locale/en/LC_MESSAGES/djangojs.po")
    missing = [entry.msgid for entry in wagtail_js if entry.msgid and entry.msgid not in catalog]
    assert not missing, missing
    assert catalog["Toggle sidebar"] == "Vis/skjul sidemenuen" and catalog["%(num)s error"] == ["%(num)s fejl"] * 2


def catalogues():
    return sorted((Path(settings.BASE_DIR) / "locale/da/LC_MESSAGES").glob("*.po"))


@pytest.mark.parametrize("path", catalogues(), ids=lambda path: path.name)
def test_every_string_in_our_catalogue_is_translated(path):
    catalogue = polib.pofile(path)
    assert not catalogue.metadata_is_fuzzy, f"{path.name}: the header is fuzzy, so msgfmt ignores its charset"
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not untranslated and not fuzzy, {"untranslated": untranslated, "fuzzy": fuzzy}


@pytest.mark.parametrize("path", catalogues(), ids=lambda path: path.name)
def test_the_compiled_catalogue_matches_its_source(path):
    """The .mo files are committed: one compiled from an older .po would show English or stale Danish."""
    def entries(catalogue):
        return {(entry.msgctxt, entry.msgid): entry.msgstr or tuple(sorted(entry.msgstr_plural.items()))
                for entry in catalogue if entry.msgid}

    source = [entry for entry in polib.pofile(path) if entry.translated() and not entry.obsolete]
    assert entries(polib.mofile(path.with_suffix(".mo"))) == entries(source), path.name


def test_the_english_check_reads_whole_words():
    """A demo name such as "Edith" is not the English "Edit" (the demo's names are drawn at random)."""
    assert leaks("Edith Schultz") == []
    assert leaks("Rediger (Edit)") == ["Edit"]
    assert leaks("Page 1 of 2") == ["Page 1 of", " of "]
