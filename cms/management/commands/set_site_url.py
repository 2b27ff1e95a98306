"""Point the default Wagtail Site at BASE_URL. Idempotent: run it after every change of BASE_URL (see cms.sites)."""

from django.core.management.base import BaseCommand, CommandError

from cms.sites import point_default_site_at_base_url


class Command(BaseCommand):
    help = "Give the default site the host, port and scheme of BASE_URL (canonical links, sitemap, RSS)."

    def handle(self, **options):
        try:
            site, changed = point_default_site_at_base_url()
        except ValueError as error:
            raise CommandError(f"BASE_URL: {error}") from error
        state = "now at" if changed else "unchanged at"
        self.stdout.write(f"Site {site.site_name or site.hostname} {state} {site.root_url}")
