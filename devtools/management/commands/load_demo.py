"""Demo content and demo users for a local run. Idempotent: running it again changes nothing."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from cms.models import HomePage
from cms.sites import point_default_site_at_base_url
from core import pagecache
from devtools.demo import cms as demo
from devtools.demo import workflows as workflows_demo
from devtools.factories.core import UserFactory
from workflows.permissions import Role

# Demo accounts for a local run only; `load_demo` refuses to run with DEBUG off.
DEMO_USERS = [
    # username, password, groups, superuser, display name
    ("admin", "demo-admin-2026", [], True, "Administrator"),
    ("editor", "demo-editor-2026", [Role.EDITOR], False, "Redaktør"),
    ("adviser", "demo-adviser-2026", [Role.ADVISER], False, "Rådgiver"),
    ("coordinator", "demo-coordinator-2026", [Role.COORDINATOR], False, "Koordinator"),
    # the competence partner of one of the demo courses (devtools.demo.workflows.PARTNER_COURSE)
    ("partner", "demo-partner-2026", [Role.PARTNER], False, "Kompetencepartner"),
]

HOME_INTRO = (
    "<p>Mennesker med egne erfaringer med psykisk sygdom og recovery kan give håb og styrke troen på, at "
    "det er muligt at komme sig. Her finder kommuner vejledninger, nyheder og rådgivning om at inddrage "
    "peers i socialpsykiatrien.</p>"
)


class Command(BaseCommand):
    help = "Load demo content and demo users (local runs only)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off (never in production).")
        parser.add_argument("--no-accounts", dest="accounts", action="store_false",
                            help="Do not list the demo accounts (make run lists them once the site is up).")

    def step(self, message):
        self.stdout.write(f"  · {message}")

    def handle(self, *, force, accounts, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Demo content is for local runs only (DEBUG is off). Use --force to insist.")
        self.stdout.write("==> Loading demo content")
        self.step("demo users")
        for username, password, groups, superuser, name in DEMO_USERS:
            user = UserFactory(username=username, first_name=name, last_name="(demo)", groups=groups)
            if not user.check_password(password) or user.is_superuser != superuser:
                user.set_password(password)
                user.is_superuser = user.is_staff = superuser
                user.save()
        self.step("home page")
        home = HomePage.objects.first()
        if home and not home.intro:
            home.intro = HOME_INTRO
            home.save_revision().publish()
        workflows_demo.load(self.step)  # first: the course page shows the programme it creates
        demo.build(self.step)
        site, _changed = point_default_site_at_base_url()
        self.step(f"site address {site.root_url} (BASE_URL)")
        pagecache.invalidate()  # factories save pages without publishing signals; no stored page may outlive them
        self.stdout.write(self.style.SUCCESS("==> Demo ready"))
        if accounts:
            call_command("demo_accounts", stdout=self.stdout)
