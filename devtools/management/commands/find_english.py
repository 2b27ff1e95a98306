"""List the packages' strings that staff still see in English: crawl the admin as each demo user (after
`load_demo`) and match what the pages show against the msgids of Wagtail, viewflow and the packages around them
that have no Danish translation. Run it after upgrading Wagtail; translate what it lists in our catalogue (add the
msgids to core/wagtail_strings.py, then `make messages`).

Wagtail's shipped English catalogue lags behind its source, so the msgids are extracted afresh: the packages are
copied to a temporary directory and `makemessages` runs there. Pages are read as a person or a screen reader meets
them: text (also inside <template>), accessible attributes, JSON props such as the sidebar's, and the HTML inside
JSON answers (choosers). Format strings match as patterns; comparison ignores case (Wagtail capitalises field
labels). It also reports, as "leaked", any text with the English that reached staff before (devtools.english, the
list tests/staff/test_danish.py holds every staff page to). Only GET requests are made, but run it on a development
database."""

import collections
import contextlib
import json
import re
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urljoin

import polib
from bs4 import BeautifulSoup, CData, NavigableString, TemplateString
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.test import Client, override_settings
from django.utils import translation
from django.utils.translation import gettext, ngettext, npgettext, pgettext

from devtools.english import leaks

EXTRACTED = ["wagtail", "viewflow"]  # their shipped catalogues are incomplete: extract from the source
SHIPPED = ["django_filters", "taggit", "django/contrib/admin", "django/contrib/auth"]  # their Danish .po lists all
TEXT_TYPES = (NavigableString, TemplateString, CData)
NOT_TEXT = {"class", "id", "href", "src", "srcset", "style", "name", "for", "type", "rel", "target", "role", "method",
            "action", "data-controller", "data-action", "autocomplete", "enctype", "lang", "dir", "xmlns", "viewbox",
            "d", "fill", "aria-controls", "aria-labelledby", "aria-describedby", "tabindex", "width", "height",
            "loading", "decoding", "form", "list", "accept", "pattern", "value", "content", "inputmode",
            "enterkeyhint", "data-type", "data-contentpath"}
TECHNICAL_KEYS = {"name", "icon_name", "classname", "url", "action", "method", "avatarUrl", "step"}
SKIP = ("logout", "export", ".csv", ".xlsx", ".ics", "jsi18n", "sprite", "failwhale", "/download", "abonnement")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]|\{\w*\}")
CHOOSERS = ["/admin/choose-page/", "/admin/choose-external-link/", "/admin/choose-email-link/",
            "/admin/choose-phone-link/", "/admin/choose-anchor-link/", "/admin/images/chooser/",
            "/admin/documents/chooser/", "/admin/embeds/chooser/"]


def norm(text):
    return re.sub(r"\s+", " ", text).strip()


class Command(BaseCommand):
    help = "List Wagtail/viewflow strings that the demo users still see in English on admin pages."

    def add_arguments(self, parser):
        parser.add_argument("--users", nargs="+", default=["adviser", "coordinator", "partner", "editor", "admin"])
        parser.add_argument("--max-pages", type=int, default=600, help="pages per user")
        parser.add_argument("--per-pattern", type=int, default=2, help="pages per address pattern (ids as N)")
        parser.add_argument("--json", dest="output", help="also write the findings to this file")

    def handle(self, *, users, max_pages, per_pattern, output=None, **options):
        self.max_pages, self.per_pattern = max_pages, per_pattern
        with tempfile.TemporaryDirectory() as workdir:
            missing = self.untranslated(self.msgids(Path(workdir)))
        plain, patterns = self.matchers(missing)
        self.stderr.write(f"{len(missing)} msgids without Danish")
        found = collections.defaultdict(set)
        for username in users:
            pages = self.crawl(get_user_model().objects.get(username=username))
            self.stderr.write(f"{username}: {len(pages)} pages")
            for url, texts in pages.items():
                lowered = {text.lower() for text in texts}
                blob = "\n".join(lowered)
                for text in lowered & plain.keys():
                    found[plain[text]].add(f"{username} {url}")
                for anchor, regex, entry in patterns:
                    if anchor in blob and any(regex.fullmatch(text) for text in texts if anchor in text.lower()):
                        found[entry].add(f"{username} {url}")
                for text in texts:
                    if text.startswith(("/", "<", "http")) or "_" in text:
                        continue  # an address, a fragment of markup or an identifier, not what a person reads
                    for word in leaks(text):
                        found[("leaked", None, text, word)].add(f"{username} {url}")
        for (package, msgctxt, msgid, plural), where in sorted(found.items(), key=lambda item: item[0][:3]):
            self.stdout.write(f"{package} | {msgctxt or ''} | {msgid!r}{' / ' + repr(plural) if plural else ''} | "
                              f"{sorted(where)[0]}")
        if output:
            Path(output).write_text(json.dumps(
                [{"package": p, "msgctxt": c, "msgid": m, "msgid_plural": pl, "seen": sorted(w)[:5]}
                 for (p, c, m, pl), w in found.items()], ensure_ascii=False, indent=1))

    def msgids(self, workdir):
        """(package, msgctxt, msgid, msgid_plural) of every string in the packages."""
        site = Path(polib.__file__).parent
        entries = []
        for package in EXTRACTED:
            copy = workdir / package
            shutil.copytree(site / package, copy, ignore=shutil.ignore_patterns("*.po", "*.mo", "static", "tests"))
            (copy / "locale").mkdir(exist_ok=True)
            with contextlib.chdir(copy), override_settings(LOCALE_PATHS=[]):  # never our catalogue
                call_command("makemessages", locale=["en"], no_wrap=True, verbosity=0, no_obsolete=True)
            for po in copy.glob("**/locale/en/LC_MESSAGES/django.po"):
                app = str(po.relative_to(workdir)).split("/locale/")[0]
                entries += [(app, e.msgctxt, e.msgid, e.msgid_plural or None) for e in polib.pofile(po) if e.msgid]
        for package in SHIPPED:
            for po in (site / package).glob("locale/da/LC_MESSAGES/django.po"):
                entries += [(package, e.msgctxt, e.msgid, e.msgid_plural or None) for e in polib.pofile(po) if e.msgid]
        return entries

    def untranslated(self, entries):
        ours = set()
        for po in Path(settings.BASE_DIR, "locale/da/LC_MESSAGES").glob("*.po"):
            ours |= {(e.msgctxt, e.msgid) for e in polib.pofile(po) if e.translated()}
        missing = []
        with translation.override("da"):
            for package, msgctxt, msgid, plural in entries:
                if (msgctxt, msgid) in ours:
                    continue
                if plural:
                    many = npgettext(msgctxt, msgid, plural, 5) if msgctxt else ngettext(msgid, plural, 5)
                    if many != plural:
                        continue
                elif (pgettext(msgctxt, msgid) if msgctxt else gettext(msgid)) != msgid:
                    continue
                missing.append((package, msgctxt, msgid, plural))
        return missing

    def matchers(self, missing):
        """Plain msgids by their lower-cased text (tags dropped); format strings as (anchor, pattern, entry)."""
        plain, patterns = {}, []
        for entry in missing:
            for form in filter(None, entry[2:]):
                text = norm(re.sub(r"<[^>]+>", "", form)).replace("%%", "%")
                if len(text) < 3 or not re.search(r"[A-Za-z]{2}", PLACEHOLDER.sub("", text)):
                    continue
                if not PLACEHOLDER.search(text):
                    plain.setdefault(text.lower(), entry)
                    continue
                literals = PLACEHOLDER.sub("\x00", text).split("\x00")
                anchor = max(literals, key=len).strip().lower()
                if len(anchor) >= 2:
                    patterns.append((anchor, re.compile("(?i)" + "(.+?)".join(map(re.escape, literals))), entry))
        return plain, patterns

    def crawl(self, user):
        """Breadth first from the dashboard and the choosers, at most `per_pattern` pages per address pattern;
        listings are also searched."""
        client = Client(HTTP_HOST=(settings.ALLOWED_HOSTS or ["localhost"])[0].lstrip("."))
        client.force_login(user)
        queue, seen, per_pattern, pages = collections.deque(["/admin/", *CHOOSERS]), set(), collections.Counter(), {}
        while queue and len(pages) < self.max_pages:
            url = queue.popleft()
            pattern = re.sub(r"\d+", "N", url.split("?")[0]) + "?" + ",".join(
                sorted(re.findall(r"[?&](\w+)=", url)))
            if url in seen or per_pattern[pattern] >= self.per_pattern:
                continue
            seen.add(url)
            per_pattern[pattern] += 1
            background = any(part in url for part in ("chooser", "choose-", "/choose/"))
            response = client.get(url, **({"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"} if background else {}))
            kind = response.get("Content-Type", "")
            if response.status_code != 200 or not ("html" in kind or "json" in kind):
                continue
            body = response.content.decode()
            texts = set()
            if "json" in kind:
                walk_json(json.loads(body), texts)
                body = body.replace('\\"', '"').replace("\\/", "/")
            else:
                texts_of(body, texts)
            pages[url] = texts - {""}
            queue.extend(link for link in links(url, body) if link not in seen)
        return pages


def links(url, html):
    for link in re.findall(r'\s(?:href|action|data-w-swap-src-value)="([^"#]*)"', html) + re.findall(
            r'"url": "(/admin/[^"]*)"', html):
        link = urljoin(url, link.replace("&amp;", "&"))
        if link.startswith("/admin/") and not any(part in link for part in SKIP):
            yield link
    if 'name="q"' in html and "q=" not in url:
        yield url + ("&" if "?" in url else "?") + "q=e"


def walk_json(node, out):
    if isinstance(node, dict):
        for key, value in node.items():
            if not key.startswith(("_", "data-")) and key not in TECHNICAL_KEYS:
                walk_json(value, out)
    elif isinstance(node, list):
        for value in node:
            walk_json(value, out)
    elif isinstance(node, str) and not node.startswith(("/", "http")):
        if "<" in node and ">" in node:
            texts_of(node, out)
        out.add(norm(node))


def texts_of(html, out):
    soup = BeautifulSoup(html, "html.parser")
    for script in soup(["script", "style"]):
        kind = (script.get("type") or "").lower()
        if kind == "application/json":
            try:
                walk_json(json.loads(script.string or "null"), out)
            except ValueError:
                pass
        elif kind.startswith("text/template"):
            texts_of(script.string or "", out)
        script.decompose()
    for string in soup.find_all(string=True):
        if type(string) in TEXT_TYPES:
            out.add(norm(string))
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            if isinstance(value, str) and name not in NOT_TEXT and not name.endswith("-target"):
                out.add(norm(value))
        if tag.name in ("input", "button") and tag.get("type") in ("submit", "button") and tag.get("value"):
            out.add(norm(tag["value"]))
        text = tag.get_text("", types=TEXT_TYPES)
        if len(text) < 400:
            out.add(norm(text))
            out.add(norm(tag.get_text(" ", types=TEXT_TYPES)))
